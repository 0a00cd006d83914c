import Testing

@testable import TaizhangSheet

// Note: no closures inside #expect (a Swift 6.3.1 miscompile); work is hoisted into lets first.

@Suite struct XLSXReaderTests {
    @Test func sharedStringsRichTextAndEscapes() throws {
        let strings = [
            "<t>问题描述</t>",
            "<r><rPr><b/></rPr><t>整改</t></r><r><t xml:space=\"preserve\"> 措施</t></r>",
            "<t>县</t><rPh sb=\"0\" eb=\"1\"><t>xian</t></rPh><phoneticPr fontId=\"1\"/>",
            "<t>第一行_x000D_\n第二行</t>",
            "<t>a_x005F_x000D_b</t>",
            "<t>&lt;&amp;&gt;&quot;&apos;&#20013;&#x6587;</t>",
            "<t><![CDATA[<原样>]]></t>",
            "<t/>",
        ]
        let cells = (0..<strings.count).map { "<c r=\"\(ColumnName.letters($0 + 1))1\" t=\"s\"><v>\($0)</v></c>" }
        let rows = try Read.rows(XLSXBytes.single("<row r=\"1\">\(cells.joined())</row>", sharedStrings: strings))
        #expect(rows.count == 1)
        let v = Read.values(rows[0])
        #expect(v["A"] == .text("问题描述"))
        #expect(v["B"] == .text("整改 措施"))
        #expect(v["C"] == .text("县"))
        #expect(v["D"] == .text("第一行\r\n第二行"))
        #expect(v["E"] == .text("a_x000D_b"))
        #expect(v["F"] == .text("<&>\"'中文"))
        #expect(v["G"] == .text("<原样>"))
        #expect(v["H"] == nil)  // empty text is no cell
        #expect(rows[0].cells.count == 7)
    }

    @Test func inlineStringsAndFormulaStrings() throws {
        let data = """
            <row r="1"><c r="A1" t="inlineStr"><is><t>内联</t></is></c>\
            <c r="B1" t="inlineStr"><is><r><t>富</t></r><r><rPr/><t>文本</t></r></is></c>\
            <c r="C1" t="str"><f>A1&amp;B1</f><v>内联富文本</v></c>\
            <c r="D1" t="inlineStr"><is><t></t></is></c></row>
            """
        let rows = try Read.rows(XLSXBytes.single(data))
        let v = Read.values(rows[0])
        #expect(v["A"] == .text("内联"))
        #expect(v["B"] == .text("富文本"))
        #expect(v["C"] == .text("内联富文本"))
        #expect(v["D"] == nil)
    }

    @Test func numbersBooleansErrorsAndFormulas() throws {
        let data = """
            <row r="1"><c r="A1"><v>42</v></c><c r="B1" t="n"><v>-3.25</v></c><c r="C1"><v>1.5E-3</v></c>\
            <c r="D1" t="b"><v>1</v></c><c r="E1" t="b"><v>0</v></c><c r="F1" t="e"><v>#N/A</v></c>\
            <c r="G1"><f>SUM(A1:B1)</f><v>38.75</v></c><c r="H1"><f>NOW()</f></c>\
            <c r="I1" t="d"><v>2019-08-31T00:00:00</v></c><c r="J1" s="0"/><c r="K1"><v>0.1</v></c>\
            <c r="L1"><v>123456789012345678</v></c></row>
            """
        let rows = try Read.rows(XLSXBytes.single(data))
        let v = Read.values(rows[0])
        #expect(v["A"] == .number(42))
        #expect(v["B"] == .number(-3.25))
        #expect(v["C"] == .number(0.0015))
        #expect(v["D"] == .bool(true))
        #expect(v["E"] == .bool(false))
        #expect(v["F"] == .error("#N/A"))
        #expect(v["G"] == .number(38.75))
        #expect(v["H"] == nil)  // a formula with no cached value
        #expect(v["I"] == .text("2019-08-31T00:00:00"))
        #expect(v["J"] == nil)
        #expect(v["K"] == .number(0.1))
        #expect(v["L"] == .number(123_456_789_012_345_680))  // the nearest Double
    }

    @Test func datesByBuiltInAndCustomFormats() throws {
        // Style index → numFmtId: 0 General, 1 built-in 14, 2 built-in 31 (CJK), 3 年月日, 4 0.00,
        // 5 currency, 6 locale-marked 年月日, 7 text, 8 yyyy/mm/dd, 9 #,##0.
        let styles = XLSXBytes.styles(
            numFmts: [
                (176, "yyyy\"年\"m\"月\"d\"日\""), (177, "0.00"), (178, "\"¥\"#,##0.00"),
                (179, "[$-804]yyyy\"年\"m\"月\"d\"日\""), (180, "@"), (181, "yyyy/mm/dd"), (182, "#,##0"),
            ],
            cellXfs: [0, 14, 31, 176, 177, 178, 179, 180, 181, 182])
        let cells = (0..<10).map { "<c r=\"\(ColumnName.letters($0 + 1))1\" s=\"\($0)\"><v>43708</v></c>" }
        let rows = try Read.rows(XLSXBytes.single("<row r=\"1\">\(cells.joined())</row>", styles: styles))
        let v = Read.values(rows[0])
        #expect(v["A"] == .number(43708))
        #expect(v["B"] == .date(43708))
        #expect(v["C"] == .date(43708))
        #expect(v["D"] == .date(43708))
        #expect(v["E"] == .number(43708))
        #expect(v["F"] == .number(43708))
        #expect(v["G"] == .date(43708))
        #expect(v["H"] == .number(43708))
        #expect(v["I"] == .date(43708))
        #expect(v["J"] == .number(43708))
    }

    @Test func dateFormatCodes() {
        let dates = [
            "yyyy\"年\"m\"月\"d\"日\"", "yyyy/mm/dd", "m/d/yy", "[$-804]yyyy\"年\"m\"月\"d\"日\"", "yyyy-mm-dd h:mm:ss",
            "[$-F800]dddd, mmmm dd, yyyy", "h:mm AM/PM", "[DBNum1][$-804]yyyy\"年\"m\"月\"", "yyyy年m月d日", "mmm-yy",
        ]
        let numbers = [
            "0.00", "#,##0", "\"¥\"#,##0.00", "@", "General", "0.00E+00", "[$-804]General", "#,##0_);[Red](#,##0)",
            "0\"天\"", "[$¥-804]#,##0.00", "0.0%", "# ?/?", "[$-F800]",
        ]
        let missedDates = dates.filter { !DateStyles.isDateFormat($0) }
        let falseDates = numbers.filter { DateStyles.isDateFormat($0) }
        #expect(missedDates == [])
        #expect(falseDates == [])
    }

    @Test func date1904System() throws {
        let sheet = XLSXBytes.Sheet(name: "S", xml: XLSXBytes.worksheet("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>"))
        let mac = try Workbook(xlsx: XLSXBytes.workbook([sheet], workbookPr: "<workbookPr date1904=\"1\"/>"))
        let macTrue = try Workbook(xlsx: XLSXBytes.workbook([sheet], workbookPr: "<workbookPr date1904=\"true\"/>"))
        let windows = try Workbook(xlsx: XLSXBytes.workbook([sheet], workbookPr: "<workbookPr date1904=\"false\"/>"))
        let plain = try Workbook(xlsx: XLSXBytes.workbook([sheet]))
        #expect(mac.date1904)
        #expect(macTrue.date1904)
        #expect(!windows.date1904)
        #expect(!plain.date1904)
    }

    @Test func cellsAndRowsWithoutReferences() throws {
        let data = """
            <row><c t="inlineStr"><is><t>甲</t></is></c><c/><c><v>3</v></c></row>\
            <row><c r="B2"><v>1</v></c><c><v>2</v></c></row>\
            <row r="5"><c><v>5</v></c></row><row><c><v>6</v></c></row>
            """
        let rows = try Read.rows(XLSXBytes.single(data))
        let numbers = rows.map(\.number)
        #expect(numbers == [1, 2, 5, 6])
        let first = rows[0].cells.map(\.column)
        let second = rows[1].cells.map(\.column)
        #expect(first == [1, 3])
        #expect(second == [2, 3])
        #expect(rows[3].cells == [SheetCell(column: 1, value: .number(6))])
    }

    @Test func emptyRowsAndCellsAreSkipped() throws {
        let data = """
            <row r="1"><c r="A1" t="inlineStr"><is><t>头</t></is></c></row><row r="2"/>\
            <row r="3"><c r="A3" s="1"/><c r="B3" t="s"><v>0</v></c></row>\
            <row r="4" spans="1:3"></row><row r="7"><c r="C7"><v>7</v></c></row>
            """
        let rows = try Read.rows(XLSXBytes.single(data, sharedStrings: ["<t></t>"]))
        let numbers = rows.map(\.number)
        #expect(numbers == [1, 7])
        #expect(rows[1].cells == [SheetCell(column: 3, value: .number(7))])
    }

    @Test func columnsUpToXFD() throws {
        let data = "<row r=\"1\"><c r=\"Z1\"><v>1</v></c><c r=\"AA1\"><v>2</v></c><c r=\"XFD1\"><v>3</v></c></row>"
        let rows = try Read.rows(XLSXBytes.single(data))
        let columns = rows[0].cells.map(\.column)
        #expect(columns == [26, 27, 16_384])
    }

    @Test func cellsOutOfOrderAreSorted() throws {
        let data = "<row r=\"1\"><c r=\"C1\"><v>3</v></c><c r=\"A1\"><v>1</v></c><c r=\"C1\"><v>4</v></c></row>"
        let rows = try Read.rows(XLSXBytes.single(data))
        #expect(rows[0].cells == [SheetCell(column: 1, value: .number(1)), SheetCell(column: 3, value: .number(4))])
    }

    @Test func mergedCells() throws {
        let xml = XLSXBytes.worksheet(
            "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>标题</t></is></c></row>",
            after: "<mergeCells count=\"2\"><mergeCell ref=\"A1:C1\"/><mergeCell ref=\"B3:B2\"/></mergeCells>")
        let book = try Workbook(xlsx: XLSXBytes.workbook([.init(name: "台账", xml: xml)]))
        let merges = try book.merges(sheet: 0)
        #expect(
            merges == [
                CellRange(firstRow: 1, firstColumn: 1, lastRow: 1, lastColumn: 3),
                CellRange(firstRow: 2, firstColumn: 2, lastRow: 3, lastColumn: 2),
            ])
        let none = try Workbook(xlsx: XLSXBytes.single("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>")).merges(sheet: 0)
        #expect(none.isEmpty)
    }

    @Test func secondAndHiddenSheetsInWorkbookOrder() throws {
        let one = XLSXBytes.worksheet("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>")
        let two = XLSXBytes.worksheet("<row r=\"2\"><c r=\"B2\" t=\"s\"><v>0</v></c></row>")
        let bytes = XLSXBytes.workbook(
            [
                .init(name: "汇总", xml: one), .init(name: "隐藏", xml: one, hidden: true),
                .init(name: "明细&amp;附表", xml: two),
            ],
            sharedStrings: ["<t>第二张</t>"])
        let book = try Workbook(xlsx: bytes)
        #expect(book.sheetNames == ["汇总", "隐藏", "明细&附表"])
        let rows = try Read.rows(bytes, sheet: 2)
        #expect(rows == [SheetRow(number: 2, cells: [SheetCell(column: 2, value: .text("第二张"))])])
        let missing = Read.failure { _ = try Read.rows(bytes, sheet: 3) }
        #expect(missing?.kind == .notSpreadsheet)
    }

    @Test func rowsAfterMergesReadTheSameSheet() throws {
        let one = XLSXBytes.worksheet(
            "<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>", after: "<mergeCells><mergeCell ref=\"A1:B1\"/></mergeCells>")
        let two = XLSXBytes.worksheet("<row r=\"2\"><c r=\"A2\"><v>2</v></c></row>")
        let book = try Workbook(xlsx: XLSXBytes.workbook([.init(name: "一", xml: one), .init(name: "二", xml: two)]))
        var seen: [Int] = []
        let firstMerges = try book.merges(sheet: 0)
        _ = try book.merges(sheet: 1)
        try book.rows(sheet: 0) { seen.append($0.number) }  // not the sheet merges last read
        _ = try book.merges(sheet: 1)
        try book.rows(sheet: 1) { seen.append($0.number) }
        try book.rows(sheet: 1) { seen.append($0.number) }  // a sheet can be read again
        #expect(firstMerges.count == 1)
        #expect(seen == [1, 2, 2])
    }

    @Test func absoluteRelationshipTargets() throws {
        let sheet = XLSXBytes.Sheet(
            name: "S", xml: XLSXBytes.worksheet("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>"))
        let bytes = XLSXBytes.workbook([sheet], sharedStrings: ["<t>绝对路径</t>"], absolute: true)
        let rows = try Read.rows(bytes)
        #expect(rows[0].cells == [SheetCell(column: 1, value: .text("绝对路径"))])
    }

    @Test func workbookFoundThroughRootRelationships() throws {
        // A writer that names the workbook part differently; only _rels/.rels says where it is.
        let rels = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        let bytes = ZipBytes.zip([
            .init(
                "_rels/.rels",
                "<Relationships xmlns=\"\(XLSXBytes.packageRelNS)\"><Relationship Id=\"R1\" Type=\"\(rels)/officeDocument\" Target=\"/book/main.xml\"/></Relationships>"
            ),
            .init(
                "book/main.xml",
                "<workbook xmlns:r=\"\(rels)\"><sheets><sheet name=\"表\" sheetId=\"1\" r:id=\"a\"/></sheets></workbook>"
            ),
            .init(
                "book/_rels/main.xml.rels",
                "<Relationships><Relationship Id=\"a\" Type=\"\(rels)/worksheet\" Target=\"../data/s.xml\"/></Relationships>"
            ),
            .init("data/s.xml", XLSXBytes.worksheet("<row r=\"1\"><c r=\"A1\"><v>9</v></c></row>")),
        ])
        let rows = try Read.rows(bytes)
        #expect(rows == [SheetRow(number: 1, cells: [SheetCell(column: 1, value: .number(9))])])
    }

    @Test func namespacePrefixesAndStrictOOXML() throws {
        let strictMain = "http://purl.oclc.org/ooxml/spreadsheetml/main"
        let strictRel = "http://purl.oclc.org/ooxml/officeDocument/relationships"
        let sheet = """
            <x:worksheet xmlns:x="\(strictMain)"><x:sheetData><x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c>\
            <x:c r="B1" t="inlineStr"><x:is><x:t>前缀</x:t></x:is></x:c></x:row></x:sheetData>\
            <x:mergeCells><x:mergeCell ref="A1:B1"/></x:mergeCells></x:worksheet>
            """
        let bytes = ZipBytes.zip([
            .init(
                "_rels/.rels",
                "<Relationships xmlns=\"\(XLSXBytes.packageRelNS)\"><Relationship Id=\"rId1\" Type=\"\(strictRel)/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"
            ),
            .init(
                "xl/workbook.xml",
                "<x:workbook xmlns:x=\"\(strictMain)\" xmlns:r=\"\(strictRel)\"><x:sheets><x:sheet name=\"严格\" sheetId=\"1\" r:id=\"rId1\"/></x:sheets></x:workbook>",
                deflated: true),
            .init(
                "xl/_rels/workbook.xml.rels",
                "<Relationships xmlns=\"\(XLSXBytes.packageRelNS)\"><Relationship Id=\"rId1\" Type=\"\(strictRel)/worksheet\" Target=\"worksheets/sheet1.xml\"/><Relationship Id=\"rId2\" Type=\"\(strictRel)/sharedStrings\" Target=\"sharedStrings.xml\"/></Relationships>"
            ),
            .init("xl/worksheets/sheet1.xml", sheet, deflated: true),
            .init("xl/sharedStrings.xml", "<x:sst xmlns:x=\"\(strictMain)\"><x:si><x:t>共享</x:t></x:si></x:sst>"),
        ])
        let book = try Workbook(xlsx: bytes)
        #expect(book.sheetNames == ["严格"])
        let rows = try Read.rows(bytes)
        #expect(rows[0].cells == [SheetCell(column: 1, value: .text("共享")), SheetCell(column: 2, value: .text("前缀"))])
        let merges = try book.merges(sheet: 0)
        #expect(merges == [CellRange(firstRow: 1, firstColumn: 1, lastRow: 1, lastColumn: 2)])
    }

    @Test func storedAndDeflatedPartsReadAlike() throws {
        let data = "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\"><v>2.5</v></c></row>"
        let sheets = [XLSXBytes.Sheet(name: "S", xml: XLSXBytes.worksheet(data))]
        let stored = try Read.rows(XLSXBytes.workbook(sheets, sharedStrings: ["<t>同</t>"], deflated: false))
        let deflated = try Read.rows(XLSXBytes.workbook(sheets, sharedStrings: ["<t>同</t>"], deflated: true))
        #expect(stored == deflated)
        #expect(stored.count == 1)
    }

    @Test func bodyErrorsStopTheReadAndAreRethrown() throws {
        struct Stop: Error {}
        let bytes = XLSXBytes.single(
            "<row r=\"1\"><c r=\"A1\"><v>1</v></c></row><row r=\"2\"><c r=\"A2\"><v>2</v></c></row>")
        let book = try Workbook(xlsx: bytes)
        var seen = 0
        do {
            try book.rows(sheet: 0) { _ in
                seen += 1
                throw Stop()
            }
            Issue.record("the body's error was swallowed")
        } catch is Stop {}
        #expect(seen == 1)
    }

    @Test func workbookWithoutStylesOrStrings() throws {
        let bytes = XLSXBytes.single("<row r=\"1\"><c r=\"A1\" s=\"3\"><v>43708</v></c></row>")
        let rows = try Read.rows(bytes)
        #expect(rows[0].cells == [SheetCell(column: 1, value: .number(43708))])
    }
}

@Suite struct CSVReaderTests {
    @Test func quotesNewlinesAndLineEnds() throws {
        let text = "序号,问题,单位\r\n1,\"含有,逗号\",\"他说\"\"好\"\"\"\n2,\"两\r\n行\",县局\r3,,\n"
        let rows = try Read.csv(text)
        let numbers = rows.map(\.number)
        #expect(numbers == [1, 2, 3, 4])
        #expect(Read.values(rows[1]) == ["A": .text("1"), "B": .text("含有,逗号"), "C": .text("他说\"好\"")])
        #expect(Read.values(rows[2]) == ["A": .text("2"), "B": .text("两\r\n行"), "C": .text("县局")])
        #expect(rows[3].cells == [SheetCell(column: 1, value: .text("3"))])
    }

    @Test func byteOrderMarkIsStripped() throws {
        let rows = try Read.csv([0xEF, 0xBB, 0xBF] + Array("问题,状态\n".utf8))
        #expect(rows[0].cells.first == SheetCell(column: 1, value: .text("问题")))
    }

    @Test func semicolonAndTabSeparators() throws {
        let semicolon = try Read.csv("a;b;\"c;d\"\n1;2;3")
        #expect(Read.values(semicolon[0]) == ["A": .text("a"), "B": .text("b"), "C": .text("c;d")])
        let tab = try Read.csv("甲\t乙\n1\t2,3")
        #expect(Read.values(tab[1]) == ["A": .text("1"), "B": .text("2,3")])
        let comma = try Read.csv("a,b;c\n")
        #expect(Read.values(comma[0]) == ["A": .text("a"), "B": .text("b;c")])
    }

    @Test func emptyFieldsAndRowsAreLeftOut() throws {
        let rows = try Read.csv(",,\n\n ,x,,\n\"\",\"\"\n,y")
        let numbers = rows.map(\.number)
        #expect(numbers == [3, 5])
        #expect(rows[0].cells == [SheetCell(column: 1, value: .text(" ")), SheetCell(column: 2, value: .text("x"))])
        #expect(rows[1].cells == [SheetCell(column: 2, value: .text("y"))])
    }

    @Test func utf16WithByteOrderMark() throws {
        var bytes: [UInt8] = [0xFF, 0xFE]
        for unit in "问题\t状态\r\n整改\t完成".utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        let rows = try Read.csv(bytes)
        #expect(Read.values(rows[1]) == ["A": .text("整改"), "B": .text("完成")])
    }

    @Test func everyFieldIsText() throws {
        let rows = try Read.csv("2019/8/31,0012,3.50,TRUE")
        let values = rows[0].cells.map(\.value)
        #expect(values == [.text("2019/8/31"), .text("0012"), .text("3.50"), .text("TRUE")])
    }
}
