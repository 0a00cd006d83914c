import Foundation
import SQLKit
import TaizhangDomain

/// Counts under one value of a facet (a source channel, a category), by state.
public struct FacetCount: Sendable, Equatable {
    public var value: String
    public var byState: [ProblemState: Int]

    public var live: Int {
        byState.filter { $0.key != .merged && $0.key != .dismissed }.values.reduce(0, +)
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
                "SELECT facet, value, state, CAST(SUM(n) AS BIGINT) AS n FROM rollup_facets WHERE unit_id IN ("
                    + "\(binds: Array(Set(roots)).sorted()))" + campaignClause + " GROUP BY facet, value, state"
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
                (found[facet.rawValue] ?? [:]).map { FacetCount(value: $0.key, byState: $0.value) }
                    .filter { $0.live > 0 }
                    .sorted { ($0.live, $1.value) > ($1.live, $0.value) }
            }
            return FacetCounts(sources: sorted(.source), categories: sorted(.category))
        }
    }
}
