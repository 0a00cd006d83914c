import Foundation
import Synchronization
import TaizhangDomain

/// Remembers who a token stands for, while sign-in state has not changed.
///
/// Every request starts by resolving its token (two queries); under load that was a third of a
/// list request's work. An entry is good only for the `AuthSignal` generation it was read in:
/// a revoked token, a removed grant or a disabled user, on any server process, changes the
/// generation and so is refused on the next request. `lifetime` bounds the rest (a new name).
final class PrincipalCache: Sendable {
    static let lifetime: Duration = .seconds(2)
    static let capacity = 10_000

    private struct Entry {
        let principal: Principal
        let generation: UInt64
        let expires: ContinuousClock.Instant
        /// When the token itself ends by age (the repository's clock), if ever.
        let tokenExpires: Date?
    }

    private let entries = Mutex<[String: Entry]>([:])

    func principal(digest: String, generation: UInt64?, now: Date) -> Principal? {
        guard let generation else { return nil }
        let instant = ContinuousClock.now
        return entries.withLock { e in
            guard let hit = e[digest], hit.generation == generation, hit.expires > instant,
                hit.tokenExpires.map({ $0 > now }) ?? true
            else { return nil }
            return hit.principal
        }
    }

    func remember(_ principal: Principal, digest: String, generation: UInt64?, until tokenExpires: Date?) {
        guard let generation else { return }
        let expires = ContinuousClock.now + Self.lifetime
        entries.withLock { e in
            if e.count >= Self.capacity { e.removeAll(keepingCapacity: true) }
            e[digest] = Entry(
                principal: principal, generation: generation, expires: expires, tokenExpires: tokenExpires)
        }
    }

    func clear() { entries.withLock { $0.removeAll() } }
}
