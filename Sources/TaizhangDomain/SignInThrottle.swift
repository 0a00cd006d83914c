import Foundation

/// Slows down password guessing: after `perLogin` failures for one login, or `perAddress` from one
/// address, within `window`, sign-in is refused (whatever the password) until the oldest of
/// those failures leaves the window. Pure: the caller keeps it and gives it the time.
public struct SignInThrottle: Sendable {
    public static let window: TimeInterval = 15 * 60
    public static let perLogin = 5
    public static let perAddress = 20
    static let maxKeys = 100_000

    private var failures: [String: [Date]] = [:]

    public init() {}

    static func keys(login: String, address: String?) -> [(key: String, limit: Int)] {
        [("login:" + login.lowercased(), perLogin)] + (address.map { [("address:" + $0, perAddress)] } ?? [])
    }

    /// Refuses with 429 and how long to wait when the login or the address is locked.
    public func check(login: String, address: String?, now: Date) throws(DomainError) {
        for (key, limit) in Self.keys(login: login, address: address) {
            let recent = (failures[key] ?? []).filter { now.timeIntervalSince($0) < Self.window }
            guard recent.count >= limit, let oldest = recent.first else { continue }
            let wait = max(1, Int((Self.window - now.timeIntervalSince(oldest)).rounded(.up)))
            let minutes = (wait + 59) / 60
            throw DomainError(
                .tooManyRequests, code: "too_many_attempts", field: key.hasPrefix("login:") ? "login" : nil,
                zh: "登录失败次数过多，请 \(minutes) 分钟后再试；如忘记密码，请联系管理员",
                en: "too many failed sign-ins; try again in \(minutes) minute(s)", retryAfter: wait)
        }
    }

    public mutating func recordFailure(login: String, address: String?, now: Date) {
        if failures.count >= Self.maxKeys { failures.removeAll(keepingCapacity: true) }
        for (key, limit) in Self.keys(login: login, address: address) {
            var recent = (failures[key] ?? []).filter { now.timeIntervalSince($0) < Self.window }
            recent.append(now)
            failures[key] = Array(recent.suffix(limit))
        }
    }

    /// A correct password clears the login's failures (not the address's: one right guess does
    /// not open the door to guessing other logins).
    public mutating func recordSuccess(login: String) {
        failures["login:" + login.lowercased()] = nil
    }
}
