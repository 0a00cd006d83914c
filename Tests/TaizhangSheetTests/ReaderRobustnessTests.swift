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
        // What happened, not the package's limit: the part outgrows what the file itself declares.
        #expect(error?.zh.contains("xl/worksheets/sheet1.xml") == true)
        #expect(error?.zh.contains("声明") == true)
        #expect(error?.zh.contains("MB") == false)
        #expect(error?.en.contains("declares") == true)
    }

    // MARK: Zip bombs

    @Test func zipBombOfZerosIsRefusedBeforeInflating() throws {
        // 500 MiB of zeros in 0.5 MB (1,032 to 1), honestly declared, at the default limits: refused
        // from the directory. Inflating it would take seconds and 500 MiB, and end in a NUL refusal.
        let size = 500 << 20
        let bomb = Self.withSheet(Self.zeroBomb(size), declaring: size)
        #expect(bomb.count < 600_000)
        let book = try Workbook(xlsx: bomb)
        let clock = ContinuousClock()
        let start = clock.now
        let error = Read.failure { try book.rows(sheet: 0) { _ in } }
        let merges = Read.failure { _ = try book.merges(sheet: 0) }
        let elapsed = clock.now - start
        #expect(error?.kind == .tooLarge)
        #expect(error?.zh.contains("xl/worksheets/sheet1.xml") == true)
        #expect(error?.zh.contains("压缩炸弹") == true)
        #expect(error?.en.contains("xl/worksheets/sheet1.xml") == true)
        #expect(error?.en.contains("zip bomb") == true)
        #expect(merges == error)
        #expect(elapsed < .seconds(2))

        // The same directory over data that is not deflate at all: had anything been inflated, the
        // refusal would be damage; it is the expansion, so nothing was.
        let garbage = [UInt8](repeating: 0xFF, count: Self.zeroBomb(size).count)
        let unread = try Workbook(xlsx: Self.withSheet(garbage, declaring: size))
        let unreadError = Read.failure { try unread.rows(sheet: 0) { _ in } }
        #expect(unreadError?.kind == .tooLarge)
        #expect(unreadError?.en.contains("zip bomb") == true)
    }

    @Test func expansionRatioIsBoundedOnlyForLargeParts() throws {
        // 24 MiB of zeros: past the 16 MiB below which any ratio is let through.
        let size = 24 << 20
        let bomb = Self.withSheet(Self.zeroBomb(size), declaring: size)
        let refused = Read.failure { _ = try Read.rows(bomb) }
        #expect(refused?.kind == .tooLarge)
        #expect(refused?.en.contains("zip bomb") == true)

        // With the bound raised it is inflated, and then it is not XML: NUL bytes are damage.
        var lenient = SheetLimits()
        lenient.maxExpansionRatio = 2_000
        let inflated = Read.failure { _ = try Read.rows(bomb, limits: lenient) }
        #expect(inflated?.kind == .damaged)
        #expect(inflated?.en.contains("NUL") == true)

        // A small part is not bounded by its ratio (1 MiB of zeros, 1,000 to 1): read, and refused as damage.
        let small = Self.withSheet(Self.zeroBomb(1 << 20), declaring: 1 << 20)
        let archive = try ZipArchive(small)
        let entry = try #require(archive.entry(named: "xl/worksheets/sheet1.xml"))
        #expect(entry.compressedSize * 1_000 < entry.uncompressedSize)
        #expect(try archive.data(of: entry) == [UInt8](repeating: 0, count: 1 << 20))
        let smallError = Read.failure { _ = try Read.rows(small) }
        #expect(smallError?.kind == .damaged)

        // A real sheet of more than 16 MiB, stored (1 to 1), is read.
        let row = "<row><c t=\"inlineStr\"><is><t>学校食堂卫生不达标</t></is></c><c><v>42</v></c></row>"
        let rows = 17 << 20 / row.utf8.count + 1
        let big = XLSXBytes.single(String(repeating: row, count: rows), deflated: false)
        var count = 0
        try Workbook(xlsx: big).rows(sheet: 0) { _ in count += 1 }
        #expect(count == rows)
    }

    // MARK: Parts that are not XML

    @Test func partsWithoutARootElementAreDamage() throws {
        let parts = [
            "", "   \n\t\r\n  ", "just some text, no tags", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
            "<?xml version=\"1.0\"?><!-- only a comment --> ",
        ]
        let good = XLSXBytes.single("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>")
        for part in parts {
            let sheet = Self.replacing(good, part: "xl/worksheets/sheet1.xml") { part }
            let book = try Workbook(xlsx: sheet)
            let rows = Read.failure { try book.rows(sheet: 0) { _ in } }
            #expect(rows?.kind == .damaged, "\(part.debugDescription)")
            #expect(rows?.en.contains("no XML") == true, "\(part.debugDescription)")
            #expect(rows?.zh.contains("不是 XML") == true, "\(part.debugDescription)")
            let merges = Read.failure { _ = try book.merges(sheet: 0) }
            #expect(merges?.kind == .damaged, "\(part.debugDescription)")

            let workbook = Self.replacing(good, part: "xl/workbook.xml") { part }
            let opened = Read.failure { _ = try Workbook(xlsx: workbook) }
            #expect(opened?.kind == .damaged, "\(part.debugDescription)")
        }
        // The smallest sheet with a root still reads, as no rows.
        let bare = Self.replacing(good, part: "xl/worksheets/sheet1.xml") { "<worksheet/>" }
        #expect(try Read.rows(bare).isEmpty)
    }

    @Test func nulBytesAreDamage() throws {
        let good = XLSXBytes.single("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>")
        let sheets = [
            XLSXBytes.worksheet("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>a\u{0}b</t></is></c></row>"),
            XLSXBytes.worksheet("<row r=\"1\"><c\u{0}r=\"A1\"><v>1</v></c></row>"),
            XLSXBytes.worksheet("<row r=\"1\"><c r=\"A\u{0}1\"><v>1</v></c></row>"),
            XLSXBytes.worksheet("<row r=\"1\"><!-- \u{0} --><c r=\"A1\"><v>1</v></c></row>"),
            XLSXBytes.worksheet("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>") + "\u{0}\u{0}\u{0}\u{0}",
            "\u{0}" + XLSXBytes.worksheet("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>"),
            String(repeating: "\u{0}", count: 4_096),
        ]
        for xml in sheets {
            let bytes = Self.replacing(good, part: "xl/worksheets/sheet1.xml") { xml }
            let error = Read.failure { _ = try Read.rows(bytes) }
            #expect(error?.kind == .damaged, "\(xml.debugDescription)")
            #expect(error?.en.contains("NUL") == true, "\(xml.debugDescription)")
            #expect(error?.zh.contains("零字节") == true, "\(xml.debugDescription)")
        }

        // In the shared strings, and in a UTF-16 part (U+0000 written as two zero bytes).
        let shared = XLSXBytes.single(
            "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>", sharedStrings: ["<t>x\u{0}</t>"])
        let sharedError = Read.failure { _ = try Workbook(xlsx: shared) }
        #expect(sharedError?.kind == .damaged)
        var entries = Self.entries(good)
        let index = try #require(Self.index(of: "xl/worksheets/sheet1.xml", in: entries))
        let xml = XLSXBytes.worksheet("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>宽\u{0}</t></is></c></row>")
        var utf16: [UInt8] = [0xFF, 0xFE]
        for unit in xml.utf16 { utf16 += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        entries[index] = .init("xl/worksheets/sheet1.xml", utf16)
        let utf16Error = Read.failure { _ = try Read.rows(ZipBytes.zip(entries)) }
        #expect(utf16Error?.kind == .damaged)
        #expect(utf16Error?.en.contains("NUL") == true)
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

    /// A one-sheet workbook whose sheet part is this deflate stream, declared to expand to `size`.
    static func withSheet(_ deflate: [UInt8], declaring size: Int) -> [UInt8] {
        var all = entries(XLSXBytes.single("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>"))
        guard let i = index(of: "xl/worksheets/sheet1.xml", in: all) else { return [] }
        all[i] = .init("xl/worksheets/sheet1.xml", [UInt8]())
        all[i].rawDeflate = deflate
        all[i].declaredSize = size
        return ZipBytes.zip(all)
    }

    /// `size` zero bytes as zlib's best compression makes them: one dynamic-Huffman block whose
    /// match of 258 bytes at distance 1 costs two bits (1,032 to 1, deflate's limit).
    static func zeroBomb(_ size: Int) -> [UInt8] {
        var w = ZipBytes.DeflateBits()
        w.write(1, 1)  // final block
        w.write(2, 2)  // dynamic codes
        w.write(29, 5)  // 286 literal/length codes (up to 285, length 258)
        w.write(1, 5)  // 2 distance codes
        w.write(14, 4)  // 18 code length codes, in the order 16 17 18 0 8 7 9 6 10 5 11 4 12 3 13 2 14 1
        let codeLengthOrder = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1]
        // Code lengths 0, 1, 2 and 18 (a run of zeros) get two-bit codes 00, 01, 10, 11.
        for symbol in codeLengthOrder { w.write([0, 1, 2, 18].contains(symbol) ? 2 : 0, 3) }
        let lengthCode: [Int: Int] = [0: 0b00, 1: 0b01, 2: 0b10, 18: 0b11]
        func length(_ n: Int) { w.code(lengthCode[n] ?? 0, length: 2) }
        func zeros(_ n: Int) {
            w.code(lengthCode[18] ?? 0, length: 2)
            w.write(n - 11, 7)
        }
        // Literal 0 and end of block: two bits (10, 11); length 258: one bit (0). Distances 1 and 2: one bit each.
        length(2)
        zeros(138)
        zeros(117)
        length(2)
        zeros(28)
        length(1)
        length(1)
        length(1)
        w.code(0b10, length: 2)  // literal 0
        var left = size - 1
        while left >= 16 * 258 {
            w.write(0, 32)  // sixteen matches at once
            left -= 16 * 258
        }
        while left >= 258 {
            w.write(0, 2)  // length 258 (0), distance 1 (0)
            left -= 258
        }
        for _ in 0..<left { w.code(0b10, length: 2) }
        w.code(0b11, length: 2)  // end of block
        return w.finish()
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
