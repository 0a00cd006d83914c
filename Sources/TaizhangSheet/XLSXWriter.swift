/// A workbook written as a stream: sheets one after another, rows one after another, each row's
/// XML built straight into bytes and deflated into the zip in chunks of about 64 KiB, so a
/// sheet of any length is never held whole in memory and the sink is called per chunk.
///
/// Text is written as inline strings: a shared-string table would have to hold every distinct
/// text of the export until the end. Excel, WPS, LibreOffice and openpyxl read both.
///
/// Each worksheet has no `<dimension>` (it is optional): it comes before the rows, whose count
/// is known only after them, and a wrong one misleads readers more than none.
///
/// Use: `beginSheet`, `row`… , `endSheet`, again for each sheet, then `finish`. Misuse (a row
/// outside a sheet, `finish` with a sheet open or with no visible sheet) throws, as do bounds
/// Excel cannot open: more than 1,048,576 rows or 16,384 columns, a file past 4 GiB.
public final class XLSXWriter {
    private static let chunk = 64 << 10
    private static let maxRows = 1_048_576
    private static let maxColumns = 16_384

    private let zip: ZipWriter
    private let modified: SheetTimestamp
    private let utcOffsetMinutes: Int
    private var sheets: [XLSXParts.Sheet] = []
    private var xml: [UInt8] = []
    /// What follows `<sheetData>` in the open sheet, made when it began (bad ranges fail early).
    private var tail: [UInt8] = []
    private var sheetOpen = false
    private var started = false
    private var finished = false
    private var rowNumber = 0

    /// - Parameters:
    ///   - modified: the export time, for the zip entries and docProps/core.xml.
    ///   - utcOffsetMinutes: the offset of that time from UTC (480 for China), for docProps.
    ///   - compressionLevel: zlib's level, 1 (fastest) to 9.
    ///   - compressionThreads: blocks deflated at once (see `ZipWriter`); 1 keeps to the caller's thread.
    ///   - sink: takes the file's bytes in order, in chunks of about 64 KiB.
    public init(
        modified: SheetTimestamp, utcOffsetMinutes: Int = 0, compressionLevel: Int32 = ZipWriter.defaultLevel,
        compressionThreads: Int = ZipWriter.defaultThreads, sink: @escaping ([UInt8]) throws -> Void
    ) {
        self.modified = modified
        self.utcOffsetMinutes = utcOffsetMinutes
        zip = ZipWriter(modified: modified, level: compressionLevel, threads: compressionThreads, sink: sink)
        xml.reserveCapacity(Self.chunk + (16 << 10))
    }

    /// A sheet name as formulas write it, in quotes: `'单位 A'`, for a validation's `source`.
    public static func quotedSheetName(_ name: String) -> String {
        XLSXSheetName.quoted(name)
    }

    /// Starts a sheet; returns its name as written (made valid and unique, see `SheetSetup.name`).
    @discardableResult
    public func beginSheet(_ setup: SheetSetup) throws -> String {
        guard !finished, !sheetOpen else { throw ZipWriter.misuse("beginSheet with a sheet open or after finish") }
        if !started {
            // The package's relationships first: tools that sniff a zip's first entry take it for OOXML.
            try part("_rels/.rels", XLSXParts.rootRelationships)
            try part("docProps/core.xml", XLSXParts.core(modified, utcOffsetMinutes: utcOffsetMinutes))
            try part("docProps/app.xml", XLSXParts.app)
            started = true
        }
        let name = XLSXSheetName.sanitized(setup.name, taken: sheets.map(\.name), position: sheets.count + 1)
        tail = try Self.tail(setup)
        let selected = !setup.hidden && !sheets.contains { !$0.hidden }
        let head = try Self.head(setup, selected: selected)
        sheets.append(
            XLSXParts.Sheet(
                name: name, hidden: setup.hidden, autoFilter: setup.autoFilter.map(Self.ordered),
                repeatRows: setup.repeatRows))
        try zip.addEntry(name: "xl/worksheets/sheet\(sheets.count).xml")
        xml.append(contentsOf: head.utf8)
        sheetOpen = true
        rowNumber = 0
        return name
    }

    /// Writes the next row (the first is row 1). Index 0 is column A; nil leaves the cell empty
    /// (no cell, no border); an empty text gives a cell with its style and no value.
    public func row(_ cells: [OutCell?], height: Double? = nil) throws {
        guard sheetOpen else { throw ZipWriter.misuse("a row written outside a sheet") }
        guard rowNumber < Self.maxRows, cells.count <= Self.maxColumns else { throw Self.tooLarge() }
        rowNumber += 1
        // The row is built in locals: every access to a class's stored property is checked for
        // exclusivity at run time, and that check per append cost as much as the escaping.
        var out: [UInt8] = []
        swap(&out, &xml)
        Self.appendRow(cells, number: rowNumber, height: height, to: &out)
        swap(&out, &xml)
        if xml.count >= Self.chunk { try flushXML() }
    }

    private static func appendRow(_ cells: [OutCell?], number: Int, height: Double?, to out: inout [UInt8]) {
        XLSXText.append("<row r=\"", to: &out)
        XLSXText.appendInt(number, to: &out)
        if let height, height.isFinite, height > 0 {
            XLSXText.append("\" ht=\"", to: &out)
            // Excel's highest row is 409 points.
            XLSXText.appendNumber(min(height, 409), to: &out)
            XLSXText.append("\" customHeight=\"1", to: &out)
        }
        XLSXText.append("\">", to: &out)
        for index in cells.indices {
            guard let cell = cells[index] else { continue }
            XLSXText.append("<c r=\"", to: &out)
            XLSXText.appendColumn(index, to: &out)
            XLSXText.appendInt(number, to: &out)
            XLSXText.append("\" s=\"", to: &out)
            switch cell.value {
            case .text(let text):
                out.append(UInt8(0x30 + XLSXStyleSheet.index(cell.style)))
                if text.isEmpty {
                    XLSXText.append("\"/>", to: &out)
                } else {
                    XLSXText.appendInlineString(text, to: &out)
                }
            case .number(let value):
                appendNumberCell(value, style: cell.style, to: &out)
            case .date(let serial):
                // A date shown as a bare serial number helps nobody: text styles become the date format.
                let style: CellStyle = cell.style == .text || cell.style == .wrapped ? .date : cell.style
                appendNumberCell(serial, style: style, to: &out)
            case .bool(let value):
                out.append(UInt8(0x30 + XLSXStyleSheet.index(cell.style)))
                XLSXText.append(value ? "\" t=\"b\"><v>1</v></c>" : "\" t=\"b\"><v>0</v></c>", to: &out)
            case .error(let code):
                out.append(UInt8(0x30 + XLSXStyleSheet.index(cell.style)))
                XLSXText.append("\" t=\"e\"><v>", to: &out)
                XLSXText.appendCellText(code, to: &out)
                XLSXText.append("</v></c>", to: &out)
            }
        }
        XLSXText.append("</row>", to: &out)
    }

    private static func appendNumberCell(_ value: Double, style: CellStyle, to out: inout [UInt8]) {
        out.append(UInt8(0x30 + XLSXStyleSheet.index(style)))
        guard value.isFinite else {
            // A cell cannot hold infinity or NaN; Excel shows its own error for such results.
            XLSXText.append("\" t=\"e\"><v>#NUM!</v></c>", to: &out)
            return
        }
        XLSXText.append("\"><v>", to: &out)
        XLSXText.appendNumber(value, to: &out)
        XLSXText.append("</v></c>", to: &out)
    }

    /// Ends the open sheet: filter, merges, drop-downs and page setup after its rows.
    public func endSheet() throws {
        guard sheetOpen else { throw ZipWriter.misuse("endSheet with no sheet open") }
        xml.append(contentsOf: tail)
        try flushXML()
        try zip.closeEntry()
        tail = []
        sheetOpen = false
    }

    /// Writes the workbook, its relationships, styles and content types, then the zip directory.
    public func finish() throws {
        guard !finished else { return }
        guard !sheetOpen else { throw ZipWriter.misuse("finish with a sheet open") }
        guard sheets.contains(where: { !$0.hidden }) else {
            throw ZipWriter.misuse("a workbook needs a visible sheet")
        }
        try part("xl/workbook.xml", XLSXParts.workbook(sheets))
        try part("xl/_rels/workbook.xml.rels", XLSXParts.workbookRelationships(sheetCount: sheets.count))
        try part("xl/styles.xml", XLSXStyleSheet.xml)
        try part("[Content_Types].xml", XLSXParts.contentTypes(sheetCount: sheets.count))
        try zip.finish()
        finished = true
    }

    private func flushXML() throws {
        try zip.write(xml)
        xml.removeAll(keepingCapacity: true)
    }

    private func part(_ name: String, _ text: String) throws {
        try zip.addEntry(name: name)
        try zip.write(Array(text.utf8))
        try zip.closeEntry()
    }

    private static func tooLarge() -> SheetError {
        SheetError(
            .tooLarge, zh: "工作表超过 Excel 的上限（1048576 行、16384 列）。",
            en: "The sheet passes Excel's bounds (1,048,576 rows, 16,384 columns).")
    }

    // MARK: - The sheet's XML before and after its rows

    private static func head(_ setup: SheetSetup, selected: Bool) throws -> String {
        guard setup.frozenRows >= 0, setup.frozenRows < maxRows, setup.columns.count <= maxColumns else {
            throw tooLarge()
        }
        var out =
            XLSXParts.header
            + "<worksheet xmlns=\"\(XLSXParts.mainNamespace)\" xmlns:r=\"\(XLSXParts.relationshipNamespace)\">"
            // fitToPage makes pageSetup's fitToWidth/fitToHeight count.
            + "<sheetPr><pageSetUpPr fitToPage=\"1\"/></sheetPr>"
            + "<sheetViews><sheetView workbookViewId=\"0\"" + (selected ? " tabSelected=\"1\"" : "") + ">"
        if setup.frozenRows > 0 {
            let first = "A\(setup.frozenRows + 1)"
            out +=
                "<pane ySplit=\"\(setup.frozenRows)\" topLeftCell=\"\(first)\" activePane=\"bottomLeft\" state=\"frozen\"/>"
                + "<selection pane=\"bottomLeft\" activeCell=\"\(first)\" sqref=\"\(first)\"/>"
        }
        out += "</sheetView></sheetViews><sheetFormatPr defaultRowHeight=\"\(XLSXStyleSheet.defaultRowHeight)\"/>"
        if !setup.columns.isEmpty {
            out += "<cols>"
            for (index, column) in setup.columns.enumerated() {
                // Excel's widest column is 255 characters.
                let width = column.width.isFinite ? max(0, min(255, column.width)) : 8.43
                var digits: [UInt8] = []
                XLSXText.appendNumber(width, to: &digits)
                out +=
                    "<col min=\"\(index + 1)\" max=\"\(index + 1)\" width=\"\(String(decoding: digits, as: UTF8.self))\""
                    + " customWidth=\"1\"" + (column.hidden ? " hidden=\"1\"" : "") + "/>"
            }
            out += "</cols>"
        }
        return out + "<sheetData>"
    }

    private static func tail(_ setup: SheetSetup) throws -> [UInt8] {
        var out = "</sheetData>"
        if let filter = setup.autoFilter {
            out += "<autoFilter ref=\"\(XLSXParts.reference(try checked(filter)))\"/>"
        }
        if !setup.merges.isEmpty {
            out += "<mergeCells count=\"\(setup.merges.count)\">"
            for merge in setup.merges {
                out += "<mergeCell ref=\"\(XLSXParts.reference(try checked(merge)))\"/>"
            }
            out += "</mergeCells>"
        }
        if !setup.validations.isEmpty {
            out += "<dataValidations count=\"\(setup.validations.count)\">"
            for validation in setup.validations {
                out += try Self.validation(validation)
            }
            out += "</dataValidations>"
        }
        if let rows = setup.repeatRows, rows.lowerBound < 1 || rows.upperBound > maxRows {
            throw tooLarge()
        }
        out +=
            "<pageMargins left=\"0.5\" right=\"0.5\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/>"
            + "<pageSetup paperSize=\"9\" orientation=\"\(setup.landscape ? "landscape" : "portrait")\""
            + " fitToWidth=\"1\" fitToHeight=\"0\"/>"
            // Page numbers at the foot of each printed page: 第 1 页，共 9 页.
            + "<headerFooter><oddFooter>&amp;C第 &amp;P 页，共 &amp;N 页</oddFooter></headerFooter>"
            + "</worksheet>"
        return Array(out.utf8)
    }

    /// A drop-down: type list, stop on other values, blanks allowed. showDropDown is left out
    /// on purpose: set to 1 it HIDES Excel's arrow (the attribute's sense is inverted).
    private static func validation(_ validation: ListValidation) throws -> String {
        let source = validation.source
        // Excel refuses a file whose literal list passes 255 characters (quotes not counted).
        if source.hasPrefix("\"") && source.utf16.count > 257 {
            throw SheetError(
                .tooLarge, zh: "下拉列表的选项过长（Excel 限 255 个字符），请改用工作表中的列表。",
                en: "A drop-down's literal list passes Excel's 255 characters; refer to a range of cells instead.")
        }
        var out = "<dataValidation type=\"list\" errorStyle=\"stop\" allowBlank=\"1\""
        if let prompt = validation.prompt {
            out += " showInputMessage=\"1\" prompt=\"\(XLSXText.attribute(fitted(prompt, 255)))\""
        }
        out += " showErrorMessage=\"1\""
        if let error = validation.error {
            out += " error=\"\(XLSXText.attribute(fitted(error, 255)))\""
        }
        let formula = source.hasPrefix("=") ? String(source.dropFirst()) : source
        out +=
            " sqref=\"\(XLSXParts.reference(try checked(validation.range)))\">"
            + "<formula1>\(XLSXText.content(formula))</formula1></dataValidation>"
        return out
    }

    /// The range with its corners in order, or an error when it leaves the sheet.
    private static func checked(_ range: CellRange) throws -> CellRange {
        let ordered = ordered(range)
        guard ordered.firstRow >= 1, ordered.lastRow <= maxRows, ordered.firstColumn >= 1,
            ordered.lastColumn <= maxColumns
        else { throw tooLarge() }
        return ordered
    }

    private static func ordered(_ range: CellRange) -> CellRange {
        CellRange(
            firstRow: min(range.firstRow, range.lastRow), firstColumn: min(range.firstColumn, range.lastColumn),
            lastRow: max(range.firstRow, range.lastRow), lastColumn: max(range.firstColumn, range.lastColumn))
    }

    /// The longest prefix of whole characters within `limit` UTF-16 units (Excel's own count).
    private static func fitted(_ s: String, _ limit: Int) -> String {
        guard s.utf16.count > limit else { return s }
        var out = ""
        var used = 0
        for character in s {
            used += character.utf16.count
            if used > limit { break }
            out.append(character)
        }
        return out
    }
}
