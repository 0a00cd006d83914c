import ArgumentParser

/// The `taizhang` command: server, demo data, users and tokens, migrations, report reading.
@main
struct Taizhang: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "taizhang",
        abstract: "台账 Taizhang — the rectification ledger: server and administration.",
        subcommands: [
            ServeCommand.self, DemoCommand.self, MigrateCommand.self, UserCommand.self, GrantCommand.self,
            TokenCommand.self, ReindexCommand.self, IngestCommand.self, ExportCommand.self, ImportCommand.self,
        ])
}
