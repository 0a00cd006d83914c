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
    public func cells(index: Int, today: LocalDate) -> [LedgerColumn: CellValue] {
        let p = problem
        var out: [LedgerColumn: CellValue] = [
            .index: .number(Double(index)), .number: .text(p.number), .source: .text(p.sourceChannel.chinese),
            .description: .text(LedgerText.description(title: p.title, description: p.description)),
            .leadUnit: .text(leadUnit), .foundOn: .date(SheetDate.serial(p.foundOn)),
            .type: .text(p.rectificationType.chinese), .state: .text(p.state.chinese),
            .overdue: .text(p.isOverdue(today: today) ? "是" : "否"), .version: .number(Double(p.version)),
        ]
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
