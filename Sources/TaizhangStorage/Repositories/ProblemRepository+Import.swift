import Foundation
import SQLKit
import TaizhangDomain

/// The spreadsheet a set of rows came from, named in every audit event they cause.
public struct ImportFile: Sendable, Equatable {
    public var name: String
    public var sha256: String
    public init(name: String, sha256: String) {
        self.name = name
        self.sha256 = sha256
    }

    var auditFields: [String: String?] { ["importFile": name, "importSha256": sha256] }
}

/// What an import wrote.
public struct ImportResult: Sendable, Equatable {
    /// The numbers given to the new problems, in the file's order.
    public var createdNumbers: [String] = []
    public var updated = 0
    public var measuresAdded = 0
    public var notesAdded = 0
}

extension ProblemRepository {
    /// Writes an import's planned rows in one transaction: all of them or none. Every rule is
    /// checked again inside it (scope, roles, versions, the state), so a plan that went stale
    /// between preview and import is refused, not half-applied.
    ///
    /// New problems go in slice by slice (`BulkInsert`: multi-row statements on PostgreSQL, one
    /// prepared statement run for every row in one call on SQLite), numbers reserved as one block,
    /// counters moved once per counter row: a 100,000-row file is one transaction and a few
    /// hundred trips to the database, not a million.
    /// `progress` is told how many of the rows to write are written (a progress bar's figures).
    public func importRows(
        _ rows: [RowPlan], file: ImportFile, by actor: Principal,
        progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil
    ) async throws -> ImportResult {
        let now = clock.now()
        let dialect = store.dialect
        let units = self.units
        return try await store.write { db in
            var result = ImportResult()
            // The rows' own drafts, by index: a copy of 100,000 drafts was 27 MB of an import's peak.
            let creates = NewProblems(rows: rows)
            let total = creates.count + rows.count { if case .update = $0.outcome { true } else { false } }
            if creates.count > 0 {
                let write = {
                    try await Self.insertMany(
                        db, creates, file: file, by: actor, now: now, dialect: dialect, units: units
                    ) { done in progress?(done, total) }
                }
                result.createdNumbers =
                    creates.count >= Self.bulkWrite
                    ? try await SQLiteStore.withBulkCache(db, dialect: dialect, write) : try await write()
                for i in 0..<creates.count {
                    let item = creates[i]
                    result.measuresAdded += item.measures.count
                    result.notesAdded += item.note == nil ? 0 : 1
                }
            }
            for row in rows {
                guard case .update(let id, _, let version, let patch, let measures, let note) = row.outcome else {
                    continue
                }
                try await updateFromSheet(
                    db, id: id, version: version, patch: patch, measures: measures, note: note, file: file, by: actor,
                    now: now)
                result.updated += 1
                if result.updated % 500 == 0 { progress?(creates.count + result.updated, total) }
                result.measuresAdded += measures.count
                result.notesAdded += note == nil ? 0 : 1
            }
            progress?(total, total)
            return result
        }
    }

    /// One existing problem changed by a row, through the same steps as the API's edit, measure
    /// and note, recorded as an import.
    func updateFromSheet(
        _ db: any SQLDatabase, id: Int64, version: Int, patch: ProblemPatch, measures: [String], note: String?,
        file: ImportFile, by actor: Principal, now: Date
    ) async throws {
        let old = try await loadForWrite(db, id: id, version: version, for: actor)
        var current = old
        if !patch.isEmpty {
            try Policy.require(Policy.editProblem, of: actor, on: old, doing: "修改问题")
            if old.state.isTerminal {
                throw DomainError(
                    .conflict, code: "problem_finished", field: "state",
                    zh: "问题 \(old.number) 已\(old.state.chinese)，不能修改",
                    en: "a \(old.state.rawValue) problem cannot be edited")
            }
            var new = try patch.applied(to: old)
            if new != old {
                new.version = old.version + 1
                new.updatedAt = now
                let updated = try await db.raw(
                    """
                    UPDATE problems SET title = \(bind: new.title), description = \(bind: new.description),
                        source_channel = \(bind: new.sourceChannel.rawValue), source_ref = \(bind: new.sourceRef),
                        category = \(bind: new.category), responsible_leader = \(bind: new.responsibleLeader),
                        responsible_person = \(bind: new.responsiblePerson), found_on = \(bind: new.foundOn.description),
                        rectification_type = \(bind: new.rectificationType.rawValue),
                        version = \(bind: new.version), updated_at = \(bind: Timestamp.format(new.updatedAt))
                    WHERE id = \(bind: old.id) AND version = \(bind: old.version) RETURNING version
                    """
                ).first()
                guard updated != nil else { throw DomainError.staleVersion(current: old.version) }
                if new.supportingUnitIDs != old.supportingUnitIDs {
                    try await db.raw("DELETE FROM problem_supporting_units WHERE problem_id = \(bind: old.id)").run()
                    try await Self.insertSupporting(db, problemID: old.id, units: new.supportingUnitIDs, by: actor)
                }
                try await Rollup.apply(db, old: old, new: new)
                var (before, after) = AuditLog.diff(old.auditFields, new.auditFields)
                after.merge(file.auditFields) { a, _ in a }
                try await AuditLog.record(
                    db, actor: actor.userID, entity: .problem, entityID: old.id, problemID: old.id,
                    action: .importRows, old: before, new: after, at: now)
                current = new
            }
        }
        for text in measures {
            _ = try Measure.adding(text: text, owner: "", deadline: nil, to: current, by: actor, now: now)
            let measureID = try await db.raw(
                """
                INSERT INTO measures (problem_id, text, owner, deadline, done_on, version, created_at)
                VALUES (\(bind: id), \(bind: text), '', NULL, NULL, 1, \(bind: Timestamp.format(now))) RETURNING id
                """
            ).one("INSERT INTO measures").int64("id")
            try await AuditLog.record(
                db, actor: actor.userID, entity: .measure, entityID: measureID, problemID: id, action: .importRows,
                new: ["text": text].merging(file.auditFields) { a, _ in a }, at: now)
        }
        if let note {
            let added = try ProgressNote.adding(
                text: note, notedOn: nil, figures: [:], to: current, by: actor, now: now)
            let noteID = try await db.raw(
                """
                INSERT INTO progress_notes (problem_id, noted_on, text, figures, author_id, created_at)
                VALUES (\(bind: id), \(bind: added.notedOn.description), \(bind: note), '{}', \(bind: actor.userID),
                        \(bind: Timestamp.format(now))) RETURNING id
                """
            ).one("INSERT INTO progress_notes").int64("id")
            try await AuditLog.record(
                db, actor: actor.userID, entity: .progressNote, entityID: noteID, problemID: id, action: .importRows,
                new: ["notedOn": added.notedOn.description, "text": note].merging(file.auditFields) { a, _ in a },
                at: now)
        }
        try await SearchIndex.refreshProblem(db, dialect: store.dialect, id: id)
    }

    /// New problems from which an import is written as a bulk write (`withBulkCache`).
    static let bulkWrite = 2_000

    /// Rows written per slice of an import (bounds the memory the statements' values take: 5,000
    /// a slice was 25 MB more at a 100,000-row import's peak than 2,000, for the same time).
    static let importSlice = 2_000

    /// Ids for `count` new problems, taken before their rows are made: on SQLite the rowids after
    /// the last (the writer holds the database, so no one else takes them meanwhile), on
    /// PostgreSQL from the id column's sequence.
    static func reserveProblemIDs(_ db: any SQLDatabase, dialect: Dialect, count: Int) async throws -> [Int64] {
        switch dialect {
        case .sqlite:
            let last = try await db.raw("SELECT COALESCE(MAX(id), 0) AS last FROM problems").one("MAX(id)").int64(
                "last")
            return (0..<Int64(count)).map { last + 1 + $0 }
        case .postgres:
            return try await db.raw(
                """
                SELECT nextval(pg_get_serial_sequence('problems', 'id')) AS id FROM generate_series(1, \(bind: count))
                """
            ).all().map { try $0.int64("id") }
        }
    }

    /// New problems from an import, written in slices, numbered in the file's order.
    static func insertMany(
        _ db: any SQLDatabase, _ items: NewProblems, file: ImportFile, by actor: Principal, now: Date,
        dialect: Dialect, units: UnitCache, progress: (Int) -> Void = { _ in }
    ) async throws -> [String] {
        var unitByID: [Int64: OrgUnit] = [:]
        var named = Set<Int64>()
        for i in 0..<items.count {
            named.insert(items[i].draft.leadUnitID)
            named.formUnion(items[i].draft.supportingUnitIDs)
        }
        for id in named {
            guard let unit = try await units.unit(db, id: id), actor.sees(unit.path) else {
                throw DomainError.invalid("leadUnitId", zh: "单位 \(id) 不存在或不在您的范围内", en: "no such unit in your scope")
            }
            unitByID[id] = unit
        }
        var numbers: [String] = []
        numbers.reserveCapacity(items.count)
        var tally = Rollup.Tally()
        for (campaignID, group) in Dictionary(grouping: 0..<items.count, by: { items[$0].draft.campaignID }) {
            guard let campaign = try await CampaignRepository.find(db, id: campaignID) else {
                throw DomainError.invalid("campaignId", zh: "主题教育不存在", en: "no such campaign")
            }
            // One block of numbers for the whole file: no other writer can take one in between.
            let last = try await db.raw(
                """
                UPDATE campaigns SET next_seq = next_seq + \(bind: group.count) WHERE id = \(bind: campaignID)
                RETURNING next_seq
                """
            ).one("UPDATE campaigns").int("next_seq")
            let first = last - group.count + 1
            let ids = try await reserveProblemIDs(db, dialect: dialect, count: group.count)
            // In slices of a few thousand (what one slice binds is let go before the next), the next
            // slice's rows made while this one is written: the database works on one core, the
            // making of rows (search tokens, audit text) on the other. A slice's source is made
            // when its turn comes, not all of them up front (that was a second copy of every draft).
            let starts = Array(stride(from: 0, to: group.count, by: Self.importSlice))
            let source = { (start: Int) in
                ImportSlice.Source(
                    items: (start..<min(start + Self.importSlice, group.count)).map { offset in
                        let item = items[group[offset]]
                        return (ids[offset], first + offset, item.draft, item.measures, item.note)
                    }, campaign: campaign, units: unitByID, actor: actor, file: file, now: now, dialect: dialect)
            }
            var next = starts.first.map { start in Task { [source = source(start)] in try ImportSlice.make(source) } }
            for index in starts.indices {
                guard let making = next else { break }
                let slice = try await making.value
                next =
                    index + 1 < starts.count
                    ? Task { [source = source(starts[index + 1])] in try ImportSlice.make(source) } : nil
                try await slice.write(db, dialect: dialect)
                tally.merge(slice.tally)
                numbers += slice.numbers
                progress(numbers.count)
                FreedMemory.giveBack()
            }
        }
        try await tally.write(db)
        return numbers
    }
}

/// An import's rows that create problems, read in place from its plan.
struct NewProblems: Sendable {
    let rows: [RowPlan]
    let indices: [Int]

    init(rows: [RowPlan]) {
        self.rows = rows
        self.indices = rows.indices.filter { if case .create = rows[$0].outcome { true } else { false } }
    }

    var count: Int { indices.count }

    subscript(i: Int) -> (draft: ProblemDraft, measures: [String], note: String?) {
        guard case .create(let draft, let measures, let note) = rows[indices[i]].outcome else {
            preconditionFailure("indices hold creations only")
        }
        return (draft, measures, note)
    }
}
