import TaizhangZip
import Testing

@testable import TaizhangSheet

// Parts read a piece at a time (a sheet inflated a window at a time) must read exactly as parts
// held whole: the same tokens, rows, merges and errors wherever the pieces happen to be cut.
// (No closure inside #expect: Swift 6.3.1 miscompiles it; values are read into locals first.)

/// Scans `bytes` handed to the scanner `piece` bytes at a time.
private func scanInPieces<R, E: Error>(
    _ bytes: [UInt8], piece: Int, _ body: (inout XMLScanner) throws(E) -> R
) throws(E) -> R {
    let copy = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(1, bytes.count))
    _ = copy.initialize(from: bytes)
    defer { copy.deallocate() }
    var at = 0
    let feed = XMLFeed { () throws(SheetError) -> UnsafeBufferPointer<UInt8>? in
        guard at < bytes.count else { return nil }
        let end = min(bytes.count, at + piece)
        defer { at = end }
        return UnsafeBufferPointer(rebasing: copy[at..<end])
    }
    return try XMLParts.scan(feed, body)
}

private let names: [(String, XMLName)] = [
    ("worksheet", XMLName("worksheet")), ("sheetData", XMLName("sheetData")), ("row", XMLName("row")),
    ("c", XMLName("c")), ("v", XMLName("v")), ("is", XMLName("is")), ("t", XMLName("t")), ("r", XMLName("r")),
    ("si", XMLName("si")), ("mergeCell", XMLName("mergeCell")),
]
private let attributeNames = [("r", XMLName("r")), ("t", XMLName("t")), ("ref", XMLName("ref"))]

/// Every token as text (names, a few attributes, decoded text), then the error, if any.
private func dump(_ scanner: inout XMLScanner) -> [String] {
    var out: [String] = []
    func name() -> String { names.first { scanner.isNamed($0.1) }?.0 ?? "?" }
    do {
        while true {
            switch try scanner.next() {
            case .start:
                var attributes = ""
                for (label, wanted) in attributeNames {
                    if let value = try scanner.string(of: wanted) { attributes += " \(label)=\(value)" }
                }
                out.append("<\(name())\(attributes) @\(scanner.depth)")
            case .end: out.append("</\(name()) @\(scanner.depth)")
            case .text:
                var text: [UInt8] = []
                try scanner.appendText(to: &text)
                out.append("text " + String(decoding: text, as: UTF8.self))
            case .endOfDocument:
                out.append("end")
                return out
            }
        }
    } catch {
        out.append("error \(error)")
        return out
    }
}

private let documents: [String] = [
    "\u{FEFF}<?xml version=\"1.0\"?>\r\n<worksheet><!-- a comment --><sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c>"
        + "<c r='B1' t=\"inlineStr\"><is><t xml:space=\"preserve\">  整改&amp;落实 &#x4E2D;&#20013;\r\nline</t></is></c>"
        + "<x:c r=\"C1\"/><c r=\"D1\"><v><![CDATA[<raw> & ]]]></v></c></row>"
        + "<?pi some data?><row r=\"2\"><c r=\"A2\"><v>\(String(repeating: "长文本", count: 300))</v></c></row>"
        + "</sheetData><mergeCells><mergeCell ref=\"A1:B1\"/></mergeCells></worksheet>\r\n<!-- trailing -->",
    "<sst><si><t>一</t></si><si><r><t>二</t></r><r><rPr><b/></rPr><t>三</t></r><rPh><t>sān</t></rPh></si></sst>",
    // Broken: each must fail the same way, however it is cut.
    "<worksheet><sheetData><row></sheetData></worksheet>",
    "<worksheet><sheetData><row r=\"1\"><c r=\"A1\"><v>1</v></c></row></sheetData>",
    "<worksheet><!DOCTYPE x [<!ENTITY a \"b\">]></worksheet>",
    "<worksheet><v>&undefined;</v></worksheet>",
    "<worksheet><c r=A1/></worksheet>",
    "<worksheet><c r=\"A1\"",
    "<worksheet><!-- never closed </worksheet>",
    "<worksheet><![CDATA[never closed </worksheet>",
    "just text, no element",
    "",
    "<worksheet></worksheet><second/>",
    "<a:worksheet><a:sheetData></b:sheetData></a:worksheet>",
]

@Suite struct StreamedReadingTests {
    @Test func tokensAreTheSameWhereverThePiecesAreCut() throws {
        for document in documents {
            let bytes = Array(document.utf8)
            let whole = XMLParts.scan(bytes) { dump(&$0) }
            #expect(whole.count > 1 || whole.first?.hasPrefix("error") == true)
            for piece in [1, 2, 3, 5, 8, 13, 64, 4096] {
                let pieces = scanInPieces(bytes, piece: piece) { dump(&$0) }
                #expect(pieces == whole, "\(piece)-byte pieces of \(document.prefix(60))")
            }
        }
    }

    @Test func aNulByteInALaterPieceIsDamage() {
        var bytes = Array("<worksheet><sheetData>".utf8) + [UInt8](repeating: 0x20, count: 10_000)
        bytes += [0] + Array("</sheetData></worksheet>".utf8)
        for piece in [7, 4096] {
            let error = Read.failure {
                try scanInPieces(bytes, piece: piece) { (scanner) throws(SheetError) in
                    while try scanner.next() != .endOfDocument {}
                }
            }
            #expect(error == SheetError.nulInXML)
        }
    }

    @Test func utf16PartsAreReadWholeInPieces() throws {
        let text = "<sst><si><t>养老服务</t></si></sst>"
        var bytes: [UInt8] = [0xFF, 0xFE]
        for unit in text.utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        let whole = XMLParts.scan(bytes) { dump(&$0) }
        let pieces = scanInPieces(bytes, piece: 3) { dump(&$0) }
        #expect(whole.contains("text 养老服务"))
        #expect(pieces == whole)
    }

    @Test func passingOverSheetDataFindsMergesWhereverThePiecesAreCut() throws {
        var rows = ""
        for r in 1...300 {
            rows += "<row r=\"\(r)\"><c r=\"A\(r)\" t=\"inlineStr\"><is><t>&lt;/sheetData 第\(r)行</t></is></c></row>"
        }
        let merges = "<mergeCells><mergeCell ref=\"A1:C1\"/><mergeCell ref=\"B2:B9\"/></mergeCells>"
        let xml = Array(XLSXBytes.worksheet(rows, after: merges).utf8)
        let whole = try XMLParts.scan(xml) { (scanner) throws(SheetError) in try WorksheetReader.merges(&scanner) }
        #expect(whole.count == 2)
        for piece in [1, 2, 9, 11, 100, 1000] {
            let pieces = try scanInPieces(xml, piece: piece) { (scanner) throws(SheetError) in
                try WorksheetReader.merges(&scanner)
            }
            #expect(pieces == whole, "\(piece)-byte pieces")
        }
    }

    /// A workbook of shared strings with rich text, inline strings, entities, dates, merges and a
    /// long cell, stored (so the pieces can be a byte) and deflated, read in windows of every size.
    @Test func workbooksReadAlikeInWindowsOfAnySize() throws {
        var rows = ""
        for r in 1...120 {
            rows +=
                "<row r=\"\(r)\"><c r=\"A\(r)\" t=\"s\"><v>\(r % 3)</v></c><c r=\"B\(r)\" s=\"1\"><v>\(43_000 + r)</v></c>"
            rows +=
                "<c r=\"C\(r)\" t=\"inlineStr\"><is><r><t>整改</t></r><r><t xml:space=\"preserve\"> 第\(r)项 &amp; </t></r>"
            rows += "<rPh><t>zhěng</t></rPh></is></c><c r=\"D\(r)\"><v>\(r).5</v></c></row>"
        }
        rows +=
            "<row r=\"121\"><c r=\"A121\" t=\"inlineStr\"><is><t>\(String(repeating: "长", count: 20_000))</t></is></c></row>"
        let sheet = XLSXBytes.worksheet(rows, after: "<mergeCells><mergeCell ref=\"A1:D1\"/></mergeCells>")
        let strings = ["<t>一</t>", "<r><t>二</t></r><r><t>三</t></r>", "<t>&lt;四&gt;</t>"]
        let styles = XLSXBytes.styles(numFmts: [], cellXfs: [0, 14])
        for deflated in [false, true] {
            let bytes = XLSXBytes.workbook(
                [.init(name: "台账", xml: sheet)], sharedStrings: strings, styles: styles, deflated: deflated)
            let whole = try Read.rows(bytes)
            let wholeMerges = try Workbook(xlsx: bytes).merges(sheet: 0)
            #expect(whole.count == 121)
            #expect(whole.first?.cells.first?.value == .text("二三"))
            for window in [1, 3, 17, 600, 5000] {
                var limits = SheetLimits()
                limits.readWindow = window
                let rows = try Read.rows(bytes, limits: limits)
                let merges = try Workbook(xlsx: bytes, limits: limits).merges(sheet: 0)
                #expect(rows == whole, "window \(window), deflated \(deflated)")
                #expect(merges == wholeMerges)
            }
        }
    }

    /// Randomly damaged workbooks: read in a window of a megabyte (the part whole) and of a few
    /// bytes, each either fails or gives the same rows and merges. (Which error comes first may
    /// differ: read in pieces, the XML before a damaged stretch is scanned before it is reached.)
    @Test func damagedWorkbooksFailOrReadAlikeInAnyWindow() {
        let data = (1...40).map { r in
            "<row r=\"\(r)\"><c r=\"A\(r)\" t=\"s\"><v>\(r % 2)</v></c><c r=\"B\(r)\" s=\"1\"><v>\(43_700 + r)</v></c>"
                + "<c r=\"C\(r)\" t=\"inlineStr\"><is><t>第\(r)行&amp;整改</t></is></c></row>"
        }.joined()
        let sheets = [
            XLSXBytes.Sheet(
                name: "S", xml: XLSXBytes.worksheet(data, after: "<mergeCells><mergeCell ref=\"A1:B1\"/></mergeCells>"))
        ]
        let styles = XLSXBytes.styles(numFmts: [], cellXfs: [0, 14])
        var small = SheetLimits()
        small.readWindow = 3
        var generator = SplitMix(seed: 20_261_202)
        var readAlike = 0
        for deflated in [false, true] {
            let original = XLSXBytes.workbook(
                sheets, sharedStrings: ["<t>甲</t>", "<t>乙</t>"], styles: styles, deflated: deflated)
            for _ in 0..<600 {
                var bytes = original
                for _ in 0..<Int.random(in: 1...3, using: &generator) {
                    let at = Int.random(in: 0..<bytes.count, using: &generator)
                    bytes[at] = UInt8.random(in: 0...255, using: &generator)
                }
                let whole = Self.outcome(bytes, SheetLimits())
                let pieces = Self.outcome(bytes, small)
                #expect(whole == pieces)
                if whole != nil { readAlike += 1 }
            }
        }
        // Most single-byte damage lands in text or the zip's own fields and still reads.
        #expect(readAlike > 100)
    }

    /// Every sheet's merges and rows, or nil when any read fails.
    static func outcome(_ bytes: [UInt8], _ limits: SheetLimits) -> [String]? {
        do {
            let book = try Workbook(xlsx: bytes, limits: limits)
            var out: [String] = []
            for sheet in book.sheetNames.indices {
                out.append("\(try book.merges(sheet: sheet))")
                try book.rows(sheet: sheet) { out.append("\($0)") }
            }
            return out
        } catch { return nil }
    }

    @Test func brokenSheetsFailAlikeInWindowsOfAnySize() {
        let good = (1...50).map { "<row r=\"\($0)\"><c r=\"A\($0)\"><v>\($0)</v></c></row>" }.joined()
        let sheets = [
            XLSXBytes.worksheet(good + "<row r=\"51\"><c r=\"A51\"><v>1</v></row>"),
            XLSXBytes.worksheet(good + "<row r=\"51\"><c r=\"A51\"><v>&nope;</v></c></row>"),
            String(XLSXBytes.worksheet(good).dropLast(20)),
        ]
        for sheet in sheets {
            let bytes = XLSXBytes.workbook([.init(name: "S", xml: sheet)], deflated: false)
            let whole = Read.failure { _ = try Read.rows(bytes) }
            #expect(whole != nil)
            for window in [1, 4, 64] {
                var limits = SheetLimits()
                limits.readWindow = window
                let pieces = Read.failure { _ = try Read.rows(bytes, limits: limits) }
                #expect(pieces == whole, "window \(window)")
            }
        }
    }

    /// zlib's output (dynamic and stored blocks, as ZipWriter makes it), inflated a window at a
    /// time, joins to the whole entry; a cut stream and one longer than declared fail as whole.
    @Test func inflatedWindowsJoinToTheWholeEntry() throws {
        var seed: UInt64 = 7
        var content: [UInt8] = []
        for i in 0..<300_000 {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            // Text-like: repeats (long matches) mixed with noise (literals).
            content.append(i % 1000 < 600 ? UInt8(65 + i % 7) : UInt8(truncatingIfNeeded: seed >> 33))
        }
        for level: Int32 in [0, 1, 6] {
            var zip: [UInt8] = []
            let writer = ZipWriter(modified: (2025, 1, 1, 0, 0, 0), level: level, threads: 1) { zip += $0 }
            try writer.addEntry(name: "part.xml")
            try writer.write(content)
            try writer.finish()
            let archive = try ZipArchive(zip)
            let entry = try #require(archive.entry(named: "part.xml"))
            for window in [1, 1000, 40_000, 1 << 20] {
                let joined = try archive.reading(entry, window: window) { (reader) throws(ZipArchive.Failure) in
                    var all: [UInt8] = []
                    while let piece = try reader.next() { all += piece }
                    return all
                }
                #expect(joined == content, "level \(level), window \(window)")
            }
        }
        let deflated = ZipBytes.deflateLiterals(content)
        for (data, declared) in [(Array(deflated.dropLast(100)), content.count), (deflated, content.count - 1)] {
            var entry = ZipBytes.Entry("part.xml", content)
            entry.rawDeflate = data
            entry.declaredSize = declared
            let archive = try ZipArchive(ZipBytes.zip([entry]))
            let part = try #require(archive.entry(named: "part.xml"))
            let whole = Self.failure { () throws(ZipArchive.Failure) in _ = try archive.data(of: part) }
            let windowed = Self.failure { () throws(ZipArchive.Failure) in
                try archive.reading(part, window: 512) { (reader) throws(ZipArchive.Failure) in
                    while try reader.next() != nil {}
                }
            }
            #expect(whole != nil)
            #expect(windowed == whole)
        }
    }

    static func failure(_ body: () throws(ZipArchive.Failure) -> Void) -> ZipArchive.Failure? {
        do throws(ZipArchive.Failure) {
            try body()
            return nil
        } catch { return error }
    }
}
