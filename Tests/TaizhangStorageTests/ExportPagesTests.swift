import Foundation
import TaizhangDomain
import TaizhangStorage
import TestSupport
import Testing

/// An export reads the ledger a page at a time, the next page while the current one is written.
@Suite struct ExportPagesTests {
    struct Stop: Error {}

    @Test(arguments: TestDatabase.available)
    func everyProblemOnceInOrderAcrossPages(db: TestDatabase) async throws {
        try await withLedger(on: db) { ledger in
            var made: [Int64] = []
            for i in 0..<11 { made.append(try await ledger.draft(title: "第\(i)个问题").id) }
            _ = try await ledger.problems.addMeasure(made[7], text: "建立台账", owner: "", deadline: nil, by: ledger.office)
            var filter = ProblemFilter()
            filter.sort = .number
            var pages: [[Int64]] = []
            var measures: [Int64: [String]] = [:]
            try await ledger.problems.exportPages(filter, for: ledger.office, pageSize: 4) { page in
                pages.append(page.problems.map(\.id))
                measures.merge(page.measures) { a, _ in a }
            }
            #expect(pages.map(\.count) == [4, 4, 3])
            #expect(pages.flatMap { $0 } == made.sorted())
            #expect(measures[made[7]] == ["建立台账"])

            // A sibling county's liaison exports none of county A1's problems.
            var seen = 0
            try await ledger.problems.exportPages(filter, for: ledger.liaisonA2, pageSize: 4) {
                seen += $0.problems.count
            }
            #expect(seen == 0)

            // A writer that fails stops the export with its error, after the pages it was given.
            var given = 0
            await #expect(throws: Stop.self) {
                try await ledger.problems.exportPages(filter, for: ledger.office, pageSize: 4) { _ in
                    given += 1
                    if given == 2 { throw Stop() }
                }
            }
            #expect(given == 2)
        }
    }
}
