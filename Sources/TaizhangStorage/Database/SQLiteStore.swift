import Foundation
import Logging
import NIOPosix
import SQLKit
import Synchronization

/// The embedded database: one file in the data directory, WAL, `synchronous=FULL`.
///
/// One writer connection that commits queued writes in groups (SQLite allows one writer anyway) and a few
/// reader connections, so reads never wait for a write and run on both cores.
public final class SQLiteStore: SQLStore {
    public let dialect = Dialect.sqlite
    public let path: String
    public let authSignal: AuthSignal
    private let writer: SQLiteSQL
    private let readers: [SQLiteSQL]
    private let nextReader = Atomic<Int>(0)
    private let writes: GroupCommit
    private let pool: NIOThreadPool
    private let checkpointer: WALCheckpointer
    private let logger: Logger

    private init(
        path: String, writer: SQLiteSQL, readers: [SQLiteSQL], pool: NIOThreadPool, checkpointer: WALCheckpointer,
        logger: Logger
    ) {
        self.pool = pool
        self.checkpointer = checkpointer
        self.writes = GroupCommit(database: writer, logger: logger, committed: { checkpointer.committed() })
        self.path = path
        self.authSignal = AuthSignal(markerPath: path + "-auth")
        self.writer = writer
        self.readers = readers
        self.logger = logger
    }

    public static func open(path: String, readers readerCount: Int = 2, logger: Logger) async throws -> SQLiteStore {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        // A pool of its own: a commit's fsync blocks the writer's thread, not the readers'.
        // Few threads on purpose: every query hops to this pool and back, and with more threads
        // than cores the hops cost more in context switches than they gain (4 readers on 6
        // threads → 2 readers on 3 threads took (b) from 2,570 to 4,049 req/s on 2 cores).
        let pool = NIOThreadPool(numberOfThreads: readerCount + 1)
        pool.start()
        func connect() async throws -> SQLiteSQL {
            let handle = try await pool.runIfActive { try SQLiteHandle(path: path) }
            return SQLiteSQL(
                handle: handle, pool: pool, eventLoop: MultiThreadedEventLoopGroup.singleton.any(), logger: logger)
        }
        let writer = try await connect()
        // WAL lets readers run beside the writer; FULL syncs the WAL on every commit so an
        // acknowledged write survives losing the machine, not just the process. Temporary files
        // (statement journals) on disk, not in memory: a 100,000-row import is one transaction of
        // very large statements, whose journals took 1.4 GB of memory and a third of the time.
        // The log is copied into the database file by `WALCheckpointer`, not by the writer.
        for pragma in [
            "PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL", "PRAGMA foreign_keys=ON",
            "PRAGMA busy_timeout=10000", "PRAGMA cache_size=-\(writerCacheKB)", "PRAGMA temp_store=FILE",
            "PRAGMA wal_autocheckpoint=0",
        ] {
            try await writer.raw("\(unsafeRaw: pragma)").run()
        }
        let checkpointer = try await WALCheckpointer(path: path, logger: logger)
        var readers: [SQLiteSQL] = []
        for _ in 0..<readerCount {
            let reader = try await connect()
            for pragma in [
                "PRAGMA foreign_keys=ON", "PRAGMA busy_timeout=10000", "PRAGMA cache_size=-16384",
                "PRAGMA query_only=1",
            ] {
                try await reader.raw("\(unsafeRaw: pragma)").run()
            }
            readers.append(reader)
        }
        return SQLiteStore(
            path: path, writer: writer, readers: readers, pool: pool, checkpointer: checkpointer, logger: logger)
    }

    public func read<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let index = nextReader.add(1, ordering: .relaxed).newValue
        return try await body(readers[abs(index) % readers.count])
    }

    public func write<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await writes.write(body)
    }

    /// The writer's page cache (kB), and its size while a bulk write runs (`withBulkCache`).
    static let writerCacheKB = 65_536
    static let bulkWriterCacheKB = 24_576

    /// Runs `body` (in the writer's transaction) with the writer's page cache at 24 MB, then sets
    /// it back, whether `body` succeeds or throws.
    ///
    /// Why: a bulk write fills the cache with pages it will not read again (new rows, new index
    /// entries), and an import's peak memory is what its ceiling is held to. Measured on a
    /// 100,000-row import, binaries alternated: 64 → 32 MB, peak RSS 398 → 355–362 MB, the time
    /// unchanged (9.57 / 9.74 → 9.49 / 10.08 s); 32 → 24 MB (once the sheet was read a window at a
    /// time), 301–305 → 295–299 MiB, the time unchanged (15.63 → 15.66 s, mean of three). At 16 MB:
    /// 7 % slower (the writer spills dirty pages to the log, and writes some of them again).
    static func withBulkCache<T: Sendable>(
        _ db: any SQLDatabase, dialect: Dialect, _ body: () async throws -> T
    ) async throws -> T {
        guard dialect == .sqlite else { return try await body() }
        try await db.raw("PRAGMA cache_size=-\(unsafeRaw: String(bulkWriterCacheKB))").run()
        let result: T
        do {
            result = try await body()
        } catch {
            try? await db.raw("PRAGMA cache_size=-\(unsafeRaw: String(writerCacheKB))").run()
            throw error
        }
        try await db.raw("PRAGMA cache_size=-\(unsafeRaw: String(writerCacheKB))").run()
        return result
    }

    /// `PRAGMA integrity_check`: "ok" when the file is sound.
    public func integrityCheck() async throws -> String {
        try await read { db in
            let rows = try await db.raw("PRAGMA integrity_check").all()
            return try rows.map { try $0.decode(column: "integrity_check", as: String.self) }.joined(separator: "; ")
        }
    }

    /// Copies the log into the database file now, as far as readers allow: (frames in the log, frames copied).
    func checkpoint() async throws -> (log: Int64, copied: Int64) { try await checkpointer.checkpoint() }

    public func close() async throws {
        await writes.close()
        try await checkpointer.close()
        // On the pool, after every queued statement: closing waits for none of them.
        let handles = [writer.handle] + readers.map(\.handle)
        try await pool.runIfActive { for handle in handles { handle.close() } }
        try await pool.shutdownGracefully()
    }
}
