import SQLKit
import Synchronization

/// The problems whose search rows a batch of SQLite writes must rewrite, rewritten once each just
/// before the batch commits (in the same transaction, so a 2xx still means findable).
///
/// Why: FTS5 flushes what it holds in memory whenever a statement opens a savepoint, and a write's
/// later statements (or the next write of the batch) always do; each flush adds a segment and does
/// a share of FTS5's merging. A row rewritten in the middle of each write cost a flush per write,
/// and the same problem noted twice in a batch was re-indexed twice. At the end of the batch the
/// rows are written one after another and flushed once, at COMMIT.
///
/// Rewriting a row is idempotent (it re-reads the texts as they stand), so a write rolled back to
/// its savepoint may leave its problem in the set: the rewrite then finds the texts unchanged.
final class DeferredSearchRefresh: Sendable {
    /// The batch being run by SQLite's group commit, if any (PostgreSQL rewrites rows at once).
    @TaskLocal static var current: DeferredSearchRefresh?

    /// Problem id → whether its title changed (SQLite's titles index is rewritten only then).
    private let pending = Mutex<[Int64: Bool]>([:])

    func add(_ id: Int64, titleChanged: Bool) {
        pending.withLock { $0[id, default: false] = $0[id, default: false] || titleChanged }
    }

    /// Rewrites every row asked for, in id order, and forgets them.
    func flush(_ db: any SQLDatabase) async throws {
        let rows = pending.withLock { rows -> [(Int64, Bool)] in
            defer { rows.removeAll() }
            return rows.sorted { $0.key < $1.key }
        }
        for (id, titleChanged) in rows {
            try await SearchIndex.rewriteProblem(db, dialect: .sqlite, id: id, titleChanged: titleChanged)
        }
    }
}
