import Foundation
import SQLKit
import Synchronization

/// Tells every server process at once that sign-in state changed (a token revoked, a grant
/// removed, a user disabled), so none keeps trusting what it cached.
///
/// `generation` is read on every request and must cost no database round trip:
/// - SQLite: the processes sharing the file (the server and the command line) share a marker
///   file beside it; a change replaces it (a new inode), and `generation` is one `stat`.
/// - PostgreSQL: a change sends `NOTIFY taizhang_auth` in its transaction; every server listens
///   and bumps its counter when the commit is delivered. While not listening, nothing is cached.
public final class AuthSignal: Sendable {
    static let channel = "taizhang_auth"

    private let counter = Atomic<UInt64>(0)
    private let listening = Atomic<Bool>(false)
    private let markerPath: String?

    /// `markerPath` nil: PostgreSQL's notifications (or, for a store that never changes, no caching).
    public init(markerPath: String?) {
        self.markerPath = markerPath
    }

    /// Changes whenever sign-in state may have changed; `nil` when it cannot be known (do not cache).
    public var generation: UInt64? {
        let local = counter.load(ordering: .acquiring)
        guard let markerPath else { return listening.load(ordering: .acquiring) ? local : nil }
        var info = stat()
        guard stat(markerPath, &info) == 0 else { return local }
        return local &+ UInt64(truncatingIfNeeded: info.st_ino) &* 1_000_003
            &+ UInt64(truncatingIfNeeded: info.st_mtim.tv_nsec) &+ UInt64(truncatingIfNeeded: info.st_mtim.tv_sec) << 30
    }

    /// Inside the changing transaction: on PostgreSQL the notification leaves with the commit.
    func announce(_ db: any SQLDatabase) async throws {
        if markerPath == nil { try await db.raw("NOTIFY \(unsafeRaw: Self.channel)").run() }
    }

    /// After the commit: this process forgets at once; on SQLite the other processes see a new marker.
    func committed() {
        counter.add(1, ordering: .releasing)
        guard let markerPath else { return }
        let temporary = markerPath + ".\(UUID().uuidString).tmp"
        if FileManager.default.createFile(atPath: temporary, contents: Data(UUID().uuidString.utf8)) {
            if rename(temporary, markerPath) != 0 { unlink(temporary) }
        }
    }

    /// A notification arrived from another server (PostgreSQL).
    func received() { counter.add(1, ordering: .releasing) }

    func setListening(_ value: Bool) {
        counter.add(1, ordering: .releasing)
        listening.store(value, ordering: .releasing)
    }
}
