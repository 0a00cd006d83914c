import Synchronization
import TaizhangDomain

/// Remembers who a token stands for, for two seconds.
///
/// Every request starts by resolving its token (two queries); under load that was a third of a
/// list request's work. Grant changes made through this process clear it at once; on a shared
/// PostgreSQL another server's change shows within `lifetime`.
final class PrincipalCache: Sendable {
    static let lifetime: Duration = .seconds(2)
    static let capacity = 10_000

    private let entries = Mutex<[String: (principal: Principal, expires: ContinuousClock.Instant)]>([:])

    func principal(digest: String) -> Principal? {
        let now = ContinuousClock.now
        return entries.withLock { e in
            guard let hit = e[digest], hit.expires > now else { return nil }
            return hit.principal
        }
    }

    func remember(_ principal: Principal, digest: String) {
        let expires = ContinuousClock.now + Self.lifetime
        entries.withLock { e in
            if e.count >= Self.capacity { e.removeAll(keepingCapacity: true) }
            e[digest] = (principal, expires)
        }
    }

    func clear() { entries.withLock { $0.removeAll() } }
}
