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
        let terminal = isatty(STDERR_FILENO) != 0
        let result = try await DemoData.fillIfEmpty(
            store: database, files: BlobStore(dataDirectory: store.data), clock: SystemClock(),
            options: DemoOptions(units: units, problems: problems, seed: seed),
            hashPassword: { AccountCases.hash(password: $0) },
            progress: { done, total in
                let fraction = Double(done) / Double(max(total, 1))
                let bar = String(repeating: "█", count: Int(fraction * 30)).padding(
                    toLength: 30, withPad: "·", startingAt: 0)
                let line = String(format: "problems %@ %3.0f%% %d/%d", bar, fraction * 100, done, total)
                if terminal {
                    FileHandle.standardError.write(Data(("\r" + line + (done == total ? "\n" : "")).utf8))
                } else if done == total || done % 100_000 == 0 {
                    FileHandle.standardError.write(Data((line + "\n").utf8))
                }
            })
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
