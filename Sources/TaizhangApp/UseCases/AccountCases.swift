import Foundation
import HummingbirdBcrypt
import NIOPosix
import TaizhangDomain
import TaizhangStorage

/// Signing in and out, a person's own tokens, and what an administrator (or the CLI, acting as
/// the system) does to let people in and take them off: users, grants, tokens, disabling.
/// Every change is audited and refused at once on every server process.
public struct AccountCases: Sendable {
    let services: Services

    public init(_ services: Services) {
        self.services = services
    }

    /// Who signed in, and the bearer token they were given (shown once).
    public struct SignedIn: Sendable {
        public let token: String
        public let userID: Int64
    }

    /// The same bcrypt cost for every password: sign-in work must not depend on who is asking.
    static let bcryptCost: UInt8 = 10

    /// Compared against when the login does not exist, so an unknown login costs the same bcrypt
    /// work as a wrong password and the answer's timing tells nothing.
    static let decoyHash = Bcrypt.hash("taizhang-decoy-\(UUID().uuidString)", cost: bcryptCost)

    /// A password as it is kept: a bcrypt hash at the one cost (the demo seeding uses it too).
    public static func hash(password: String) -> String {
        Bcrypt.hash(password, cost: bcryptCost)
    }

    static let refused = DomainError(
        .unauthenticated, code: "bad_credentials", zh: "登录名或密码错误", en: "wrong login or password")

    /// Signs in with a password, throttled per login and per address; gives a new token.
    public func signIn(
        login: String, password: String, from address: String?, tokenName: String = "sign-in"
    ) async throws -> SignedIn {
        try services.signIns.check(login: login, address: address, now: services.clock.now())
        let user = try await services.users.user(login: login)
        let hash = user?.passwordHash ?? Self.decoyHash
        // bcrypt is slow on purpose; keep it off the threads that serve requests.
        let matches = try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }
        guard let user, matches else {
            services.signIns.failed(login: login, address: address, now: services.clock.now())
            throw Self.refused
        }
        services.signIns.succeeded(login: login)
        if user.disabled {
            throw DomainError(
                .unauthenticated, code: "user_disabled", zh: "该账号已停用，请联系管理员", en: "this account is disabled")
        }
        let token = try await services.users.createToken(
            userID: user.id, name: tokenName, lifetime: SessionLifetime.seconds)
        return SignedIn(token: token, userID: user.id)
    }

    /// Signs out: the token the person used stops working at once.
    public func signOut(token: String, by actor: Principal) async throws {
        try await services.users.revokeTokens(of: actor.userID, token: token, by: actor)
    }

    /// A person's own tokens (names and dates; never the tokens themselves).
    public func tokens(of actor: Principal) async throws -> [UserRepository.TokenInfo] {
        try await services.users.tokens(of: actor.userID)
    }

    /// A person revokes one of their own tokens.
    public func revokeOwnToken(_ tokenID: Int64, by actor: Principal) async throws {
        try await services.users.revokeTokens(of: actor.userID, tokenID: tokenID, by: actor)
    }

    /// An administrator (nil: the CLI) revokes every token of a person, or one by id; returns how many.
    @discardableResult
    public func revokeTokens(of userID: Int64, tokenID: Int64? = nil, by actor: Principal?) async throws -> Int {
        try await services.users.revokeTokens(of: userID, tokenID: tokenID, by: actor)
    }

    /// An administrator gives a role for a unit in their scope.
    public func grant(_ role: Role, at unitID: Int64, to userID: Int64, by actor: Principal?) async throws {
        try await services.users.grant(userID: userID, role: role, unitID: unitID, by: actor)
    }

    /// An administrator takes a role away.
    public func removeGrant(_ role: Role, at unitID: Int64, from userID: Int64, by actor: Principal?) async throws {
        try await services.users.removeGrant(userID: userID, role: role, unitID: unitID, by: actor)
    }

    /// An administrator disables a person (or lets them back in).
    public func setDisabled(_ disabled: Bool, userID: Int64, by actor: Principal?) async throws {
        try await services.users.setDisabled(disabled, userID: userID, by: actor)
    }

    /// Adds a person with a password (at least 8 characters), hashed here and never kept in clear.
    public func addUser(login: String, displayName: String, password: String) async throws -> UserRepository.User {
        guard password.count >= 8 else {
            throw DomainError.invalid(
                "password", zh: "密码至少 8 个字符", en: "a password of at least 8 characters is required")
        }
        let hash = try await NIOThreadPool.singleton.runIfActive { Self.hash(password: password) }
        return try await services.users.add(login: login, displayName: displayName, passwordHash: hash)
    }

    /// Creates a token for a person (the CLI's way to give a script access); shown once.
    public func createToken(for userID: Int64, name: String) async throws -> String {
        try await services.users.createToken(userID: userID, name: name)
    }

    /// The person with this login, or a clear error naming it.
    public func user(login: String) async throws -> UserRepository.User {
        guard let user = try await services.users.user(login: login) else {
            throw DomainError(
                .notFound, code: "not_found", field: "login", zh: "没有登录名为 \(login) 的用户", en: "no user \(login)")
        }
        return user
    }
}

extension AccountCases {
    /// The person a bearer token stands for, with every grant, or nil (unknown, revoked, disabled).
    public func principal(token: String) async throws -> Principal? {
        try await services.users.principal(token: token)
    }
}

extension AccountCases {
    /// What a browser session is called among a person's tokens (so they can see and revoke it).
    public static let webSessionName = "网页登录"

    /// Signs in from the sign-in page: the same checks and throttle as the API, and a session
    /// token kept (hashed) in the database like any token, so every server process shares it and
    /// a disabled account or a revoked session stops working at once.
    public func signInToWeb(login: String, password: String, from address: String?) async throws -> SignedIn {
        try await signIn(login: login, password: password, from: address, tokenName: Self.webSessionName)
    }

    /// The value every form of a session carries against cross-site request forgery: derived from
    /// the session's secret, so it needs no storage and a page from another site cannot know it.
    public func formToken(session: String) -> String {
        UserRepository.formToken(session: session)
    }
}

extension AccountCases {
    /// The people an administrator looks after: those with a grant inside the administrator's scope.
    public func people(as actor: Principal) async throws -> [UserRepository.Person] {
        let roots = actor.grants.filter { Policy.manageUsers.contains($0.role) }.map(\.unitPath)
        guard !roots.isEmpty else {
            throw DomainError.forbidden(
                zh: "只有管理员可以管理用户", en: "only administrators manage users", code: "role_required")
        }
        return try await services.users.people(under: roots)
    }
}

extension AccountCases {
    /// An administrator gives a person an API token (for a script or a spreadsheet tool), shown
    /// once; only for people entirely inside the administrator's reach.
    public func issueToken(for userID: Int64, name: String, by actor: Principal) async throws -> String {
        guard let target = try await services.users.principal(userID: userID) else { throw DomainError.notFound(.user) }
        try Policy.requireUserAdmin(actor, over: target)
        try Limits.text(name, field: "name", max: Limits.shortText, required: true)
        return try await services.users.createToken(userID: userID, name: name)
    }
}

extension AccountCases {
    /// The live tokens (names and dates, never the tokens) of people an administrator looks after.
    public func liveTokens(of people: [UserRepository.Person], by actor: Principal) async throws -> [Int64:
        [UserRepository.TokenInfo]]
    {
        for person in people {
            try Policy.requireUserAdmin(actor, over: Principal(userID: person.id, name: "", grants: person.grants))
        }
        return try await services.users.liveTokens(of: people.map(\.id))
    }
}
