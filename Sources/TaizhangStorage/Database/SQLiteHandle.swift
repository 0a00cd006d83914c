import Foundation
import NIOCore
import SQLiteNIO
import Synchronization
import VaporCSQLite

/// One SQLite connection driven through SQLite's C interface, keeping its prepared statements.
///
/// Why not SQLiteNIO's connection: it prepares every statement anew and finalizes it after one
/// use (`sqlite3_prepare_v3` was 12.7 % of the server's CPU serving a problem's detail), and hands
/// each row to an event loop as a task of its own. Here a statement is prepared once per
/// connection and reset after each run, and a query's rows come back together, with one hop to
/// the thread pool and one back. The caller runs `run` on a thread pool, never on an event loop.
///
/// The connection is opened in serialized mode, as SQLiteNIO opened it: the store's requests may
/// use one connection from several threads. A statement is taken out of the cache while it runs,
/// so two queries never step the same statement; a second query of the same text meanwhile
/// prepares a statement of its own, and both are kept.
final class SQLiteHandle: @unchecked Sendable {
    // Set once by `init`, cleared by `close` when nothing can use it any more.
    private var db: OpaquePointer?
    private let cache = Mutex<Kept>(Kept())
    /// Statements kept per connection: the repositories' statements are a few hundred texts; one
    /// whose text varies (an `IN` list of any length) would otherwise fill the cache for nothing.
    static let cacheLimit = 512
    /// Statements with more values than this are prepared for each run.
    static let keptParameters = 64

    /// The kept statements by text: several of one text, as many as ran at once.
    private struct Kept {
        var byText: [String: [Prepared]] = [:]
        var count = 0
    }

    /// A prepared statement and the names of its result columns (read again when SQLite had to
    /// prepare it again after a schema change).
    private final class Prepared: @unchecked Sendable {
        let statement: OpaquePointer
        var columns: SQLiteColumns
        var reprepared: Int32

        init(_ statement: OpaquePointer) {
            self.statement = statement
            self.reprepared = sqlite_nio_sqlite3_stmt_status(statement, SQLITE_STMTSTATUS_REPREPARE, 0)
            self.columns = SQLiteColumns(statement)
        }
    }

    init(path: String) throws {
        var handle: OpaquePointer?
        let flags = SQLITE_OPEN_CREATE | SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX | SQLITE_OPEN_EXRESCODE
        let status = sqlite_nio_sqlite3_open_v2(path, &handle, flags, nil)
        guard status == SQLITE_OK, let handle else {
            let message = handle.flatMap { sqlite_nio_sqlite3_errmsg($0) }.map { String(cString: $0) }
            sqlite_nio_sqlite3_close(handle)
            throw SQLiteFailure(code: status, message: message ?? "cannot open \(path)")
        }
        db = handle
    }

    /// Whether `sql` starts with PRAGMA, in any case (no allocation: it is asked for every statement).
    static func isPragma(_ sql: String) -> Bool {
        var letters = sql.utf8.makeIterator()
        for expected in "PRAGMA".utf8 {
            guard let byte = letters.next(), byte & 0xDF == expected else { return false }
        }
        return true
    }

    /// Runs one statement with its values and returns every row.
    func run(_ sql: String, _ binds: [SQLiteData]) throws -> SQLiteResult {
        guard let db else { throw SQLiteFailure(code: SQLITE_MISUSE, message: "the connection is closed") }
        let prepared = try take(sql, db)
        let statement = prepared.statement
        // A statement of many values (an import's multi-row insert) is not kept: it would hold
        // its values until its next use, and preparing it is little beside running it.
        // Nor is a PRAGMA: SQLite does a pragma's work and reads its value when it prepares the
        // statement, so a kept `PRAGMA cache_size=…` run again would change nothing, and a kept
        // `PRAGMA cache_size` would answer what it was when first prepared.
        var keep = binds.count <= Self.keptParameters && !Self.isPragma(sql)
        defer {
            // Reset, but the values are not cleared: clearing expires a statement whose plan may
            // depend on a value (SQLite then prepares it again at its next step, which it did for
            // every `WHERE problem_id = ?`); every value is bound again at the next run anyway.
            sqlite_nio_sqlite3_reset(statement)
            if keep { give(sql, prepared) } else { sqlite_nio_sqlite3_finalize(statement) }
        }
        do {
            guard sqlite_nio_sqlite3_bind_parameter_count(statement) == binds.count else {
                throw SQLiteFailure(
                    code: SQLITE_RANGE,
                    message:
                        "\(binds.count) values for \(sqlite_nio_sqlite3_bind_parameter_count(statement)) parameters")
            }
            try bind(binds, to: statement, db)
            var rows: [[SQLiteData]] = []
            while true {
                let status = sqlite_nio_sqlite3_step(statement)
                if status == SQLITE_DONE { break }
                guard status == SQLITE_ROW else { throw SQLiteFailure(db, status) }
                // Counted after the step: a schema change makes the first step prepare it again.
                let count = sqlite_nio_sqlite3_column_count(statement)
                var row: [SQLiteData] = []
                row.reserveCapacity(Int(count))
                for column in 0..<count { row.append(Self.value(statement, column)) }
                rows.append(row)
            }
            let reprepared = sqlite_nio_sqlite3_stmt_status(statement, SQLITE_STMTSTATUS_REPREPARE, 0)
            if reprepared != prepared.reprepared {
                prepared.columns = SQLiteColumns(statement)
                prepared.reprepared = reprepared
            }
            return SQLiteResult(columns: prepared.columns, rows: rows)
        } catch {
            keep = false
            throw error
        }
    }

    /// Runs one statement once for each row of values, in order, in one call; any rows it
    /// returns are dropped. An import's many rows go in without a multi-row statement to build,
    /// parse and bind (a fifth of a 100,000-row import, profiled), and a statement writing one
    /// row needs no statement journal of its own.
    func runEach(_ sql: String, _ rows: [[SQLiteData]]) throws {
        guard let db else { throw SQLiteFailure(code: SQLITE_MISUSE, message: "the connection is closed") }
        let prepared = try take(sql, db)
        let statement = prepared.statement
        var keep = true
        defer {
            sqlite_nio_sqlite3_reset(statement)
            if keep { give(sql, prepared) } else { sqlite_nio_sqlite3_finalize(statement) }
        }
        let parameters = Int(sqlite_nio_sqlite3_bind_parameter_count(statement))
        do {
            for values in rows {
                guard values.count == parameters else {
                    throw SQLiteFailure(
                        code: SQLITE_RANGE, message: "\(values.count) values for \(parameters) parameters")
                }
                try bind(values, to: statement, db)
                var status = sqlite_nio_sqlite3_step(statement)
                while status == SQLITE_ROW { status = sqlite_nio_sqlite3_step(statement) }
                guard status == SQLITE_DONE else { throw SQLiteFailure(db, status) }
                sqlite_nio_sqlite3_reset(statement)
            }
        } catch {
            keep = false
            throw error
        }
    }

    /// The statement for `sql`: a kept one, taken out of the cache, or a newly prepared one.
    private func take(_ sql: String, _ db: OpaquePointer) throws -> Prepared {
        let kept = cache.withLock { kept -> Prepared? in
            guard let prepared = kept.byText[sql]?.popLast() else { return nil }
            kept.count -= 1
            return prepared
        }
        if let kept { return kept }
        var statement: OpaquePointer?
        let status = sqlite_nio_sqlite3_prepare_v3(db, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard status == SQLITE_OK, let statement else { throw SQLiteFailure(db, status) }
        return Prepared(statement)
    }

    /// Puts a statement back, unless the cache is full.
    private func give(_ sql: String, _ prepared: Prepared) {
        let kept = cache.withLock { kept -> Bool in
            guard kept.count < Self.cacheLimit else { return false }
            kept.byText[sql, default: []].append(prepared)
            kept.count += 1
            return true
        }
        if !kept { sqlite_nio_sqlite3_finalize(prepared.statement) }
    }

    private func bind(_ binds: [SQLiteData], to statement: OpaquePointer, _ db: OpaquePointer) throws {
        for (offset, value) in binds.enumerated() {
            let index = Int32(offset + 1)
            let status: Int32
            switch value {
            case .integer(let v): status = sqlite_nio_sqlite3_bind_int64(statement, index, Int64(v))
            case .float(let v): status = sqlite_nio_sqlite3_bind_double(statement, index, v)
            case .null: status = sqlite_nio_sqlite3_bind_null(statement, index)
            case .text(let v) where v.isEmpty:
                // A NULL pointer would bind NULL: the empty text is bound from a literal.
                status = sqlite_nio_sqlite3_bind_text64(statement, index, "", 0, Self.transient, UInt8(SQLITE_UTF8))
            case .text(let v):
                var text = v
                status = text.withUTF8 { bytes in
                    // SQLITE_TRANSIENT: SQLite copies the text before this returns.
                    bytes.withMemoryRebound(to: CChar.self) { chars in
                        sqlite_nio_sqlite3_bind_text64(
                            statement, index, chars.baseAddress, UInt64(chars.count), Self.transient,
                            UInt8(SQLITE_UTF8))
                    }
                }
            case .blob(let v) where v.readableBytes == 0:
                status = sqlite_nio_sqlite3_bind_zeroblob(statement, index, 0)
            case .blob(let v):
                status = v.withUnsafeReadableBytes { bytes in
                    sqlite_nio_sqlite3_bind_blob64(
                        statement, index, bytes.baseAddress, UInt64(bytes.count), Self.transient)
                }
            }
            guard status == SQLITE_OK else { throw SQLiteFailure(db, status) }
        }
    }

    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    private static func value(_ statement: OpaquePointer, _ column: Int32) -> SQLiteData {
        switch sqlite_nio_sqlite3_column_type(statement, column) {
        case SQLITE_INTEGER: return .integer(Int(sqlite_nio_sqlite3_column_int64(statement, column)))
        case SQLITE_FLOAT: return .float(sqlite_nio_sqlite3_column_double(statement, column))
        case SQLITE_TEXT:
            // The text first, then its length: asking for the length first may convert it.
            guard let text = sqlite_nio_sqlite3_column_text(statement, column) else { return .text("") }
            let count = Int(sqlite_nio_sqlite3_column_bytes(statement, column))
            return .text(String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self))
        case SQLITE_BLOB:
            let count = Int(sqlite_nio_sqlite3_column_bytes(statement, column))
            var buffer = ByteBufferAllocator().buffer(capacity: count)
            if let bytes = sqlite_nio_sqlite3_column_blob(statement, column) {
                buffer.writeBytes(UnsafeRawBufferPointer(start: bytes, count: count))
            }
            return .blob(buffer)
        default: return .null
        }
    }

    /// Finalizes the kept statements and closes the connection; nothing may run on it afterwards.
    func close() {
        let kept = cache.withLock { kept -> [Prepared] in
            defer { kept = Kept() }
            return kept.byText.values.flatMap { $0 }
        }
        for prepared in kept { sqlite_nio_sqlite3_finalize(prepared.statement) }
        sqlite_nio_sqlite3_close_v2(db)
        db = nil
    }

    deinit { if db != nil { close() } }
}

/// A query's result columns: their names in order, and each name's position.
final class SQLiteColumns: Sendable {
    let names: [String]
    let index: [String: Int]

    init(_ statement: OpaquePointer) {
        let count = sqlite_nio_sqlite3_column_count(statement)
        names = (0..<count).map { column in
            sqlite_nio_sqlite3_column_name(statement, column).map { String(cString: $0) } ?? ""
        }
        // The first of two columns of the same name wins, as it did in SQLiteNIO's rows.
        index = Dictionary(names.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Where the column named `name` is (the first of that name). A row is read column by column
    /// by name: for the few columns a statement has, comparing names is cheaper than hashing one
    /// (hashing was a twentieth of an export's time, profiled).
    func position(_ name: String) -> Int? {
        if names.count > 40 { return index[name] }
        return names.firstIndex(of: name)
    }
}

/// Every row of one query.
struct SQLiteResult: Sendable {
    let columns: SQLiteColumns
    let rows: [[SQLiteData]]
}

/// What SQLite said when a statement failed: its extended result code and message.
struct SQLiteFailure: Error, CustomStringConvertible {
    let code: Int32
    let message: String

    init(code: Int32, message: String) {
        self.code = code
        self.message = message
    }

    init(_ db: OpaquePointer, _ status: Int32) {
        code = status
        message = sqlite_nio_sqlite3_errmsg(db).map { String(cString: $0) } ?? "SQLite error \(status)"
    }

    var description: String { "SQLite error \(code): \(message)" }
}
