import Foundation
import Hummingbird
import NIOCore
import TaizhangDomain

/// A submitted form: URL-encoded fields, or multipart fields and files. Reading it checks the
/// form token first, so no handler can act on a forged form by forgetting to.
struct Form: Sendable {
    static let tokenField = "_csrf"
    /// Forms without files are small; a file upload may be as large as evidence may be.
    static let maxFieldsBytes = 1 << 20

    struct File: Sendable {
        let name: String
        let contentType: String?
        let bytes: [UInt8]
    }

    private(set) var fields: [String: [String]] = [:]
    private(set) var files: [String: File] = [:]

    /// The first value of a field, as typed (nil when absent).
    subscript(_ name: String) -> String? { fields[name]?.first }

    /// The value trimmed, nil when blank.
    func text(_ name: String) -> String? {
        guard let value = self[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else {
            return nil
        }
        return value
    }

    func values(_ name: String) -> [String] { fields[name] ?? [] }

    /// Every field as typed, for a form shown again with an error.
    var typed: [String: String] { fields.compactMapValues(\.first) }

    /// Reads the body and refuses it (403) unless it carries this viewer's form token.
    static func read(_ request: Request, context: AppContext, viewer: Viewer, maxBytes: Int = maxFieldsBytes)
        async throws -> Form
    {
        var request = request
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: maxBytes)
        } catch {
            throw DomainError(
                .tooLarge, code: "body_too_large", field: "file",
                zh: "提交的内容超过 \(maxBytes / 1024 / 1024) MB", en: "the form is larger than \(maxBytes / 1024 / 1024) MB")
        }
        let bytes = Array(buffer: buffer)
        let type = request.headers[.contentType] ?? ""
        var form = Form()
        if type.lowercased().hasPrefix("multipart/form-data") {
            guard let boundary = Self.boundary(type) else { throw Self.malformed }
            try form.parseMultipart(bytes, boundary: boundary)
        } else {
            form.parseURLEncoded(bytes)
        }
        guard let token = form[tokenField], Self.same(token, viewer.formToken) else {
            throw DomainError(
                .forbidden, code: "form_token",
                zh: "表单已过期或来源不明，请刷新页面后重新提交", en: "the form expired or did not come from this site; reload and try again"
            )
        }
        return form
    }

    static let malformed = DomainError(.invalid, code: "malformed_form", zh: "表单格式有误", en: "the form is malformed")

    /// Compares without stopping at the first difference.
    static func same(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var diff: UInt8 = 0
        for i in x.indices { diff |= x[i] ^ y[i] }
        return diff == 0
    }

    mutating func parseURLEncoded(_ bytes: [UInt8]) {
        for pair in bytes.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let parts = pair.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            let name = Self.decodeComponent(parts[0])
            let value = parts.count > 1 ? Self.decodeComponent(parts[1]) : ""
            fields[name, default: []].append(value)
        }
    }

    /// `+` is a space; `%XX` a byte; bytes that are not UTF-8 become U+FFFD rather than an error.
    static func decodeComponent(_ bytes: ArraySlice<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = bytes.startIndex
        while i < bytes.endIndex {
            let b = bytes[i]
            if b == UInt8(ascii: "+") {
                out.append(UInt8(ascii: " "))
            } else if b == UInt8(ascii: "%"), i + 2 < bytes.endIndex, let hi = hex(bytes[i + 1]),
                let lo = hex(bytes[i + 2])
            {
                out.append(hi << 4 | lo)
                i += 2
            } else {
                out.append(b)
            }
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func hex(_ b: UInt8) -> UInt8? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return b - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return b - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return b - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    static func boundary(_ contentType: String) -> String? {
        for param in contentType.split(separator: ";").dropFirst() {
            let kv = param.split(separator: "=", maxSplits: 1)
            guard kv.count == 2, kv[0].trimmingCharacters(in: .whitespaces).lowercased() == "boundary" else { continue }
            let value = kv[1].trimmingCharacters(in: .whitespaces).trimmingCharacters(
                in: CharacterSet(charactersIn: "\""))
            return value.isEmpty || value.count > 200 ? nil : value
        }
        return nil
    }

    /// RFC 7578: parts separated by `--boundary`, each with headers, a blank line and its bytes.
    mutating func parseMultipart(_ body: [UInt8], boundary: String) throws {
        let delimiter = Array(("--" + boundary).utf8)
        let crlf: [UInt8] = [13, 10]
        guard var position = Self.find(delimiter, in: body, from: 0) else { throw Self.malformed }
        while true {
            position += delimiter.count
            // `--` after the delimiter ends the body.
            if body.count >= position + 2, body[position] == 45, body[position + 1] == 45 { return }
            guard let headersStart = Self.find(crlf, in: body, from: position).map({ $0 + 2 }),
                let headersEnd = Self.find(crlf + crlf, in: body, from: headersStart),
                let next = Self.find(crlf + delimiter, in: body, from: headersEnd + 4)
            else { throw Self.malformed }
            let headers = String(decoding: body[headersStart..<headersEnd], as: UTF8.self)
            let content = Array(body[(headersEnd + 4)..<next])
            try add(part: headers, content: content)
            position = next + 2
        }
    }

    private mutating func add(part headers: String, content: [UInt8]) throws {
        var name: String?
        var fileName: String?
        var type: String?
        for line in headers.split(separator: "\r\n") {
            let lower = line.lowercased()
            if lower.hasPrefix("content-disposition:") {
                name = Self.parameter("name", in: String(line))
                fileName = Self.parameter("filename", in: String(line))
            } else if lower.hasPrefix("content-type:") {
                type = line.dropFirst("content-type:".count).trimmingCharacters(in: .whitespaces)
            }
        }
        guard let name else { throw Self.malformed }
        if let fileName {
            // A file input left empty is sent as a part with an empty file name: no file.
            if !fileName.isEmpty { files[name] = File(name: fileName, contentType: type, bytes: content) }
        } else {
            fields[name, default: []].append(String(decoding: content, as: UTF8.self))
        }
    }

    /// `name="value"` in a Content-Disposition line; browsers escape `"` as `%22` inside it.
    static func parameter(_ key: String, in line: String) -> String? {
        let marker = " " + key + "=\""
        let alt = ";" + key + "=\""
        guard let range = line.range(of: marker) ?? line.range(of: alt) else { return nil }
        let rest = line[range.upperBound...]
        guard let end = rest.firstIndex(of: "\"") else { return nil }
        return String(rest[..<end]).replacingOccurrences(of: "%22", with: "\"")
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count, start <= haystack.count - needle.count else {
            return nil
        }
        let first = needle[0]
        var i = start
        let last = haystack.count - needle.count
        while i <= last {
            if haystack[i] == first {
                var j = 1
                while j < needle.count && haystack[i + j] == needle[j] { j += 1 }
                if j == needle.count { return i }
            }
            i += 1
        }
        return nil
    }
}
