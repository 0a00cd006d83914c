import Foundation
import SQLKit
import TaizhangDomain
import TestSupport
import Testing

@testable import TaizhangStorage

/// The dashboard's counts by source channel and category follow every change, and a rebuild
/// from the stored problems (the migration's way) gives the same counters.
@Suite struct FacetRollupTests {
    @Test(arguments: TestDatabase.available)
    func facetCountersFollowEveryChangeAndMatchARebuild(db: TestDatabase) async throws {
        try await withLedger(on: db) { ledger in
            let a = try await ledger.draft(title: "低保认定不精准")
            let b = try await ledger.draft(in: ledger.countyA2, title: "养老机构消防隐患")
            var patch = ProblemPatch()
            patch.category = "民生保障"
            patch.sourceChannel = .petition
            _ = try await ledger.problems.update(b.id, version: b.version, patch: patch, by: ledger.office)
            let ready = try await ledger.readyForClosure()
            let submitted = try await ledger.problems.transition(
                ready.id, action: .requestClosure, version: ready.version, reason: nil, mergeInto: nil,
                by: ledger.unitLeaderA1)
            _ = try await ledger.problems.transition(
                submitted.id, action: .verify, version: submitted.version, reason: nil, mergeInto: nil,
                by: ledger.office)
            _ = try await ledger.problems.transition(
                a.id, action: .dismiss, version: a.version, reason: "重复", mergeInto: nil, by: ledger.office)

            let root = try await ledger.problems.facets(unitID: ledger.root.id, campaignID: nil, for: ledger.office)
            func count(_ list: [FacetCount], _ value: String) -> FacetCount? { list.first { $0.value == value } }
            let inspection = try #require(count(root.sources, SourceChannel.inspection.rawValue))
            #expect(inspection.live == 1 && inspection.closed == 1, "dismissed ones are not live")
            let petition = count(root.sources, "petition")
            #expect(petition?.live == 1)
            let category = count(root.categories, "民生保障")
            #expect(category?.live == 1)
            // A county sees its own only; a sibling's is not counted.
            let a1 = try await ledger.problems.facets(unitID: ledger.countyA1.id, campaignID: nil, for: ledger.office)
            let a1Petition = count(a1.sources, "petition")
            #expect(a1Petition == nil)
            await #expect(throws: DomainError.self) {
                _ = try await ledger.problems.facets(unitID: ledger.countyA1.id, campaignID: nil, for: ledger.liaisonA2)
            }

            let before = try await Self.counters(ledger)
            try await ledger.store.write { db in try await Rollup.rebuildFacets(db) }
            #expect(try await Self.counters(ledger) == before)
        }
    }

    static func counters(_ ledger: Ledger) async throws -> [String: Int] {
        try await ledger.store.read { db in
            var out: [String: Int] = [:]
            for row in try await db.raw("SELECT unit_id, campaign_id, facet, value, state, n FROM rollup_facets").all()
            {
                let n = try row.int("n")
                guard n != 0 else { continue }
                let key = [
                    String(try row.int64("unit_id")), String(try row.int64("campaign_id")), try row.string("facet"),
                    try row.string("value"), try row.string("state"),
                ].joined(separator: "|")
                out[key] = n
            }
            return out
        }
    }
}

/// Overdue counts read whole months from the month counters and this month's days from the day
/// counters: right on both sides of a month's start, as the days pass, for one unit or many.
@Suite struct OverdueByMonthTests {
    @Test(arguments: TestDatabase.available)
    func overdueIsRightAcrossMonthBoundariesAndForEveryUnitAtOnce(db: TestDatabase) async throws {
        try await withLedger(on: db) { ledger in
            // Today is 2026-11-23 (the fixed clock).
            for (unit, deadline) in [
                (ledger.countyA1, "2026-10-01"), (ledger.countyA1, "2026-10-31"), (ledger.countyA1, "2026-11-01"),
                (ledger.countyA1, "2026-11-22"), (ledger.countyA1, "2026-11-23"), (ledger.countyA2, "2026-11-30"),
                (ledger.countyB1, "2026-12-01"), (ledger.countyB1, "2026-10-15"),
            ] {
                _ = try await ledger.draft(in: unit, deadline: deadline)
            }
            func overdue(_ unit: OrgUnit) async throws -> Int {
                try await ledger.problems.counts(unitID: unit.id, campaignID: nil, for: ledger.office).overdue
            }
            #expect(try await overdue(ledger.countyA1) == 4)  // before the 23rd; not the 23rd itself
            #expect(try await overdue(ledger.root) == 5)
            ledger.clock.advance(days: 8)  // 2026-12-01: November is now a whole past month
            #expect(try await overdue(ledger.countyA1) == 5)
            #expect(try await overdue(ledger.countyA2) == 1)
            #expect(try await overdue(ledger.root) == 7)
            let units = [ledger.root, ledger.cityA, ledger.countyA1, ledger.countyA2, ledger.cityB, ledger.countyB1]
            let each = try await ledger.problems.counts(eachOf: units.map(\.id), campaignID: nil, for: ledger.office)
            for unit in units {
                let one = try await ledger.problems.counts(unitID: unit.id, campaignID: nil, for: ledger.office)
                #expect(each[unit.id] == one, "\(unit.name)")
            }
            // Across a year: past years count whole, this year by month, this month by day.
            for deadline in ["2026-12-20", "2027-01-05", "2027-02-01", "2027-02-10"] {
                _ = try await ledger.draft(in: ledger.countyB1, deadline: deadline)
            }
            #expect(try await overdue(ledger.countyB1) == 1)  // 2026-10-15 (2026-12-01 is today)
            ledger.clock.advance(days: 71)  // 2027-02-10
            // 2026-10-15, 2026-12-01 and 2026-12-20 (a past year), 2027-01-05 (a past month of
            // this year), 2027-02-01 (this month); not today's 2027-02-10.
            #expect(try await overdue(ledger.countyB1) == 5)
            #expect(try await overdue(ledger.root) == 11)
            await #expect(throws: DomainError.self) {
                _ = try await ledger.problems.counts(
                    eachOf: [ledger.countyA1.id], campaignID: nil, for: ledger.liaisonA2)
            }
        }
    }
}
