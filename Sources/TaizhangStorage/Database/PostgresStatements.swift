import Crypto
import Foundation
import Logging
import PostgresNIO
import Synchronization
import TaizhangDomain

/// Named prepared statements: each statement's text is parsed and planned once per connection,
/// then only bound and executed (PostgresNIO keeps, per connection, which names it prepared).
///
/// Why: sent unnamed, every statement is parsed, analysed and planned on every execution;
/// `pg_stat_statements` showed planning at 0.15–1.2 ms of each list, detail and count statement,
/// which is much of why PostgreSQL served them at a third to a half of SQLite's rate. A prepared
/// statement is planned with its values the first five times; after that PostgreSQL keeps a
/// generic plan only when it costs no more than the custom ones did.
///
/// The statement's name is a digest of its text and parameter types. Only statements with few
/// parameters are prepared: an `IN (…)` list of any length would otherwise leave a statement on
/// every connection for every length. A statement the server refuses to prepare is remembered and
/// sent unnamed from then on.
final class PostgresStatements: Sendable {
    static let maxParameters = 32

    private let refused = Mutex<Set<String>>([])
    /// Counts schema changes: part of every name, so a statement prepared before a migration
    /// (whose result columns may have changed) is never reused after it.
    private let generation = Atomic<Int>(0)

    func forgetAll() { generation.add(1, ordering: .relaxed) }

    func isRefused(_ name: String) -> Bool { refused.withLock { $0.contains(name) } }

    func refuse(_ name: String) {
        refused.withLock { set in
            if set.count >= 1_000 { set.removeAll() }
            set.insert(name)
        }
    }

    /// A prepared statement's name: the digest of what makes it distinct.
    func name(sql: String, types: [PostgresDataType]) -> String {
        var hasher = SHA256()
        hasher.update(data: Data(String(generation.load(ordering: .relaxed)).utf8 + [0]))
        hasher.update(data: Data(sql.utf8))
        for type in types { hasher.update(data: Data(String(type.rawValue).utf8 + [0x2C])) }
        return "tz_" + Digits.hex(Array(hasher.finalize().prefix(12)))
    }
}

/// One statement of dynamic text through PostgresNIO's prepared-statement API, whose name, text
/// and parameter types are static requirements: they are read, synchronously, at the start of
/// `PostgresConnection.execute`, so a task-local value set around that call supplies them.
struct DynamicStatement: PostgresPreparedStatement {
    struct Spec: Sendable {
        var name = ""
        var sql = ""
        var types: [PostgresDataType] = []
    }

    @TaskLocal static var spec = Spec()

    static var name: String { spec.name }
    static var sql: String { spec.sql }
    static var bindingDataTypes: [PostgresDataType] { spec.types }

    typealias Row = PostgresRow

    let bindings: PostgresBindings

    func makeBindings() throws -> PostgresBindings { bindings }
    func decodeRow(_ row: PostgresRow) throws -> PostgresRow { row }
}

/// A statement the server would not prepare, inside a transaction the failure aborted: the
/// transaction is run again from the start (the statement is then sent unnamed).
struct StatementNotPrepared: Error {}
