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
        let data = Data(buffer: buffer)
        if let strict = T.self as? any KnownFields.Type { try refuseUnknownFields(data, allowed: strict) }
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch let error as DecodingError {
            throw locate(describe(error), in: data, as: T.self)
        } catch let error as DomainError {
            throw error
        }
    }

    /// Refuses a field the route does not take, rather than ignoring it: a client that sends
    /// `state` or `titel` must learn that nothing happened to it.
    static func refuseUnknownFields(_ data: Data, allowed: any KnownFields.Type) throws {
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else { return }
        for key in object.keys.sorted() where !allowed.fields.contains(key) {
            if let hint = allowed.readOnly[key] {
                throw DomainError.invalid(
                    key, zh: "字段 \(key) 不能在这里修改：\(hint.zh)", en: "\(key) cannot be changed here: \(hint.en)",
                    code: "read_only_field")
            }
            throw DomainError.invalid(
                key, zh: "不认识的字段 \(key)（可用字段：\(allowed.fields.sorted().joined(separator: "、"))）",
                en: "unknown field \(key) (fields: \(allowed.fields.sorted().joined(separator: ", ")))",
                code: "unknown_field")
        }
    }

    /// Foundation reports a number that does not fit its field (`1.5` or `1e23` for an integer) as
    /// invalid JSON with no path. When the body is valid JSON, find the field by setting each
    /// suspicious number to 0 in turn until the body decodes past it.
    static func locate<T: Decodable>(_ error: DomainError, in data: Data, as type: T.Type) -> DomainError {
        guard error.code == "malformed_json", let root = try? JSONSerialization.jsonObject(with: data) else {
            return error
        }
        func numbers(_ value: Any, _ path: [Any]) -> [[Any]] {
            switch value {
            case let object as [String: Any]: return object.keys.sorted().flatMap { numbers(object[$0]!, path + [$0]) }
            case let array as [Any]: return array.indices.flatMap { numbers(array[$0], path + [$0]) }
            case let n as NSNumber where n.doubleValue != n.doubleValue.rounded() || abs(n.doubleValue) >= 9.2e18:
                return [path]
            default: return []
            }
        }
        func replacing(_ value: Any, at path: ArraySlice<Any>) -> Any {
            guard let head = path.first else { return 0 }
            if var object = value as? [String: Any], let key = head as? String, let inner = object[key] {
                object[key] = replacing(inner, at: path.dropFirst())
                return object
            }
            if var array = value as? [Any], let index = head as? Int {
                array[index] = replacing(array[index], at: path.dropFirst())
                return array
            }
            return value
        }
        for path in numbers(root, []) {
            guard let patched = try? JSONSerialization.data(withJSONObject: replacing(root, at: path[...])) else {
                continue
            }
            let field = path.map { ($0 as? Int).map { "[\($0)]" } ?? ".\($0)" }.joined().trimmingCharacters(
                in: CharacterSet(charactersIn: "."))
            do { _ = try JSONDecoder().decode(T.self, from: patched) } catch let DecodingError.dataCorrupted(context)
                where context.codingPath.isEmpty
            { continue } catch {}
            return DomainError(
                .invalid, code: "wrong_type", field: field, zh: "字段 \(field) 的数值超出范围或不是整数",
                en: "\(field) must be a whole number in range")
        }
        return error
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
            return DomainError(
                .invalid, code: "malformed_json", field: "body", zh: "请求体无法解析", en: "the request body cannot be read")
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
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        if let writable = value as? any JSONWritable {
            var json = JSONWriter()
            try writable.write(to: &json)
            return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: json.bytes)))
        }
        let data = try encoder.encode(value)
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// Reading path and query parameters, refusing bad ones with the parameter's name.
extension AppContext {
    func id(_ name: String = "id") throws -> Int64 {
        guard let text = parameters.get(name), let value = Int64(text), value > 0 else {
            throw DomainError.invalid(
                name, zh: "路径参数 \(name) 必须是正整数", en: "path parameter \(name) must be a positive integer")
        }
        return value
    }
}

/// A request body that names every field it takes; anything else is refused with 400.
protocol KnownFields {
    static var fields: Set<String> { get }
    /// Fields a client may believe it can set here, with where they really change.
    static var readOnly: [String: (zh: String, en: String)] { get }
}

extension KnownFields {
    static var readOnly: [String: (zh: String, en: String)] { [:] }
}
