import Foundation
import SQLKit
import TaizhangDomain

/// A round as one person sees it: how many of the returns in their scope stand in each state.
public struct RoundSummary: Sendable {
    public var round: Round
    public var openingUnit: String
    public var counts: [ReturnState: Int]

    public var returns: Int { counts.values.reduce(0, +) }
}

/// A round with the returns in the reader's scope, each with its unit, in tree order.
public struct RoundDetail: Sendable {
    public var round: Round
    public var openingUnit: OrgUnit
    public var returns: [(item: RoundReturn, unit: OrgUnit)]
}

/// One return with its round, its unit and its history.
public struct ReturnDetail: Sendable {
    public var round: Round
    public var openingUnit: OrgUnit
    public var item: RoundReturn
    public var unit: OrgUnit
    public var history: [AuditEvent]
}

/// Rounds (月调度) and the returns in them. Every read is limited to the reader's scope by the
/// returns' unit paths (one index range per scope root); someone who sees no return of a round
/// does not learn it exists.
public struct RoundRepository: Sendable {
    let store: any SQLStore
    let clock: any Clock

    public init(store: any SQLStore, clock: any Clock) {
        self.store = store
        self.clock = clock
    }

    static let roundColumns = "id, campaign_id, unit_id, unit_path, period, title, due_on, opened_by, opened_at"
    static let returnColumns =
        "id, round_id, unit_id, unit_path, state, summary, next_steps, figures, filed_by, filed_at, decided_by, decided_at, reason, version, updated_at"

    /// Opens a round at `unitID` for the units that must report (by default the units right below it).
    public func open(
        title: String, period: RoundPeriod, dueOn: LocalDate, campaignID: Int64, unitID: Int64,
        reporting: [Int64]?, by actor: Principal?
    ) async throws -> Round {
        let now = clock.now()
        return try await store.write { db in
            guard let unit = try await UnitRepository.find(db, id: unitID), actor.map({ $0.sees(unit.path) }) ?? true
            else { throw DomainError.notFound(.unit) }
            guard try await CampaignRepository.find(db, id: campaignID) != nil else {
                throw DomainError.invalid(
                    "campaignId", zh: "主题教育 \(campaignID) 不存在", en: "campaign \(campaignID) does not exist",
                    code: "unknown_campaign")
            }
            var units: [OrgUnit] = []
            if let reporting {
                for (index, id) in reporting.enumerated() {
                    guard let u = try await UnitRepository.find(db, id: id) else {
                        throw DomainError.invalid(
                            "unitIds[\(index)]", zh: "报送单位 \(id) 不存在", en: "unit \(id) does not exist",
                            code: "unknown_unit")
                    }
                    if !units.contains(where: { $0.id == u.id }) { units.append(u) }
                }
            } else {
                units = try await db.raw(
                    "SELECT \(unsafeRaw: UnitRepository.columns) FROM units WHERE parent_id = \(bind: unitID) ORDER BY path"
                ).all().map(UnitRepository.unit(from:))
            }
            var round = try Round.opening(
                title: title, period: period, dueOn: dueOn, campaignID: campaignID, at: unit, reporting: units,
                by: actor, now: now)
            if try await db.raw(
                """
                SELECT id FROM rounds WHERE campaign_id = \(bind: campaignID) AND unit_id = \(bind: unitID)
                AND period = \(bind: period.description)
                """
            ).first() != nil {
                throw DomainError(
                    .conflict, code: "round_exists", field: "period",
                    zh: "\(unit.name)本主题教育\(period.chinese)的调度已经发起", en: "this round was already opened for \(period)")
            }
            round.id = try await db.raw(
                """
                INSERT INTO rounds (campaign_id, unit_id, unit_path, period, title, due_on, opened_by, opened_at)
                VALUES (\(bind: campaignID), \(bind: unitID), \(bind: unit.path.value), \(bind: period.description),
                        \(bind: round.title), \(bind: dueOn.description), \(bind: actor?.userID), \(bind: Timestamp.format(now)))
                RETURNING id
                """
            ).one("INSERT INTO rounds").int64("id")
            // Many units in one statement each 200: a province's round is some 150 to 3,000 rows.
            for chunk in stride(from: 0, to: units.count, by: 200).map({ Array(units[$0..<min($0 + 200, units.count)]) }
            ) {
                var sql = SQLQueryString(
                    "INSERT INTO round_returns (round_id, unit_id, unit_path, state, summary, next_steps, version, updated_at) VALUES "
                )
                for (i, u) in chunk.enumerated() {
                    if i > 0 { sql += ", " }
                    sql +=
                        "(\(bind: round.id), \(bind: u.id), \(bind: u.path.value), \(bind: ReturnState.notFiled.rawValue), '', '', 1, \(bind: Timestamp.format(now)))"
                }
                try await db.raw(sql).run()
            }
            try await AuditLog.record(
                db, actor: actor?.userID, entity: .round, entityID: round.id, problemID: nil, action: .create,
                new: [
                    "title": round.title, "period": period.description, "dueOn": dueOn.description,
                    "campaignId": String(campaignID), "units": String(units.count),
                ], at: now)
            return round
        }
    }

    /// The newest rounds in which `actor` sees at least one return, with that scope's counts.
    public func rounds(for actor: Principal, limit: Int = 100) async throws -> [RoundSummary] {
        let roots = actor.scopeRoots
        guard !roots.isEmpty else { return [] }
        return try await store.read { db in
            var counts: [Int64: [ReturnState: Int]] = [:]
            for row in try await db.raw(
                "SELECT round_id, state, COUNT(*) AS n FROM round_returns WHERE " + Self.scope(roots)
                    + " GROUP BY round_id, state"
            ).all() {
                counts[try row.int64("round_id"), default: [:]][try row.enumValue("state", as: ReturnState.self)] =
                    try row.int("n")
            }
            guard !counts.isEmpty else { return [] }
            let ids = counts.keys.sorted().map { String($0) }.joined(separator: ", ")
            let rows = try await db.raw(
                """
                SELECT r.id, r.campaign_id, r.unit_id, r.unit_path, r.period, r.title, r.due_on, r.opened_by, r.opened_at,
                       u.name AS unit_name
                FROM rounds r JOIN units u ON u.id = r.unit_id
                WHERE r.id IN (\(unsafeRaw: ids)) ORDER BY r.period DESC, r.id DESC LIMIT \(literal: limit)
                """
            ).all()
            return try rows.map { row in
                let round = try Self.round(from: row)
                return RoundSummary(
                    round: round, openingUnit: try row.string("unit_name"), counts: counts[round.id] ?? [:])
            }
        }
    }

    /// A round and the returns of it in `actor`'s scope; not found when there are none.
    public func round(_ id: Int64, for actor: Principal) async throws -> RoundDetail {
        let roots = actor.scopeRoots
        return try await store.read { db in
            guard !roots.isEmpty, let round = try await Self.findRound(db, id: id) else {
                throw DomainError.notFound(.round)
            }
            let rows = try await db.raw(
                """
                SELECT \(unsafeRaw: Self.returnColumns.split(separator: ",").map { "t." + $0.trimmingCharacters(in: .whitespaces) }.joined(separator: ", ")),
                       u.parent_id, u.name, u.short_name, u.kind, u.path
                FROM round_returns t JOIN units u ON u.id = t.unit_id
                WHERE t.round_id = \(bind: id) AND
                """ + Self.scope(roots, column: "t.unit_path") + " ORDER BY t.unit_path"
            ).all()
            guard !rows.isEmpty, let opening = try await UnitRepository.find(db, id: round.unitID) else {
                throw DomainError.notFound(.round)
            }
            let returns = try rows.map { row in
                let item = try Self.roundReturn(from: row)
                let unit = OrgUnit(
                    id: item.unitID, parentID: try row.optionalInt64("parent_id"), name: try row.string("name"),
                    shortName: try row.string("short_name"), kind: try row.enumValue("kind", as: UnitKind.self),
                    path: UnitPath(try row.string("path")))
                return (item: item, unit: unit)
            }
            return RoundDetail(round: round, openingUnit: opening, returns: returns)
        }
    }

    /// One return of a round, with its history, if `actor` sees its unit.
    public func roundReturn(_ id: Int64, of roundID: Int64, for actor: Principal) async throws -> ReturnDetail {
        try await store.read { db in
            guard let (round, item) = try await Self.find(db, returnID: id, roundID: roundID, lock: ""),
                actor.sees(item.unitPath),
                let unit = try await UnitRepository.find(db, id: item.unitID),
                let opening = try await UnitRepository.find(db, id: round.unitID)
            else { throw DomainError.notFound(.roundReturn) }
            let history = try await db.raw(
                """
                SELECT \(unsafeRaw: ProblemTrail.historyColumns) FROM audit_events
                WHERE entity = \(bind: AuditEntity.roundReturn.rawValue) AND entity_id = \(bind: id) ORDER BY id
                """
            ).all().map(AuditLog.event(from:))
            return ReturnDetail(round: round, openingUnit: opening, item: item, unit: unit, history: history)
        }
    }

    /// Applies `change` to a return in one transaction (the row locked on PostgreSQL) and audits it.
    /// `change` is a domain rule: it checks the version, the role and the state.
    public func change(
        _ id: Int64, of roundID: Int64, by actor: Principal, action: AuditAction,
        _ rule: @escaping @Sendable (Round, RoundReturn, Date) throws -> RoundReturn
    ) async throws -> RoundReturn {
        let now = clock.now()
        return try await store.write { [lockRow = store.lockRow] db in
            guard let (round, item) = try await Self.find(db, returnID: id, roundID: roundID, lock: lockRow),
                actor.sees(item.unitPath) || actor.sees(round.unitPath)
            else { throw DomainError.notFound(.roundReturn) }
            let next = try rule(round, item, now)
            try await db.raw(
                """
                UPDATE round_returns SET state = \(bind: next.state.rawValue), summary = \(bind: next.summary),
                  next_steps = \(bind: next.nextSteps), figures = \(bind: next.figures.map(Self.json)),
                  filed_by = \(bind: next.filedBy), filed_at = \(bind: next.filedAt.map(Timestamp.format)),
                  decided_by = \(bind: next.decidedBy), decided_at = \(bind: next.decidedAt.map(Timestamp.format)),
                  reason = \(bind: next.reason), version = \(bind: next.version), updated_at = \(bind: Timestamp.format(now))
                WHERE id = \(bind: id) AND version = \(bind: item.version)
                """
            ).run()
            let (old, new) = AuditLog.diff(Self.fields(item), Self.fields(next))
            try await AuditLog.record(
                db, actor: actor.userID, entity: .roundReturn, entityID: id, problemID: nil, action: action, old: old,
                new: new, at: now)
            return next
        }
    }

    /// Returns still owed (not filed, or sent back) by units in the subtree at `path`.
    public func owedCount(under path: UnitPath) async throws -> Int {
        try await store.read { db in
            try await db.raw(
                "SELECT COUNT(*) AS n FROM round_returns WHERE state IN ('not_filed', 'returned') AND "
                    + Self.scope([path])
            ).first()?.int("n") ?? 0
        }
    }

    /// Filed returns waiting for a decision in rounds opened at `path` or below.
    public func filedCount(roundsUnder path: UnitPath) async throws -> Int {
        let range = path.subtreeRange
        return try await store.read { db in
            try await db.raw(
                """
                SELECT COUNT(*) AS n FROM round_returns t JOIN rounds r ON r.id = t.round_id
                WHERE t.state = 'filed' AND r.unit_path >= \(bind: range.lower) AND r.unit_path < \(bind: range.upper)
                """
            ).first()?.int("n") ?? 0
        }
    }

    // MARK: - Rows

    /// In any of these subtrees: the same range condition the problem lists use.
    static func scope(_ roots: [UnitPath], column: String = "unit_path") -> SQLQueryString {
        "(" + roots.map { ProblemRepository.subtree($0, column: column) }.joined(separator: " OR ") + ")"
    }

    static func findRound(_ db: any SQLDatabase, id: Int64) async throws -> Round? {
        try await db.raw("SELECT \(unsafeRaw: roundColumns) FROM rounds WHERE id = \(bind: id)").first().map(
            round(from:))
    }

    static func find(_ db: any SQLDatabase, returnID: Int64, roundID: Int64, lock: String) async throws -> (
        Round, RoundReturn
    )? {
        guard
            let item = try await db.raw(
                """
                SELECT \(unsafeRaw: returnColumns) FROM round_returns
                WHERE id = \(bind: returnID) AND round_id = \(bind: roundID)\(unsafeRaw: lock)
                """
            ).first().map(roundReturn(from:)),
            let round = try await findRound(db, id: roundID)
        else { return nil }
        return (round, item)
    }

    static func round(from row: any SQLRow) throws -> Round {
        guard let period = RoundPeriod(try row.string("period")) else { throw DomainError.notFound(.round) }
        return Round(
            id: try row.int64("id"), campaignID: try row.int64("campaign_id"), unitID: try row.int64("unit_id"),
            unitPath: UnitPath(try row.string("unit_path")), period: period, title: try row.string("title"),
            dueOn: try row.localDate("due_on"), openedBy: try row.optionalInt64("opened_by"),
            openedAt: try row.date("opened_at"))
    }

    static func roundReturn(from row: any SQLRow) throws -> RoundReturn {
        RoundReturn(
            id: try row.int64("id"), roundID: try row.int64("round_id"), unitID: try row.int64("unit_id"),
            unitPath: UnitPath(try row.string("unit_path")), state: try row.enumValue("state", as: ReturnState.self),
            summary: try row.string("summary"), nextSteps: try row.string("next_steps"),
            figures: try row.optionalString("figures").flatMap {
                try? JSONDecoder().decode(ReturnFigures.self, from: Data($0.utf8))
            },
            filedBy: try row.optionalInt64("filed_by"), filedAt: try row.optionalDate("filed_at"),
            decidedBy: try row.optionalInt64("decided_by"), decidedAt: try row.optionalDate("decided_at"),
            reason: try row.optionalString("reason"), version: try row.int("version"),
            updatedAt: try row.date("updated_at"))
    }

    static func json(_ f: ReturnFigures) -> String {
        "{\"closed\":\(f.closed),\"open\":\(f.open),\"overdue\":\(f.overdue),\"total\":\(f.total)}"
    }

    /// What the audit trail compares before and after.
    static func fields(_ r: RoundReturn) -> [String: String?] {
        [
            "state": r.state.rawValue, "summary": r.summary, "nextSteps": r.nextSteps,
            "figures": r.figures.map(json), "reason": r.reason,
        ]
    }
}
