import Foundation
import Logging
import PostgresKit
import PostgresNIO
import SQLKit

/// PostgreSQL for deployments that outgrow one machine: a pooled client, one transaction per write.
public final class PostgresStore: SQLStore {
    public let dialect = Dialect.postgres
    private let client: PostgresClient
    /// Connections that keep generic plans (see `FixedPlan`).
    private let fixedPlans: PostgresClient
    private let runner: Task<Void, Never>
    private let fixedRunner: Task<Void, Never>
    private let listener: Task<Void, Never>
    private let logger: Logger
    public let authSignal = AuthSignal(markerPath: nil)
    /// Named prepared statements per connection (see `PostgresStatements`).
    let statements = PostgresStatements()

    private init(client: PostgresClient, fixedPlans: PostgresClient, logger: Logger) {
        self.client = client
        self.fixedPlans = fixedPlans
        self.logger = logger
        self.runner = Task { await client.run() }
        self.fixedRunner = Task { await fixedPlans.run() }
        let signal = authSignal
        // One pooled connection listens for sign-in changes made by any server; if it is lost,
        // nothing is cached until it listens again.
        self.listener = Task {
            while !Task.isCancelled {
                do {
                    try await client.withConnection { connection in
                        try await connection.listen(on: AuthSignal.channel) { notifications in
                            signal.setListening(true)
                            for try await _ in notifications { signal.received() }
                        }
                    }
                } catch {
                    if Task.isCancelled { break }
                    logger.warning("not listening for sign-in changes, retrying: \(error)")
                }
                signal.setListening(false)
                try? await Task.sleep(for: .milliseconds(500))
            }
        }
    }

    /// Connects to `postgres://user:password@host:port/database`.
    /// `searchPath` puts every connection in one schema (tests use a fresh schema each).
    /// `connections`: how many the pool holds open, all the time (tests, each with a store of its
    /// own and many at once, ask for few).
    public static func open(url: String, searchPath: String? = nil, connections: Int = 16, logger: Logger)
        async throws -> PostgresStore
    {
        guard let parts = URLComponents(string: url), let host = parts.host, let user = parts.user else {
            throw StoreError.badURL(url)
        }
        let database = parts.path.hasPrefix("/") ? String(parts.path.dropFirst()) : parts.path
        var configuration = PostgresClient.Configuration(
            host: host, port: parts.port ?? 5432, username: user, password: parts.password,
            database: database.isEmpty ? nil : database, tls: .disable)
        // Every connection open all the time, and no keep-alive queries: each time a connection
        // went back to the pool, the pool started a keep-alive timer (30 s) and, above the minimum,
        // an idle timer (60 s); a lease cancels them, but a cancelled sleep's timer is only let go
        // at its deadline. Under load that held about 1.7 KB a request for a minute: the server
        // grew by 23 MB every 4 s of one problem's page (3,400 req/s) and peaked at 390 MB in the
        // API benchmark (heaptrack: 30,368 pending sleeps after 10 s). A connection the server
        // dropped is found by the next statement on it, as it would be between keep-alives.
        configuration.options.maximumConnections = connections
        configuration.options.minimumConnections = connections
        configuration.options.keepAliveBehavior = nil
        if let searchPath { configuration.options.additionalStartupParameters = [("search_path", searchPath)] }
        // The marked statements are short reads of counters: a few connections serve them.
        var fixed = configuration
        fixed.options.minimumConnections = max(1, connections / 4)
        fixed.options.maximumConnections = max(1, connections / 4)
        fixed.options.additionalStartupParameters.append(("plan_cache_mode", "force_generic_plan"))
        let store = PostgresStore(
            client: PostgresClient(configuration: configuration, backgroundLogger: logger),
            fixedPlans: PostgresClient(configuration: fixed, backgroundLogger: logger), logger: logger)
        // Fail at start-up, not on the first request, when the server is not there.
        _ = try await store.read { db in try await db.raw("SELECT 1 AS one").all() }
        return store
    }

    public func read<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await client.withConnection { connection in
            try await body(PostgresSQL(connection: connection, statements: statements, fixedPlans: fixedPlans))
        }
    }

    public func schemaChanged() { statements.forgetAll() }

    /// Runs `body` in a transaction. A transaction the server aborted for a deadlock or a
    /// serialisation failure did nothing; it is run again (a few times, after a short random
    /// pause) before anyone hears of it.
    public func write<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        var attempt = 0
        while true {
            do {
                return try await transaction(body)
            } catch is StatementNotPrepared where attempt < Self.maxRetries {
                // Rolled back; the statement is now sent unnamed.
                attempt += 1
            } catch let error as PSQLError where attempt < Self.maxRetries && Self.isRetryable(error) {
                attempt += 1
                logger.info("transaction retried (\(error.serverInfo?[.sqlState] ?? "?"), attempt \(attempt))")
                try await Task.sleep(for: .milliseconds(Int.random(in: 1...(10 << attempt))))
            }
        }
    }

    static let maxRetries = 5

    /// 40P01 deadlock_detected, 40001 serialization_failure.
    static func isRetryable(_ error: PSQLError) -> Bool {
        guard let state = error.serverInfo?[.sqlState] else { return false }
        return state == "40P01" || state == "40001"
    }

    private func transaction<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws
        -> T
    {
        try await client.withConnection { connection in
            let db = PostgresSQL(connection: connection, statements: statements, inTransaction: true)
            try await db.raw("BEGIN").run()
            do {
                let result = try await body(db)
                try await db.raw("COMMIT").run()
                return result
            } catch {
                do { try await db.raw("ROLLBACK").run() } catch { logger.error("rollback failed: \(error)") }
                throw error
            }
        }
    }

    public func close() async throws {
        listener.cancel()
        runner.cancel()
        fixedRunner.cancel()
        _ = await runner.value
        _ = await fixedRunner.value
    }
}

/// Failures of the storage layer itself (not of the caller's input).
public enum StoreError: Error, CustomStringConvertible {
    case badURL(String)
    case migration(Int, String)

    public var description: String {
        switch self {
        case .badURL(let url):
            return "cannot read database URL \(url); expected postgres://user:password@host:port/database"
        case .migration(let n, let why): return "migration \(n) failed: \(why)"
        }
    }
}
