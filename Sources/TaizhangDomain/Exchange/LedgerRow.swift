import TaizhangSheet

/// One problem as a ledger spreadsheet row: what an export writes, in the words and formats an
/// import reads back unchanged.
public struct LedgerRow: Sendable {
    public var problem: Problem
    public var measures: [String]
    public var latestNote: String?
    /// The lead unit and supporting units as the importer's scope names them unambiguously.
    public var leadUnit: String
    public var supportingUnits: [String]

    public init(problem: Problem, measures: [String], latestNote: String?, leadUnit: String, supportingUnits: [String])
    {
        self.problem = problem
        self.measures = measures
        self.latestNote = latestNote
        self.leadUnit = leadUnit
        self.supportingUnits = supportingUnits
    }

    /// The row's cells by column (absent: empty). Dates are date cells; 序号 counts from 1.
    public func cells(index: Int, today: LocalDate) -> LedgerCells {
        let p = problem
        var out = LedgerCells()
        out[.index] = .number(Double(index))
        out[.number] = .text(p.number)
        out[.source] = .text(p.sourceChannel.chinese)
        out[.description] = .text(LedgerText.description(title: p.title, description: p.description))
        out[.leadUnit] = .text(leadUnit)
        out[.foundOn] = .date(SheetDate.serial(p.foundOn))
        out[.type] = .text(p.rectificationType.chinese)
        out[.state] = .text(p.state.chinese)
        out[.overdue] = .text(p.isOverdue(today: today) ? "是" : "否")
        out[.version] = .number(Double(p.version))
        let texts: [(LedgerColumn, String)] = [
            (.sourceRef, p.sourceRef), (.category, p.category), (.measures, LedgerText.measures(measures)),
            (.supportingUnits, supportingUnits.joined(separator: "、")), (.leader, p.responsibleLeader),
            (.person, p.responsiblePerson), (.progress, latestNote ?? ""),
        ]
        for (column, text) in texts where !text.isEmpty { out[column] = .text(text) }
        if let d = p.deadline {
            out[.deadline] = .date(SheetDate.serial(d))
        } else if p.rectificationType == .ongoing {
            out[.deadline] = .text(RectificationType.ongoing.chinese)
        }
        if let closed = p.closedOn { out[.closedOn] = .date(SheetDate.serial(closed)) }
        return out
    }

    /// The same row as text, for CSV: dates written 2019-07-28.
    public func texts(index: Int, today: LocalDate) -> [String] {
        let cells = cells(index: index, today: today)
        return LedgerColumn.allCases.map { column in cells[column].map { LedgerText.text($0, date1904: false) } ?? "" }
    }
}

/// A ledger row's cells by column, kept in the columns' order: a dictionary made for every row
/// of an export, then read back column by column, was a tenth of the export's time (profiled).
/// An import's rows hold theirs the same way (`ImportRecord`).
public struct LedgerCells: Sendable, Equatable {
    private var values = [CellValue?](repeating: nil, count: LedgerColumn.allCases.count)

    public init() {}

    public subscript(column: LedgerColumn) -> CellValue? {
        get { values[column.ordinal] }
        set { values[column.ordinal] = newValue }
    }
}

extension UnitMatcher {
    /// The shortest name of `unit` that an import reads back as this very unit: its own name, or
    /// its parent's name before it, or its full path when even that is shared.
    public func label(for unit: OrgUnit) -> String {
        if case .unit(let u) = match(unit.name), u.id == unit.id { return unit.name }
        if let i = positions[unit.id] {
            if case .unit(let u) = match(labels[i]), u.id == unit.id { return labels[i] }
            if case .unit(let u) = match(fullNames[i]), u.id == unit.id { return fullNames[i] }
            return labels[i] + "（#\(unit.id)）"
        }
        return unit.name
    }
}
