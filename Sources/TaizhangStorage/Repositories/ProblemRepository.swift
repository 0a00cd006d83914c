import Foundation
import SQLKit
import TaizhangDomain

/// The ledger of problems: every read filtered by the caller's scope, every write one transaction
/// with its version check, roll-up counters and audit event.
public struct ProblemRepository: Sendable {
    let store: any SQLStore
    let clock: any Clock
    let units = UnitCache()
    let queuePlans = QueuePlanCache()
    let searchStatistics = SearchStatistics()

    public init(store: any SQLStore, clock: any Clock) {
        self.store = store
        self.clock = clock
    }

    static let columns = """
        id, campaign_id, number, title, description, source_channel, source_ref, category, lead_unit_id, unit_path,
        responsible_leader, responsible_person, found_on, deadline, rectification_type, state, merged_into_id,
        state_reason, submitted_by, closed_on, version, created_at, updated_at
        """

    static func problem(from row: any SQLRow) throws -> Problem {
        Problem(
            id: try row.int64("id"), campaignID: try row.int64("campaign_id"), number: try row.string("number"),
            title: try row.string("title"), description: try row.string("description"),
            sourceChannel: try row.enumValue("source_channel", as: SourceChannel.self),
            sourceRef: try row.string("source_ref"), category: try row.string("category"),
            leadUnitID: try row.int64("lead_unit_id"), unitPath: UnitPath(try row.string("unit_path")),
            supportingUnitIDs: [], responsibleLeader: try row.string("responsible_leader"),
            responsiblePerson: try row.string("responsible_person"), foundOn: try row.localDate("found_on"),
            deadline: StoredDeadline.decode(try row.string("deadline")),
            rectificationType: try row.enumValue("rectification_type", as: RectificationType.self),
            state: try row.enumValue("state", as: ProblemState.self),
            mergedIntoID: try row.optionalInt64("merged_into_id"), stateReason: try row.optionalString("state_reason"),
            submittedBy: try row.optionalInt64("submitted_by"), closedOn: try row.optionalLocalDate("closed_on"),
            version: try row.int("version"), createdAt: try row.date("created_at"),
            updatedAt: try row.date("updated_at"))
    }

    /// Loads a problem the actor may see (through its lead unit or a supporting unit), or answers
    /// "not found" as if it did not exist. The supporting units are read when asked for, and
    /// always when the lead unit is out of the actor's scope, since access then depends on them.
    static func load(
        _ db: any SQLDatabase, id: Int64, for actor: Principal, lock: String = "", supporting: Bool = true,
        supportingPaths: Bool = false
    ) async throws -> Problem {
        guard
            let problem = try await db.raw(
                "SELECT \(unsafeRaw: columns) FROM problems WHERE id = \(bind: id)\(unsafeRaw: lock)"
            ).first().map(problem(from:))
        else { throw DomainError.notFound(.problem) }
        return try await authorize(
            db, problem, for: actor, supporting: supporting, supportingPaths: supportingPaths)
    }

    /// A problem as the actor may see it (its supporting units read as far as needed to decide),
    /// or not found.
    static func authorize(
        _ db: any SQLDatabase, _ loaded: Problem, for actor: Principal, supporting: Bool = true,
        supportingPaths: Bool = false
    ) async throws -> Problem {
        var problem = loaded
        let id = problem.id
        if supportingPaths || !actor.sees(problem.unitPath) {
            // Someone outside the lead unit's scope may still reach it through a unit it supports:
            // the supporting units' paths decide.
            let rows = try await db.raw(
                """
                SELECT s.unit_id, u.path FROM problem_supporting_units s JOIN units u ON u.id = s.unit_id
                WHERE s.problem_id = \(bind: id) ORDER BY s.unit_id
                """
            ).all()
            problem.supportingUnitIDs = try rows.map { try $0.int64("unit_id") }
            problem.supportingUnitPaths = try rows.map { UnitPath(try $0.string("path")) }
        } else if supporting {
            // The lead unit's scope: only the ids, to show them (one query less on every write that
            // does not need them, and no join).
            problem.supportingUnitIDs = try await db.raw(
                "SELECT unit_id FROM problem_supporting_units WHERE problem_id = \(bind: id) ORDER BY unit_id"
            ).all().map { try $0.int64("unit_id") }
        }
        guard actor.access(to: problem) != nil else { throw DomainError.notFound(.problem) }
        return problem
    }

    /// Loads for a write: row-locked on PostgreSQL, and refused with 409 if the caller's version is stale.
    func loadForWrite(_ db: any SQLDatabase, id: Int64, version: Int?, for actor: Principal) async throws -> Problem {
        let problem = try await Self.load(db, id: id, for: actor, lock: store.lockRow)
        if let version, version != problem.version {
            throw DomainError.staleVersion(current: problem.version)
        }
        return problem
    }

    /// Writes `new` over `old` (same id), moving roll-ups and recording the audit event.
    func save(_ db: any SQLDatabase, old: Problem, new: Problem, action: AuditAction, actor: Principal) async throws {
        let updated = try await db.raw(
            """
            UPDATE problems SET title = \(bind: new.title), description = \(bind: new.description),
                source_channel = \(bind: new.sourceChannel.rawValue), source_ref = \(bind: new.sourceRef),
                category = \(bind: new.category), responsible_leader = \(bind: new.responsibleLeader),
                responsible_person = \(bind: new.responsiblePerson), found_on = \(bind: new.foundOn.description),
                deadline = \(bind: StoredDeadline.encode(new.deadline)),
                rectification_type = \(bind: new.rectificationType.rawValue), state = \(bind: new.state.rawValue),
                merged_into_id = \(bind: new.mergedIntoID), state_reason = \(bind: new.stateReason),
                submitted_by = \(bind: new.submittedBy), closed_on = \(bind: new.closedOn?.description),
                version = \(bind: new.version), updated_at = \(bind: Timestamp.format(new.updatedAt))
            WHERE id = \(bind: old.id) AND version = \(bind: old.version)
            RETURNING version
            """
        ).first()
        guard updated != nil else { throw DomainError.staleVersion(current: old.version) }
        if new.supportingUnitIDs != old.supportingUnitIDs {
            try await db.raw("DELETE FROM problem_supporting_units WHERE problem_id = \(bind: old.id)").run()
            try await Self.insertSupporting(db, problemID: old.id, units: new.supportingUnitIDs, by: actor)
        }
        try await Rollup.apply(db, old: old, new: new)
        let (before, after) = AuditLog.diff(old.auditFields, new.auditFields)
        try await AuditLog.record(
            db, actor: actor.userID, entity: .problem, entityID: old.id, problemID: old.id, action: action,
            old: before, new: after, at: new.updatedAt)
    }

    /// Links the supporting units. Each must be in the actor's scope: a missing unit and one
    /// outside it are refused alike, so the answer tells nothing about units the actor cannot see.
    static func insertSupporting(_ db: any SQLDatabase, problemID: Int64, units: [Int64], by actor: Principal)
        async throws
    {
        for unit in Set(units).sorted() {
            guard let found = try await UnitRepository.find(db, id: unit), actor.sees(found.path) else {
                let index = units.firstIndex(of: unit) ?? 0
                throw DomainError.invalid(
                    "supportingUnitIds[\(index)]", zh: "配合单位 \(unit) 不存在或不在您的范围内",
                    en: "supporting unit \(unit) does not exist in your scope", code: "unknown_unit")
            }
            try await db.raw(
                "INSERT INTO problem_supporting_units (problem_id, unit_id) VALUES (\(bind: problemID), \(bind: unit))"
            ).run()
        }
    }

    /// Puts a new problem on the ledger as a draft (待认领) with the next number of its campaign.
    public func create(_ draft: ProblemDraft, by actor: Principal) async throws -> Problem {
        try draft.validate()
        let now = clock.now()
        let dialect = store.dialect
        return try await store.write { db in
            let problem = try await Self.insert(db, draft, reportID: nil, by: actor, now: now)
            try await SearchIndex.refreshProblem(db, dialect: dialect, id: problem.id)
            return problem
        }
    }

    /// Inserts a validated draft inside the caller's transaction, with roll-ups and audit.
    static func insert(
        _ db: any SQLDatabase, _ draft: ProblemDraft, reportID: Int64?, by actor: Principal, now: Date
    ) async throws -> Problem {
        guard let lead = try await UnitRepository.find(db, id: draft.leadUnitID), actor.sees(lead.path) else {
            throw DomainError.invalid("leadUnitId", zh: "牵头单位不存在或不在您的范围内", en: "no such lead unit in your scope")
        }
        try Policy.require(Policy.createProblem, of: actor, at: lead.path, doing: "新增问题")
        guard let campaign = try await CampaignRepository.find(db, id: draft.campaignID) else {
            throw DomainError.invalid("campaignId", zh: "主题教育不存在", en: "no such campaign")
        }
        let seq = try await db.raw(
            "UPDATE campaigns SET next_seq = next_seq + 1 WHERE id = \(bind: campaign.id) RETURNING next_seq"
        ).one("UPDATE campaigns").int("next_seq")
        let number = campaign.problemNumber(seq)
        let id = try await db.raw(
            """
            INSERT INTO problems (campaign_id, seq, number, title, description, source_channel, source_ref, category,
                lead_unit_id, unit_path, responsible_leader, responsible_person, found_on, deadline,
                rectification_type, state, version, created_at, updated_at, report_id)
            VALUES (\(bind: campaign.id), \(bind: seq), \(bind: number), \(bind: draft.title), \(bind: draft.description),
                \(bind: draft.sourceChannel.rawValue), \(bind: draft.sourceRef), \(bind: draft.category),
                \(bind: lead.id), \(bind: lead.path.value), \(bind: draft.responsibleLeader),
                \(bind: draft.responsiblePerson), \(bind: draft.foundOn.description),
                \(bind: StoredDeadline.encode(draft.deadline)), \(bind: draft.rectificationType.rawValue),
                \(bind: ProblemState.draft.rawValue), 1, \(bind: Timestamp.format(now)), \(bind: Timestamp.format(now)),
                \(bind: reportID))
            RETURNING id
            """
        ).one("INSERT INTO problems").int64("id")
        try await insertSupporting(db, problemID: id, units: draft.supportingUnitIDs, by: actor)
        let problem = Problem(
            id: id, campaignID: campaign.id, number: number, title: draft.title, description: draft.description,
            sourceChannel: draft.sourceChannel, sourceRef: draft.sourceRef, category: draft.category,
            leadUnitID: lead.id, unitPath: lead.path, supportingUnitIDs: Set(draft.supportingUnitIDs).sorted(),
            responsibleLeader: draft.responsibleLeader, responsiblePerson: draft.responsiblePerson,
            foundOn: draft.foundOn, deadline: draft.deadline, rectificationType: draft.rectificationType,
            state: .draft, mergedIntoID: nil, stateReason: nil, submittedBy: nil, closedOn: nil, version: 1,
            createdAt: now, updatedAt: now)
        try await Rollup.apply(db, old: nil, new: problem)
        var fields = problem.auditFields
        if let reportID { fields["reportId"] = String(reportID) }
        try await AuditLog.record(
            db, actor: actor.userID, entity: .problem, entityID: id, problemID: id, action: .create,
            new: fields, at: now)
        return problem
    }

    /// One problem the actor may see.
    public func problem(_ id: Int64, for actor: Principal) async throws -> Problem {
        try await store.read { db in try await Self.load(db, id: id, for: actor) }
    }

    /// Edits descriptive fields, refusing a stale version.
    public func update(_ id: Int64, version: Int, patch: ProblemPatch, by actor: Principal) async throws -> Problem {
        let now = clock.now()
        let dialect = store.dialect
        return try await store.write { db in
            let old = try await loadForWrite(db, id: id, version: version, for: actor)
            try Policy.require(Policy.editProblem, of: actor, on: old, doing: "修改问题")
            if old.state.isTerminal {
                throw DomainError(
                    .conflict, code: "problem_finished", field: "state",
                    zh: "问题已\(old.state.chinese)，不能修改", en: "a \(old.state.rawValue) problem cannot be edited")
            }
            var new = try patch.applied(to: old)
            if new == old { return old }
            new.version = old.version + 1
            new.updatedAt = now
            try await save(db, old: old, new: new, action: .update, actor: actor)
            if new.title != old.title || new.description != old.description || new.sourceRef != old.sourceRef {
                try await SearchIndex.refreshProblem(db, dialect: dialect, id: id)
            }
            return new
        }
    }
}

extension ProblemRepository {
    /// The units with these ids (from the cache when known), for naming the lead and supporting
    /// units of problems the caller has already been allowed to read.
    public func units(_ ids: Set<Int64>) async throws -> [Int64: OrgUnit] {
        guard !ids.isEmpty else { return [:] }
        // Known units need no transaction (a list page names its units on every request).
        if let known = units.cached(ids) { return known }
        return try await store.read { db in
            var found: [Int64: OrgUnit] = [:]
            for id in ids {
                if let unit = try await units.unit(db, id: id) { found[id] = unit }
            }
            return found
        }
    }
}
