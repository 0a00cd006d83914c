import TaizhangZip

/// An .xlsx workbook as Excel, WPS, LibreOffice or openpyxl write it: sheet names, the date system,
/// and each sheet's rows and merged ranges, read through the project's one bounded zip reader.
///
/// Opening reads the package's directory, the workbook part, the shared strings and the styles;
/// a sheet's XML is inflated only when its rows or merges are asked for, a megabyte or so at a
/// time: a 100,000-row sheet is 100 MB of XML, more than everything else an import holds.
public struct Workbook: Sendable {
    /// In workbook order, hidden sheets included.
    public let sheetNames: [String]
    /// The 1904 date system (`<workbookPr date1904="1"/>`): date serials count from 1904-01-01.
    public let date1904: Bool

    private let package: XLSXPackage
    /// Each sheet's part name; nil when the workbook names a sheet the package does not relate.
    private let sheetParts: [String?]
    private let reader: WorksheetReader

    public init(xlsx bytes: [UInt8], limits: SheetLimits = .init()) throws(SheetError) {
        let package = try XLSXPackage(bytes, limits: limits)
        // The root relationships name the workbook part; a package without them is read at the usual place.
        let root = try package.relationships(of: "")
        let office = root.first { !$0.external && $0.isType("officeDocument") && package.contains($0.target) }
        let workbookPart = office?.target ?? "xl/workbook.xml"
        if workbookPart.lowercased().hasSuffix(".bin") { throw SheetError.binaryWorkbook }
        guard let workbookBytes = try package.part(workbookPart) else { throw SheetError.notAWorkbookPackage }

        let parsed = try Workbook.parseWorkbook(workbookBytes)
        let relationships = try package.relationships(of: workbookPart)
        let dir = workbookPart.lastIndex(of: "/").map { String(workbookPart[...$0]) } ?? ""
        var byID: [String: XLSXPackage.Relationship] = [:]
        for r in relationships where !r.external && byID[r.id] == nil { byID[r.id] = r }

        sheetNames = parsed.sheets.map(\.name)
        sheetParts = parsed.sheets.map { sheet in sheet.relationship.flatMap { byID[$0]?.target } }
        date1904 = parsed.date1904

        let stringsPart = relationships.first { $0.isType("sharedStrings") }?.target ?? dir + "sharedStrings.xml"
        let stylesPart = relationships.first { $0.isType("styles") }?.target ?? dir + "styles.xml"
        let strings =
            try package.entry(stringsPart).map { (entry) throws(SheetError) in
                try package.scan(entry, of: stringsPart) { (scanner) throws(SheetError) in
                    try SharedStrings.read(&scanner)
                }
            } ?? []
        let styles = try package.part(stylesPart).map { (b) throws(SheetError) in try DateStyles(styles: b) } ?? .none
        reader = WorksheetReader(sharedStrings: strings, dateStyles: styles, limits: limits)
        self.package = package
    }

    /// The merged ranges of a sheet (`<mergeCells>`), 1-based and inclusive.
    /// The merges come after the rows in the part: the sheet is read through to find them (its
    /// rows passed over untokenized), which costs a second inflate of it beside `rows(sheet:)`.
    public func merges(sheet index: Int) throws(SheetError) -> [CellRange] {
        let (entry, part) = try sheetEntry(index)
        return try package.scan(entry, of: part) { (scanner) throws(SheetError) in
            try WorksheetReader.merges(&scanner)
        }
    }

    /// Streams the sheet's non-empty rows in the order the file holds them (ascending in every
    /// writer we know); the body may throw to stop early, and that error is rethrown as it is.
    public func rows(sheet index: Int, _ body: (SheetRow) throws -> Void) throws {
        let (entry, part) = try sheetEntry(index)
        try package.scan(entry, of: part) { scanner in try reader.rows(&scanner, body) }
    }

    private func sheetEntry(_ index: Int) throws(SheetError) -> (ZipArchive.Entry, String) {
        guard index >= 0 && index < sheetNames.count else {
            throw SheetError.noSuchSheet(index, count: sheetNames.count)
        }
        guard let part = sheetParts[index] else { throw SheetError.missingPart("sheet “\(sheetNames[index])”") }
        guard let entry = try package.entry(part) else { throw SheetError.missingPart(part) }
        return (entry, part)
    }

    private struct ParsedWorkbook {
        var sheets: [(name: String, relationship: String?)] = []
        var date1904 = false
    }

    /// `<workbookPr date1904="1"/>` and `<sheets><sheet name="…" r:id="rId1"/>…`.
    private static func parseWorkbook(_ bytes: [UInt8]) throws(SheetError) -> ParsedWorkbook {
        let workbookPr = XMLName("workbookPr")
        let sheet = XMLName("sheet")
        let sheets = XMLName("sheets")
        let date1904 = XMLName("date1904")
        let name = XMLName("name")
        let id = XMLName("id")
        var parsed = ParsedWorkbook()
        try XMLParts.scan(bytes) { (scanner) throws(SheetError) in
            var inSheets = false
            while true {
                switch try scanner.next() {
                case .start:
                    if scanner.isNamed(workbookPr) {
                        let flag = try scanner.string(of: date1904)?.lowercased()
                        parsed.date1904 = flag == "1" || flag == "true" || flag == "on"
                    } else if scanner.isNamed(sheets) {
                        inSheets = true
                    } else if inSheets && scanner.isNamed(sheet) {
                        let sheetName = try scanner.string(of: name) ?? "Sheet\(parsed.sheets.count + 1)"
                        parsed.sheets.append((sheetName, try scanner.string(of: id)))
                    }
                case .end:
                    if scanner.isNamed(sheets) { inSheets = false }
                case .text: continue
                case .endOfDocument: return
                }
            }
        }
        return parsed
    }
}
