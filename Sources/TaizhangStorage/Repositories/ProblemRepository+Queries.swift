import Foundation
import SQLKit
import TaizhangDomain

/// A problem with everything recorded against it.
public struct ProblemDetail: Sendable {
    public var problem: Problem
    public var measures: [Measure]
    public var notes: [ProgressNote]
    public var evidence: [Evidence]
    public var deadlineChanges: [DeadlineChange]
    public var history: [AuditEvent]
    /// Set when older notes or events exist than the detail shows: page on with `before` = this id.
    public var moreNotesBefore: Int64?
    public var moreHistoryBefore: Int64?
}

/// A page of a problem's notes or history, oldest first, and where the older ones continue.
public struct TrailPage<Item: Sendable>: Sendable {
    public var items: [Item]
    public var nextBefore: Int64?
}

/// One page of a list and where the next one starts.
public struct ProblemPage: Sendable {
    public var items: [Problem]
    public var nextCursor: String?
    /// With a search: the words around the first hit in each item's title or description, escaped
    /// for HTML, the hit in `<mark>` (absent when the hit is in a measure or a note).
    public var snippets: [Int64: String] = [:]
}

extension ProblemRepository {
    /// How many of the newest notes and history events a problem's detail carries.
    public static let recentNotes = 100
    public static let recentHistory = 200

    static func notes(_ db: any SQLDatabase, problemID id: Int64, before: Int64?, limit: Int) async throws
        -> [ProgressNote]
    {
        try await db.raw(
            """
            SELECT \(unsafeRaw: ProblemTrail.noteColumns) FROM progress_notes
            WHERE problem_id = \(bind: id) AND id < \(bind: before ?? Int64.max) ORDER BY id DESC LIMIT \(literal: limit)
            """
        ).all().reversed().map(note(from:))
    }

    static func note(from row: any SQLRow) throws -> ProgressNote {
        let figures =
            try JSONSerialization.jsonObject(with: Data(try row.string("figures").utf8)) as? [String: Double]
        return ProgressNote(
            id: try row.int64("id"), problemID: try row.int64("problem_id"), notedOn: try row.localDate("noted_on"),
            text: try row.string("text"), figures: figures ?? [:], authorID: try row.int64("author_id"),
            createdAt: try row.date("created_at"))
    }

    /// Older notes of a problem the actor may see, `limit` at a time.
    public func notes(_ id: Int64, before: Int64?, limit: Int, for actor: Principal) async throws -> TrailPage<
        ProgressNote
    > {
        try await store.read { db in
            _ = try await Self.load(db, id: id, for: actor, supporting: false)
            let page = try await Self.notes(db, problemID: id, before: before, limit: limit + 1)
            return TrailPage(items: Array(page.suffix(limit)), nextBefore: page.count > limit ? page[1].id : nil)
        }
    }

    /// Older history events of a problem the actor may see, `limit` at a time.
    public func history(_ id: Int64, before: Int64?, limit: Int, for actor: Principal) async throws -> TrailPage<
        AuditEvent
    > {
        try await store.read { db in
            _ = try await Self.load(db, id: id, for: actor, supporting: false)
            let page = try await AuditLog.history(db, problemID: id, before: before, limit: limit + 1)
            return TrailPage(items: Array(page.suffix(limit)), nextBefore: page.count > limit ? page[1].id : nil)
        }
    }

    public func detail(_ id: Int64, for actor: Principal) async throws -> ProblemDetail {
        let dialect = store.dialect
        return try await store.read { db in
            var problem: Problem
            let trail: ProblemTrail
            if dialect == .postgres {
                // The problem and its trail in one statement (a round trip and an execution less);
                // the trail is dropped unread when the actor may not see the problem.
                guard let (row, read) = try await ProblemTrail.withProblem(db, problemID: id) else {
                    throw DomainError.notFound(.problem)
                }
                problem = try await Self.authorize(db, try Self.problem(from: row), for: actor, supporting: false)
                trail = read
            } else {
                problem = try await Self.load(db, id: id, for: actor, supporting: false)
                trail = try await ProblemTrail.separately(db, problemID: id)
            }
            if problem.supportingUnitPaths.isEmpty { problem.supportingUnitIDs = trail.supportingUnitIDs }
            let notes = trail.notes
            let history = trail.history
            return ProblemDetail(
                problem: problem, measures: trail.measures, notes: Array(notes.suffix(Self.recentNotes)),
                evidence: trail.evidence, deadlineChanges: trail.deadlineChanges,
                history: Array(history.suffix(Self.recentHistory)),
                moreNotesBefore: notes.count > Self.recentNotes ? notes[1].id : nil,
                moreHistoryBefore: history.count > Self.recentHistory ? history[1].id : nil)
        }
    }

    /// A filtered, sorted page of the ledger, never reaching outside the actor's scope.
    public func list(_ filter: ProblemFilter, for actor: Principal) async throws -> ProblemPage {
        try await list(filter, for: actor, maxLimit: ProblemFilter.maxLimit)
    }

    /// The same, with pages as long as `maxLimit` (an export reads thousands at a time).
    func list(_ filter: ProblemFilter, for actor: Principal, maxLimit: Int) async throws -> ProblemPage {
        let today = clock.today()
        let search = try SearchQuery.parse(filter.text)
        let sort = filter.order
        if sort == .relevance && search == nil {
            throw DomainError.invalid(
                "sort", zh: "按相关度排序需要搜索词（q）", en: "sort=relevance needs a search (q)")
        }
        let dialect = store.dialect
        guard (1...maxLimit).contains(filter.limit) else {
            throw DomainError.invalid(
                "limit", zh: "每页条数须在 1 到 \(maxLimit) 之间", en: "limit must be between 1 and \(maxLimit)")
        }
        let cursor: (String, Int64)?
        if let text = filter.cursor {
            guard let decoded = Self.decodeCursor(text) else {
                throw DomainError.invalid("cursor", zh: "翻页标记无效", en: "the cursor is not valid")
            }
            cursor = decoded
        } else {
            cursor = nil
        }
        let binding = ProblemState.deadlineBinding
        // The states the page can hold: asked for, narrowed to those a deadline binds when only overdue ones are wanted.
        var wanted: [ProblemState]? = filter.states.isEmpty ? nil : filter.states
        if filter.overdue == true { wanted = (wanted ?? binding).filter(binding.contains) }
        let states = wanted
        if states?.isEmpty == true { return ProblemPage(items: [], nextCursor: nil) }
        return try await store.read { db in
            var conditions: [SQLQueryString] = []
            var subtree: OrgUnit?
            let roots: [UnitPath]
            if let unitID = filter.unitID {
                guard let unit = try await units.unit(db, id: unitID), actor.sees(unit.path) else {
                    throw DomainError.notFound(.unit)
                }
                subtree = unit
                roots = [unit.path]
            } else {
                roots = actor.scopeRoots
                if roots.isEmpty { return ProblemPage(items: [], nextCursor: nil) }
            }
            if filter.supported {
                subtree = nil
                conditions.append(Self.supported(by: roots))
            } else {
                conditions.append("(" + roots.map(Self.subtree).joined(separator: " OR ") + ")")
            }
            if let campaign = filter.campaignID { conditions.append("campaign_id = \(bind: campaign)") }
            if !filter.sourceChannels.isEmpty {
                conditions.append("source_channel IN (\(binds: filter.sourceChannels.map(\.rawValue)))")
            }
            if let category = filter.category { conditions.append("category = \(bind: category)") }
            switch filter.overdue {
            case true?: conditions.append("deadline < \(bind: today.description)")
            case false?:
                conditions.append(
                    "NOT (state IN (\(binds: binding.map(\.rawValue))) AND deadline < \(bind: today.description))")
            case nil: break
            }
            if let from = filter.deadlineFrom {
                conditions.append("deadline >= \(bind: from.description) AND deadline <> \(bind: StoredDeadline.none)")
            }
            if let to = filter.deadlineTo { conditions.append("deadline <= \(bind: to.description)") }
            // A search within subtrees below the root asks the index for the subtrees too (the
            // conditions above still decide; the index only narrows the candidates).
            let within = !filter.supported && SearchScope.narrows(roots) ? roots : nil
            if let search, sort == .relevance {
                if let states { conditions.append("state IN (\(binds: states.map(\.rawValue)))") }
                return try await Self.relevancePage(
                    db, search: search, within: within, conditions: conditions, cursor: cursor, limit: filter.limit,
                    dialect: dialect, statistics: dialect == .postgres ? searchStatistics : nil, now: clock.now())
            }
            if let search {
                let order = dialect == .sqlite ? try await SearchIndex.sqliteTermOrder(db, search, within: within) : nil
                conditions.append(
                    "id IN ("
                        + SearchIndex.matching(search, table: .problems, within: within, order: order, dialect: dialect)
                        + ")")
            }
            let column = sort.column
            let direction = sort.descending ? "DESC" : "ASC"
            if let (value, id) = cursor {
                let op = sort.descending ? "<" : ">"
                if sort == .number {
                    conditions.append("id \(unsafeRaw: op) \(bind: id)")
                } else {
                    conditions.append("(\(ident: column), id) \(unsafeRaw: op) (\(bind: value), \(bind: id))")
                }
            }
            // The page is found from the index alone (ids and sort keys), and only its rows are read:
            // a subtree's overdue queue may match thousands of rows of which 25 are shown, and reading
            // every matching row to sort them cost PostgreSQL one random heap read each.
            let key: SQLQueryString
            let keyOrder: SQLQueryString
            let order: SQLQueryString
            switch sort {
            case .number, .relevance:
                key = "id AS page_id"
                keyOrder = "page_id \(unsafeRaw: direction)"
                order = "id \(unsafeRaw: direction)"
            default:
                key = "id AS page_id, \(ident: column) AS page_key"
                keyOrder = "page_key \(unsafeRaw: direction), page_id \(unsafeRaw: direction)"
                order = "\(ident: column) \(unsafeRaw: direction), id \(unsafeRaw: direction)"
            }
            let limit = filter.limit + 1
            let pageQuery: SQLQueryString
            var perUnit = false
            if let states, sort == .deadline || sort == .deadlineDesc {
                // A deadline queue: one ordered walk per state, merged. Which index walks it depends on
                // how much of the ledger the subtree holds (see DeadlineQueuePlan).
                let plan = try await DeadlineQueuePlan.choose(
                    db, dialect: store.dialect, subtree: subtree, campaignID: filter.campaignID, states: states,
                    limit: limit, cache: queuePlans)
                let arms = states.map { state -> SQLQueryString in
                    let walk: (SQLQueryString) -> SQLQueryString = { unit in
                        "SELECT " + key + " FROM problems\(unsafeRaw: plan.hint) WHERE " + unit
                            + "state = \(bind: state.rawValue) AND " + conditions.joined(separator: " AND ")
                            + " ORDER BY " + order + " LIMIT \(literal: limit)"
                    }
                    guard case .perUnit(let path) = plan.way else { return walk("") }
                    perUnit = true
                    let range = path.subtreeRange
                    return "SELECT w.* FROM units u CROSS JOIN LATERAL (" + walk("unit_path = u.path AND ")
                        + ") AS w WHERE u.path >= \(bind: range.lower) AND u.path < \(bind: range.upper) ORDER BY "
                        + keyOrder + " LIMIT \(literal: limit)"
                }
                if arms.count == 1 {
                    pageQuery = arms[0]
                } else {
                    pageQuery =
                        "SELECT * FROM ("
                        + arms.enumerated().map { i, arm -> SQLQueryString in
                            "SELECT * FROM (" + arm + ") AS arm\(unsafeRaw: String(i))"
                        }.joined(separator: " UNION ALL ") + ") AS queue ORDER BY " + keyOrder
                        + " LIMIT \(literal: limit)"
                }
            } else {
                if let states { conditions.append("state IN (\(binds: states.map(\.rawValue)))") }
                pageQuery =
                    "SELECT " + key + " FROM problems WHERE " + conditions.joined(separator: " AND ") + " ORDER BY "
                    + order + " LIMIT \(literal: limit)"
            }
            var query: SQLQueryString =
                "SELECT \(unsafeRaw: Self.columns) FROM problems JOIN (" + pageQuery
                + ") AS page ON id = page.page_id ORDER BY " + order
            // A queue walked unit by unit has one best plan whatever the unit or the day.
            if perUnit { query = FixedPlan.mark(query) }
            let rows = try await db.raw(query).all()
            var items = try rows.map(Self.problem(from:))
            var next: String?
            if items.count > filter.limit {
                items.removeLast()
                if let last = items.last { next = Self.encodeCursor(Self.sortValue(last, sort), last.id) }
            }
            var page = ProblemPage(items: items, nextCursor: next)
            if let search {
                for p in items {
                    page.snippets[p.id] = SearchSnippet.make(search, in: [p.title, p.description, p.sourceRef])
                }
            }
            return page
        }
    }

    /// Up to this many estimated matches, PostgreSQL gathers them all and sorts (see
    /// `SearchIndex.estimatedMatches`); above it, it walks the newest first.
    static let gatherBelow = 20_000

    /// Where the newest ids that should hold `need` of `estimate` matches begin (the window is the
    /// ids after it, below `before`); nil when the matches are too few for a window to save anything.
    ///
    /// Why (PostgreSQL): a gathered page reads every match's row to learn its id. Two words ANDed
    /// across the province, 4,695 matches on 4,642 pages of the search table, took 11.9 ms a
    /// statement; PostgreSQL ANDs the GIN index's matches with the id index's range of the window
    /// before reading any row (72 rows read, 5.9 ms, measured). Fewer in the window than expected
    /// (the estimate is rough) is followed by the rest below it.
    static func newestWindow(_ db: any SQLDatabase, before: Int64?, need: Int, estimate: Double) async throws
        -> Int64?
    {
        let share = Double(need * windowMargin) / max(estimate, 1)
        guard share < 0.5,
            let top = try await db.raw("SELECT max(id) AS top FROM problems").first()?.optionalInt64("top")
        else { return nil }
        let end = before ?? top + 1
        return end - max(Int64(Double(top) * share), 1) - 1
    }

    /// How many times the matches a page needs the window is made to hold, by the estimate.
    static let windowMargin = 4

    /// A page of search results by relevance: the problems whose title holds every term (rank 0),
    /// newest first, then those that hold them elsewhere (rank 1), newest first.
    ///
    /// Each rank is one walk of the search index in descending id that stops at the page's end
    /// (the scope and filters checked row by row), so a word in 5 % of a million problems costs a
    /// page, not a sort of 50,000 matches: that took 0.5 s a query, measured.
    static func relevancePage(
        _ db: any SQLDatabase, search: SearchQuery, within: [UnitPath]?, conditions: [SQLQueryString],
        cursor: (String, Int64)?, limit: Int, dialect: Dialect, statistics: SearchStatistics? = nil, now: Date = Date()
    ) async throws -> ProblemPage {
        var ranks: [(rank: Int, before: Int64?)] = [(0, nil), (1, nil)]
        if let (value, id) = cursor {
            guard let rank = Int(value), rank == 0 || rank == 1 else {
                throw DomainError.invalid("cursor", zh: "翻页标记无效", en: "the cursor is not valid")
            }
            ranks = rank == 0 ? [(0, id), (1, nil)] : [(1, id)]
        }
        var found: [(rank: Int, id: Int64)] = []
        var order: [Int]?
        for (rank, before) in ranks where found.count <= limit {
            if dialect == .sqlite && rank == 1 {
                order = try await SearchIndex.sqliteTermOrder(db, search, within: within)
            }
            var gather = false
            var estimate = 0.0
            // Whether every word's frequency is known (among the index's most common lexemes), not
            // a guess: a window sized by a guess held too few of a rare word's matches and read
            // the rest as well (宗教 across the province 308–334 → 230–243 req/s, measured).
            var known = false
            if dialect == .postgres {
                // From the index's statistics when there are any (a phrase as its rarest bigram);
                // otherwise the planner's estimate.
                if let snapshot = try await statistics?.current(db, now: now),
                    let e = SearchStatistics.estimate(search, titleOnly: rank == 0, within: within, in: snapshot)
                {
                    estimate = e
                    known = SearchStatistics.knowsEvery(search, titleOnly: rank == 0, in: snapshot)
                } else {
                    estimate = Double(
                        try await SearchIndex.estimatedMatches(db, search, titleOnly: rank == 0, within: within))
                }
                gather = estimate <= Double(Self.gatherBelow)
            }
            let need = limit + 1 - found.count
            func newest(before: Int64?, after: Int64?, limit: Int) async throws -> [Int64] {
                try await db.raw(
                    SearchIndex.newestMatching(
                        search, titleOnly: rank == 0, within: within, before: before, after: after,
                        conditions: conditions, limit: limit, dialect: dialect, gather: gather, order: order)
                ).all().map { try $0.int64("page_id") }
            }
            var ids: [Int64]
            // Only across the whole ledger: within a subtree the scope tokens already narrow the
            // matches inside the index, and given a window PostgreSQL walked the window's ids
            // reading each row instead (低保 in a county 568–626 → 117–134 req/s, measured).
            if gather, within == nil, known,
                let low = try await Self.newestWindow(db, before: before, need: need, estimate: estimate)
            {
                ids = try await newest(before: before, after: low, limit: need)
                if ids.count < need { ids += try await newest(before: low + 1, after: nil, limit: need - ids.count) }
            } else {
                ids = try await newest(before: before, after: nil, limit: need)
            }
            found += ids.map { (rank, $0) }
        }
        guard !found.isEmpty else { return ProblemPage(items: [], nextCursor: nil) }
        let byID = Dictionary(
            try await db.raw(
                "SELECT \(unsafeRaw: Self.columns) FROM problems WHERE "
                    + SQLIdList.condition("id", found.map(\.id), in: db)
            ).all().map(Self.problem(from:)).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        // A row deleted between the two statements is left out, as the list would.
        let page = found.prefix(limit).compactMap { byID[$0.id] }
        var next: String?
        if found.count > limit, let last = found.prefix(limit).last {
            next = Self.encodeCursor(String(last.rank), last.id)
        }
        var result = ProblemPage(items: page, nextCursor: next)
        for p in page { result.snippets[p.id] = SearchSnippet.make(search, in: [p.title, p.description, p.sourceRef]) }
        return result
    }

    /// Problems that a unit in one of these subtrees supports (配合).
    static func supported(by roots: [UnitPath]) -> SQLQueryString {
        let ranges: [SQLQueryString] = roots.map {
            let range = $0.subtreeRange
            return "(u.path >= \(bind: range.lower) AND u.path < \(bind: range.upper))"
        }
        return "id IN (SELECT s.problem_id FROM problem_supporting_units s JOIN units u ON u.id = s.unit_id WHERE "
            + ranges.joined(separator: " OR ") + ")"
    }

    static func subtree(_ path: UnitPath) -> SQLQueryString { subtree(path, column: "unit_path") }

    static func subtree(_ path: UnitPath, column: String) -> SQLQueryString {
        let range = path.subtreeRange
        return "(\(unsafeRaw: column) >= \(bind: range.lower) AND \(unsafeRaw: column) < \(bind: range.upper))"
    }

    static func sortValue(_ p: Problem, _ sort: ProblemSort) -> String {
        switch sort {
        case .deadline, .deadlineDesc: return StoredDeadline.encode(p.deadline)
        case .found, .foundDesc: return p.foundOn.description
        case .updatedDesc: return Timestamp.format(p.updatedAt)
        case .number, .relevance: return String(p.id)
        }
    }

    static func encodeCursor(_ value: String, _ id: Int64) -> String {
        Data("\(value)|\(id)".utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func decodeCursor(_ cursor: String) -> (String, Int64)? {
        var base64 = cursor.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64), let text = String(data: data, encoding: .utf8),
            let bar = text.lastIndex(of: "|"), let id = Int64(text[text.index(after: bar)...])
        else { return nil }
        return (String(text[..<bar]), id)
    }

    /// Counts by state and overdue for a subtree (or the actor's whole scope), from the roll-up counters.
    public func counts(unitID: Int64?, campaignID: Int64?, for actor: Principal) async throws -> ProblemCounts {
        let today = clock.today()
        return try await store.read { db in
            let roots = try await countRoots(db, unitID: unitID, for: actor)
            let per = try await Self.counts(db, units: roots, campaignID: campaignID, today: today)
            var byState: [ProblemState: Int] = [:]
            for state in ProblemState.allCases {
                byState[state] = per.values.reduce(0) { $0 + $1.byState[state, default: 0] }
            }
            return ProblemCounts(
                unitID: unitID ?? roots.first ?? 0, total: byState.values.reduce(0, +), byState: byState,
                overdue: per.values.reduce(0) { $0 + $1.overdue })
        }
    }

    /// Counts for each of several units (a dashboard's ranking of the units below), in two
    /// statements whatever their number. Units the actor may not see are refused as not found.
    public func counts(eachOf unitIDs: [Int64], campaignID: Int64?, for actor: Principal) async throws -> [Int64:
        ProblemCounts]
    {
        let today = clock.today()
        return try await store.read { db in
            for id in unitIDs {
                guard let unit = try await units.unit(db, id: id), actor.sees(unit.path) else {
                    throw DomainError.notFound(.unit)
                }
            }
            return try await Self.counts(db, units: unitIDs, campaignID: campaignID, today: today)
        }
    }

    static func counts(_ db: any SQLDatabase, units: [Int64], campaignID: Int64?, today: LocalDate) async throws
        -> [Int64: ProblemCounts]
    {
        guard !units.isEmpty else { return [:] }
        let campaign: SQLQueryString = campaignID.map { " AND campaign_id = \(bind: $0)" } ?? ""
        // One statement for both counters (on PostgreSQL every statement is a round trip): state
        // rows, then one overdue row per unit (state NULL).
        let rows = try await db.raw(
            FixedPlan.mark(
                "SELECT unit_id, state, CAST(SUM(n) AS BIGINT) AS n FROM rollup_states WHERE "
                    + SQLIdList.condition("unit_id", Array(Set(units)).sorted(), in: db) + campaign
                    + " GROUP BY unit_id, state UNION ALL SELECT unit_id, NULL AS state, n FROM ("
                    + Rollup.overdueQuery(db, units: units, campaignID: campaignID, today: today) + ") AS overdue")
        ).all()
        var byUnit: [Int64: [ProblemState: Int]] = [:]
        var overdue: [Int64: Int] = [:]
        for row in rows {
            let unit = try row.int64("unit_id")
            if try row.decodeNil(column: "state") {
                overdue[unit, default: 0] += try row.int("n")
            } else {
                byUnit[unit, default: [:]][try row.enumValue("state", as: ProblemState.self), default: 0] +=
                    try row.int("n")
            }
        }
        var out: [Int64: ProblemCounts] = [:]
        for unit in units {
            var byState = byUnit[unit] ?? [:]
            for state in ProblemState.allCases where byState[state] == nil { byState[state] = 0 }
            out[unit] = ProblemCounts(
                unitID: unit, total: byState.values.reduce(0, +), byState: byState, overdue: overdue[unit] ?? 0)
        }
        return out
    }

    /// How many live problems under a unit (or the whole scope) have their deadline between two
    /// days, inclusive: read from the deadline counters, never the problems.
    public func dueBetween(
        _ from: LocalDate, _ to: LocalDate, unitID: Int64?, for actor: Principal
    ) async throws -> Int {
        try await store.read { db in
            let roots = try await countRoots(db, unitID: unitID, for: actor)
            guard !roots.isEmpty else { return 0 }
            let row = try await db.raw(
                FixedPlan.mark(
                    """
                    SELECT CAST(COALESCE(SUM(n), 0) AS BIGINT) AS n FROM rollup_deadlines
                    WHERE \(SQLIdList.condition("unit_id", Array(Set(roots)).sorted(), in: db)) AND deadline >= \(bind: from.description)
                    AND deadline <= \(bind: to.description)
                    """)
            ).first()
            return try row?.int("n") ?? 0
        }
    }

    /// The units whose counters a count sums: the one asked for (if the actor sees it), or the
    /// roots of the actor's scope.
    func countRoots(_ db: any SQLDatabase, unitID: Int64?, for actor: Principal) async throws -> [Int64] {
        guard let unitID else { return actor.scopeRoots.compactMap { $0.ids.last } }
        guard let unit = try await units.unit(db, id: unitID), actor.sees(unit.path) else {
            throw DomainError.notFound(.unit)
        }
        return [unit.id]
    }
}
