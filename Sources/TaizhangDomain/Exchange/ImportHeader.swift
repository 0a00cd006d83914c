import TaizhangSheet

/// Where a sheet's header row is and which column holds which field.
public struct ImportHeader: Sendable, Equatable {
    /// 1-based row number of the header.
    public var row: Int
    /// Column number (1-based) of each field found.
    public let columns: [LedgerColumn: Int]
    /// The header text as written, by column number (for messages).
    public let written: [Int: String]
    /// The field of each column read: `columns` turned round once, not for every row.
    let fields: [Int: LedgerColumn]

    init(row: Int, columns: [LedgerColumn: Int], written: [Int: String]) {
        self.row = row
        self.columns = columns
        self.written = written
        fields = Dictionary(columns.map { ($0.value, $0.key) }, uniquingKeysWith: { a, _ in a })
    }

    /// How many of the first rows are searched for the header (titles and notes sit above it).
    public static let searchRows = 20

    /// Finds the row naming the most known columns (at least two, one of them 问题描述 or 问题编号)
    /// among the first rows. Merged header cells count for every column they span.
    public static func locate(_ rows: [SheetRow], merges: [CellRange]) -> ImportHeader? {
        var best: ImportHeader?
        for row in rows.prefix(searchRows) {
            var texts: [Int: String] = [:]
            for cell in row.cells {
                if case .text(let s) = cell.value { texts[cell.column] = s }
            }
            // A merged cell's text belongs to every cell it covers (the others are empty): across, a
            // header spanning columns; down, a header of two rows (“存在问题” over rows 2–3 beside
            // “整改落实情况” over 整改措施 | 整改进展), whose second row then names every column.
            for m in merges where m.firstRow <= row.number && row.number <= m.lastRow {
                let top = rows.first { $0.number == m.firstRow }?.cells.first { $0.column == m.firstColumn }
                if case .text(let s)? = top?.value {
                    for c in m.firstColumn...min(m.lastColumn, m.firstColumn + 64) where texts[c] == nil {
                        texts[c] = s
                    }
                }
            }
            var columns: [LedgerColumn: Int] = [:]
            for (column, text) in texts.sorted(by: { $0.key < $1.key }) {
                let key = HeaderText.normalized(text)
                guard let field = LedgerColumn.allCases.first(where: { $0.aliases.contains(key) }),
                    columns[field] == nil
                else { continue }
                columns[field] = column
            }
            guard columns.count >= 2, columns[.description] != nil || columns[.number] != nil else { continue }
            if columns.count > (best?.columns.count ?? 0) {
                best = ImportHeader(row: row.number, columns: columns, written: texts)
            }
        }
        return best
    }

    /// The cells of a data row, by field.
    public func record(_ row: SheetRow, sheet: String?, date1904: Bool) -> ImportRecord {
        var values = LedgerCells()
        for cell in row.cells {
            if let field = fields[cell.column] { values[field] = cell.value }
        }
        return ImportRecord(sheet: sheet, row: row.number, values: values, date1904: date1904)
    }
}

/// One data row's cells by field, as read from the file.
public struct ImportRecord: Sendable, Equatable {
    public var sheet: String?
    public var row: Int
    /// By column, in an array: a dictionary per row held 100,000 hash tables through an import's check.
    public var values: LedgerCells
    public var date1904: Bool

    public init(sheet: String?, row: Int, values: LedgerCells, date1904: Bool = false) {
        self.sheet = sheet
        self.row = row
        self.values = values
        self.date1904 = date1904
    }

    public func text(_ field: LedgerColumn) -> String {
        values[field].map { LedgerText.text($0, date1904: date1904) } ?? ""
    }

    /// A row with nothing in the fields an import reads (a blank line, a total line).
    public var isBlank: Bool {
        LedgerColumn.allCases.allSatisfy { field in field.isReadOnly || text(field).isEmpty }
    }
}
