import Foundation
import SQLKit
import TestSupport
import Testing

@testable import TaizhangStorage

/// Statements marked as having one best plan run, on PostgreSQL, on connections that keep generic
/// plans; every other statement, and every statement of a transaction, is planned as usual.
@Suite struct FixedPlanTests {
    @Test(arguments: TestDatabase.available)
    func onlyMarkedReadsUseGenericPlans(db: TestDatabase) async throws {
        try await withTemporaryDirectory { dir in
            let store = try await db.makeStore(directory: dir)
            // On SQLite the mark is a comment: the statement runs as written.
            let one = try await store.read { sql in
                try await sql.raw(FixedPlan.mark("SELECT \(bind: 41) + 1 AS n")).first()?.int("n")
            }
            #expect(one == 42)
            guard db == .postgres else { return try await store.close() }
            func mode(_ marked: Bool, inTransaction: Bool = false) async throws -> String? {
                let query: SQLQueryString = "SELECT current_setting(\(bind: "plan_cache_mode")) AS m"
                let statement = marked ? FixedPlan.mark(query) : query
                if inTransaction {
                    return try await store.write { sql in try await sql.raw(statement).first()?.string("m") }
                }
                return try await store.read { sql in try await sql.raw(statement).first()?.string("m") }
            }
            #expect(try await mode(true) == "force_generic_plan")
            #expect(try await mode(false) == "auto")
            #expect(try await mode(true, inTransaction: true) == "auto")
            try await store.close()
        }
    }
}
