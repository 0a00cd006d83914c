import TaizhangSheet

/// Minimal .xlsx packages written by hand, part by part, the way Excel lays them out.
enum XLSXBytes {
    static let mainNS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let relNS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    static let relType = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    static let packageRelNS = "http://schemas.openxmlformats.org/package/2006/relationships"

    struct Sheet {
        var name: String
        var xml: String
        var hidden = false
    }

    /// A workbook with its sheets, optional shared strings (the inner XML of each `<si>`) and
    /// styles part. `absolute` writes the relationship targets as `/xl/worksheets/…`.
    static func workbook(
        _ sheets: [Sheet], sharedStrings: [String]? = nil, styles: String? = nil, workbookPr: String = "",
        absolute: Bool = false, deflated: Bool = true
    ) -> [UInt8] {
        var entries: [ZipBytes.Entry] = []
        let prefix = absolute ? "/xl/" : ""
        var rels = ""
        var sheetList = ""
        for (i, sheet) in sheets.enumerated() {
            rels +=
                "<Relationship Id=\"rId\(i + 1)\" Type=\"\(relType)/worksheet\" Target=\"\(prefix)worksheets/sheet\(i + 1).xml\"/>"
            let state = sheet.hidden ? " state=\"hidden\"" : ""
            sheetList += "<sheet name=\"\(sheet.name)\" sheetId=\"\(i + 1)\"\(state) r:id=\"rId\(i + 1)\"/>"
            entries.append(.init("xl/worksheets/sheet\(i + 1).xml", sheet.xml, deflated: deflated))
        }
        if let sharedStrings {
            rels +=
                "<Relationship Id=\"rIdS\" Type=\"\(relType)/sharedStrings\" Target=\"\(prefix)sharedStrings.xml\"/>"
            entries.append(.init("xl/sharedStrings.xml", sst(sharedStrings), deflated: deflated))
        }
        if let styles {
            rels += "<Relationship Id=\"rIdT\" Type=\"\(relType)/styles\" Target=\"\(prefix)styles.xml\"/>"
            entries.append(.init("xl/styles.xml", styles, deflated: deflated))
        }
        let workbook =
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<workbook xmlns=\"\(mainNS)\" xmlns:r=\"\(relNS)\">\(workbookPr)<sheets>\(sheetList)</sheets></workbook>"
        let head: [ZipBytes.Entry] = [
            .init("[Content_Types].xml", "<?xml version=\"1.0\"?><Types/>"),
            .init(
                "_rels/.rels",
                "<Relationships xmlns=\"\(packageRelNS)\"><Relationship Id=\"rId1\" Type=\"\(relType)/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"
            ),
            .init("xl/workbook.xml", workbook, deflated: deflated),
            .init("xl/_rels/workbook.xml.rels", "<Relationships xmlns=\"\(packageRelNS)\">\(rels)</Relationships>"),
        ]
        return ZipBytes.zip(head + entries)
    }

    static func single(
        _ sheetData: String, sharedStrings: [String]? = nil, styles: String? = nil, deflated: Bool = true
    ) -> [UInt8] {
        workbook(
            [Sheet(name: "Sheet1", xml: worksheet(sheetData))], sharedStrings: sharedStrings, styles: styles,
            deflated: deflated)
    }

    /// A worksheet around the rows; `after` goes after `</sheetData>` (merges and the like).
    static func worksheet(_ rows: String, after: String = "") -> String {
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<worksheet xmlns=\"\(mainNS)\" xmlns:r=\"\(relNS)\"><dimension ref=\"A1\"/><sheetData>\(rows)</sheetData>\(after)</worksheet>"
    }

    static func sst(_ items: [String]) -> String {
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><sst xmlns=\"\(mainNS)\" count=\"\(items.count)\" uniqueCount=\"\(items.count)\">"
            + items.map { "<si>\($0)</si>" }.joined() + "</sst>"
    }

    /// A styles part: custom formats, then one `<xf>` per entry of `cellXfs` with that numFmtId.
    static func styles(numFmts: [(Int, String)], cellXfs: [Int]) -> String {
        let formats = numFmts.map { "<numFmt numFmtId=\"\($0.0)\" formatCode=\"\(escape($0.1))\"/>" }.joined()
        let xfs = cellXfs.map { "<xf numFmtId=\"\($0)\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>" }
            .joined()
        return
            "<styleSheet xmlns=\"\(mainNS)\"><numFmts count=\"\(numFmts.count)\">\(formats)</numFmts><cellStyleXfs count=\"1\"><xf numFmtId=\"14\"/></cellStyleXfs><cellXfs count=\"\(cellXfs.count)\">\(xfs)</cellXfs></styleSheet>"
    }

    static func escape(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case "\"": out += "&quot;"
            default: out.append(c)
            }
        }
        return out
    }
}

/// Reading helpers: every row of a sheet, or the SheetError a read ends with.
enum Read {
    static func rows(_ bytes: [UInt8], sheet: Int = 0, limits: SheetLimits = .init()) throws -> [SheetRow] {
        let book = try Workbook(xlsx: bytes, limits: limits)
        var rows: [SheetRow] = []
        try book.rows(sheet: sheet) { rows.append($0) }
        return rows
    }

    static func csv(_ bytes: [UInt8], limits: SheetLimits = .init()) throws -> [SheetRow] {
        var rows: [SheetRow] = []
        try CSVReader.rows(bytes, limits: limits) { rows.append($0) }
        return rows
    }

    static func csv(_ text: String, limits: SheetLimits = .init()) throws -> [SheetRow] {
        try csv(Array(text.utf8), limits: limits)
    }

    /// The SheetError the body throws; nil when it succeeds or throws something else.
    static func failure(_ body: () throws -> Void) -> SheetError? {
        do {
            try body()
            return nil
        } catch let error as SheetError {
            return error
        } catch {
            return nil
        }
    }

    /// The values of a row, keyed by column letters, for compact expectations.
    static func values(_ row: SheetRow) -> [String: CellValue] {
        var out: [String: CellValue] = [:]
        for cell in row.cells { out[ColumnName.letters(cell.column)] = cell.value }
        return out
    }
}
