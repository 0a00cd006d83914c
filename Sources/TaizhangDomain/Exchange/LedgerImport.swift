import Foundation
import TaizhangSheet

/// A problem already on the ledger that a row names, as the importer may see it.
public struct ExistingProblem: Sendable, Equatable {
    public var problem: Problem
    public var measures: [String]
    public var latestNote: String?
    /// Every note's text: a row carrying an older note (exported before a colleague added a
    /// newer one) adds nothing.
    public var notes: Set<String>
    /// The lead and supporting units as an export writes them for the importer: left so, they
    /// change nothing (even a supporting unit outside the importer's scope).
    public var leadUnitText: String?
    public var supportingText: String?

    public init(
        problem: Problem, measures: [String], latestNote: String?, notes: Set<String> = [], leadUnitText: String? = nil,
        supportingText: String? = nil
    ) {
        self.problem = problem
        self.measures = measures
        self.latestNote = latestNote
        self.notes = notes.union(latestNote.map { [$0] } ?? [])
        self.leadUnitText = leadUnitText
        self.supportingText = supportingText
    }
}

/// The existing problems an import's numbers name, found by number. Kept in the array they were
/// read into and found through an index of positions: a dictionary holds its values in its own
/// slots, and 100,000 of these (the problem inline, half a kilobyte each) in a dictionary's slots,
/// grown by doubling, were 160 MB of a 100,000-row check's peak beside the array.
public struct ExistingProblems: Sendable {
    private let problems: [ExistingProblem]
    private var positions: [String: Int] = [:]
    /// Numbers that name problems in more than one campaign: the importer must choose the campaign.
    public private(set) var ambiguous: Set<String> = []

    public init(_ problems: [ExistingProblem] = []) {
        self.problems = problems
        positions.reserveCapacity(problems.count)
        for (i, e) in problems.enumerated() where positions.updateValue(i, forKey: e.problem.number) != nil {
            ambiguous.insert(e.problem.number)
        }
    }

    public subscript(number: String) -> ExistingProblem? { positions[number].map { problems[$0] } }
}

/// What an import is checked against: the importer, their units, the campaign, the problems named.
public struct ImportContext: Sendable {
    public var actor: Principal
    public var campaign: Campaign
    public var units: UnitMatcher
    /// Existing problems named by the file's 问题编号, within the importer's scope.
    public var existing: ExistingProblems
    public var mode: ImportMatchMode
    public var now: Date

    public init(
        actor: Principal, campaign: Campaign, units: UnitMatcher, existing: ExistingProblems,
        mode: ImportMatchMode, now: Date
    ) {
        self.actor = actor
        self.campaign = campaign
        self.units = units
        self.existing = existing
        self.mode = mode
        self.now = now
    }
}

/// Works out what importing a ledger spreadsheet would do, row by row, with every error found:
/// the same rules as the API (drafts validated, policies checked, the state machine untouched).
public enum LedgerImport {
    /// Fields a new problem cannot be made without.
    public static let requiredForCreation: [LedgerColumn] = [.description, .leadUnit, .source]

    /// The records are taken, not lent: each block's are let go once planned, so the cells read
    /// from a 100,000-row file give way to the plan as it grows instead of being held beside it.
    public static func plan(
        _ records: consuming [ImportRecord], headers: [String?: ImportHeader], context: ImportContext
    ) -> ImportPlan {
        // First, in the file's order, what a row's outcome depends on the rows before it for: a
        // number seen before, a missing column said once.
        var pending:
            [(record: ImportRecord, header: ImportHeader, number: String, firstRow: Int?, before: [ImportIssue])] = []
        var seenNumbers: [String: Int] = [:]
        var missingReported = Set<String>()
        for record in records where !record.isBlank {
            guard let header = headers[record.sheet] else { continue }
            let number = record.text(.number)
            var firstRow: Int?
            var before: [ImportIssue] = []
            if !number.isEmpty {
                firstRow = seenNumbers[number]
                if firstRow == nil { seenNumbers[number] = record.row }
            } else {
                for field in requiredForCreation where header.columns[field] == nil {
                    let key = (record.sheet ?? "") + field.rawValue
                    if missingReported.insert(key).inserted {
                        before.append(
                            ImportIssue(
                                sheet: record.sheet, row: header.row, column: nil, header: field.rawValue,
                                code: "missing_column",
                                zh: "缺少必填列“\(field.rawValue)”：新增问题需要这一列（表头在第 \(header.row) 行）",
                                en: "the required column “\(field.rawValue)” is missing (header in row \(header.row))"))
                    }
                }
            }
            pending.append((record, header, number, firstRow, before))
        }
        records = []
        // Then each row on its own, on every core (a 100,000-row file is mostly this), a block at a
        // time so that only one block's outcomes wait beside the plan, gathered in the file's order.
        var plan = ImportPlan()
        plan.rows.reserveCapacity(pending.count)
        let part = 500
        let block = 8 * part
        let spent = ImportRecord(sheet: nil, row: 0, values: LedgerCells())
        for blockStart in stride(from: 0, to: pending.count, by: block) {
            let blockEnd = min(pending.count, blockStart + block)
            var outcomes = [(plan: RowPlan?, issues: [ImportIssue])](repeating: (nil, []), count: blockEnd - blockStart)
            pending.withUnsafeBufferPointer { rows in
                outcomes.withUnsafeMutableBufferPointer { buffer in
                    // Each part reads its rows and writes its own slots only, and all are done when
                    // concurrentPerform returns.
                    nonisolated(unsafe) let rows = rows
                    nonisolated(unsafe) let out = buffer
                    DispatchQueue.concurrentPerform(iterations: (blockEnd - blockStart + part - 1) / part) { p in
                        for i in blockStart + p * part..<min(blockEnd, blockStart + (p + 1) * part) {
                            let row = rows[i]
                            var result = outcome(
                                row.record, header: row.header, number: row.number, firstRow: row.firstRow,
                                context: context)
                            result.issues = row.before + result.issues
                            out[i - blockStart] = result
                        }
                    }
                }
            }
            for i in blockStart..<blockEnd { pending[i].record = spent }
            for (row, issues) in outcomes {
                if let row { plan.rows.append(row) }
                plan.issues += issues
            }
        }
        return plan
    }

    /// What one row does (`firstRow`: the row where its number was seen before), and its issues.
    static func outcome(
        _ record: ImportRecord, header: ImportHeader, number: String, firstRow: Int?, context: ImportContext
    ) -> (plan: RowPlan?, issues: [ImportIssue]) {
        var row = RowBuilder(record: record, header: header, context: context)
        var planned: RowPlan?
        if let first = firstRow {
            row.issue(
                .number, code: "duplicate_number", zh: "问题编号 \(number) 在第 \(first) 行已出现",
                en: "problem number \(number) already appears in row \(first)")
        }
        if number.isEmpty {
            planned = row.creation()
        } else if context.existing.ambiguous.contains(number) {
            row.issue(
                .number, code: "ambiguous_number", zh: "问题编号 \(number) 在多个主题教育中都有，请先选择主题教育再导入",
                en: "problem number \(number) exists in several campaigns; choose the campaign")
        } else if let existing = context.existing[number] {
            planned = row.change(of: existing)
        } else {
            row.issue(
                .number, code: "unknown_number",
                zh: "问题编号 \(number) 不存在或不在您的范围内；新增问题请留空问题编号",
                en: "no problem \(number) in this campaign within your scope; leave 问题编号 empty to add a problem")
        }
        return (planned, row.issues)
    }
}

/// Reads one row into a plan, collecting its issues.
struct RowBuilder {
    let record: ImportRecord
    let header: ImportHeader
    let context: ImportContext
    var issues: [ImportIssue] = []
    var remarks: [String] = []

    init(record: ImportRecord, header: ImportHeader, context: ImportContext) {
        self.record = record
        self.header = header
        self.context = context
    }

    mutating func issue(_ field: LedgerColumn?, code: String, zh: String, en: String) {
        let column = field.flatMap { header.columns[$0] }
        issues.append(
            ImportIssue(
                sheet: record.sheet, row: record.row, column: column.map(ColumnName.letters),
                header: column.flatMap { header.written[$0] }.map(HeaderText.normalized) ?? field?.rawValue, code: code,
                zh: zh, en: en))
    }

    /// The ledger field an API error names, to place it in a column.
    static func column(ofField field: String?) -> LedgerColumn? {
        switch field?.split(separator: "[").first.map(String.init) {
        case "title", "description": return .description
        case "sourceRef": return .sourceRef
        case "category": return .category
        case "responsibleLeader": return .leader
        case "responsiblePerson": return .person
        case "deadline": return .deadline
        case "foundOn": return .foundOn
        case "supportingUnitIds": return .supportingUnits
        case "leadUnitId": return .leadUnit
        case "text": return .measures
        default: return nil
        }
    }

    mutating func refuse(_ error: DomainError, near fallback: LedgerColumn? = nil) {
        issue(Self.column(ofField: error.field) ?? fallback, code: error.code, zh: error.zh, en: error.en)
    }

    var year: Int { context.campaign.startsOn.year }

    /// A date field: nil and an issue when it cannot be read; `.longTerm` allowed for the deadline.
    mutating func date(_ field: LedgerColumn) -> (date: LocalDate?, longTerm: Bool, ok: Bool) {
        guard let value = record.values[field] else { return (nil, false, true) }
        switch value {
        case .date(let serial), .number(let serial):
            if let d = SheetDate.fromSerial(serial, date1904: record.date1904), d.year >= 1990 {
                return (d, false, true)
            }
        case .text(let raw):
            let text = LedgerText.trimmed(raw)
            if text.isEmpty { return (nil, false, true) }
            switch SheetDate.parse(text, year: year) {
            case .date(let d): return (d, false, true)
            case .assumedYear(let d, _):
                remarks.append("\(field.rawValue)“\(text)”按\(year)年读作\(d.chinese)")
                return (d, false, true)
            case .longTerm where field == .deadline: return (nil, true, true)
            case .longTerm, .invalid: break
            }
        case .bool, .error: break
        }
        let shown = LedgerText.text(value, date1904: record.date1904)
        issue(
            field, code: "not_a_date",
            zh: "\(field.rawValue)“\(shown)”不是日期，请写成 2019-07-28 或 2019年7月28日"
                + (field == .deadline ? "（不设时限的填“长期坚持”）" : ""),
            en: "\(field.rawValue) “\(shown)” is not a date; write it as 2019-07-28")
        return (nil, false, false)
    }

    mutating func unit(_ text: String, _ field: LedgerColumn) -> OrgUnit? {
        switch context.units.match(text) {
        case .unit(let unit): return unit
        case .ambiguous(let names):
            issue(
                field, code: "ambiguous_unit",
                zh:
                    "单位“\(text)”有多个同名单位，请写明是哪一个：\(names.joined(separator: "、"))",
                en: "several units are called “\(text)”: \(names.joined(separator: ", "))")
        case .unknown(let suggestions):
            let hint = suggestions.isEmpty ? "" : "——是否为“\(suggestions.joined(separator: "”或“"))”？"
            issue(
                field, code: "unknown_unit", zh: "未知单位“\(text)”\(hint)（只能填写您范围内的单位）",
                en: "unknown unit “\(text)”"
                    + (suggestions.isEmpty ? "" : " — did you mean “\(suggestions.joined(separator: "” or “"))”?"))
        }
        return nil
    }

    mutating func supporting() -> [Int64]? {
        var ids: [Int64] = []
        var ok = true
        for name in LedgerText.names(record.text(.supportingUnits)) {
            if let u = unit(name, .supportingUnits) { ids.append(u.id) } else { ok = false }
        }
        return ok ? ids : nil
    }

    mutating func creation() -> RowPlan? {
        let before = issues.count
        let (title, description) = LedgerText.split(record.text(.description))
        let leadText = record.text(.leadUnit)
        var lead: OrgUnit?
        if leadText.isEmpty {
            if header.columns[.leadUnit] != nil {
                issue(.leadUnit, code: "required", zh: "责任单位为空", en: "责任单位 is empty")
            }
        } else {
            lead = unit(leadText, .leadUnit)
        }
        let sourceText = record.text(.source)
        let source = LedgerText.source(sourceText)
        if source == nil && header.columns[.source] != nil {
            issue(
                .source, code: sourceText.isEmpty ? "required" : "unknown_source",
                zh: sourceText.isEmpty
                    ? "问题来源为空"
                    : "问题来源“\(sourceText)”不在可选范围内（\(SourceChannel.allCases.map(\.chinese).joined(separator: "、"))）",
                en: sourceText.isEmpty ? "问题来源 is empty" : "unknown source “\(sourceText)”")
        }
        let found = date(.foundOn)
        let deadline = date(.deadline)
        let typeText = record.text(.type)
        var type = LedgerText.type(typeText)
        if type == nil && !typeText.isEmpty {
            issue(
                .type, code: "unknown_type", zh: "整改类型“\(typeText)”应为立行立改、限期整改或长期坚持",
                en: "unknown rectification type “\(typeText)”")
        }
        if type == nil { type = deadline.longTerm || deadline.date == nil ? .ongoing : .timeBound }
        let state = record.text(.state)
        if !state.isEmpty && state != ProblemState.draft.chinese {
            issue(
                .state, code: "state_from_sheet", zh: "新增问题的状态只能是“待认领”，表格不能改变问题状态（“\(state)”）",
                en: "a new problem starts as draft; a spreadsheet cannot set its state")
        }
        let supporting = supporting()
        guard issues.count == before, let lead, let source, let type, let supporting else { return nil }
        // Not given: found today, or, for a list of past work whose deadline has gone by, on the
        // campaign's first day (a deadline before the day found is refused).
        let today = LocalDate(context.now)
        var foundOn = found.date ?? today
        if found.date == nil, let d = deadline.date, d < today { foundOn = min(d, context.campaign.startsOn) }
        let draft = ProblemDraft(
            campaignID: context.campaign.id, title: title, description: description, sourceChannel: source,
            sourceRef: record.text(.sourceRef), category: record.text(.category), leadUnitID: lead.id,
            supportingUnitIDs: supporting, responsibleLeader: record.text(.leader),
            responsiblePerson: record.text(.person), foundOn: foundOn, deadline: deadline.date,
            rectificationType: type)
        do throws(DomainError) {
            try draft.validate()
            try Policy.require(Policy.createProblem, of: context.actor, at: lead.path, doing: "新增问题")
        } catch {
            refuse(error, near: .leadUnit)
            return nil
        }
        let measures = LedgerText.measureLines(record.text(.measures))
        for m in measures where Limits.exceeds(m, Limits.descriptionLength) {
            issue(.measures, code: "too_long", zh: "整改措施过长", en: "a measure is too long")
        }
        let note = record.text(.progress)
        if Limits.exceeds(note, Limits.noteLength) {
            issue(.progress, code: "too_long", zh: "整改进展超过 \(Limits.noteLength) 个字", en: "progress is too long")
        }
        guard issues.count == before else { return nil }
        return RowPlan(
            sheet: record.sheet, row: record.row,
            creating: .create(draft, measures: measures, note: note.isEmpty ? nil : note),
            lead: record.text(.leadUnit), supporting: record.text(.supportingUnits), remarks: remarks)
    }

    /// A row naming an existing problem: unchanged, skipped, a conflict or an update.
    mutating func change(of existing: ExistingProblem) -> RowPlan? {
        let p = existing.problem
        switch context.mode {
        case .stop:
            issue(
                .number, code: "exists",
                zh: "问题编号 \(p.number) 已在台账中；若要用本表更新已有问题，请选择“更新已有问题”",
                en: "problem \(p.number) is already on the ledger; choose “update” to change existing problems")
            return nil
        case .skip:
            return RowPlan(
                sheet: record.sheet, row: record.row, outcome: .skipped(id: p.id, number: p.number), changes: [],
                remarks: [])
        case .update: break
        }
        let before = issues.count
        var patch = ProblemPatch()
        var changes: [FieldChange] = []
        // An empty cell leaves a required field (描述, 来源, 类型) as it is; optional text is cleared.
        func differs(_ field: LedgerColumn, _ current: String) -> String? {
            guard header.columns[field] != nil else { return nil }
            let new = record.text(field)
            if new.isEmpty && [.description, .source, .type].contains(field) { return nil }
            return new == current ? nil : new
        }
        let currentDescription = LedgerText.description(title: p.title, description: p.description)
        if let text = differs(.description, currentDescription) {
            let (title, description) = LedgerText.split(text)
            if title != p.title { patch.title = title }
            if description != p.description { patch.description = description }
            changes.append(FieldChange(column: .description, old: currentDescription, new: text))
        }
        if let text = differs(.source, p.sourceChannel.chinese) {
            if let s = LedgerText.source(text) {
                if s != p.sourceChannel {
                    patch.sourceChannel = s
                    changes.append(FieldChange(column: .source, old: p.sourceChannel.chinese, new: s.chinese))
                }
            } else {
                issue(.source, code: "unknown_source", zh: "问题来源“\(text)”不在可选范围内", en: "unknown source “\(text)”")
            }
        }
        for (field, current, set) in [
            (LedgerColumn.sourceRef, p.sourceRef, \ProblemPatch.sourceRef), (.category, p.category, \.category),
            (.leader, p.responsibleLeader, \.responsibleLeader), (.person, p.responsiblePerson, \.responsiblePerson),
        ] {
            if let text = differs(field, current) {
                patch[keyPath: set] = text
                changes.append(FieldChange(column: field, old: current, new: text))
            }
        }
        if let text = differs(.type, p.rectificationType.chinese) {
            if let t = LedgerText.type(text) {
                if t != p.rectificationType {
                    patch.rectificationType = t
                    changes.append(FieldChange(column: .type, old: p.rectificationType.chinese, new: t.chinese))
                }
            } else {
                issue(.type, code: "unknown_type", zh: "整改类型“\(text)”应为立行立改、限期整改或长期坚持", en: "unknown type “\(text)”")
            }
        }
        if header.columns[.foundOn] != nil, !record.text(.foundOn).isEmpty {
            let found = date(.foundOn)
            if let d = found.date, d != p.foundOn {
                patch.foundOn = d
                changes.append(FieldChange(column: .foundOn, old: p.foundOn.description, new: d.description))
            }
        }
        if header.columns[.deadline] != nil, !record.text(.deadline).isEmpty {
            let deadline = date(.deadline)
            let same = deadline.date == p.deadline || (deadline.longTerm && p.deadline == nil)
            if deadline.ok && !same {
                issue(
                    .deadline, code: "deadline_via_request",
                    zh: "整改时限不能通过表格修改（现为\(p.deadline?.chinese ?? "未设")），请在系统中提出延期申请",
                    en: "the deadline cannot be changed by a spreadsheet; ask for a deadline change")
            }
        }
        let state = record.text(.state)
        if !state.isEmpty && state != p.state.chinese && state != p.state.rawValue {
            issue(
                .state, code: "state_from_sheet",
                zh: "表格不能改变问题状态（现为“\(p.state.chinese)”，表中为“\(state)”）：认领、申请销号、销号等请在系统中办理",
                en: "a spreadsheet cannot change a problem's state (now \(p.state.rawValue))")
        }
        let leadText = record.text(.leadUnit)
        if !leadText.isEmpty, leadText != existing.leadUnitText, let lead = unit(leadText, .leadUnit),
            lead.id != p.leadUnitID
        {
            issue(
                .leadUnit, code: "lead_unit_from_sheet", zh: "责任单位不能通过表格更改；请在系统中转办",
                en: "the lead unit cannot be changed by a spreadsheet")
        }
        let supportingText = record.text(.supportingUnits)
        if header.columns[.supportingUnits] != nil, supportingText != (existing.supportingText ?? ""),
            let ids = supporting(), Set(ids) != Set(p.supportingUnitIDs)
        {
            patch.supportingUnitIDs = Set(ids).sorted()
            changes.append(
                FieldChange(column: .supportingUnits, old: existing.supportingText ?? "", new: supportingText))
        }
        var measures: [String] = []
        if header.columns[.measures] != nil {
            let known = Set(existing.measures.map(LedgerText.trimmed))
            measures = LedgerText.measureLines(record.text(.measures)).filter { !known.contains($0) }
            if !measures.isEmpty {
                changes.append(
                    FieldChange(
                        column: .measures, old: LedgerText.measures(existing.measures),
                        new: measures.map { "+ " + $0 }.joined(separator: "\n")))
            }
        }
        var note: String?
        let progress = record.text(.progress)
        let knownNotes = Set(existing.notes.map(LedgerText.trimmed))
        if header.columns[.progress] != nil, !progress.isEmpty, !knownNotes.contains(progress) {
            note = progress
            changes.append(FieldChange(column: .progress, old: existing.latestNote ?? "", new: progress))
        }
        // Changed since the export: the row is shown against the ledger as it is now, and left alone.
        if let exported = Int(record.text(.version)), exported != p.version, !changes.isEmpty || issues.count > before {
            issues.removeSubrange(before...)
            return RowPlan(
                sheet: record.sheet, row: record.row,
                outcome: .conflict(id: p.id, number: p.number, exportedVersion: exported, currentVersion: p.version),
                changes: changes, remarks: remarks)
        }
        guard issues.count == before else { return nil }
        if changes.isEmpty {
            return RowPlan(
                sheet: record.sheet, row: record.row, outcome: .unchanged(id: p.id, number: p.number), changes: [],
                remarks: remarks)
        }
        do throws(DomainError) {
            if !patch.isEmpty {
                try Policy.require(Policy.editProblem, of: context.actor, on: p, doing: "修改问题")
                if p.state.isTerminal {
                    throw DomainError(
                        .conflict, code: "problem_finished", field: "state", zh: "问题已\(p.state.chinese)，不能修改",
                        en: "a \(p.state.rawValue) problem cannot be edited")
                }
                _ = try patch.applied(to: p)
            }
            for m in measures {
                _ = try Measure.adding(text: m, owner: "", deadline: nil, to: p, by: context.actor, now: context.now)
            }
            if let note {
                _ = try ProgressNote.adding(
                    text: note, notedOn: nil, figures: [:], to: p, by: context.actor, now: context.now)
            }
        } catch {
            refuse(error, near: .number)
            return nil
        }
        return RowPlan(
            sheet: record.sheet, row: record.row,
            outcome: .update(
                id: p.id, number: p.number, version: p.version, patch: patch, measures: measures, note: note),
            changes: changes, remarks: remarks)
    }
}
