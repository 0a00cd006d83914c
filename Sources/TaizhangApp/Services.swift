import Foundation
import Logging
import TaizhangDomain
import TaizhangStorage

/// The storage, clock and process-wide state the use cases work with, built once at start-up.
/// Entry points (API, CLI, pages, importers) reach them only through the use cases below.
public struct Services: Sendable {
    public let store: any SQLStore
    public let clock: any Clock
    public let units: UnitRepository
    public let campaigns: CampaignRepository
    public let problems: ProblemRepository
    public let users: UserRepository
    public let reports: ReportRepository
    public let rounds: RoundRepository
    public let files: BlobStore
    public let signIns = SignInGuard()
    public let logger: Logger

    public init(
        store: any SQLStore, dataDirectory: String, clock: any Clock = SystemClock(),
        logger: Logger = Logger(label: "taizhang")
    ) {
        self.logger = logger
        self.store = store
        self.clock = clock
        self.units = UnitRepository(store: store, clock: clock)
        self.campaigns = CampaignRepository(store: store, clock: clock)
        self.problems = ProblemRepository(store: store, clock: clock)
        self.users = UserRepository(store: store, clock: clock)
        self.reports = ReportRepository(store: store, clock: clock)
        self.rounds = RoundRepository(store: store, clock: clock)
        self.files = BlobStore(dataDirectory: dataDirectory)
    }
}

extension Services {
    public var problemCases: ProblemCases { ProblemCases(self) }
    public var progressCases: ProgressCases { ProgressCases(self) }
    public var deadlineCases: DeadlineCases { DeadlineCases(self) }
    public var directoryCases: DirectoryCases { DirectoryCases(self) }
    public var accountCases: AccountCases { AccountCases(self) }
    public var reportIntake: ReportIntake { ReportIntake(self) }
    public var roundCases: RoundCases { RoundCases(self) }
}

extension Services {
    public var importCases: ImportCases { ImportCases(self) }
    public var exportCases: ExportCases { ExportCases(self) }
}
