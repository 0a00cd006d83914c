import Foundation
import Logging
import SQLKit
import TestSupport
import Testing

@testable import TaizhangStorage

/// The embedded database's own connection: values go in and come out as they were, kept
/// statements give each run its own values, and a kept statement follows a schema change.
@Suite struct SQLiteHandleTests {
    func withStore(_ body: (SQLiteStore) async throws -> Void) async throws {
        try await withTemporaryDirectory { dir in
            var logger = Logger(label: "test")
            logger.logLevel = .warning
            let store = try await SQLiteStore.open(path: dir + "/t.sqlite", logger: logger)
            do {
                try await store.write { db in
                    try await db.raw("CREATE TABLE t (id INTEGER PRIMARY KEY, s TEXT, n INTEGER, f REAL, b BLOB)").run()
                }
                try await body(store)
            } catch {
                try await store.close()
                throw error
            }
            try await store.close()
        }
    }

    /// The writer leaves the log to the checkpointer, whose checkpoints copy all of it, so the log
    /// starts again from its beginning instead of growing with every write.
    @Test func theLogIsCopiedIntoTheDatabaseAndStartsAgain() async throws {
        try await withStore { store in
            let text = String(repeating: "台账", count: 1_000)
            func walSize() throws -> Int {
                try FileManager.default.attributesOfItem(atPath: store.path + "-wal")[.size] as? Int ?? 0
            }
            var first = 0
            for round in 0..<4 {
                try await store.write { db in
                    for i in 0..<200 {
                        try await db.raw("INSERT INTO t (id, s) VALUES (\(bind: round * 1_000 + i), \(bind: text))")
                            .run()
                    }
                }
                let (log, copied) = try await store.checkpoint()
                #expect(log > 0 && copied == log, "round \(round): \(copied) of \(log) frames copied")
                if round == 0 { first = try walSize() }
            }
            // A round is some 300 pages (1.2 MB); kept one after another, four would be four times that.
            let wal = try walSize()
            #expect(first > 1_000_000 && wal < first * 3 / 2, "the log holds \(wal) bytes after one round's \(first)")
            let rows = try await store.read { db in
                try await db.raw("SELECT COUNT(*) AS n FROM t").first()?.decode(column: "n", as: Int.self)
            }
            #expect(rows == 800)
        }
    }

    @Test func valuesComeBackAsTheyWentIn() async throws {
        try await withStore { store in
            let texts = ["", "养老服务中心建设滞后", "a\u{0}b", "😀 emoji", String(repeating: "长", count: 100_000)]
            try await store.write { db in
                for (i, text) in texts.enumerated() {
                    try await db.raw(
                        "INSERT INTO t (id, s, n, f) VALUES (\(bind: i), \(bind: text), \(bind: Int64.max - Int64(i)), \(bind: 0.5 + Double(i)))"
                    ).run()
                }
                try await db.raw("INSERT INTO t (id, s, n) VALUES (99, \(bind: String?.none), \(bind: Int64?.none))")
                    .run()
            }
            for (i, text) in texts.enumerated() {
                let row = try await store.read { db in
                    try await db.raw("SELECT s, n, f FROM t WHERE id = \(bind: i)").first()
                }
                #expect(try row?.decode(column: "s", as: String.self) == text)
                #expect(try row?.decode(column: "n", as: Int64.self) == Int64.max - Int64(i))
                #expect(try row?.decode(column: "f", as: Double.self) == 0.5 + Double(i))
            }
            let empty = try await store.read { db in try await db.raw("SELECT s, n FROM t WHERE id = 99").first() }
            #expect(try empty?.decodeNil(column: "s") == true)
            #expect(try empty?.decode(column: "n", as: Int64?.self) == nil)
            // The empty text is text, not NULL.
            let blank = try await store.read { db in
                try await db.raw("SELECT COUNT(*) AS c FROM t WHERE s = ''").first()?.decode(column: "c", as: Int.self)
            }
            #expect(blank == 1)
        }
    }

    @Test func aKeptStatementGivesEachRunItsOwnValuesEvenAtOnce() async throws {
        try await withStore { store in
            try await store.write { db in
                for i in 0..<200 {
                    try await db.raw("INSERT INTO t (id, s) VALUES (\(bind: i), \(bind: "第\(i)条"))").run()
                }
            }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for task in 0..<8 {
                    group.addTask {
                        for i in stride(from: task, to: 200, by: 8) {
                            let rows = try await store.read { db in
                                try await db.raw("SELECT id, s FROM t WHERE id >= \(bind: i) ORDER BY id LIMIT 3").all()
                            }
                            let ids = try rows.map { try $0.decode(column: "id", as: Int.self) }
                            #expect(ids == Array(i..<min(i + 3, 200)))
                            #expect(try rows.first?.decode(column: "s", as: String.self) == "第\(i)条")
                        }
                    }
                }
                try await group.waitForAll()
            }
        }
    }

    @Test func aFailedStatementLeavesTheNextRunWhole() async throws {
        try await withStore { store in
            func insert(_ id: Int) async throws {
                try await store.write { db in try await db.raw("INSERT INTO t (id, s) VALUES (\(bind: id), 'x')").run()
                }
            }
            try await insert(1)
            await #expect(throws: (any Error).self) { try await insert(1) }
            try await insert(2)
            let count = try await store.read { db in
                try await db.raw("SELECT COUNT(*) AS c FROM t").first()?.decode(column: "c", as: Int.self)
            }
            #expect(count == 2)
        }
    }

    /// Many rows in one call (an import's way): every value as it went in, in order; a row that
    /// fails part way leaves nothing of its write behind, and the connection goes on working.
    @Test func manyRowsGoInWholeOrNotAtAll() async throws {
        try await withStore { store in
            let texts = ["", "养老", "a\u{0}b", "😀", String(repeating: "长", count: 10_000)]
            var rows = BulkInsert("t", ["id", "s", "n"])
            for i in 0..<1_000 { rows.add([Int64(i), texts[i % texts.count], i % 7 == 0 ? Int64?.none : Int64(i)]) }
            try await store.write { [rows] db in try await rows.run(on: db) }
            let back = try await store.read { db in
                try await db.raw("SELECT id, s, n FROM t ORDER BY id").all().map {
                    (
                        try $0.int64("id"), try $0.decode(column: "s", as: String.self),
                        try $0.decode(column: "n", as: Int64?.self)
                    )
                }
            }
            #expect(back.count == 1_000)
            #expect(back.allSatisfy { $0.1 == texts[Int($0.0) % texts.count] && $0.2 == ($0.0 % 7 == 0 ? nil : $0.0) })

            var clashing = BulkInsert("t", ["id", "s"])
            for i in 2_000..<2_600 { clashing.add([Int64(i), "new"]) }
            clashing.add([Int64(5), "clash"])  // id 5 is taken: the 601st row fails
            await #expect(throws: (any Error).self) {
                try await store.write { [clashing] db in try await clashing.run(on: db) }
            }
            var short = BulkInsert("t", ["id", "s"])
            short.add([Int64(3_000)])
            await #expect(throws: (any Error).self) {
                try await store.write { [short] db in try await short.run(on: db) }
            }
            let after = try await store.read { db in
                try await db.raw("SELECT COUNT(*) AS c, MAX(id) AS m FROM t").first().map {
                    (try $0.int("c"), try $0.int64("m"))
                }
            }
            #expect(after?.0 == 1_000)
            #expect(after?.1 == 999)
            try await store.write { db in try await db.raw("INSERT INTO t (id, s) VALUES (5000, 'x')").run() }
        }
    }

    @Test func aKeptStatementFollowsASchemaChange() async throws {
        try await withStore { store in
            try await store.write { db in try await db.raw("INSERT INTO t (id, s) VALUES (1, 'x')").run() }
            let before = try await store.write { db in try await db.raw("SELECT * FROM t").first()?.allColumns }
            #expect(before == ["id", "s", "n", "f", "b"])
            let after = try await store.write { db in
                try await db.raw("ALTER TABLE t ADD COLUMN added TEXT DEFAULT 'new'").run()
                return try await db.raw("SELECT * FROM t").first()
            }
            #expect(after?.allColumns == ["id", "s", "n", "f", "b", "added"])
            #expect(try after?.decode(column: "added", as: String.self) == "new")
        }
    }
}
