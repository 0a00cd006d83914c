/// What the .xlsx writer is given: cells with their look, and each sheet's layout.

/// One cell to write. `.text` values are written as inline strings, so no table of them is kept.
public struct OutCell: Sendable {
    public var value: CellValue
    public var style: CellStyle
    public init(_ value: CellValue, _ style: CellStyle = .text) {
        self.value = value
        self.style = style
    }
}

/// The looks a ledger uses; each is one cell format in xl/styles.xml.
public enum CellStyle: Sendable, CaseIterable {
    /// Bold 14 pt, centred: the title row, usually merged across the columns.
    case title
    /// Grey 10 pt: a line under the title (export time, filters, counts).
    case subtitle
    /// Bold, light fill, thin borders, centred, wrapped: the column headings.
    case header
    /// Thin borders, top-aligned.
    case text
    /// As `.text`, with the text wrapped in the cell.
    case wrapped
    /// As `.text`, shown as yyyy-mm-dd. A `.date` value given `.text` or `.wrapped` gets this too.
    case date
    /// As `.text`, shown as a whole number (format "0").
    case integer
    /// Grey 10 pt text format ("@"), no borders: a version stamp in a hidden cell.
    case hiddenVersion
}

/// One column's width, in Excel's character units (digits of the default font), and whether it is hidden.
public struct ColumnSetup: Sendable {
    public var width: Double
    public var hidden: Bool
    public init(width: Double, hidden: Bool = false) {
        self.width = width
        self.hidden = hidden
    }
}

/// A drop-down list on a range of cells (data validation of type list, stop on other values).
public struct ListValidation: Sendable {
    public var range: CellRange
    /// The list as formula text for `<formula1>`, without "=": a range such as
    /// `'lists'!$A$2:$A$40` (see `XLSXWriter.quotedSheetName`), or a literal list in double
    /// quotes such as `"是,否"` (`ListValidation(range:items:)` builds one; Excel allows 255
    /// characters in it).
    public var source: String
    /// Shown when a cell of the range is selected (Excel keeps 255 characters).
    public var prompt: String?
    /// Shown when a value not in the list is typed (Excel keeps 255 characters).
    public var error: String?

    public init(range: CellRange, source: String, prompt: String? = nil, error: String? = nil) {
        self.range = range
        self.source = source
        self.prompt = prompt
        self.error = error
    }

    /// A literal list. Items cannot hold commas (Excel splits on them); quotes are doubled.
    public init(range: CellRange, items: [String], prompt: String? = nil, error: String? = nil) {
        var source = "\""
        for (index, item) in items.enumerated() {
            if index > 0 { source += "," }
            for character in item {
                source.append(character)
                if character == "\"" { source.append(character) }
            }
        }
        source += "\""
        self.init(range: range, source: source, prompt: prompt, error: error)
    }
}

/// One worksheet's layout, given before its rows.
public struct SheetSetup: Sendable {
    /// Made valid by the writer: at most 31 characters, none of []:*?/\, unique in the workbook.
    public var name: String
    public var columns: [ColumnSetup]
    /// Rows kept in view while scrolling (frozen panes below them); 0 for none.
    public var frozenRows: Int
    /// The filter buttons' range (header row to last row).
    public var autoFilter: CellRange?
    public var merges: [CellRange]
    public var landscape: Bool
    /// Rows printed at the top of every page (the header rows).
    public var repeatRows: ClosedRange<Int>?
    public var validations: [ListValidation]
    /// A hidden sheet, e.g. the lists the drop-downs take their values from.
    public var hidden: Bool

    public init(
        name: String, columns: [ColumnSetup] = [], frozenRows: Int = 0, autoFilter: CellRange? = nil,
        merges: [CellRange] = [], landscape: Bool = false, repeatRows: ClosedRange<Int>? = nil,
        validations: [ListValidation] = [], hidden: Bool = false
    ) {
        self.name = name
        self.columns = columns
        self.frozenRows = frozenRows
        self.autoFilter = autoFilter
        self.merges = merges
        self.landscape = landscape
        self.repeatRows = repeatRows
        self.validations = validations
        self.hidden = hidden
    }
}
