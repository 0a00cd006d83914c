/// Reads one worksheet part: `<sheetData>` into rows of typed cells, `<mergeCells>` into ranges.
struct WorksheetReader: Sendable {
    let sharedStrings: [String]
    let dateStyles: DateStyles
    let limits: SheetLimits

    /// What the `t` attribute says a cell holds.
    private enum Kind { case number, shared, inline, formulaString, bool, error, isoDate }

    /// The names looked for, made once per sheet (statics would cost a lazy-initialisation check per use).
    private struct Names {
        let sheetData = XMLName("sheetData")
        let row = XMLName("row")
        let c = XMLName("c")
        let v = XMLName("v")
        let inlineString = XMLName("is")
        let t = XMLName("t")
        let rPh = XMLName("rPh")
        let r = XMLName("r")
        let s = XMLName("s")
        let mergeCell = XMLName("mergeCell")
        let ref = XMLName("ref")
    }

    /// The state of the row and cell being read; a cell is finished at its `</c>`.
    private struct Cursor {
        var row = 0
        var lastRow = 0
        var rowHasNumber = false
        var inRow = false
        var cells: [SheetCell] = []
        var ordered = true
        var lastColumn = 0
        var inCell = false
        var column = 0
        var kind = Kind.number
        var style = 0
        var inValue = false
        var hasValue = false
        var inInline = false
        var hasInline = false
        var inText = false
        var phonetic = 0
        var value = TextCollector()
        var inline = TextCollector()
    }

    func rows(_ scanner: inout XMLScanner, _ body: (SheetRow) throws -> Void) throws {
        let names = Names()
        var inSheetData = false
        var at = Cursor()
        var rowCapacity = 16
        while true {
            switch try scanner.next() {
            case .start:
                if !inSheetData {
                    inSheetData = scanner.isNamed(names.sheetData)
                } else if at.inCell {
                    if scanner.isNamed(names.v) {
                        at.inValue = true
                        at.hasValue = true
                        at.value.reset()
                    } else if scanner.isNamed(names.inlineString) {
                        at.inInline = true
                        at.hasInline = true
                    } else if at.inInline && scanner.isNamed(names.rPh) {
                        at.phonetic += 1
                    } else if at.inInline && at.phonetic == 0 && scanner.isNamed(names.t) {
                        at.inText = true
                    }
                } else if at.inRow && scanner.isNamed(names.c) {
                    try startCell(scanner, &at, names)
                } else if scanner.isNamed(names.row) {
                    try startRow(scanner, &at, names, capacity: rowCapacity)
                }
            case .text:
                if at.inValue {
                    try at.value.add(scanner)
                    if at.value.byteCount > limits.maxCellBytes { throw tooLong(at) }
                } else if at.inText {
                    try at.inline.add(scanner)
                    if at.inline.byteCount > limits.maxCellBytes { throw tooLong(at) }
                }
            case .end:
                if at.inCell {
                    if scanner.isNamed(names.c) {
                        try finishCell(&at)
                    } else if scanner.isNamed(names.v) {
                        at.inValue = false
                    } else if scanner.isNamed(names.inlineString) {
                        at.inInline = false
                    } else if scanner.isNamed(names.rPh) {
                        at.phonetic = max(0, at.phonetic - 1)
                    } else if scanner.isNamed(names.t) {
                        at.inText = false
                    }
                } else if at.inRow && scanner.isNamed(names.row) {
                    at.inRow = false
                    at.lastRow = at.row
                    if !at.cells.isEmpty {
                        rowCapacity = at.cells.count
                        try body(SheetRow(number: at.row, cells: WorksheetReader.ordered(at)))
                        at.cells = []
                    }
                } else if inSheetData && scanner.isNamed(names.sheetData) {
                    return  // what follows (merges, print settings) is not rows
                }
            case .endOfDocument: return
            }
        }
    }

    /// `<row r="12">`; a row without `r` follows the previous one.
    private func startRow(_ scanner: XMLScanner, _ at: inout Cursor, _ names: Names, capacity: Int) throws(SheetError) {
        let stated = scanner.attribute(names.r).flatMap { CellReference.index(scanner.raw($0)) } ?? 0
        at.rowHasNumber = stated > 0
        at.row = stated > 0 ? stated : at.lastRow + 1
        if at.row > limits.maxRows { throw SheetError.tooManyRows(row: at.row, limit: limits.maxRows) }
        at.inRow = true
        at.lastColumn = 0
        at.ordered = true
        at.cells = []
        at.cells.reserveCapacity(capacity)
    }

    /// `<c r="B12" s="3" t="s">`; a cell without `r` follows the previous one in its row.
    private func startCell(_ scanner: XMLScanner, _ at: inout Cursor, _ names: Names) throws(SheetError) {
        var column = at.lastColumn + 1
        if let reference = scanner.attribute(names.r).flatMap({ CellReference.parse(scanner.raw($0)) }) {
            if reference.column > 0 { column = reference.column }
            // A row without its own number takes it from its first cell's reference.
            if !at.rowHasNumber && reference.row > 0 && at.cells.isEmpty {
                at.row = reference.row
                at.rowHasNumber = true
                if at.row > limits.maxRows { throw SheetError.tooManyRows(row: at.row, limit: limits.maxRows) }
            }
        }
        if column > limits.maxColumns {
            throw SheetError.tooManyColumns(row: at.row, column: column, limit: limits.maxColumns)
        }
        at.lastColumn = column
        at.column = column
        at.style = scanner.attribute(names.s).flatMap { CellReference.index(scanner.raw($0)) } ?? 0
        at.kind = scanner.attribute(names.t).map { WorksheetReader.kind(scanner.raw($0)) } ?? .number
        at.inCell = true
        at.inValue = false
        at.hasValue = false
        at.inInline = false
        at.hasInline = false
        at.inText = false
        at.phonetic = 0
        at.value.reset()
        at.inline.reset()
    }

    private static func kind(_ t: UnsafeBufferPointer<UInt8>) -> Kind {
        switch (t.count, t.first) {
        case (1, 0x73): return .shared  // s
        case (3, 0x73): return .formulaString  // str
        case (9, 0x69): return .inline  // inlineStr
        case (1, 0x62): return .bool  // b
        case (1, 0x65): return .error  // e
        case (1, 0x64): return .isoDate  // d
        default: return .number  // n, or anything unknown
        }
    }

    /// Turns the finished cell into a value; empty text and formulas without a cached value give none.
    private func finishCell(_ at: inout Cursor) throws(SheetError) {
        at.inCell = false
        guard let value = try cellValue(at) else { return }
        if case .text(let text) = value {
            if text.isEmpty { return }
            if text.utf8.count > limits.maxCellBytes { throw tooLong(at) }
        }
        if let last = at.cells.last, last.column >= at.column { at.ordered = false }
        at.cells.append(SheetCell(column: at.column, value: value))
    }

    private func cellValue(_ at: Cursor) throws(SheetError) -> CellValue? {
        switch at.kind {
        case .inline:
            if at.hasInline { return .text(at.inline.string()) }
            return at.hasValue ? .text(at.value.string()) : nil
        case _ where !at.hasValue || at.value.byteCount == 0:
            return nil
        case .shared:
            let index = try at.value.withBytes { (b) throws(SheetError) in CellReference.index(b) }
            guard let index, index < sharedStrings.count else {
                throw SheetError.badSharedString(row: at.row, column: at.column)
            }
            return .text(sharedStrings[index])
        case .formulaString, .isoDate:
            return .text(at.value.string())
        case .error:
            return .error(at.value.string())
        case .bool:
            let flag = try at.value.withBytes { (b) throws(SheetError) in CellReference.index(b) }
            if let flag { return .bool(flag != 0) }
            let word = at.value.string().lowercased()
            return word == "true" ? .bool(true) : word == "false" ? .bool(false) : .text(at.value.string())
        case .number:
            let number = try at.value.withBytes { (b) throws(SheetError) in CellReference.number(b) }
            guard let number else { return .text(at.value.string()) }
            return dateStyles.isDate(style: at.style) ? .date(number) : .number(number)
        }
    }

    /// The row's cells in column order; if the file listed one column twice, the later one stands.
    private static func ordered(_ at: Cursor) -> [SheetCell] {
        if at.ordered { return at.cells }
        let sorted = at.cells.enumerated().sorted { ($0.element.column, $0.offset) < ($1.element.column, $1.offset) }
        var out: [SheetCell] = []
        out.reserveCapacity(sorted.count)
        for (_, cell) in sorted {
            if let last = out.last, last.column == cell.column { out.removeLast() }
            out.append(cell)
        }
        return out
    }

    private func tooLong(_ at: Cursor) -> SheetError {
        SheetError.cellTooLong(row: at.row, column: at.column, limit: limits.maxCellBytes)
    }

    /// The ranges of `<mergeCells><mergeCell ref="A1:C1"/>…`, passing over `<sheetData>` unread.
    static func merges(_ scanner: inout XMLScanner) throws(SheetError) -> [CellRange] {
        var ranges: [CellRange] = []
        let names = Names()
        while true {
            switch try scanner.next() {
            case .start:
                if scanner.isNamed(names.sheetData) {
                    try scanner.skipElement()
                } else if scanner.isNamed(names.mergeCell),
                    let range = scanner.attribute(names.ref).flatMap({ CellReference.range(scanner.raw($0)) })
                {
                    ranges.append(range)
                }
            case .endOfDocument: return ranges
            default: continue
            }
        }
    }
}
