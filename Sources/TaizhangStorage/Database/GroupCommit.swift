import Logging
import SQLKit
import Synchronization

/// Runs SQLite write transactions on one connection, committing the ones that queue up meanwhile
/// together: each in its own SAVEPOINT (a failing one rolls back alone), one COMMIT and one fsync
/// for the batch. Nobody hears "done" before that COMMIT is durable.
final class GroupCommit: Sendable {
    private struct Job: Sendable {
        /// Runs the body inside the open transaction; returns the body's error, if any.
        let run: @Sendable (any SQLDatabase) async -> (any Error)?
        /// Tells the caller the outcome once the batch's COMMIT has or has not happened.
        let finish: @Sendable ((any Error)?) -> Void
    }

    private let database: any SQLDatabase
    private let logger: Logger
    private final class Queue: Sendable {
        let jobs = Mutex<[Job]>([])
    }

    private let pending = Queue()
    private let signal: AsyncStream<Void>.Continuation
    private let loop: Task<Void, Never>
    /// Bounds how long the first writer in a busy batch waits for the others.
    static let maxBatch = 64

    /// `committed`: told after each COMMIT (the log's checkpointer).
    init(database: any SQLDatabase, logger: Logger, committed: @escaping @Sendable () -> Void = {}) {
        self.database = database
        self.logger = logger
        let (stream, signal) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        self.signal = signal
        let pending = self.pending
        self.loop = Task {
            for await _ in stream {
                while true {
                    let batch = pending.jobs.withLock { jobs -> [Job] in
                        let take = Array(jobs.prefix(Self.maxBatch))
                        jobs.removeFirst(take.count)
                        return take
                    }
                    if batch.isEmpty { break }
                    await Self.commit(batch, on: database, logger: logger)
                    committed()
                }
            }
        }
    }

    /// Runs `body` in a transaction and returns once it is committed.
    func write<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let box = Mutex<T?>(nil)
        return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let job = Job(
                run: { db in
                    do {
                        let value = try await body(db)
                        box.withLock { $0 = value }
                        return nil
                    } catch { return error }
                },
                finish: { error in
                    if let error {
                        continuation.resume(throwing: error)
                    } else if let value = box.withLock({ $0 }) {
                        continuation.resume(returning: value)
                    } else {
                        continuation.resume(throwing: MissingRow(statement: "a committed write's result"))
                    }
                })
            pending.jobs.withLock { $0.append(job) }
            signal.yield()
        }
    }

    private static func commit(_ batch: [Job], on db: any SQLDatabase, logger: Logger) async {
        var outcomes: [(any Error)?] = []
        // Search rows the jobs ask to rewrite are rewritten once each before the COMMIT.
        let search = DeferredSearchRefresh()
        do {
            try await db.raw("BEGIN IMMEDIATE").run()
            if batch.count == 1 {
                // Alone, a job is the whole transaction: its failure rolls back just as well without a
                // savepoint, and a savepoint has every page it changes copied to a journal first
                // (a large import's writes went half again through that journal).
                if let error = await DeferredSearchRefresh.$current.withValue(
                    search, operation: { await batch[0].run(db) })
                {
                    try await db.raw("ROLLBACK").run()
                    batch[0].finish(error)
                    return
                }
                try await search.flush(db)
                try await db.raw("COMMIT").run()
                batch[0].finish(nil)
                return
            }
            for job in batch {
                try await db.raw("SAVEPOINT job").run()
                let error = await DeferredSearchRefresh.$current.withValue(search) { await job.run(db) }
                if error != nil { try await db.raw("ROLLBACK TO job").run() }
                try await db.raw("RELEASE job").run()
                outcomes.append(error)
            }
            try await search.flush(db)
            try await db.raw("COMMIT").run()
        } catch {
            logger.error("write batch failed, rolled back: \(String(reflecting: error))")
            do { try await db.raw("ROLLBACK").run() } catch {}
            // Nothing of this batch is kept; every caller hears so.
            for job in batch { job.finish(error) }
            return
        }
        for (job, error) in zip(batch, outcomes) { job.finish(error) }
    }

    func close() async {
        signal.finish()
        await loop.value
    }
}
