import TaizhangZip
import Testing

@testable import TaizhangSheet

/// Hostile and broken files: each is refused with a SheetError of the right kind (and place, where
/// there is one) — never a crash, a hang, or memory out of proportion to the file.
@Suite struct ReaderRobustnessTests {
    static let billionLaughs = """
        <?xml version="1.0"?>
        <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">\
        <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
        """

    @Test func documentTypeDeclarationsAreRefused() {
        let inSheet = XLSXBytes.single(
            "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>&lol3;</t></is></c></row>")
        let sheetBytes = Self.replacing(inSheet, part: "xl/worksheets/sheet1.xml") {
            Self.billionLaughs
                + XLSXBytes.worksheet("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>&lol3;</t></is></c></row>")
        }
        let sheetError = Read.failure { _ = try Read.rows(sheetBytes) }
        #expect(sheetError?.kind == .unsupported)

        let external = XLSXBytes.single(
            "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>", sharedStrings: ["<t>x</t>"])
        let xxe = Self.replacing(external, part: "xl/sharedStrings.xml") {
            "<?xml version=\"1.0\"?><!DOCTYPE sst [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]><sst><si><t>&xxe;</t></si></sst>"
        }
        let stringsError = Read.failure { _ = try Workbook(xlsx: xxe) }
        #expect(stringsError?.kind == .unsupported)

        let midDocument = Self.replacing(inSheet, part: "xl/workbook.xml") {
            "<workbook><!ENTITY a \"b\"><sheets/></workbook>"
        }
        let workbookError = Read.failure { _ = try Workbook(xlsx: midDocument) }
        #expect(workbookError?.kind == .unsupported)
    }

    @Test func undefinedEntitiesAndBrokenXMLAreDamage() {
        let cases = [
            "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>&nbsp;</t></is></c></row>",
            "<row r=\"1\"><c r=\"A1\"><v>1</v></row>",
            "<row r=\"1\"><c r=A1><v>1</v></c></row>",
            "<row r=\"1\"><c r=\"A1\"><v>1</v></c></row><row r=\"2\"><c r=\"A2\"><v>2",
            "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>a & b</t></is></c></row>",
            "<row r=\"1\"><c r=\"A1\" t=\"<\"><v>1</v></c></row>",
        ]
        for data in cases {
            let error = Read.failure { _ = try Read.rows(XLSXBytes.single(data)) }
            #expect(error?.kind == .damaged, "\(data)")
        }
    }

    @Test func declaredExpansionBeyondTheLimit() {
        var entries = Self.entries(XLSXBytes.single("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>"))
        entries.append(.init("xl/media/huge.bin", [UInt8](repeating: 0, count: 16)))
        entries[entries.count - 1].declaredSize = 0x7FFF_FFFF
        let error = Read.failure { _ = try Workbook(xlsx: ZipBytes.zip(entries)) }
        #expect(error?.kind == .tooLarge)

        var limits = SheetLimits()
        limits.maxExpandedBytes = 1 << 10
        let small = Read.failure {
            _ = try Workbook(xlsx: XLSXBytes.single("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>"), limits: limits)
        }
        #expect(small?.kind == .tooLarge)
    }

    @Test func inflatingBeyondTheDeclaredSize() throws {
        // 30,000 matches: 7.7 MB of "a" from 48 KB, while the directory says 2,000 bytes.
        var entries = Self.entries(XLSXBytes.single("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>"))
        let index = try #require(Self.index(of: "xl/worksheets/sheet1.xml", in: entries))
        entries[index].rawDeflate = ZipBytes.deflateBomb(matches: 30_000)
        entries[index].declaredSize = 2_000
        let book = try Workbook(xlsx: ZipBytes.zip(entries))
        let error = Read.failure { try book.rows(sheet: 0) { _ in } }
        #expect(error?.kind == .tooLarge)
    }

    @Test func twoHundredThousandColumns() {
        let wide = "<row r=\"1\">" + String(repeating: "<c><v>1</v></c>", count: 200_000) + "</row>"
        let error = Read.failure { _ = try Read.rows(XLSXBytes.single(wide, deflated: false)) }
        #expect(error?.kind == .tooLarge)
        #expect(error?.row == 1)
        #expect(error?.column == 16_385)

        let far = Read.failure { _ = try Read.rows(XLSXBytes.single("<row r=\"3\"><c r=\"ZZZZ3\"><v>1</v></c></row>")) }
        #expect(far?.kind == .tooLarge)
        #expect(far?.row == 3)
        #expect(far?.column == 475_254)

        let absurd = "<row r=\"1\"><c r=\"" + String(repeating: "Z", count: 40) + "1\"><v>1</v></c></row>"
        let absurdError = Read.failure { _ = try Read.rows(XLSXBytes.single(absurd)) }
        #expect(absurdError?.kind == .tooLarge)
    }

    @Test func tenMegabyteCells() {
        let big = String(repeating: "长", count: 3_500_000)  // 10.5 MB of UTF-8
        let inline = "<row r=\"4\"><c r=\"B4\" t=\"inlineStr\"><is><t>\(big)</t></is></c></row>"
        let inlineError = Read.failure { _ = try Read.rows(XLSXBytes.single(inline, deflated: false)) }
        #expect(inlineError?.kind == .tooLarge)
        #expect(inlineError?.row == 4)
        #expect(inlineError?.column == 2)

        let shared = XLSXBytes.single(
            "<row r=\"2\"><c r=\"C2\" t=\"s\"><v>0</v></c></row>", sharedStrings: ["<t>\(big)</t>"], deflated: false)
        let sharedError = Read.failure { _ = try Read.rows(shared) }
        #expect(sharedError?.kind == .tooLarge)
        #expect(sharedError?.row == 2)
        #expect(sharedError?.column == 3)

        let csvError = Read.failure { _ = try Read.csv("a,b\nx,\"\(big)\"\n") }
        #expect(csvError?.kind == .tooLarge)
        #expect(csvError?.row == 2)
        #expect(csvError?.column == 2)
    }

    @Test func rowsBeyondTheLimit() {
        var limits = SheetLimits()
        limits.maxRows = 10
        let numbered = Read.failure {
            _ = try Read.rows(XLSXBytes.single("<row r=\"11\"><c r=\"A11\"><v>1</v></c></row>"), limits: limits)
        }
        #expect(numbered?.kind == .tooLarge)
        #expect(numbered?.row == 11)
        let counted = Read.failure {
            _ = try Read.rows(
                XLSXBytes.single(String(repeating: "<row><c><v>1</v></c></row>", count: 12)), limits: limits)
        }
        #expect(counted?.kind == .tooLarge)
        let csv = Read.failure { _ = try Read.csv(String(repeating: "a\n", count: 11), limits: limits) }
        #expect(csv?.kind == .tooLarge)
    }

    @Test func truncatedZipIsDamagedAndNeverCrashes() {
        let whole = XLSXBytes.single(
            "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\"><v>1</v></c></row>", sharedStrings: ["<t>完整</t>"])
        let half = Read.failure { _ = try Workbook(xlsx: Array(whole[0..<(whole.count / 2)])) }
        #expect(half?.kind == .damaged)
        var unexpected = 0
        for cut in stride(from: 0, to: whole.count, by: 7) {
            let prefix = Array(whole[0..<cut])
            let error = Read.failure { _ = try Read.rows(prefix) }
            if error == nil { unexpected += 1 }
        }
        #expect(unexpected == 0)
    }

    @Test func notAZipOldExcelAndOtherPackages() {
        let text = Read.failure { _ = try Workbook(xlsx: Array("序号,问题\n1,漏报\n".utf8)) }
        #expect(text?.kind == .notSpreadsheet)
        let empty = Read.failure { _ = try Workbook(xlsx: []) }
        #expect(empty?.kind == .notSpreadsheet)

        let ole2: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + [UInt8](repeating: 0, count: 504)
        let old = Read.failure { _ = try Workbook(xlsx: ole2) }
        #expect(old?.kind == .notSpreadsheet)
        #expect(old?.zh.contains(".xls") == true)
        #expect(old?.zh.contains("密码") == true)
        #expect(old?.en.contains("password") == true)

        let docx = ZipBytes.zip([
            .init("[Content_Types].xml", "<Types/>"),
            .init("word/document.xml", "<w:document><w:body><w:p/></w:body></w:document>"),
        ])
        let word = Read.failure { _ = try Workbook(xlsx: docx) }
        #expect(word?.kind == .notSpreadsheet)

        let rels = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        let xlsb = ZipBytes.zip([
            .init(
                "_rels/.rels",
                "<Relationships><Relationship Id=\"rId1\" Type=\"\(rels)/officeDocument\" Target=\"xl/workbook.bin\"/></Relationships>"
            ),
            .init("xl/workbook.bin", [0x83, 0x01, 0x00]),
        ])
        let binary = Read.failure { _ = try Workbook(xlsx: xlsb) }
        #expect(binary?.kind == .notSpreadsheet)
        #expect(binary?.en.contains(".xlsb") == true)

        var limits = SheetLimits()
        limits.maxFileBytes = 100
        let large = Read.failure { _ = try Workbook(xlsx: docx, limits: limits) }
        #expect(large?.kind == .tooLarge)
    }

    @Test func badSharedStringIndexNamesTheCell() {
        let bytes = XLSXBytes.single("<row r=\"5\"><c r=\"D5\" t=\"s\"><v>7</v></c></row>", sharedStrings: ["<t>x</t>"])
        let error = Read.failure { _ = try Read.rows(bytes) }
        #expect(error?.kind == .damaged)
        #expect(error?.row == 5)
        #expect(error?.column == 4)
    }

    @Test func deepNestingIsBoundedNotRecursive() throws {
        // A hundred levels are read (SpreadsheetML needs about a dozen); 200,000 are refused as damage.
        let fair = String(repeating: "<g>", count: 100) + String(repeating: "</g>", count: 100)
        let fairXML = XLSXBytes.worksheet("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>", after: fair)
        let rows = try Read.rows(XLSXBytes.workbook([.init(name: "S", xml: fairXML)]))
        #expect(rows.count == 1)
        let merges = try Workbook(xlsx: XLSXBytes.workbook([.init(name: "S", xml: fairXML)])).merges(sheet: 0)
        #expect(merges.isEmpty)

        let deep = String(repeating: "<g>", count: 200_000) + String(repeating: "</g>", count: 200_000)
        let deepXML = XLSXBytes.worksheet("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>", after: deep)
        let book = try Workbook(xlsx: XLSXBytes.workbook([.init(name: "S", xml: deepXML)]))
        let error = Read.failure { _ = try book.merges(sheet: 0) }
        #expect(error?.kind == .damaged)
    }

    @Test func garbageDeflateIsDamage() throws {
        var entries = Self.entries(XLSXBytes.single("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>"))
        let index = try #require(Self.index(of: "xl/worksheets/sheet1.xml", in: entries))
        entries[index].rawDeflate = [0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x12]
        let book = try Workbook(xlsx: ZipBytes.zip(entries))
        let error = Read.failure { try book.rows(sheet: 0) { _ in } }
        #expect(error?.kind == .damaged)
    }

    @Test func utf16PartsAreRead() throws {
        var entries = Self.entries(XLSXBytes.single("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>"))
        let index = try #require(Self.index(of: "xl/worksheets/sheet1.xml", in: entries))
        let xml = XLSXBytes.worksheet("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>宽字符</t></is></c></row>")
        var utf16: [UInt8] = [0xFF, 0xFE]
        for unit in xml.utf16 { utf16 += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        entries[index] = .init("xl/worksheets/sheet1.xml", utf16)
        let rows = try Read.rows(ZipBytes.zip(entries))
        #expect(rows[0].cells == [SheetCell(column: 1, value: .text("宽字符"))])
    }

    @Test func mutatedWorkbooksNeverCrash() {
        let data = """
            <row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" s="1"><v>43708</v></c><c r="C1" t="inlineStr"><is><t>内&amp;联</t></is></c></row>\
            <row><c t="b"><v>1</v></c><c><f>1+1</f><v>2</v></c></row>
            """
        let styles = XLSXBytes.styles(numFmts: [(176, "yyyy\"年\"m\"月\"d\"日\"")], cellXfs: [0, 176])
        let sheets = [
            XLSXBytes.Sheet(
                name: "S", xml: XLSXBytes.worksheet(data, after: "<mergeCells><mergeCell ref=\"A1:B1\"/></mergeCells>"))
        ]
        var generator = SplitMix(seed: 20_240_601)
        for deflated in [false, true] {
            let original = XLSXBytes.workbook(sheets, sharedStrings: ["<t>甲</t>"], styles: styles, deflated: deflated)
            for _ in 0..<1_500 {
                var bytes = original
                for _ in 0..<Int.random(in: 1...4, using: &generator) {
                    let at = Int.random(in: 0..<bytes.count, using: &generator)
                    bytes[at] = UInt8.random(in: 0...255, using: &generator)
                }
                do {
                    let book = try Workbook(xlsx: bytes)
                    for sheet in book.sheetNames.indices {
                        _ = try? book.merges(sheet: sheet)
                        try? book.rows(sheet: sheet) { _ in }
                    }
                } catch {
                    #expect(!error.zh.isEmpty)
                }
            }
        }
    }

    @Test func randomBytesAsCSVNeverCrash() {
        var generator = SplitMix(seed: 7)
        let alphabet: [UInt8] = Array("a,;\t\"\r\n 中".utf8) + [0xFF, 0xC3, 0x80]
        for _ in 0..<2_000 {
            let count = Int.random(in: 0..<64, using: &generator)
            var bytes: [UInt8] = []
            for _ in 0..<count { bytes.append(alphabet[Int.random(in: 0..<alphabet.count, using: &generator)]) }
            do { _ = try Read.csv(bytes) } catch { #expect(error is SheetError) }
        }
    }

    // MARK: CSV refusals

    @Test func invalidUTF8InCSVNamesThePlace() {
        let bytes = Array("问题,状态\n漏报,".utf8) + [0xE6, 0x9C] + Array(",完成\n".utf8)
        let error = Read.failure { _ = try Read.csv(bytes) }
        #expect(error?.kind == .encoding)
        #expect(error?.row == 2)
        #expect(error?.column == 2)
    }

    @Test func damagedUTF8IsNotMistakenForGBK() {
        let good = Array(String(repeating: "问题描述,整改措施,责任单位\n", count: 20).utf8)
        let bytes = good + Array("县教育局,".utf8) + [0xE6, 0x9C] + Array("\n".utf8)
        let error = Read.failure { _ = try Read.csv(bytes) }
        #expect(error?.kind == .encoding)
        #expect(error?.row == 21)
        #expect(error?.column == 2)
        #expect(error?.zh.contains("GBK") == false)
    }

    @Test func gbkCSVIsRecognised() {
        // "问题,状态\n整改,完成\n" in GBK.
        let gbk: [UInt8] = [
            0xCE, 0xCA, 0xCC, 0xE2, 0x2C, 0xD7, 0xB4, 0xCC, 0xAC, 0x0A, 0xD5, 0xFB, 0xB8, 0xC4, 0x2C, 0xCD, 0xEA, 0xB3,
            0xC9, 0x0A,
        ]
        let error = Read.failure { _ = try Read.csv(gbk) }
        #expect(error?.kind == .encoding)
        #expect(error?.zh.contains("GBK") == true)
        #expect(error?.zh.contains("CSV UTF-8") == true)
        #expect(error?.en.contains("GBK") == true)
    }

    @Test func csvBoundsAndShapes() {
        let wide = String(repeating: "x,", count: 20_000)
        let columns = Read.failure { _ = try Read.csv(wide) }
        #expect(columns?.kind == .tooLarge)
        #expect(columns?.column == 16_385)

        let unclosed = Read.failure { _ = try Read.csv("a,b\n1,\"未闭合\n2,3\n") }
        #expect(unclosed?.kind == .damaged)
        #expect(unclosed?.row == 2)
        #expect(unclosed?.column == 2)

        let workbook = Read.failure { _ = try Read.csv(XLSXBytes.single("<row r=\"1\"/>")) }
        #expect(workbook?.kind == .notSpreadsheet)
    }

    // MARK: Helpers

    /// The entries of a package made by ZipBytes (stored or deflated), to change and re-zip.
    static func entries(_ zip: [UInt8]) -> [ZipBytes.Entry] {
        guard let archive = try? ZipArchive(zip) else { return [] }
        var out: [ZipBytes.Entry] = []
        for entry in archive.entries {
            guard let bytes = try? archive.data(of: entry) else { return [] }
            out.append(ZipBytes.Entry(entry.name, bytes))
        }
        return out
    }

    static func index(of name: String, in entries: [ZipBytes.Entry]) -> Int? {
        entries.firstIndex { $0.name == name }
    }

    static func replacing(_ zip: [UInt8], part: String, with text: () -> String) -> [UInt8] {
        var all = entries(zip)
        if let i = index(of: part, in: all) { all[i] = .init(part, text()) }
        return ZipBytes.zip(all)
    }
}

/// A small deterministic generator, so a failing mutation can be replayed.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
