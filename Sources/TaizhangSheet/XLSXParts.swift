/// The small parts of a workbook package around its sheets: content types, relationships,
/// document properties and xl/workbook.xml.
enum XLSXParts {
    struct Sheet {
        var name: String
        var hidden: Bool
        var autoFilter: CellRange?
        var repeatRows: ClosedRange<Int>?
    }

    static let header = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    static let mainNamespace = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let relationshipNamespace = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    private static let packageRelationships = "http://schemas.openxmlformats.org/package/2006/relationships"
    private static let officeTypes = "application/vnd.openxmlformats-officedocument"

    static let rootRelationships =
        header + "<Relationships xmlns=\"\(packageRelationships)\">"
        + "<Relationship Id=\"rId1\" Type=\"\(relationshipNamespace)/officeDocument\" Target=\"xl/workbook.xml\"/>"
        + "<Relationship Id=\"rId2\" Type=\"\(packageRelationships)/metadata/core-properties\" "
        + "Target=\"docProps/core.xml\"/>"
        + "<Relationship Id=\"rId3\" Type=\"\(relationshipNamespace)/extended-properties\" Target=\"docProps/app.xml\"/>"
        + "</Relationships>"

    static let app =
        header
        + "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\" "
        + "xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\">"
        + "<Application>Taizhang</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>"
        + "</Properties>"

    /// docProps/core.xml, created and modified at the caller's time (W3CDTF with its offset).
    static func core(_ time: SheetTimestamp, utcOffsetMinutes: Int) -> String {
        let offset: String
        if utcOffsetMinutes == 0 {
            offset = "Z"
        } else {
            let minutes = abs(utcOffsetMinutes)
            offset = (utcOffsetMinutes < 0 ? "-" : "+") + pad(minutes / 60, 2) + ":" + pad(minutes % 60, 2)
        }
        let stamp =
            pad(time.year, 4) + "-" + pad(time.month, 2) + "-" + pad(time.day, 2) + "T" + pad(time.hour, 2) + ":"
            + pad(time.minute, 2) + ":" + pad(time.second, 2) + offset
        return header
            + "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" "
            + "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" "
            + "xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
            + "<dc:creator>Taizhang</dc:creator>"
            + "<dcterms:created xsi:type=\"dcterms:W3CDTF\">\(stamp)</dcterms:created>"
            + "<dcterms:modified xsi:type=\"dcterms:W3CDTF\">\(stamp)</dcterms:modified>"
            + "</cp:coreProperties>"
    }

    static func contentTypes(sheetCount: Int) -> String {
        var out =
            header + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
            + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
            + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
            + "<Override PartName=\"/xl/workbook.xml\" ContentType=\"\(officeTypes).spreadsheetml.sheet.main+xml\"/>"
        for n in 0..<sheetCount {
            out +=
                "<Override PartName=\"/xl/worksheets/sheet\(n + 1).xml\" "
                + "ContentType=\"\(officeTypes).spreadsheetml.worksheet+xml\"/>"
        }
        out +=
            "<Override PartName=\"/xl/styles.xml\" ContentType=\"\(officeTypes).spreadsheetml.styles+xml\"/>"
            + "<Override PartName=\"/docProps/core.xml\" "
            + "ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>"
            + "<Override PartName=\"/docProps/app.xml\" ContentType=\"\(officeTypes).extended-properties+xml\"/>"
            + "</Types>"
        return out
    }

    static func workbookRelationships(sheetCount: Int) -> String {
        var out = header + "<Relationships xmlns=\"\(packageRelationships)\">"
        for n in 0..<sheetCount {
            out +=
                "<Relationship Id=\"rId\(n + 1)\" Type=\"\(relationshipNamespace)/worksheet\" "
                + "Target=\"worksheets/sheet\(n + 1).xml\"/>"
        }
        out +=
            "<Relationship Id=\"rId\(sheetCount + 1)\" Type=\"\(relationshipNamespace)/styles\" Target=\"styles.xml\"/>"
            + "</Relationships>"
        return out
    }

    /// xl/workbook.xml: the sheets in order, the first visible one active, and the defined
    /// names (filter ranges, print titles), sorted by name and sheet as Excel keeps them.
    static func workbook(_ sheets: [Sheet]) -> String {
        let active = sheets.firstIndex { !$0.hidden } ?? 0
        var out =
            header + "<workbook xmlns=\"\(mainNamespace)\" xmlns:r=\"\(relationshipNamespace)\">"
            + "<workbookPr/><bookViews><workbookView xWindow=\"0\" yWindow=\"0\" windowWidth=\"28800\" "
            + "windowHeight=\"15000\" activeTab=\"\(active)\"/></bookViews><sheets>"
        for (index, sheet) in sheets.enumerated() {
            out +=
                "<sheet name=\"\(XLSXText.attribute(sheet.name))\" sheetId=\"\(index + 1)\""
                + (sheet.hidden ? " state=\"hidden\"" : "") + " r:id=\"rId\(index + 1)\"/>"
        }
        out += "</sheets>"
        var names: [(name: String, sheet: Int, hidden: Bool, formula: String)] = []
        for (index, sheet) in sheets.enumerated() {
            let quoted = XLSXSheetName.quoted(sheet.name)
            if let filter = sheet.autoFilter {
                names.append(("_xlnm._FilterDatabase", index, true, quoted + "!" + reference(filter, absolute: true)))
            }
            if let rows = sheet.repeatRows {
                names.append(("_xlnm.Print_Titles", index, false, quoted + "!$\(rows.lowerBound):$\(rows.upperBound)"))
            }
        }
        names.sort { ($0.name, $0.sheet) < ($1.name, $1.sheet) }
        if !names.isEmpty {
            out += "<definedNames>"
            for name in names {
                out +=
                    "<definedName name=\"\(name.name)\" localSheetId=\"\(name.sheet)\""
                    + (name.hidden ? " hidden=\"1\"" : "") + ">\(XLSXText.content(name.formula))</definedName>"
            }
            out += "</definedNames>"
        }
        return out + "</workbook>"
    }

    /// `A1`, `A1:S1`, or with `absolute` `$A$1:$S$1` (a one-cell range as one cell).
    static func reference(_ range: CellRange, absolute: Bool = false) -> String {
        let dollar = absolute ? "$" : ""
        let first = dollar + ColumnName.letters(range.firstColumn) + dollar + String(range.firstRow)
        if range.firstRow == range.lastRow && range.firstColumn == range.lastColumn { return first }
        return first + ":" + dollar + ColumnName.letters(range.lastColumn) + dollar + String(range.lastRow)
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(max(0, value))
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
