import Foundation
import SQLKit
import TaizhangDomain

/// Every row a slice of an import's new problems writes, made at once from the drafts and the
/// ids reserved for them: the problems, their supporting units, measures, notes, audit events,
/// search entries and counter deltas. Made without the database, so the next slice is made while
/// this one is written (`ProblemRepository.insertMany`).
struct ImportSlice: Sendable {
    var problems = BulkInsert("problems", ImportSlice.problemColumns)
    var supporting = BulkInsert("problem_supporting_units", ["problem_id", "unit_id"])
    var measures = BulkInsert(
        "measures", ["problem_id", "text", "owner", "deadline", "done_on", "version", "created_at"])
    var notes = BulkInsert("progress_notes", ["problem_id", "noted_on", "text", "figures", "author_id", "created_at"])
    var audit = BulkInsert(
        "audit_events", ["at", "actor_id", "entity", "entity_id", "problem_id", "action", "old_values", "new_values"])
    /// The search entries while the slice is made; then the rows they become, for either engine.
    var search: [(Int64, SearchDocument, SearchDocument)] = []
    var searchRows: [BulkInsert] = []
    var tally = Rollup.Tally()
    var numbers: [String] = []

    static let problemColumns = [
        "id", "campaign_id", "seq", "number", "title", "description", "source_channel", "source_ref", "category",
        "lead_unit_id", "unit_path", "responsible_leader", "responsible_person", "found_on", "deadline",
        "rectification_type", "state", "version", "created_at", "updated_at",
    ]

    /// What the rows of one slice are made from.
    struct Source: Sendable {
        /// The drafts with their measures and note, in the file's order, each with its id and seq.
        var items: [(id: Int64, seq: Int, draft: ProblemDraft, measures: [String], note: String?)]
        var campaign: Campaign
        var units: [Int64: OrgUnit]
        var actor: Principal
        var file: ImportFile
        var now: Date
        var dialect: Dialect
    }

    /// Writes the slice, in the order the rows depend on each other (problems first).
    func write(_ db: any SQLDatabase, dialect: Dialect) async throws {
        for insert in [problems, supporting, measures, notes, audit] + searchRows { try await insert.run(on: db) }
    }

    /// The rows of `source`, every rule checked again (the draft's own, the actor's right to
    /// create a problem in its unit).
    static func make(_ source: Source) throws -> ImportSlice {
        var out = ImportSlice()
        let now = source.now
        let stamp = Timestamp.format(now)
        let today = LocalDate(now).description
        let actor = source.actor
        for (id, seq, d, measureTexts, note) in source.items {
            try d.validate()
            guard let lead = source.units[d.leadUnitID] else {
                throw DomainError.invalid("leadUnitId", zh: "单位不存在或不在您的范围内", en: "no such unit in your scope")
            }
            try Policy.require(Policy.createProblem, of: actor, at: lead.path, doing: "新增问题")
            let problem = Problem(
                id: id, campaignID: source.campaign.id, number: source.campaign.problemNumber(seq), title: d.title,
                description: d.description, sourceChannel: d.sourceChannel, sourceRef: d.sourceRef,
                category: d.category, leadUnitID: lead.id, unitPath: lead.path,
                supportingUnitIDs: Set(d.supportingUnitIDs).sorted(), responsibleLeader: d.responsibleLeader,
                responsiblePerson: d.responsiblePerson, foundOn: d.foundOn, deadline: d.deadline,
                rectificationType: d.rectificationType, state: .draft, mergedIntoID: nil, stateReason: nil,
                submittedBy: nil, closedOn: nil, version: 1, createdAt: now, updatedAt: now)
            out.problems.add([
                id, problem.campaignID, seq, problem.number, d.title, d.description, d.sourceChannel.rawValue,
                d.sourceRef, d.category, lead.id, lead.path.value, d.responsibleLeader, d.responsiblePerson,
                d.foundOn.description, StoredDeadline.encode(d.deadline), d.rectificationType.rawValue,
                ProblemState.draft.rawValue, 1, stamp, stamp,
            ])
            out.tally.add(problem, 1)
            out.numbers.append(problem.number)
            for unit in problem.supportingUnitIDs { out.supporting.add([id, unit]) }
            for text in measureTexts { out.measures.add([id, text, "", String?.none, String?.none, 1, stamp]) }
            if let note { out.notes.add([id, today, note, "{}", actor.userID, stamp]) }
            // The measures and the note written with it are in the same event (one per row).
            var fields = problem.auditFields.merging(source.file.auditFields) { a, _ in a }
            if !measureTexts.isEmpty { fields["measures"] = LedgerText.measures(measureTexts) }
            if let note { fields["note"] = note }
            out.audit.add([
                stamp, actor.userID, AuditEntity.problem.rawValue, id, id, AuditAction.importRows.rawValue,
                String?.none, AuditLog.json(fields),
            ])
            let (title, body) = SearchIndex.problemDocuments(
                number: problem.number, title: d.title, description: d.description, sourceRef: d.sourceRef,
                unitPath: problem.unitPath, measures: measureTexts, notes: note.map { [$0] } ?? [])
            out.search.append((id, title, body))
        }
        if source.dialect == .postgres {
            // The index's lexemes made here, beside the database's work, not on the way to it.
            out.searchRows = SearchIndex.postgresInserts(out.search, table: .problems)
            out.search = []
        } else {
            // Every value as SQLite binds it, here rather than on the way to the database.
            out.searchRows = SearchIndex.sqliteInserts(out.search, table: .problems)
            out.search = []
            for i in out.searchRows.indices { try out.searchRows[i].bindForSQLite() }
            for table in [\ImportSlice.problems, \.supporting, \.measures, \.notes, \.audit] {
                try out[keyPath: table].bindForSQLite()
            }
        }
        return out
    }
}
