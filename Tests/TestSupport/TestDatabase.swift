import Foundation
import Logging
import TaizhangStorage

/// The databases the shared storage suite runs on: SQLite always, PostgreSQL when
/// `TAIZHANG_TEST_POSTGRES` names a server (scripts/test.sh starts one).
public enum TestDatabase: String, Sendable, CustomStringConvertible, CaseIterable {
    case sqlite
    case postgres

    public var description: String { rawValue }

    public static var postgresURL: String? {
        ProcessInfo.processInfo.environment["TAIZHANG_TEST_POSTGRES"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// What this run can use; PostgreSQL is left out (and said so) when no server is configured.
    public static let available: [TestDatabase] = {
        if postgresURL == nil {
            FileHandle.standardError.write(
                Data("note: TAIZHANG_TEST_POSTGRES is not set; storage tests run on SQLite only\n".utf8))
            return [.sqlite]
        }
        return [.sqlite, .postgres]
    }()

    /// A new, empty schema on the test PostgreSQL: every test gets a database of its own.
    static func freshSchema(logger: Logger) async throws -> (url: String, schema: String) {
        let url = Self.postgresURL!
        let schema = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        let admin = try await PostgresStore.open(url: url, connections: 2, logger: logger)
        try await admin.write { db in try await db.raw("CREATE SCHEMA \(ident: schema)").run() }
        try await admin.close()
        return (url, schema)
    }

    /// Two stores on one fresh database, as two server processes would open it.
    public func makeSharedStores(directory: String) async throws -> (any SQLStore, any SQLStore) {
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        switch self {
        case .sqlite:
            let first = try await makeStore(directory: directory)
            return (first, try await SQLiteStore.open(path: directory + "/taizhang.sqlite", logger: logger))
        case .postgres:
            let (url, schema) = try await Self.freshSchema(logger: logger)
            let first = try await PostgresStore.open(url: url, searchPath: schema, connections: 4, logger: logger)
            try await Migrator.migrate(first)
            return (first, try await PostgresStore.open(url: url, searchPath: schema, connections: 4, logger: logger))
        }
    }

    /// A fresh, migrated, empty store: a new SQLite file, or a new PostgreSQL schema.
    public func makeStore(directory: String) async throws -> any SQLStore {
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        let store: any SQLStore
        switch self {
        case .sqlite:
            store = try await SQLiteStore.open(path: directory + "/taizhang.sqlite", logger: logger)
        case .postgres:
            let (url, schema) = try await Self.freshSchema(logger: logger)
            store = try await PostgresStore.open(url: url, searchPath: schema, connections: 4, logger: logger)
        }
        try await Migrator.migrate(store)
        return store
    }
}

/// A temporary directory removed when the test is done with it.
public func withTemporaryDirectory<T>(_ body: (String) async throws -> T) async throws -> T {
    let path = NSTemporaryDirectory() + "taizhang-test-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: path) }
    return try await body(path)
}
