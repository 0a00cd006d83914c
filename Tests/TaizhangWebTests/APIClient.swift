import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import TaizhangApp
import TaizhangDomain
import TaizhangWeb
import TestSupport

/// Runs `body` against the real router on a fresh SQLite ledger, through Hummingbird's router tester.
func withAPI(
    on database: TestDatabase = .sqlite,
    _ body: @escaping @Sendable (Ledger, any TestClientProtocol) async throws -> Void
) async throws {
    try await withLedger(on: database) { ledger in
        let app = Application(router: buildRouter(ledger.services))
        try await app.test(.router) { client in try await body(ledger, client) }
    }
}

/// A response read as JSON.
struct Reply: Sendable {
    let status: Int
    let contentType: String
    let json: [String: any Sendable]
    let raw: ByteBuffer
    let headers: HTTPFields

    /// The whole body as parsed JSON (objects and arrays intact).
    var body: Any? { try? JSONSerialization.jsonObject(with: Data(buffer: raw)) }

    subscript(key: String) -> Any? { json[key] }
}

extension TestClientProtocol {
    /// Sends a request as `login` (nil = no token) with a JSON or raw body.
    func call(
        _ method: HTTPRequest.Method, _ uri: String, as login: String?, in ledger: Ledger, json: Any? = nil,
        raw: [UInt8]? = nil, contentType: String? = nil, bearer: String? = nil
    ) async throws -> Reply {
        var headers = HTTPFields()
        if let bearer {
            headers[.authorization] = "Bearer \(bearer)"
        } else if let login {
            guard let token = ledger.tokens[login] else {
                throw UnknownLogin(login: login, known: ledger.tokens.keys.sorted())
            }
            headers[.authorization] = "Bearer \(token)"
        }
        var body: ByteBuffer?
        if let json {
            body = ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: json))
            headers[.contentType] = "application/json"
        }
        if let raw { body = ByteBuffer(bytes: raw) }
        if let contentType { headers[.contentType] = contentType }
        return try await execute(uri: uri, method: method, headers: headers, body: body) { response in
            let data = Data(buffer: response.body)
            let responseHeaders = response.headers
            let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
            return Reply(
                status: Int(response.status.code), contentType: response.headers[.contentType] ?? "",
                json: object.mapValues { "\($0)" as any Sendable }.merging(Self.typed(object)) { $1 },
                raw: response.body,
                headers: responseHeaders)
        }
    }

    private static func typed(_ object: [String: Any]) -> [String: any Sendable] {
        object.compactMapValues { value -> (any Sendable)? in
            switch value {
            case let n as NSNumber: return n.intValue
            case let s as String: return s
            default: return nil
            }
        }
    }
}

/// A test asked for a person the test ledger does not have.
struct UnknownLogin: Error {
    let login: String
    let known: [String]
}

extension Ledger {
    /// A new person holding `role` at `unit`, with a token to call the API with.
    func person(_ login: String, _ role: Role, at unit: OrgUnit) async throws -> (user: Int64, token: String) {
        let user = try await services.users.add(login: login, displayName: login, passwordHash: "x")
        try await services.users.grant(userID: user.id, role: role, unitID: unit.id)
        return (user.id, try await services.users.createToken(userID: user.id, name: "test"))
    }
}
