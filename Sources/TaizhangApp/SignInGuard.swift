import Foundation
import Synchronization
import TaizhangDomain

/// The sign-in throttle of this server process, shared by every request.
public final class SignInGuard: Sendable {
    private let state = Mutex(SignInThrottle())

    public init() {}

    public func check(login: String, address: String?, now: Date) throws(DomainError) {
        try state.withLock { (t: inout SignInThrottle) throws(DomainError) in
            try t.check(login: login, address: address, now: now)
        }
    }

    public func failed(login: String, address: String?, now: Date) {
        state.withLock { $0.recordFailure(login: login, address: address, now: now) }
    }

    public func succeeded(login: String) {
        state.withLock { $0.recordSuccess(login: login) }
    }
}
