import ArgumentParser
import Foundation
import Hummingbird
import Logging
import TaizhangApp
import TaizhangDomain
import TaizhangStorage
import TaizhangWeb

/// `taizhang serve`: migrates, optionally fills demo data, and serves the pages and the API.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Start the server (default 127.0.0.1:8080, SQLite in ./taizhang-data).")

    @Option(help: "Address to listen on. Env: TAIZHANG_HOST.")
    var host: String = ProcessInfo.processInfo.environment["TAIZHANG_HOST"] ?? "127.0.0.1"

    @Option(help: "Port to listen on. Env: TAIZHANG_PORT.")
    var port: Int = Int(ProcessInfo.processInfo.environment["TAIZHANG_PORT"] ?? "") ?? 8080

    @OptionGroup var store: StoreOptions

    @Flag(help: "Fill an empty database with the demo data set and print how to sign in.")
    var demo = false

    @Flag(
        help: ArgumentHelp(
            "Mark the session cookie Secure (when a proxy in front serves the pages over HTTPS). Env: TAIZHANG_SECURE_COOKIES=1."
        ))
    var secureCookies = ProcessInfo.processInfo.environment["TAIZHANG_SECURE_COOKIES"] == "1"

    func run() async throws {
        var logger = Logger(label: "taizhang")
        logger.logLevel = .info
        let database = try await store.open(logger: quietLogger("taizhang.db"))
        let services = Services(store: database, dataDirectory: store.data)
        let leftovers = services.files.removeLeftovers()
        if leftovers > 0 { logger.info("removed \(leftovers) temporary file(s) left by an interrupted upload") }
        if demo {
            let result = try await DemoData.fillIfEmpty(
                store: database, files: services.files, clock: services.clock, options: .standard,
                hashPassword: { AccountCases.hash(password: $0) }, progress: nil)
            var banner = result.banner(host: host, port: port)
            if !result.created, let office = try await services.users.user(login: "office") {
                // Started again on its own demo data: a fresh token, so the printed command works.
                let token = try await services.users.createToken(userID: office.id, name: "demo")
                banner = DemoResult(created: true, units: 0, problems: 0, token: token).signIn(host: host, port: port)
            }
            // Written unbuffered: the banner must show before the server runs, also into a file or pipe.
            FileHandle.standardOutput.write(Data((banner + "\n").utf8))
        }
        let app = buildApplication(
            services, configuration: .init(host: host, port: port, secureCookies: secureCookies), logger: logger)
        try await app.runService()
        try await database.close()
    }
}

/// `taizhang migrate`: applies pending schema migrations and exits.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate", abstract: "Apply pending database migrations (serve does this at start-up too).")

    @OptionGroup var store: StoreOptions

    func run() async throws {
        let database = try await StoreFactory.open(
            database: store.database, dataDirectory: store.data, logger: quietLogger("taizhang.db"))
        let applied = try await Migrator.migrate(database)
        print(
            applied.isEmpty
                ? "schema is up to date" : "applied migrations: \(applied.map(String.init).joined(separator: ", "))")
        try await database.close()
    }
}
