import Foundation

/// Writes JSON straight into bytes, for the responses every liaison's screen asks for most (a page
/// of the ledger, one problem).
///
/// Why not `JSONEncoder`: profiled under load, encoding a page of 25 problems through `Encodable`
/// took 17 % of a list request's CPU (a boxed value per field, then a second pass to serialise);
/// writing the bytes directly takes a fraction of that. The output is what `JSONIO.encoder` gives
/// for the same value — same keys in the same order, absent optionals left out, `/` not escaped —
/// which `FastJSONTests` checks against the encoder on hostile text.
struct JSONWriter {
    private(set) var bytes: [UInt8] = []
    private var needsComma = false

    init(capacity: Int = 4096) { bytes.reserveCapacity(capacity) }

    mutating func beginObject() {
        separate()
        bytes.append(UInt8(ascii: "{"))
        needsComma = false
    }

    mutating func endObject() {
        bytes.append(UInt8(ascii: "}"))
        needsComma = true
    }

    mutating func beginArray(_ key: StaticString) {
        self.key(key)
        bytes.append(UInt8(ascii: "["))
        needsComma = false
    }

    mutating func endArray() {
        bytes.append(UInt8(ascii: "]"))
        needsComma = true
    }

    mutating func field(_ key: StaticString, _ value: String) {
        self.key(key)
        string(value)
    }

    mutating func field(_ key: StaticString, _ value: String?) {
        if let value { field(key, value) }
    }

    mutating func field(_ key: StaticString, _ value: Int64) {
        self.key(key)
        bytes.append(contentsOf: String(value).utf8)
    }

    mutating func field(_ key: StaticString, _ value: Int64?) {
        if let value { field(key, value) }
    }

    mutating func field(_ key: StaticString, _ value: Int) { field(key, Int64(value)) }

    mutating func field(_ key: StaticString, _ value: Bool) {
        self.key(key)
        bytes.append(contentsOf: value ? Self.trueBytes : Self.falseBytes)
    }

    mutating func field(_ key: StaticString, _ values: [Int64]?) {
        guard let values else { return }
        beginArray(key)
        for (i, v) in values.enumerated() {
            if i > 0 { bytes.append(UInt8(ascii: ",")) }
            bytes.append(contentsOf: String(v).utf8)
        }
        endArray()
    }

    /// A value without a hand-written form, through the encoder: rare or small parts of a response.
    mutating func field<T: Encodable>(_ key: StaticString, encoded value: T) throws {
        self.key(key)
        bytes.append(contentsOf: try JSONIO.encoder.encode(value))
    }

    private static let trueBytes = Array("true".utf8)
    private static let falseBytes = Array("false".utf8)

    private mutating func separate() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
    }

    private mutating func key(_ key: StaticString) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        key.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
        needsComma = true
    }

    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    /// Escapes as `JSONEncoder` does: `"` and `\`, the short forms of \b \f \n \r \t, `\u00XX` for
    /// the other control characters; everything else (Chinese, emoji, `/`) as its UTF-8 bytes.
    private mutating func string(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { utf8 in
            var start = 0
            for (i, byte) in utf8.enumerated()
            where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<i]))
                start = i + 1
                bytes.append(UInt8(ascii: "\\"))
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes.append(byte)
                case 0x08: bytes.append(UInt8(ascii: "b"))
                case 0x0C: bytes.append(UInt8(ascii: "f"))
                case 0x0A: bytes.append(UInt8(ascii: "n"))
                case 0x0D: bytes.append(UInt8(ascii: "r"))
                case 0x09: bytes.append(UInt8(ascii: "t"))
                default:
                    bytes.append(contentsOf: [
                        UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), Self.hex[Int(byte >> 4)],
                        Self.hex[Int(byte & 0xF)],
                    ])
                }
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }
}

/// A response body that writes itself with `JSONWriter`; `JSONIO.response` prefers this form.
protocol JSONWritable: Encodable {
    func write(to json: inout JSONWriter) throws
}
