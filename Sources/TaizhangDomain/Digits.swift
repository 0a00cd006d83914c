/// Fixed-width decimal and hex text without `String(format:)`, which goes through varargs and
/// CoreFoundation and showed up in profiles of list responses.
public enum Digits {
    /// `value` in decimal, left-padded with zeros to `width`.
    public static func padded(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }

    /// Lower-case hex of the bytes.
    public static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let table = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for b in bytes {
            out.append(table[Int(b >> 4)])
            out.append(table[Int(b & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
