import Foundation
import SQLKit
import TaizhangDomain

/// A page of problems with what a spreadsheet row shows beside them.
public struct ExportPage: Sendable {
    public var problems: [Problem]
    /// Measures' texts in the order they were added.
    public var measures: [Int64: [String]]
    /// The newest progress note's text.
    public var latestNotes: [Int64: String]
}

extension ProblemRepository {
    /// Reads the ledger view `filter` describes (filters, search, scope and order as the list),
    /// `pageSize` problems at a time, handing each page to `body`: an export of 100,000 problems
    /// never holds more than two pages.
    ///
    /// The next page is read while `body` writes the current one. Read in turn, the database
    /// waited on the spreadsheet and the spreadsheet on the database; on PostgreSQL, where each
    /// page is a dozen round trips, that was most of an export's time.
    public func exportPages(
        _ filter: ProblemFilter, for actor: Principal, pageSize: Int = 2_000,
        _ body: (ExportPage) async throws -> Void
    ) async throws {
        var filter = filter
        filter.limit = pageSize
        filter.cursor = nil
        let repository = self
        let fetch: @Sendable (ProblemFilter) async throws -> (page: ExportPage, next: String?)? = { filter in
            let page = try await repository.list(filter, for: actor, maxLimit: pageSize)
            if page.items.isEmpty { return nil }
            return (try await repository.exportPage(page.items), page.nextCursor)
        }
        var coming: Task<(page: ExportPage, next: String?)?, any Error>? = Task { [filter] in try await fetch(filter) }
        // Whatever ends the loop, a page still being read is not left running.
        defer { coming?.cancel() }
        while let reading = coming, let (page, next) = try await reading.value {
            if let next {
                filter.cursor = next
                coming = Task { [filter] in try await fetch(filter) }
            } else {
                coming = nil
            }
            try await body(page)
        }
    }

    func exportPage(_ problems: [Problem]) async throws -> ExportPage {
        let ids = problems.map(\.id)
        return try await store.read { db in
            var measures: [Int64: [String]] = [:]
            var notes: [Int64: String] = [:]
            var supporting: [Int64: [Int64]] = [:]
            for chunk in stride(from: 0, to: ids.count, by: 500).map({ ids[$0..<min($0 + 500, ids.count)] }) {
                let list = Array(chunk)
                for row in try await db.raw(
                    "SELECT problem_id, text FROM measures WHERE problem_id IN (\(binds: list)) ORDER BY problem_id, id"
                ).all() {
                    measures[try row.int64("problem_id"), default: []].append(try row.string("text"))
                }
                for row in try await db.raw(
                    """
                    SELECT problem_id, text FROM progress_notes WHERE id IN
                    (SELECT max(id) FROM progress_notes WHERE problem_id IN (\(binds: list)) GROUP BY problem_id)
                    """
                ).all() {
                    notes[try row.int64("problem_id")] = try row.string("text")
                }
                for row in try await db.raw(
                    """
                    SELECT problem_id, unit_id FROM problem_supporting_units WHERE problem_id IN (\(binds: list))
                    ORDER BY problem_id, unit_id
                    """
                ).all() {
                    supporting[try row.int64("problem_id"), default: []].append(try row.int64("unit_id"))
                }
            }
            var withUnits = problems
            for i in withUnits.indices { withUnits[i].supportingUnitIDs = supporting[withUnits[i].id] ?? [] }
            return ExportPage(problems: withUnits, measures: measures, latestNotes: notes)
        }
    }

    /// The problems of a campaign that an import's rows name by number, as the importer may see
    /// them, with their measures and newest note (what a row is compared with).
    /// Without a campaign, every campaign's: the caller tells apart a number two campaigns share.
    public func existing(numbers: [String], campaignID: Int64?, for actor: Principal) async throws
        -> [ExistingProblem]
    {
        let distinct = Array(Set(numbers))
        let found = try await store.read { db in
            var found: [Problem] = []
            // Numbers are unique per campaign, indexed as (campaign, number): every campaign is
            // named so the index is used (by number alone, each chunk scanned the table).
            var campaigns: [Int64] = campaignID.map { [$0] } ?? []
            if campaignID == nil {
                campaigns = try await db.raw("SELECT id FROM campaigns").all().map { try $0.int64("id") }
            }
            if campaigns.isEmpty { return found }
            for chunk in stride(from: 0, to: distinct.count, by: 500).map({
                distinct[$0..<min($0 + 500, distinct.count)]
            }) {
                let campaign: SQLQueryString = "campaign_id IN (\(binds: campaigns)) AND "
                let rows = try await db.raw(
                    "SELECT \(unsafeRaw: Self.columns) FROM problems WHERE " + campaign
                        + "number IN (\(binds: Array(chunk)))"
                ).all()
                for row in rows {
                    var problem = try Self.problem(from: row)
                    if !actor.sees(problem.unitPath) {
                        // Reached, if at all, through a supporting unit: its paths decide.
                        guard let seen = try? await Self.load(db, id: problem.id, for: actor, supportingPaths: true)
                        else { continue }
                        problem = seen
                    }
                    if actor.access(to: problem) != nil { found.append(problem) }
                }
            }
            return found
        }
        var result: [ExistingProblem] = []
        for start in stride(from: 0, to: found.count, by: pageLimit) {
            let page = try await exportPage(Array(found[start..<min(start + pageLimit, found.count)]))
            let notes = try await noteTexts(page.problems.map(\.id))
            for p in page.problems {
                result.append(
                    ExistingProblem(
                        problem: p, measures: page.measures[p.id] ?? [], latestNote: page.latestNotes[p.id],
                        notes: notes[p.id] ?? []))
            }
        }
        return result
    }

    /// Every note's text of these problems.
    func noteTexts(_ ids: [Int64]) async throws -> [Int64: Set<String>] {
        try await store.read { db in
            var notes: [Int64: Set<String>] = [:]
            for chunk in stride(from: 0, to: ids.count, by: 500).map({ Array(ids[$0..<min($0 + 500, ids.count)]) }) {
                for row in try await db.raw(
                    "SELECT problem_id, text FROM progress_notes WHERE problem_id IN (\(binds: chunk))"
                ).all() {
                    notes[try row.int64("problem_id"), default: []].insert(try row.string("text"))
                }
            }
            return notes
        }
    }

    private var pageLimit: Int { 2_000 }
}
