import Foundation
import TaizhangDomain
import TestSupport
import Testing

@testable import TaizhangStorage

/// A deadline queue can be read three ways (a walk of the deadlines, the whole subtree sorted, and
/// on PostgreSQL one ordered walk per unit, merged); which one is used depends on sizes the tests
/// do not reach. Each way is forced here in turn, and each must give the same pages.
@Suite struct DeadlineQueueWaysTests {
    @Test(arguments: TestDatabase.available)
    func everyWayGivesTheSamePages(db: TestDatabase) async throws {
        try await withLedger(on: db) { ledger in
            let offices = [
                try await ledger.services.units.create(
                    name: "清徐县民政局", shortName: "", kind: .office, parentID: ledger.countyA1.id, by: nil),
                try await ledger.services.units.create(
                    name: "清徐县农业农村局", shortName: "", kind: .office, parentID: ledger.countyA1.id, by: nil),
            ]
            let county = [ledger.countyA1] + offices
            var inCounty: [(String, Int64)] = []
            for n in 0..<60 {
                let unit = n % 3 == 0 ? ledger.countyA2 : county[n % 4 % 3]
                // Several problems share a deadline: ties are broken by id on every way.
                let deadline = String(format: "2026-%02d-%02d", 10 + n % 2, 1 + n * 5 % 9)
                let p = try await ledger.draft(in: unit, title: "问题\(n)", deadline: deadline)
                if unit.id != ledger.countyA2.id { inCounty.append((deadline, p.id)) }
            }
            let expected = inCounty.sorted { $0 < $1 }.map(\.1)
            var ways: [DeadlineQueuePlan.Way] = [.walk, .read]
            if db == .postgres { ways.append(.perUnit(ledger.countyA1.path)) }
            for way in ways {
                for limit in [1, 4, 25] {
                    let key = QueuePlanCache.Key(
                        subtree: ledger.countyA1.id, campaignID: nil, states: ProblemState.deadlineBinding,
                        limit: limit + 1)
                    var filter = ProblemFilter()
                    filter.unitID = ledger.countyA1.id
                    filter.overdue = true
                    filter.sort = .deadline
                    filter.limit = limit
                    var seen: [Int64] = []
                    repeat {
                        ledger.problems.queuePlans.remember(way, for: key)
                        let page = try await ledger.problems.list(filter, for: ledger.office)
                        seen += page.items.map(\.id)
                        filter.cursor = page.nextCursor
                    } while filter.cursor != nil && seen.count < 200
                    #expect(seen == expected, "\(way), \(limit) a page")
                }
            }
        }
    }
}
