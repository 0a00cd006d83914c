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
    /// Field by field: for an update the old and new values; for a conflict the ledger's value
    /// now (old) and the row's (new); for a creation every filled field (old empty).
    public var changes: [FieldChange]
    /// Readings worth a second look that are not errors, e.g. a date without a year.
    public var remarks: [String]
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
