/// Spreadsheets in and out: the cells of a worksheet as read from .xlsx or .csv, and what a
/// writer is given. Pure: bytes in, bytes out, no files, no clock.

/// One cell's value as the file holds it. A date is a cell whose number format is a date format
/// (Excel stores dates as serial numbers); it is given as the serial with the workbook's system.
public enum CellValue: Sendable, Equatable {
    case text(String)
    case number(Double)
    /// Serial day number in the workbook's date system (see `Workbook.date1904`).
    case date(Double)
    case bool(Bool)
    /// An error value such as `#N/A` or `#DIV/0!`.
    case error(String)
}

/// A non-empty cell: 1-based column (A = 1) and its value.
public struct SheetCell: Sendable, Equatable {
    public var column: Int
    public var value: CellValue
    public init(column: Int, value: CellValue) {
        self.column = column
        self.value = value
    }
}

/// A row with at least one cell: its 1-based number in the sheet and its non-empty cells in column order.
public struct SheetRow: Sendable, Equatable {
    public var number: Int
    public var cells: [SheetCell]
    public init(number: Int, cells: [SheetCell]) {
        self.number = number
        self.cells = cells
    }
}

/// A rectangle of merged cells, 1-based and inclusive.
public struct CellRange: Sendable, Equatable {
    public var firstRow: Int, firstColumn: Int, lastRow: Int, lastColumn: Int
    public init(firstRow: Int, firstColumn: Int, lastRow: Int, lastColumn: Int) {
        self.firstRow = firstRow
        self.firstColumn = firstColumn
        self.lastRow = lastRow
        self.lastColumn = lastColumn
    }
}

/// Why a file could not be read, in words a liaison understands (Chinese and English), with the
/// place (sheet, row, column) where there is one.
public struct SheetError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        case notSpreadsheet = "not_spreadsheet"  // not a zip / not an xlsx package / an old .xls
        case damaged  // truncated zip, broken XML
        case tooLarge = "too_large"  // bounds exceeded: expansion, columns, cell size, rows
        case encoding  // CSV not UTF-8 (GBK detected, invalid bytes)
        case unsupported  // e.g. encrypted workbook, DTD/entities in XML
    }
    public var kind: Kind
    public var zh: String
    public var en: String
    public var row: Int?
    public var column: Int?
    public init(_ kind: Kind, zh: String, en: String, row: Int? = nil, column: Int? = nil) {
        self.kind = kind
        self.zh = zh
        self.en = en
        self.row = row
        self.column = column
    }
    public var description: String { en }
}

/// Bounds a hostile file cannot pass. The defaults fit a province's ledger with room to spare.
public struct SheetLimits: Sendable {
    public var maxFileBytes: Int = 200 << 20
    /// All parts together, as the zip's directory declares them. A 100,000-row ledger is 60–240 MB
    /// of XML (its sheet and shared strings); 512 MiB leaves room and bounds what is ever inflated.
    public var maxExpandedBytes: Int = 512 << 20
    /// How many times its compressed size a large part (over 16 MiB) may expand, checked from the
    /// zip's directory before it is inflated, so a zip bomb costs nothing. Measured: ledgers of
    /// 100,000 rows from openpyxl, LibreOffice and our writer compress 5–11 to 1, sheets of empty
    /// formatted cells 9–15, the most repetitive (one text in every cell, a million empty formatted
    /// rows) 20–31; a sheet of zeros reaches deflate's limit, 1,032 to 1. Smaller parts are not
    /// bounded: a styles part bloated with 64,000 identical formats is 5 MB at 290 to 1, harmless.
    public var maxExpansionRatio: Int = 100
    /// A sheet wider than this is refused (Excel's own limit is 16,384).
    public var maxColumns: Int = 16_384
    public var maxRows: Int = 1_048_576
    /// One cell's text; Excel's own limit is 32,767 characters.
    public var maxCellBytes: Int = 128 << 10
    /// How much of a large part is inflated at a time: reading a sheet holds about this much of
    /// its XML, not the whole part (100 MB for 100,000 rows).
    public var readWindow: Int = 1 << 20
    public init() {}
}

/// Spreadsheet column letters: 1 → A, 27 → AA.
public enum ColumnName {
    public static func letters(_ column: Int) -> String {
        var n = column
        var out: [Character] = []
        while n > 0 {
            let r = (n - 1) % 26
            out.append(Character(Unicode.Scalar(UInt8(65 + r))))
            n = (n - 1) / 26
        }
        return String(out.reversed())
    }
}
