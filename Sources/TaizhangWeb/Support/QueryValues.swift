import Foundation
import Hummingbird
import TaizhangDomain

/// A request's query parameters, read as sent: the query string is taken from the URI once, and
/// each parameter asked for is found by one scan of it, decoded only then. A list reads a dozen
/// parameters; taken from the URI and split into pairs for each of them, they were a twentieth of
/// a list request's CPU (profiled, scenario (a)).
struct QueryValues {
    let query: String

    init(_ request: Request) { query = request.uri.query ?? "" }

    /// The values of parameter `name` as sent (still encoded), in order.
    func raw(_ name: String) -> [Substring] {
        var values: [Substring] = []
        var start = query.startIndex
        while start < query.endIndex {
            let end = query[start...].firstIndex(of: "&") ?? query.endIndex
            let pair = query[start..<end]
            if pair.hasPrefix(name) {
                let rest = pair.dropFirst(name.count)
                if rest.isEmpty {
                    values.append(rest)
                } else if rest.first == "=" {
                    values.append(rest.dropFirst())
                }
            }
            start = end < query.endIndex ? query.index(after: end) : end
        }
        return values
    }

    /// A value decoded as browsers encode it: `+` is a space (HTML forms send it so), `%2B` a plus.
    /// nil when its percent-encoding is not UTF-8.
    static func decodeQueryValue(_ raw: Substring) -> String? {
        if !raw.contains("%") && !raw.contains("+") { return String(raw) }
        return raw.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }

    static func invalidEncoding(_ name: String) -> DomainError {
        DomainError.invalid(
            name, zh: "查询参数 \(name) 不是有效的 UTF-8 文本", en: "query parameter \(name) is not valid UTF-8 text",
            code: "invalid_encoding")
    }

    /// A parameter's text; one whose percent-encoding is not UTF-8 is refused with a 400 naming it
    /// (rather than searched for as the literal `%FF`).
    func string(_ name: String) throws -> String? {
        guard let raw = raw(name).first(where: { !$0.isEmpty }) else { return nil }
        guard let value = Self.decodeQueryValue(raw) else {
            throw Self.invalidEncoding(name)
        }
        return value.isEmpty ? nil : value
    }

    /// `limit`: one rule for every list, 1 to `max`, refused (not clamped) outside it.
    func limit(default fallback: Int, max: Int = 200) throws -> Int {
        guard let limit = try int("limit") else { return fallback }
        guard (1...Int64(max)).contains(limit) else {
            throw DomainError.invalid("limit", zh: "每页条数须在 1 到 \(max) 之间", en: "limit must be between 1 and \(max)")
        }
        return Int(limit)
    }

    func int(_ name: String) throws -> Int64? {
        guard let text = try string(name) else { return nil }
        guard let value = Int64(text) else {
            throw DomainError.invalid(name, zh: "查询参数 \(name) 必须是整数", en: "query parameter \(name) must be an integer")
        }
        return value
    }

    func date(_ name: String) throws -> LocalDate? {
        guard let text = try string(name) else { return nil }
        guard let value = LocalDate(text) else {
            throw DomainError.invalid(
                name, zh: "查询参数 \(name) 必须是日期 YYYY-MM-DD", en: "query parameter \(name) must be a date YYYY-MM-DD")
        }
        return value
    }

    func bool(_ name: String) throws -> Bool? {
        switch try string(name) {
        case nil: return nil
        case "true", "1": return true
        case "false", "0": return false
        default:
            throw DomainError.invalid(
                name, zh: "查询参数 \(name) 必须是 true 或 false", en: "query parameter \(name) must be true or false")
        }
    }

    /// Comma-separated or repeated values of an enumerated parameter.
    func enums<E: RawRepresentable>(_ name: String, as: E.Type) throws -> [E] where E.RawValue == String {
        let raw = try raw(name).flatMap { encoded -> [String] in
            guard let value = Self.decodeQueryValue(encoded) else {
                throw Self.invalidEncoding(name)
            }
            return value.split(separator: ",").map(String.init)
        }
        return try raw.map { value in
            guard let e = E(rawValue: value) else {
                throw DomainError.invalid(
                    name, zh: "查询参数 \(name) 的值 \(value) 无效", en: "\(value) is not a valid \(name)")
            }
            return e
        }
    }
}

/// One parameter at a time, for handlers that read one or two.
extension Request {
    func query(_ name: String) throws -> String? { try QueryValues(self).string(name) }
    func queryLimit(default fallback: Int, max: Int = 200) throws -> Int {
        try QueryValues(self).limit(default: fallback, max: max)
    }
    func queryInt(_ name: String) throws -> Int64? { try QueryValues(self).int(name) }
    func queryDate(_ name: String) throws -> LocalDate? { try QueryValues(self).date(name) }
    func queryBool(_ name: String) throws -> Bool? { try QueryValues(self).bool(name) }
    func queryEnums<E: RawRepresentable>(_ name: String, as type: E.Type) throws -> [E] where E.RawValue == String {
        try QueryValues(self).enums(name, as: type)
    }
}
