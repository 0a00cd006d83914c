import TaizhangZip
import Testing

@testable import TaizhangSheet

// The writing half: zip, .xlsx, .csv, text widths, read back through the project's own zip reader.
// (No closure inside #expect: Swift 6.3.1 miscompiles it; closures are hoisted into locals.)

/// Gathers what a writer hands its sink, and how.
private final class Collected {
    var bytes: [UInt8] = []
    var calls: [Int] = []
    func take(_ chunk: [UInt8]) {
        bytes += chunk
        calls.append(chunk.count)
    }
}

private let stamp: SheetTimestamp = (2025, 3, 14, 9, 26, 53)

private func text(_ archive: ZipArchive, _ name: String) throws -> String {
    guard let entry = archive.entry(named: name) else { return "<missing \(name)>" }
    return String(decoding: try archive.data(of: entry), as: UTF8.self)
}

/// A workbook made by `build`, opened again.
private func workbook(threads: Int = 2, _ build: (XLSXWriter) throws -> Void) throws -> (ZipArchive, Collected) {
    let out = Collected()
    let writer = XLSXWriter(modified: stamp, utcOffsetMinutes: 480, compressionThreads: threads) { out.take($0) }
    try build(writer)
    try writer.finish()
    return (try ZipArchive(out.bytes), out)
}

/// One sheet of the given rows, its XML returned.
private func sheetXML(_ setup: SheetSetup = SheetSetup(name: "台账"), rows: [[OutCell?]]) throws -> String {
    let (archive, _) = try workbook { writer in
        try writer.beginSheet(setup)
        for row in rows { try writer.row(row) }
        try writer.endSheet()
    }
    return try text(archive, "xl/worksheets/sheet1.xml")
}

private func count(_ needle: String, in haystack: String) -> Int {
    haystack.split(separator: needle, omittingEmptySubsequences: false).count - 1
}

/// Positions of the needles in order, nil where one is missing.
private func positions(_ needles: [String], in haystack: String) -> [Int?] {
    needles.map { needle in
        haystack.firstRange(of: needle).map { haystack.utf8.distance(from: haystack.startIndex, to: $0.lowerBound) }
    }
}

private func lcg(_ state: inout UInt64) -> UInt8 {
    state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
    return UInt8(truncatingIfNeeded: state >> 33)
}

/// The escaping of cell text worked out one scalar at a time, to check the fast one against.
private func referenceEscape(_ s: String) -> String {
    let scalars = Array(s.unicodeScalars)
    var out = ""
    for (i, scalar) in scalars.enumerated() {
        switch scalar.value {
        case 0x26: out += "&amp;"
        case 0x3C: out += "&lt;"
        case 0x3E: out += "&gt;"
        case 0x0D: out += "&#13;"
        case 0x09, 0x0A: out.unicodeScalars.append(scalar)
        case 0..<0x20:
            let hex = String(scalar.value, radix: 16, uppercase: true)
            out += "_x" + String(repeating: "0", count: 4 - hex.count) + hex + "_"
        case 0xFFFE: out += "_xFFFE_"
        case 0xFFFF: out += "_xFFFF_"
        case 0x5F:
            let next = scalars[(i + 1)...].prefix(6).map { Character($0) }
            let hexDigits = next.count == 6 && next[1...4].allSatisfy(\.isHexDigit)
            if hexDigits && (next[0] == "x" || next[0] == "X") && next[5] == "_" {
                out += "_x005F_"
            } else {
                out += "_"
            }
        default: out.unicodeScalars.append(scalar)
        }
    }
    return out
}

@Suite struct WriterTests {
    // MARK: Zip

    @Test(arguments: [1, 2])
    func zipRoundTripsEntriesOfEverySize(threads: Int) throws {
        let out = Collected()
        let zip = ZipWriter(modified: stamp, threads: threads) { out.take($0) }
        var big: [UInt8] = []
        var state: UInt64 = 1
        // 3.5 MiB, half random, half repeated text: several blocks, joined across their seams.
        for i in 0..<(3_500_000) { big.append(i % 2 == 0 ? lcg(&state) : UInt8(ascii: "a") + UInt8(i % 7)) }
        let small = Array("台账 ledger".utf8)
        try zip.addEntry(name: "empty.txt")
        try zip.addEntry(name: "目录/小.txt")
        try zip.write(small)
        try zip.addEntry(name: "big.bin")
        for start in stride(from: 0, to: big.count, by: 100_000) {
            try zip.write(Array(big[start..<min(big.count, start + 100_000)]))
        }
        try zip.finish()

        let archive = try ZipArchive(out.bytes)
        #expect(archive.entries.map(\.name) == ["empty.txt", "目录/小.txt", "big.bin"])
        let empty = try #require(archive.entry(named: "empty.txt"))
        #expect(try archive.data(of: empty) == [])
        let smallEntry = try #require(archive.entry(named: "目录/小.txt"))
        #expect(try archive.data(of: smallEntry) == small)
        let bigEntry = try #require(archive.entry(named: "big.bin"))
        #expect(bigEntry.method == 8)
        #expect(bigEntry.compressedSize < big.count)
        #expect(try archive.data(of: bigEntry) == big)
        // Chunks of 64 KiB to the sink, never more.
        #expect(out.calls.count > 10)
        #expect(out.calls.max() ?? 0 <= 64 << 10)
    }

    @Test func zipHeadersCarryDataDescriptorUTF8AndTheGivenTime() throws {
        let out = Collected()
        let zip = ZipWriter(modified: (2024, 12, 31, 23, 59, 58), threads: 1) { out.take($0) }
        try zip.addEntry(name: "a.txt")
        try zip.write(Array("hello".utf8))
        try zip.finish()
        let b = out.bytes
        #expect(Array(b[0..<4]) == [0x50, 0x4B, 0x03, 0x04])
        #expect(Int(b[6]) | Int(b[7]) << 8 == 0x0808)  // bit 3 and bit 11
        let time = Int(b[10]) | Int(b[11]) << 8
        let date = Int(b[12]) | Int(b[13]) << 8
        #expect(time == 23 << 11 | 59 << 5 | 29)
        #expect(date == (2024 - 1980) << 9 | 12 << 5 | 31)
        // The data descriptor follows the data.
        let descriptor: [UInt8] = [0x50, 0x4B, 0x07, 0x08]
        var found = false
        for i in 0..<(b.count - 4) where Array(b[i..<(i + 4)]) == descriptor { found = true }
        #expect(found)
    }

    @Test func zipRefusesToPassItsLimit() throws {
        let zip = ZipWriter(modified: stamp) { _ in }
        zip.limit = 10_000
        try zip.addEntry(name: "a.bin")
        var state: UInt64 = 3
        var bytes: [UInt8] = []
        for _ in 0..<20_000 { bytes.append(lcg(&state)) }
        do {
            try zip.write(bytes)
            try zip.finish()
            Issue.record("an archive past its limit was written")
        } catch let error as SheetError {
            #expect(error.kind == .tooLarge)
        }
    }

    @Test func zipRefusesMisuse() throws {
        let zip = ZipWriter(modified: stamp) { _ in }
        do {
            try zip.write([1, 2, 3])
            Issue.record("bytes with no entry open were taken")
        } catch let error as SheetError {
            #expect(error.kind == .unsupported)
        }
    }

    // MARK: Workbook package

    @Test func workbookHasEveryPartAndContentType() throws {
        let (archive, _) = try workbook { writer in
            try writer.beginSheet(SheetSetup(name: "台账"))
            try writer.row([OutCell(.text("a"))])
            try writer.endSheet()
            try writer.beginSheet(SheetSetup(name: "lists", hidden: true))
            try writer.endSheet()
        }
        let names = archive.entries.map(\.name)
        for part in [
            "[Content_Types].xml", "_rels/.rels", "docProps/core.xml", "docProps/app.xml", "xl/workbook.xml",
            "xl/_rels/workbook.xml.rels", "xl/styles.xml", "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml",
        ] {
            #expect(names.contains(part), "\(part) missing")
        }
        #expect(names.first == "_rels/.rels")
        let types = try text(archive, "[Content_Types].xml")
        #expect(types.contains("<Override PartName=\"/xl/worksheets/sheet2.xml\""))
        #expect(types.contains("<Override PartName=\"/xl/styles.xml\""))
        #expect(types.contains("<Override PartName=\"/docProps/core.xml\""))
        let relationships = try text(archive, "xl/_rels/workbook.xml.rels")
        #expect(
            relationships.contains(
                "Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet2.xml\""
            ))
        #expect(
            relationships.contains(
                "Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\""))
        let core = try text(archive, "docProps/core.xml")
        #expect(core.contains("2025-03-14T09:26:53+08:00</dcterms:created>"))
        let book = try text(archive, "xl/workbook.xml")
        #expect(book.contains("<sheet name=\"台账\" sheetId=\"1\" r:id=\"rId1\"/>"))
        #expect(book.contains("<sheet name=\"lists\" sheetId=\"2\" state=\"hidden\" r:id=\"rId2\"/>"))
        #expect(book.contains("activeTab=\"0\""))
    }

    @Test func stylesHoldTheNineFormats() throws {
        let (archive, _) = try workbook { writer in
            try writer.beginSheet(SheetSetup(name: "s"))
            try writer.endSheet()
        }
        let styles = try text(archive, "xl/styles.xml")
        #expect(styles.contains("<cellXfs count=\"9\">"))
        let start = try #require(styles.firstRange(of: "<cellXfs"))
        let end = try #require(styles.firstRange(of: "</cellXfs>"))
        #expect(count("<xf ", in: String(styles[start.lowerBound..<end.lowerBound])) == 9)
        #expect(styles.contains("<numFmt numFmtId=\"164\" formatCode=\"yyyy-mm-dd\"/>"))
        #expect(styles.contains("<name val=\"宋体\"/>"))
        #expect(
            styles.contains(
                "<fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill>"))
        #expect(styles.contains("<cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/>"))
        #expect(XLSXStyleSheet.formatCount == CellStyle.allCases.count + 1)
    }

    // MARK: Cells

    @Test func textIsInlineAndEscaped() throws {
        let xml = try sheetXML(rows: [
            [OutCell(.text("群众反映 <&> \"引号\" O'Brien"))],
            [OutCell(.text("bell\u{7}and\rcr")), OutCell(.text("_x0041_ and _X00ff_ and _x12_"))],
            [OutCell(.text("  leading")), OutCell(.text("第一行\n第二行")), OutCell(.text("末尾\n"))],
            [OutCell(.text("emoji 👍🏽 and 👩‍💻")), OutCell(.text("bad \u{FFFE}\u{FFFF} end")), OutCell(.text("tab\tkept"))],
        ])
        #expect(
            xml.contains("<c r=\"A1\" s=\"4\" t=\"inlineStr\"><is><t>群众反映 &lt;&amp;&gt; \"引号\" O'Brien</t></is></c>"))
        #expect(xml.contains("<t>bell_x0007_and&#13;cr</t>"))
        #expect(xml.contains("<t>_x005F_x0041_ and _x005F_X00ff_ and _x12_</t>"))
        #expect(xml.contains("<c r=\"A3\" s=\"4\" t=\"inlineStr\"><is><t xml:space=\"preserve\">  leading</t>"))
        #expect(xml.contains("<c r=\"B3\" s=\"4\" t=\"inlineStr\"><is><t>第一行\n第二行</t>"))
        #expect(xml.contains("<t xml:space=\"preserve\">末尾\n</t>"))
        #expect(xml.contains("<t>emoji 👍🏽 and 👩‍💻</t>"))
        #expect(xml.contains("<t>bad _xFFFE__xFFFF_ end</t>"))
        #expect(xml.contains("<t>tab\tkept</t>"))
        #expect(!xml.contains("\u{7}"))
        #expect(!xml.contains("sharedStrings"))
    }

    @Test func fastEscapingAgreesWithTheReferenceAtEveryOffset() {
        let pieces = [
            "中", "，", "a", "_", "x", "0", "_x0041_", "\u{FFFE}", "\u{FFFF}", "\r", "\n", "\t", "\u{1}", "&", "<", ">",
            "\u{0FFF}", "\u{FFBF}", "\u{FFEE}", "（", "👍", "_X00aF_",
        ]
        var state: UInt64 = 7
        var mismatches: [String] = []
        for length in 0..<80 {
            for _ in 0..<20 {
                var text = ""
                for _ in 0..<length { text += pieces[Int(lcg(&state)) % pieces.count] }
                var out: [UInt8] = []
                XLSXText.appendCellText(text, to: &out)
                if String(decoding: out, as: UTF8.self) != referenceEscape(text) { mismatches.append(text) }
            }
        }
        let first = mismatches.first.map { Array($0.unicodeScalars) } ?? []
        #expect(mismatches.isEmpty, "first: \(first)")
    }

    @Test func numbersDatesBoolsAndErrors() throws {
        let xml = try sheetXML(rows: [
            [
                OutCell(.number(12), .integer), OutCell(.number(3.5)), OutCell(.number(0.1)), OutCell(.number(-0.0)),
                OutCell(.number(1e-7)), OutCell(.number(123_456_789_012.25)), OutCell(.number(.nan)),
            ],
            [
                OutCell(.date(45731)), OutCell(.date(45731.5), .wrapped), OutCell(.date(45000), .date),
                OutCell(.bool(true)), OutCell(.error("#N/A")), nil, OutCell(.text("")),
            ],
        ])
        #expect(xml.contains("<c r=\"A1\" s=\"7\"><v>12</v></c>"))
        #expect(xml.contains("<c r=\"B1\" s=\"4\"><v>3.5</v></c>"))
        #expect(xml.contains("<c r=\"C1\" s=\"4\"><v>0.1</v></c>"))
        #expect(xml.contains("<c r=\"D1\" s=\"4\"><v>0</v></c>"))
        #expect(xml.contains("<c r=\"E1\" s=\"4\"><v>1e-07</v></c>"))
        #expect(xml.contains("<v>123456789012.25</v>"))
        #expect(xml.contains("<c r=\"G1\" s=\"4\" t=\"e\"><v>#NUM!</v></c>"))
        // Dates get the date format even when given a text style.
        #expect(xml.contains("<c r=\"A2\" s=\"6\"><v>45731</v></c>"))
        #expect(xml.contains("<c r=\"B2\" s=\"6\"><v>45731.5</v></c>"))
        #expect(xml.contains("<c r=\"C2\" s=\"6\"><v>45000</v></c>"))
        #expect(xml.contains("<c r=\"D2\" s=\"4\" t=\"b\"><v>1</v></c>"))
        #expect(xml.contains("<c r=\"E2\" s=\"4\" t=\"e\"><v>#N/A</v></c>"))
        #expect(!xml.contains("r=\"F2\""))
        #expect(xml.contains("<c r=\"G2\" s=\"4\"/>"))
    }

    @Test func everyStyleHasItsFormat() throws {
        let cells = CellStyle.allCases.map { Optional(OutCell(.text("x"), $0)) }
        let xml = try sheetXML(rows: [cells])
        for (index, style) in CellStyle.allCases.enumerated() {
            let column = ColumnName.letters(index + 1)
            #expect(xml.contains("<c r=\"\(column)1\" s=\"\(XLSXStyleSheet.index(style))\" t=\"inlineStr\">"))
        }
    }

    @Test func columnLettersMatchTheModelsOwn() {
        var mismatches = 0
        for index in [0, 1, 25, 26, 27, 51, 52, 701, 702, 703, 18_277, 16_383] + Array(0..<1_000) {
            var out: [UInt8] = []
            XLSXText.appendColumn(index, to: &out)
            if String(decoding: out, as: UTF8.self) != ColumnName.letters(index + 1) { mismatches += 1 }
        }
        #expect(mismatches == 0)
    }

    @Test func rowsNumberFromOneWithHeights() throws {
        let xml = try sheetXML(rows: [[OutCell(.text("t"), .title)], [], [OutCell(.text("h"), .header)]])
        #expect(xml.contains("<row r=\"1\"><c r=\"A1\" s=\"1\""))
        #expect(xml.contains("<row r=\"2\"></row>"))
        #expect(xml.contains("<row r=\"3\"><c r=\"A3\" s=\"3\""))
        let (archive, _) = try workbook { writer in
            try writer.beginSheet(SheetSetup(name: "s"))
            try writer.row([OutCell(.text("t"))], height: 28.5)
            try writer.endSheet()
        }
        #expect(try text(archive, "xl/worksheets/sheet1.xml").contains("<row r=\"1\" ht=\"28.5\" customHeight=\"1\">"))
    }

    // MARK: Sheet layout

    @Test func sheetElementsComeInSchemaOrder() throws {
        let setup = SheetSetup(
            name: "台账", columns: [ColumnSetup(width: 6), ColumnSetup(width: 30.5, hidden: true)], frozenRows: 3,
            autoFilter: CellRange(firstRow: 3, firstColumn: 1, lastRow: 10, lastColumn: 2),
            merges: [CellRange(firstRow: 1, firstColumn: 1, lastRow: 1, lastColumn: 2)], landscape: true,
            repeatRows: 1...3,
            validations: [
                ListValidation(
                    range: CellRange(firstRow: 4, firstColumn: 2, lastRow: 10, lastColumn: 2),
                    source: "'lists'!$A$2:$A$6",
                    prompt: "请选择", error: "只能从列表中选择")
            ])
        let xml = try sheetXML(setup, rows: [[OutCell(.text("标题"), .title)]])
        let order = [
            "<sheetPr><pageSetUpPr fitToPage=\"1\"/></sheetPr>", "<sheetViews>", "<sheetFormatPr ", "<cols>",
            "<sheetData>", "<autoFilter ", "<mergeCells ", "<dataValidations ", "<pageMargins ", "<pageSetup ",
            "<headerFooter>", "</worksheet>",
        ]
        let found = positions(order, in: xml)
        let missing = zip(order, found).filter { $0.1 == nil }.map(\.0)
        #expect(missing.isEmpty, "missing: \(missing)")
        let known = found.compactMap { $0 }
        #expect(known == known.sorted())
        #expect(!xml.contains("<dimension"))
        #expect(xml.contains("<pane ySplit=\"3\" topLeftCell=\"A4\" activePane=\"bottomLeft\" state=\"frozen\"/>"))
        #expect(xml.contains("<sheetView workbookViewId=\"0\" tabSelected=\"1\">"))
        #expect(xml.contains("<col min=\"2\" max=\"2\" width=\"30.5\" customWidth=\"1\" hidden=\"1\"/>"))
        #expect(xml.contains("<autoFilter ref=\"A3:B10\"/>"))
        #expect(xml.contains("<mergeCells count=\"1\"><mergeCell ref=\"A1:B1\"/></mergeCells>"))
        #expect(
            xml.contains("<pageSetup paperSize=\"9\" orientation=\"landscape\" fitToWidth=\"1\" fitToHeight=\"0\"/>"))
        #expect(xml.contains("type=\"list\""))
        #expect(xml.contains("prompt=\"请选择\""))
        #expect(xml.contains("error=\"只能从列表中选择\""))
        #expect(xml.contains("sqref=\"B4:B10\"><formula1>'lists'!$A$2:$A$6</formula1>"))
        // showDropDown="1" would hide Excel's arrow.
        #expect(!xml.contains("showDropDown"))
    }

    @Test func definedNamesForFilterAndPrintTitles() throws {
        let (archive, _) = try workbook { writer in
            try writer.beginSheet(SheetSetup(name: "lists", hidden: true))
            try writer.endSheet()
            let name = try writer.beginSheet(
                SheetSetup(
                    name: "单位 A's", autoFilter: CellRange(firstRow: 3, firstColumn: 1, lastRow: 100, lastColumn: 19),
                    repeatRows: 1...3))
            #expect(name == "单位 A's")
            try writer.endSheet()
        }
        let book = try text(archive, "xl/workbook.xml")
        #expect(
            book.contains(
                "<definedName name=\"_xlnm._FilterDatabase\" localSheetId=\"1\" hidden=\"1\">'单位 A''s'!$A$3:$S$100</definedName>"
            ))
        #expect(
            book.contains("<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"1\">'单位 A''s'!$1:$3</definedName>"))
        // The first visible sheet is the active one and the selected one.
        #expect(book.contains("activeTab=\"1\""))
        let first = try text(archive, "xl/worksheets/sheet1.xml")
        let second = try text(archive, "xl/worksheets/sheet2.xml")
        #expect(!first.contains("tabSelected"))
        #expect(second.contains("tabSelected=\"1\""))
        #expect(XLSXWriter.quotedSheetName("O'Neil") == "'O''Neil'")
    }

    @Test func literalListsAreQuotedAndBounded() throws {
        let validation = ListValidation(
            range: CellRange(firstRow: 2, firstColumn: 1, lastRow: 9, lastColumn: 1), items: ["是", "否", "说\"明\""])
        #expect(validation.source == "\"是,否,说\"\"明\"\"\"")
        let xml = try sheetXML(SheetSetup(name: "s", validations: [validation]), rows: [])
        #expect(xml.contains("<formula1>\"是,否,说\"\"明\"\"\"</formula1>"))
        let long = ListValidation(
            range: CellRange(firstRow: 2, firstColumn: 1, lastRow: 9, lastColumn: 1),
            items: Array(repeating: "选项选项选项", count: 50))
        do {
            _ = try sheetXML(SheetSetup(name: "s", validations: [long]), rows: [])
            Issue.record("a literal list past 255 characters was written")
        } catch let error as SheetError {
            #expect(error.kind == .tooLarge)
        }
    }

    @Test func sheetNamesAreMadeValidAndUnique() throws {
        var names: [String] = []
        _ = try workbook { writer in
            for raw in [
                "a[b]:c*?/\\d", "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五", "Sheet", "sheet", "", "History",
                "'quoted'", "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五",
            ] {
                names.append(try writer.beginSheet(SheetSetup(name: raw)))
                try writer.endSheet()
            }
        }
        #expect(names[0] == "a_b__c____d")
        #expect(names[1].count == 31)
        #expect(names[2] == "Sheet")
        #expect(names[3] == "sheet (2)")
        #expect(names[4] == "Sheet5")
        #expect(names[5] == "History_")
        #expect(names[6] == "quoted")
        #expect(names[7] == String(names[1].prefix(27)) + " (2)")
        #expect(names[7].utf16.count == 31)
    }

    @Test func sheetNamesAreEscapedInTheWorkbook() throws {
        let (archive, _) = try workbook { writer in
            try writer.beginSheet(SheetSetup(name: "R&D <一>"))
            try writer.endSheet()
        }
        #expect(try text(archive, "xl/workbook.xml").contains("<sheet name=\"R&amp;D &lt;一&gt;\""))
    }

    // MARK: Streaming and misuse

    @Test func aLargeSheetGoesOutInChunks() throws {
        let (archive, out) = try workbook { writer in
            try writer.beginSheet(SheetSetup(name: "大表"))
            for n in 1...20_000 {
                try writer.row([
                    OutCell(.number(Double(n)), .integer), OutCell(.text("第\(n)条问题：材料多、跑腿多，群众反映强烈"), .wrapped),
                    OutCell(.date(45000 + Double(n % 700))),
                ])
            }
            try writer.endSheet()
        }
        let xml = try text(archive, "xl/worksheets/sheet1.xml")
        #expect(count("<row ", in: xml) == 20_000)
        #expect(xml.contains("<row r=\"20000\"><c r=\"A20000\" s=\"7\"><v>20000</v></c>"))
        #expect(out.calls.count > 5)
        #expect(out.calls.max() ?? 0 <= 64 << 10)
    }

    @Test func theBytesDoNotDependOnTheThreads() throws {
        func build(_ writer: XLSXWriter) throws {
            try writer.beginSheet(SheetSetup(name: "台账", frozenRows: 1))
            for n in 1...12_000 {
                try writer.row([OutCell(.number(Double(n)), .integer), OutCell(.text("第\(n)条：整改措施逐条落实"), .wrapped)])
            }
            try writer.endSheet()
        }
        let (_, one) = try workbook(threads: 1, build)
        let (_, two) = try workbook(threads: 2, build)
        let (_, four) = try workbook(threads: 4, build)
        #expect(one.bytes.count > 100_000)
        #expect(one.bytes == two.bytes)
        #expect(one.bytes == four.bytes)
    }

    @Test func misuseThrows() throws {
        let writer = XLSXWriter(modified: stamp) { _ in }
        do {
            try writer.row([OutCell(.text("x"))])
            Issue.record("a row outside a sheet was taken")
        } catch let error as SheetError {
            #expect(error.kind == .unsupported)
        }
        try writer.beginSheet(SheetSetup(name: "s"))
        do {
            try writer.finish()
            Issue.record("finish with a sheet open was taken")
        } catch let error as SheetError {
            #expect(error.kind == .unsupported)
        }
        do {
            try writer.beginSheet(
                SheetSetup(name: "t", merges: [CellRange(firstRow: 0, firstColumn: 1, lastRow: 1, lastColumn: 1)]))
            Issue.record("a second sheet while one is open was taken")
        } catch let error as SheetError {
            #expect(error.kind == .unsupported)
        }
    }

    @Test func badRangesAndHiddenOnlyWorkbooksThrow() throws {
        let writer = XLSXWriter(modified: stamp) { _ in }
        do {
            try writer.beginSheet(
                SheetSetup(name: "s", merges: [CellRange(firstRow: 0, firstColumn: 1, lastRow: 1, lastColumn: 1)]))
            Issue.record("a merge above row 1 was taken")
        } catch let error as SheetError {
            #expect(error.kind == .tooLarge)
        }
        try writer.beginSheet(SheetSetup(name: "lists", hidden: true))
        try writer.endSheet()
        do {
            try writer.finish()
            Issue.record("a workbook with no visible sheet was written")
        } catch let error as SheetError {
            #expect(error.kind == .unsupported)
        }
    }

    // MARK: CSV

    @Test func csvQuotesAsRFC4180WithBOMAndCRLF() throws {
        let out = Collected()
        let csv = try CSVWriter { out.take($0) }
        try csv.row(["序号", "问题描述", "备注"])
        try csv.row(["1", "第一行\n第二行", "a,b"])
        try csv.row(["2", "say \"hi\"", " lead"])
        try csv.row(["3", "=SUM(A1)", "-3 天", "trail\t"])
        try csv.row(["", "", ""])
        try csv.finish()
        let expected =
            "\u{FEFF}序号,问题描述,备注\r\n1,\"第一行\n第二行\",\"a,b\"\r\n2,\"say \"\"hi\"\"\",\" lead\"\r\n"
            + "3,=SUM(A1),-3 天,\"trail\t\"\r\n,,\r\n"
        #expect(Array(out.bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        #expect(String(decoding: out.bytes, as: UTF8.self) == expected)
    }

    @Test func csvGoesOutInChunks() throws {
        let out = Collected()
        let csv = try CSVWriter { out.take($0) }
        for n in 0..<20_000 { try csv.row(["\(n)", "整改措施：建立问题清单和整改清单，逐条逐项抓整改"]) }
        try csv.finish()
        #expect(out.calls.count > 10)
        #expect(out.calls.max() ?? 0 < 80 << 10)
        let total = out.calls.reduce(0, +)
        #expect(out.bytes.count == total)
    }

    // MARK: Text width

    @Test func textWidthCountsWideCharactersTwice() {
        #expect(TextWidth.columns("中文") == 4)
        #expect(TextWidth.columns("ab") == 2)
        #expect(TextWidth.columns("a中b") == 4)
        #expect(TextWidth.columns("") == 0)
        #expect(TextWidth.columns("ab\n中文字") == 6)
        #expect(TextWidth.columns("中文字\r\nabc") == 6)
        #expect(TextWidth.columns("第一行\n\n") == 6)
        #expect(TextWidth.columns("，。：（）") == 10)
        #expect(TextWidth.columns("ＡＢ") == 4)
        #expect(TextWidth.columns("カな") == 4)
        #expect(TextWidth.columns("한국") == 4)
        #expect(TextWidth.columns("👍") == 2)
        #expect(TextWidth.columns("👍🏽") == 2)
        #expect(TextWidth.columns("👩‍💻") == 2)
        #expect(TextWidth.columns("e\u{301}") == 1)
        #expect(TextWidth.columns("\u{3000}") == 2)
        #expect(TextWidth.columns("𠀀") == 2)
    }
}
