import Foundation
import TaizhangDomain
import TestSupport
import Testing

@testable import TaizhangStorage

/// How PostgreSQL searches choose between walking the newest rows and gathering every match: from
/// the index's statistics, a phrase counted as its rarest bigram, words and scope multiplied.
@Suite struct SearchStatisticsTests {
    static let snapshot = SearchStatistics.Snapshot(
        rows: 1_000_000,
        title: SearchStatistics.column(
            elements: ["日间", "间照", "照料", "养老", "殡葬"], frequencies: [0.065, 0.064, 0.066, 0.05, 0.02, 0.02, 0.066]),
        all: SearchStatistics.column(
            elements: ["日间", "间照", "照料", "养老", "殡葬", SearchScope.token(unit: 13)],
            frequencies: [0.08, 0.08, 0.08, 0.2, 0.1, 0.007, 0.007, 0.2]))

    func estimate(_ q: String, titleOnly: Bool = true, within: [UnitPath]? = nil) throws -> Double? {
        SearchStatistics.estimate(try SearchQuery(q), titleOnly: titleOnly, within: within, in: Self.snapshot)
    }

    @Test func aPhraseCountsAsItsRarestBigramNotTheirProduct() throws {
        // The planner's independence would give 0.065 × 0.064 × 0.066 × 1,000,000 ≈ 275.
        #expect(try estimate("日间照料") == 64_000)
        #expect(try estimate("日间照料")! > Double(ProblemRepository.gatherBelow))
    }

    @Test func separateWordsAndTheScopeMultiply() throws {
        #expect(try estimate("养老 殡葬") == 0.05 * 0.02 * 1_000_000)
        let county = UnitPath("/1/2/13/")
        #expect(try estimate("日间照料", titleOnly: false, within: [county]) == 0.08 * 0.007 * 1_000_000)
    }

    @Test func anUnknownTokenIsHalfTheLeastCommonAndTheFloorIsBounded() throws {
        // The least common title element is 0.02 (the list's minimum, appended after it): half of it,
        // bounded by 0.005.
        #expect(try estimate("宗教") == 0.005 * 1_000_000)
        let rare = SearchStatistics.column(elements: ["甲"], frequencies: [0.002, 0.002, 0.002])
        #expect(rare.of("乙") == 0.001)
    }
}

/// Both ways of reading a newest-first page — gathering every match, or walking the id index with
/// a test no index serves — find the same problems, in the same order, on both engines.
@Suite struct SearchWalkTests {
    @Test(arguments: TestDatabase.available)
    func walkingAndGatheringFindTheSame(db: TestDatabase) async throws {
        try await withLedger(on: db) { ledger in
            for (i, title) in ["日间照料中心建设滞后", "农村日间照料服务不足", "养老服务", "日间照料中心运营经费缺口", "殡葬改革"].enumerated() {
                _ = try await ledger.draft(in: i % 2 == 0 ? ledger.countyA1 : ledger.countyB1, title: title)
            }
            let query = try SearchQuery("日间照料")
            for within in [nil, [ledger.countyA1.path]] as [[UnitPath]?] {
                for titleOnly in [true, false] {
                    func ids(_ gather: Bool) async throws -> [Int64] {
                        try await ledger.store.read { sql in
                            try await sql.raw(
                                SearchIndex.newestMatching(
                                    query, titleOnly: titleOnly, within: within, before: nil,
                                    conditions: ["1 = 1"], limit: 10, dialect: ledger.store.dialect, gather: gather)
                            ).all().map { try $0.decode(column: "page_id", as: Int64.self) }
                        }
                    }
                    // Gathering is PostgreSQL's alone (SQLite's index walks its lists in id order).
                    let gathered = try await ids(ledger.store.dialect == .postgres)
                    let walked = try await ids(false)
                    #expect(walked == gathered, "within \(String(describing: within)), title only \(titleOnly)")
                    if titleOnly { #expect(gathered.count == (within == nil ? 3 : 1)) }
                }
            }
        }
    }
}

/// PostgreSQL gathers the matches of a common search from the newest ids first
/// (`ProblemRepository.newestWindow`): the window and the rest below it, read one after the other,
/// find what one gathering finds, in the same order, wherever the window ends.
@Suite struct SearchWindowTests {
    @Test(arguments: TestDatabase.available)
    func aWindowAndTheRestBelowItFindWhatOneGatheringFinds(db: TestDatabase) async throws {
        try await withLedger(on: db) { ledger in
            var made: [Int64] = []
            for i in 0..<9 {
                let unit = i % 3 == 0 ? ledger.countyB1 : ledger.countyA1
                made.append(try await ledger.draft(in: unit, title: i % 2 == 0 ? "日间照料中心建设滞后" : "养老服务").id)
            }
            let query = try SearchQuery("日间照料")
            let gather = ledger.store.dialect == .postgres
            for within in [nil, [ledger.countyA1.path]] as [[UnitPath]?] {
                func ids(before: Int64?, after: Int64?) async throws -> [Int64] {
                    try await ledger.store.read { sql in
                        try await sql.raw(
                            SearchIndex.newestMatching(
                                query, titleOnly: true, within: within, before: before, after: after,
                                conditions: ["1 = 1"], limit: 20, dialect: ledger.store.dialect, gather: gather)
                        ).all().map { try $0.decode(column: "page_id", as: Int64.self) }
                    }
                }
                let whole = try await ids(before: nil, after: nil)
                #expect(whole.count == (within == nil ? 5 : 3))
                for low in [made[0] - 1] + made {
                    let window = try await ids(before: nil, after: low)
                    let rest = try await ids(before: low + 1, after: nil)
                    #expect(window + rest == whole, "window above \(low)")
                    #expect(window.allSatisfy { $0 > low } && rest.allSatisfy { $0 <= low })
                }
            }
        }
    }

    @Test(arguments: TestDatabase.available)
    func theWindowHoldsAFewTimesWhatAPageNeedsByTheEstimate(db: TestDatabase) async throws {
        try await withLedger(on: db) { ledger in
            for _ in 0..<3 { _ = try await ledger.draft(in: ledger.countyA1, title: "日间照料") }
            let top = try await ledger.store.read { sql in
                try await sql.raw("SELECT max(id) AS top FROM problems").first()!.decode(column: "top", as: Int64.self)
            }
            func window(before: Int64?, need: Int, estimate: Double) async throws -> Int64? {
                try await ledger.store.read { sql in
                    try await ProblemRepository.newestWindow(sql, before: before, need: need, estimate: estimate)
                }
            }
            // 26 needed of an estimated 6,000 matches: 4 × 26 / 6,000 of the ids, at least one.
            let span = max(Int64(Double(top) * 104 / 6_000), 1)
            #expect(try await window(before: nil, need: 26, estimate: 6_000) == top + 1 - span - 1)
            #expect(try await window(before: top, need: 26, estimate: 6_000) == top - span - 1)
            // Too few matches for a window to save anything: one gathering.
            #expect(try await window(before: nil, need: 26, estimate: 150) == nil)
        }
    }
}

extension SearchStatisticsTests {
    @Test func onlyWordsAmongTheMostCommonHaveAKnownFrequency() throws {
        func knows(_ q: String, titleOnly: Bool = false) throws -> Bool {
            SearchStatistics.knowsEvery(try SearchQuery(q), titleOnly: titleOnly, in: Self.snapshot)
        }
        #expect(try knows("养老 殡葬"))
        #expect(try knows("日间照料"))
        #expect(try !knows("宗教"), "not among the most common: the floor's guess")
        #expect(try !knows("养老 宗教"))
    }
}
