import Logging
import NIOPosix

/// Copies committed pages from SQLite's write-ahead log into the database file on a connection
/// and a thread of its own, so no write waits for it.
///
/// Left to SQLite, the connection whose COMMIT takes the log past 1,000 pages runs the copy
/// itself, fsync of the database file included, before that COMMIT returns: under a stream of
/// notes the group commit's writer spent 6 % of its time there, and every write queued behind
/// that batch waited with it. The writer now has `wal_autocheckpoint` off and tells this one after
/// each commit. A PASSIVE checkpoint takes no lock that a writer or a reader waits on; what a
/// reader still needs stays in the log until the next one. Durability does not depend on it:
/// a commit is synced into the log before it is acknowledged, as before.
final class WALCheckpointer: Sendable {
    private let handle: SQLiteHandle
    private let pool: NIOThreadPool
    private let signal: AsyncStream<Void>.Continuation
    private let loop: Task<Void, Never>

    /// At most one checkpoint in this interval: each syncs the database file, and after a few
    /// commits there is little to copy.
    static let interval: Duration = .milliseconds(250)

    init(path: String, logger: Logger) async throws {
        let pool = NIOThreadPool(numberOfThreads: 1)
        pool.start()
        let handle: SQLiteHandle
        do {
            handle = try await pool.runIfActive { try SQLiteHandle(path: path) }
            _ = try await pool.runIfActive { try handle.run("PRAGMA busy_timeout=10000", []) }
        } catch {
            try? await pool.shutdownGracefully()
            throw error
        }
        self.handle = handle
        self.pool = pool
        // Commits arriving while a checkpoint runs or waits make one more, not one each.
        let (stream, signal) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        self.signal = signal
        loop = Task {
            for await _ in stream {
                // Closing: the last connection to close copies the log itself.
                if Task.isCancelled { break }
                do {
                    _ = try await Self.checkpoint(handle, on: pool)
                } catch is CancellationError {
                    break
                } catch {
                    // The next commit asks again; the log only grows meanwhile.
                    logger.warning("WAL checkpoint failed: \(String(reflecting: error))")
                }
                try? await Task.sleep(for: Self.interval)
            }
        }
    }

    /// A transaction committed: its pages are in the log.
    func committed() { signal.yield() }

    /// Copies what can be copied now and says how far: frames in the log, frames copied.
    func checkpoint() async throws -> (log: Int64, copied: Int64) { try await Self.checkpoint(handle, on: pool) }

    private static func checkpoint(_ handle: SQLiteHandle, on pool: NIOThreadPool) async throws -> (
        log: Int64, copied: Int64
    ) {
        let result = try await pool.runIfActive { try handle.run("PRAGMA wal_checkpoint(PASSIVE)", []) }
        guard let row = result.rows.first, row.count == 3, case .integer(let log) = row[1],
            case .integer(let copied) = row[2]
        else { return (0, 0) }
        return (Int64(log), Int64(copied))
    }

    func close() async throws {
        signal.finish()
        loop.cancel()  // not waiting out the pause after a checkpoint
        await loop.value
        try await pool.runIfActive { [handle] in handle.close() }
        try await pool.shutdownGracefully()
    }
}
