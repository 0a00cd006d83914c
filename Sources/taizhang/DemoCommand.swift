import ArgumentParser
import Foundation
import TaizhangApp
import TaizhangDomain
import TaizhangStorage

/// `taizhang demo`: generates a realistic, deterministic data set into an empty database.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Fill an empty database with generated demo data (deterministic for a seed and day).",
        discussion: """
            Builds a province-shaped unit tree (departments, SOEs, cities, counties, towns), two campaigns, \
            demo users (password taizhang-demo) and problems written the way the reports write them, with \
            measures, progress notes, evidence and audit history. 1,000,000 problems take a few minutes.
            """)

    @Option(help: "Number of units.") var units: Int = 3000
    @Option(help: "Number of problems.") var problems: Int = 100_000
    @Option(help: "Random seed.") var seed: UInt64 = 1
    @OptionGroup var store: StoreOptions

    func validate() throws {
        guard units >= 1, units <= 100_000 else { throw ValidationError("--units must be between 1 and 100000") }
        guard problems >= 0, problems <= 50_000_000 else {
            throw ValidationError("--problems must be between 0 and 50000000")
        }
    }

    func run() async throws {
        let database = try await store.open(logger: quietLogger("taizhang.db"))
        let started = Date()
        let result = try await DemoData.fillIfEmpty(
            store: database, files: BlobStore(dataDirectory: store.data), clock: SystemClock(),
            options: DemoOptions(units: units, problems: problems, seed: seed),
            hashPassword: { AccountCases.hash(password: $0) },
            progress: { [bar = ProgressBar(label: "problems")] done, total in bar.show(done, of: total) })
        guard result.created else {
            try await database.close()
            throw ValidationError("the database already has data; demo fills only an empty one")
        }
        print(
            String(
                format: "made %d units and %d problems in %.1f s", result.units, result.problems,
                Date().timeIntervalSince(started)))
        print("users: \(DemoResult.users.map(\.login).joined(separator: ", ")) (password \(DemoResult.password))")
        if let token = result.token { print("API token (office): \(token)") }
        try await database.close()
    }
}
