import Foundation
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
    public let files: EvidenceFiles

    public init(store: any SQLStore, dataDirectory: String, clock: any Clock = SystemClock()) {
        self.store = store
        self.clock = clock
        self.units = UnitRepository(store: store, clock: clock)
        self.campaigns = CampaignRepository(store: store, clock: clock)
        self.problems = ProblemRepository(store: store, clock: clock)
        self.users = UserRepository(store: store, clock: clock)
        self.reports = ReportRepository(store: store, clock: clock)
        self.files = EvidenceFiles(dataDirectory: dataDirectory)
    }
}
