import Foundation
import Hummingbird
import NIOCore
import TaizhangDomain

/// Reading request bodies and writing JSON responses, with errors that name the field.
enum JSONIO {
    /// JSON bodies are small; anything larger is refused before parsing.
    static let maxJSONBytes = 1024 * 1024

    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.withoutEscapingSlashes]
        return e
    }()

    static func decode<T: Decodable>(_ type: T.Type, from request: Request, context: AppContext) async throws -> T {
        var request = request
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: maxJSONBytes)
        } catch {
            throw DomainError(
                .tooLarge, code: "body_too_large", field: "body", zh: "请求体超过 1 MB",
                en: "the request body is larger than 1 MB")
        }
        if buffer.readableBytes == 0 {
            throw DomainError(.invalid, code: "empty_body", field: "body", zh: "请求体为空", en: "the request body is empty")
        }
        do {
            return try JSONDecoder().decode(T.self, from: Data(buffer: buffer))
        } catch let error as DecodingError {
            throw describe(error)
        } catch let error as DomainError {
            throw error
        }
    }

    /// Turns a decoding failure into a field-level error a person can act on.
    static func describe(_ error: DecodingError) -> DomainError {
        func path(_ keys: [any CodingKey]) -> String {
            keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingCharacters(
                in: CharacterSet(charactersIn: "."))
        }
        switch error {
        case .keyNotFound(let key, let context):
            return .required(path(context.codingPath + [key]))
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            let field = path(context.codingPath)
            return DomainError(
                .invalid, code: "wrong_type", field: field.isEmpty ? "body" : field,
                zh: "字段 \(field.isEmpty ? "body" : field) 的类型不对，应为 \(typeName(type))",
                en: "\(field.isEmpty ? "body" : field) must be \(typeName(type))")
        case .dataCorrupted(let context):
            let field = path(context.codingPath)
            if field.isEmpty {
                return DomainError(
                    .invalid, code: "malformed_json", field: "body", zh: "请求体不是合法的 JSON",
                    en: "the request body is not valid JSON")
            }
            return DomainError(
                .invalid, code: "invalid_value", field: field, zh: "字段 \(field) 的值无效：\(context.debugDescription)",
                en: "\(field) is not valid: \(context.debugDescription)")
        @unknown default:
            return DomainError(.invalid, code: "malformed_json", field: "body", zh: "请求体无法解析", en: "the request body cannot be read")
        }
    }

    static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "string"
        case is Int.Type, is Int64.Type: return "integer"
        case is Double.Type: return "number"
        case is Bool.Type: return "boolean"
        default: return type is any Collection.Type ? "array" : "object"
        }
    }

    static func response<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) throws -> Response {
        let data = try encoder.encode(value)
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// Reading path and query parameters, refusing bad ones with the parameter's name.
extension AppContext {
    func id(_ name: String = "id") throws -> Int64 {
        guard let text = parameters.get(name), let value = Int64(text), value > 0 else {
            throw DomainError.invalid(name, zh: "路径参数 \(name) 必须是正整数", en: "path parameter \(name) must be a positive integer")
        }
        return value
    }
}

extension Request {
    func query(_ name: String) -> String? {
        uri.queryParameters.get(name).flatMap { $0.isEmpty ? nil : $0 }
    }

    func queryInt(_ name: String) throws -> Int64? {
        guard let text = query(name) else { return nil }
        guard let value = Int64(text) else {
            throw DomainError.invalid(name, zh: "查询参数 \(name) 必须是整数", en: "query parameter \(name) must be an integer")
        }
        return value
    }

    func queryDate(_ name: String) throws -> LocalDate? {
        guard let text = query(name) else { return nil }
        guard let value = LocalDate(text) else {
            throw DomainError.invalid(name, zh: "查询参数 \(name) 必须是日期 YYYY-MM-DD", en: "query parameter \(name) must be a date YYYY-MM-DD")
        }
        return value
    }

    func queryBool(_ name: String) throws -> Bool? {
        switch query(name) {
        case nil: return nil
        case "true", "1": return true
        case "false", "0": return false
        default:
            throw DomainError.invalid(name, zh: "查询参数 \(name) 必须是 true 或 false", en: "query parameter \(name) must be true or false")
        }
    }

    /// Comma-separated or repeated values of an enumerated parameter.
    func queryEnums<E: RawRepresentable>(_ name: String, as: E.Type) throws -> [E] where E.RawValue == String {
        let raw = uri.queryParameters.getAll(name).flatMap { $0.split(separator: ",").map(String.init) }
        return try raw.map { value in
            guard let e = E(rawValue: value) else {
                throw DomainError.invalid(name, zh: "查询参数 \(name) 的值 \(value) 无效", en: "\(value) is not a valid \(name)")
            }
            return e
        }
    }
}
