import Foundation
import Synchronization
import TaizhangDomain
import TaizhangStorage

/// Everything the handlers need, built once at start-up and shared.
public struct Services: Sendable {
    public let store: any SQLStore
    public let clock: any Clock
    public let units: UnitRepository
    public let campaigns: CampaignRepository
    public let problems: ProblemRepository
    public let users: UserRepository
    public let reports: ReportRepository
    public let files: BlobStore
    public let signIns = SignInGuard()

    public init(store: any SQLStore, dataDirectory: String, clock: any Clock = SystemClock()) {
        self.store = store
        self.clock = clock
        self.units = UnitRepository(store: store, clock: clock)
        self.campaigns = CampaignRepository(store: store, clock: clock)
        self.problems = ProblemRepository(store: store, clock: clock)
        self.users = UserRepository(store: store, clock: clock)
        self.reports = ReportRepository(store: store, clock: clock)
        self.files = BlobStore(dataDirectory: dataDirectory)
    }
}

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
