import ArgumentParser
import Foundation
import Logging
import TaizhangDomain
import TaizhangStorage

/// Where the data lives; every subcommand that touches the database takes these.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: "Data directory (SQLite file and evidence). Env: TAIZHANG_DATA.")
    var data: String = ProcessInfo.processInfo.environment["TAIZHANG_DATA"] ?? "./taizhang-data"

    @Option(
        name: .customLong("database"),
        help:
            "Database URL: postgres://user:password@host:port/db, or empty for SQLite in the data directory. Env: TAIZHANG_DATABASE."
    )
    var databaseOption: String?

    /// The URL given, else the environment's; nil means SQLite.
    var database: String? { databaseOption ?? ProcessInfo.processInfo.environment["TAIZHANG_DATABASE"] }

    /// Opens the store and brings its schema up to date.
    func open(logger: Logger) async throws -> any SQLStore {
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
        let store = try await StoreFactory.open(database: database, dataDirectory: data, logger: logger)
        try await Migrator.migrate(store)
        return store
    }
}

func quietLogger(_ label: String) -> Logger {
    var logger = Logger(label: label)
    logger.logLevel = .warning
    return logger
}
