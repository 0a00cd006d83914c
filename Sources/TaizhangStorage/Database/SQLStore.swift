import Logging
import SQLKit

/// The two databases Taizhang runs on; SQL differs only in DDL and a few clauses.
public enum Dialect: String, Sendable {
    case sqlite
    case postgres
}

/// A database the repositories talk to: reads on any connection, writes in one transaction each.
///
/// Two implementations, `SQLiteStore` and `PostgresStore`; every repository and test runs on both.
public protocol SQLStore: Sendable {
    var dialect: Dialect { get }
    /// Runs `body` on a connection that sees committed data.
    func read<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T
    /// Runs `body` in one transaction; returns only after the commit is durable.
    func write<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T
    /// How every process learns that sign-in state changed.
    var authSignal: AuthSignal { get }
    /// Closes connections; the store is unusable afterwards.
    func close() async throws
    /// Tells the store that tables changed (after migrations), so nothing it kept about them is reused.
    func schemaChanged()
}

extension SQLStore {
    public func schemaChanged() {}

    /// `FOR UPDATE` where the database has row locks; SQLite has one writer, so needs none.
    var lockRow: String { dialect == .postgres ? " FOR UPDATE" : "" }
}

/// Opens the store a `--database` value names: a `postgres://` URL, or the SQLite file in the data directory.
public enum StoreFactory {
    public static func open(database url: String?, dataDirectory: String, logger: Logger) async throws -> any SQLStore {
        if let url, url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") {
            return try await PostgresStore.open(url: url, logger: logger)
        }
        let path = url.map { $0.hasPrefix("sqlite://") ? String($0.dropFirst("sqlite://".count)) : $0 }
        return try await SQLiteStore.open(path: path ?? dataDirectory + "/taizhang.sqlite", logger: logger)
    }
}
