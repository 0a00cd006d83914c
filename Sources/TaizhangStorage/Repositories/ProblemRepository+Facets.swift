import Foundation
import SQLKit
import TaizhangDomain

/// Counts under one value of a facet (a source channel, a category), by state.
public struct FacetCount: Sendable, Equatable {
    public var value: String
    public var byState: [ProblemState: Int]

    public var live: Int {
        var n = 0
        for (state, count) in byState where state != .merged && state != .dismissed { n += count }
        return n
    }
    public var closed: Int { byState[.closed, default: 0] }
}

/// A scope's problems by source channel and by category, from the facet counters.
public struct FacetCounts: Sendable, Equatable {
    public var sources: [FacetCount]
    public var categories: [FacetCount]
}

extension ProblemRepository {
    /// The facet counters of a unit (or the actor's whole scope), largest first.
    public func facets(unitID: Int64?, campaignID: Int64?, for actor: Principal) async throws -> FacetCounts {
        try await store.read { db in
            let roots = try await countRoots(db, unitID: unitID, for: actor)
            guard !roots.isEmpty else { return FacetCounts(sources: [], categories: []) }
            let campaignClause: SQLQueryString = campaignID.map { " AND campaign_id = \(bind: $0)" } ?? ""
            let rows = try await db.raw(
                FixedPlan.mark(
                    "SELECT facet, value, state, CAST(SUM(n) AS BIGINT) AS n FROM rollup_facets WHERE "
                        + SQLIdList.condition("unit_id", Array(Set(roots)).sorted(), in: db) + campaignClause
                        + " GROUP BY facet, value, state")
            ).all()
            var found: [String: [String: [ProblemState: Int]]] = [:]
            for row in rows {
                let n = try row.int("n")
                guard n != 0, let state = ProblemState(rawValue: try row.string("state")) else { continue }
                found[try row.string("facet"), default: [:]][try row.string("value"), default: [:]][
                    state, default: 0] +=
                    n
            }
            func sorted(_ facet: Rollup.Facet) -> [FacetCount] {
                // Each count's live total worked out once: the sort reads it for every comparison.
                (found[facet.rawValue] ?? [:]).map { FacetCount(value: $0.key, byState: $0.value) }
                    .map { ($0, $0.live) }.filter { $0.1 > 0 }
                    .sorted { ($0.1, $1.0.value) > ($1.1, $0.0.value) }.map(\.0)
            }
            return FacetCounts(sources: sorted(.source), categories: sorted(.category))
        }
    }
}
