import ArgumentParser
import Foundation
import TaizhangApp
import TaizhangDomain
import TaizhangStorage

/// `taizhang user add|disable|enable`: creates a user with a password; offboards one.
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Manage users.", subcommands: [Add.self, Disable.self, Enable.self])

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "disable",
            abstract: "Disable a user: their tokens and sign-in are refused at once on every server (audited).")
        @Argument(help: "Login name.") var login: String
        @OptionGroup var store: StoreOptions
        func run() async throws { try await setDisabled(true, login: login, store: store) }
    }

    struct Enable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "enable", abstract: "Let a disabled user sign in again.")
        @Argument(help: "Login name.") var login: String
        @OptionGroup var store: StoreOptions
        func run() async throws { try await setDisabled(false, login: login, store: store) }
    }

    static func setDisabled(_ disabled: Bool, login: String, store: StoreOptions) async throws {
        try await withAccounts(store) { accounts in
            let user = try await accounts.user(login: login)
            try await accounts.setDisabled(disabled, userID: user.id, by: nil)
            print("\(login) \(disabled ? "disabled" : "enabled")")
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add", abstract: "Add a user: taizhang user add LOGIN --name 姓名 --password …")

        @Argument(help: "Login name.") var login: String
        @Option(help: "Display name (姓名).") var name: String?
        @Option(help: "Password (or env TAIZHANG_PASSWORD).") var password: String?
        @OptionGroup var store: StoreOptions

        func run() async throws {
            guard let password = password ?? ProcessInfo.processInfo.environment["TAIZHANG_PASSWORD"] else {
                throw ValidationError("a password of at least 8 characters is required (--password)")
            }
            try await withAccounts(store) { accounts in
                let user = try await accounts.addUser(login: login, displayName: name ?? login, password: password)
                print("user \(user.login) added with id \(user.id)")
            }
        }
    }
}

/// `taizhang grant`: gives a user a role for a unit and everything below it.
struct GrantCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grant",
        abstract: "Grant a role for a unit and its subtree: taizhang grant LOGIN ROLE UNIT_ID",
        discussion: "Roles: \(Role.allCases.map { "\($0.rawValue) (\($0.chinese))" }.joined(separator: ", ")).")

    @Argument(help: "Login name.") var login: String
    @Argument(help: "Role.") var role: String
    @Argument(help: "Unit id.") var unit: Int64
    @Flag(help: "Take the role away instead (refused at once on every server, audited).") var remove = false
    @OptionGroup var store: StoreOptions

    func run() async throws {
        guard let role = Role(rawValue: role) else {
            throw ValidationError(
                "unknown role \(role); one of \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        try await withAccounts(store) { accounts in
            let user = try await accounts.user(login: login)
            if remove {
                try await accounts.removeGrant(role, at: unit, from: user.id, by: nil)
                print("removed \(role.rawValue) on unit \(unit) from \(login)")
            } else {
                try await accounts.grant(role, at: unit, to: user.id, by: nil)
                print("granted \(role.rawValue) on unit \(unit) to \(login)")
            }
        }
    }
}

/// `taizhang token create`: prints a new API token for a user.
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token", abstract: "Manage API tokens.", subcommands: [Create.self, Revoke.self])

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "revoke",
            abstract: "Revoke a user's tokens (all, or one by --id): refused at once on every server (audited).")
        @Option(help: "Login name.") var login: String
        @Option(help: "Only the token with this id (GET /api/v1/tokens lists them).") var id: Int64?
        @OptionGroup var store: StoreOptions

        func run() async throws {
            try await withAccounts(store) { accounts in
                let user = try await accounts.user(login: login)
                let count = try await accounts.revokeTokens(of: user.id, tokenID: id, by: nil)
                print("revoked \(count) token(s) of \(login)")
            }
        }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create", abstract: "Create an API token for a user; the token is printed once.")

        @Option(help: "Login name.") var login: String
        @Option(help: "What the token is for.") var name: String = "cli"
        @OptionGroup var store: StoreOptions

        func run() async throws {
            try await withAccounts(store) { accounts in
                let user = try await accounts.user(login: login)
                print(try await accounts.createToken(for: user.id, name: name))
            }
        }
    }
}

/// Opens the store, runs `body` with the account use cases (as the system: no principal), and
/// closes the store whatever happens.
func withAccounts(_ store: StoreOptions, _ body: (AccountCases) async throws -> Void) async throws {
    let database = try await store.open(logger: quietLogger("taizhang.db"))
    do {
        try await body(Services(store: database, dataDirectory: store.data).accountCases)
    } catch {
        try? await database.close()
        throw error
    }
    try await database.close()
}
