import Foundation

/// What a row that names an existing problem does, chosen by the importer.
public enum ImportMatchMode: String, Sendable, CaseIterable, Codable {
    /// Refuse the whole file if any row names an existing problem (a list meant to be new).
    case stop
    /// Leave existing problems alone; only new rows are created.
    case skip
    /// Apply each row's changes to its problem.
    case update
}

/// One thing wrong with the file, where it is (row and column as a spreadsheet shows them).
public struct ImportIssue: Sendable, Equatable, Codable {
    /// The sheet's name when the workbook has several; nil for one sheet or a CSV.
    public var sheet: String?
    public var row: Int?
    /// Column letters (A, B, … AA).
    public var column: String?
    /// The column's header as found in the file.
    public var header: String?
    public var code: String
    public var zh: String
    public var en: String

    public init(
        sheet: String? = nil, row: Int?, column: String?, header: String?, code: String, zh: String, en: String
    ) {
        self.sheet = sheet
        self.row = row
        self.column = column
        self.header = header
        self.code = code
        self.zh = zh
        self.en = en
    }

    /// “第 5 行 H 列（整改时限）：…”
    public var placeZh: String {
        var parts: [String] = []
        if let sheet { parts.append("工作表“\(sheet)”") }
        if let row { parts.append("第 \(row) 行") }
        if let column { parts.append("\(column) 列" + (header.map { "（\($0)）" } ?? "")) }
        return parts.joined(separator: " ")
    }

    public var placeEn: String {
        var parts: [String] = []
        if let sheet { parts.append("sheet “\(sheet)”") }
        if let row { parts.append("row \(row)") }
        if let column { parts.append("column \(column)" + (header.map { " (\($0))" } ?? "")) }
        return parts.joined(separator: ", ")
    }
}

/// A field as the ledger has it and as the row has it.
public struct FieldChange: Sendable, Equatable, Codable {
    public var column: LedgerColumn.RawValue
    public var old: String
    public var new: String
    public init(column: LedgerColumn, old: String, new: String) {
        self.column = column.rawValue
        self.old = old
        self.new = new
    }
}

/// What importing one row would do.
public enum RowOutcome: Sendable, Equatable {
    case create(ProblemDraft, measures: [String], note: String?)
    case update(id: Int64, number: String, version: Int, patch: ProblemPatch, measures: [String], note: String?)
    case unchanged(id: Int64, number: String)
    /// Names an existing problem and the importer chose to leave existing ones alone.
    case skipped(id: Int64, number: String)
    /// The problem changed since the file was exported: shown with both values, never written.
    case conflict(id: Int64, number: String, exportedVersion: Int, currentVersion: Int)
}

public struct RowPlan: Sendable, Equatable {
    public var sheet: String?
    public var row: Int
    public var outcome: RowOutcome
    /// Readings worth a second look that are not errors, e.g. a date without a year.
    public var remarks: [String]
    /// An update's or a conflict's fields, worked out when the row was compared.
    var compared: [FieldChange]
    /// A creation's units as the row names them (the draft holds only their ids).
    var unitsNamed: NamedUnits?

    struct NamedUnits: Sendable, Equatable {
        var lead: String
        var supporting: String
    }

    /// A row that changes (or would change) an existing problem, or leaves it alone.
    init(sheet: String?, row: Int, outcome: RowOutcome, changes: [FieldChange], remarks: [String]) {
        self.sheet = sheet
        self.row = row
        self.outcome = outcome
        self.remarks = remarks
        self.compared = changes
    }

    /// A row that creates a problem; `lead` and `supporting` are its units as the row names them.
    init(sheet: String?, row: Int, creating outcome: RowOutcome, lead: String, supporting: String, remarks: [String]) {
        self.init(sheet: sheet, row: row, outcome: outcome, changes: [], remarks: remarks)
        self.unitsNamed = NamedUnits(lead: lead, supporting: supporting)
    }

    /// Field by field: for an update the old and new values; for a conflict the ledger's value
    /// now (old) and the row's (new); for a creation every field the new problem will have
    /// (old empty), as it will be stored: dates read, the source and type in their words.
    ///
    /// A creation's list is made when asked for, from the draft: held for every row it was 80 MB
    /// of a 100,000-row import's peak (heaptrack), and only a preview's first rows are shown.
    public var changes: [FieldChange] {
        guard case .create(let d, let measures, let note) = outcome else { return compared }
        let deadline =
            d.deadline?.description ?? (d.rectificationType == .ongoing ? RectificationType.ongoing.chinese : "")
        let fields: [(LedgerColumn, String)] = [
            (.source, d.sourceChannel.chinese), (.sourceRef, d.sourceRef), (.category, d.category),
            (.description, LedgerText.description(title: d.title, description: d.description)),
            (.measures, LedgerText.measures(measures)), (.leadUnit, unitsNamed?.lead ?? ""),
            (.supportingUnits, unitsNamed?.supporting ?? ""), (.leader, d.responsibleLeader),
            (.person, d.responsiblePerson), (.foundOn, d.foundOn.description), (.deadline, deadline),
            (.type, d.rectificationType.chinese), (.progress, note ?? ""),
        ]
        return fields.compactMap { field, text in text.isEmpty ? nil : FieldChange(column: field, old: "", new: text) }
    }
}

/// Everything an import would do, worked out before anything is written.
public struct ImportPlan: Sendable, Equatable {
    public var rows: [RowPlan] = []
    public var issues: [ImportIssue] = []
    public init() {}

    public var creates: Int { rows.count { if case .create = $0.outcome { true } else { false } } }
    public var updates: Int { rows.count { if case .update = $0.outcome { true } else { false } } }
    public var unchanged: Int { rows.count { if case .unchanged = $0.outcome { true } else { false } } }
    public var skipped: Int { rows.count { if case .skipped = $0.outcome { true } else { false } } }
    public var conflicts: Int { rows.count { if case .conflict = $0.outcome { true } else { false } } }

    /// An import with any issue writes nothing.
    public var canApply: Bool { issues.isEmpty }
}
