/// Decodes HTML character references: the named ones news pages use, and numeric ones.
enum Entities {
    private static let named: [String: String] = [
        "nbsp": " ", "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "ldquo": "\u{201C}",
        "rdquo": "\u{201D}", "lsquo": "\u{2018}", "rsquo": "\u{2019}", "mdash": "\u{2014}", "ndash": "\u{2013}",
        "hellip": "\u{2026}", "middot": "\u{00B7}", "emsp": "\u{3000}", "ensp": " ", "thinsp": " ",
        "times": "\u{00D7}", "copy": "\u{00A9}", "reg": "\u{00AE}", "deg": "\u{00B0}", "bull": "\u{2022}",
        "laquo": "\u{00AB}", "raquo": "\u{00BB}", "zwj": "", "zwnj": "", "shy": "",
    ]

    /// The decoded scalars and the length of the reference at `i`, when one starts there.
    static func decode(_ s: Scalars, at i: Int) -> (Scalars, Int)? {
        var j = i + 1
        let limit = min(s.count, i + 12)
        while j < limit && s[j] != ";" && (s[j].isASCIILetter || s[j].isASCIIDigit || s[j] == "#") { j += 1 }
        guard j < limit, s[j] == ";", j > i + 1 else { return nil }
        let name = s.string(i + 1..<j)
        if name.hasPrefix("#") {
            let digits = name.dropFirst()
            let code: UInt32?
            if digits.hasPrefix("x") || digits.hasPrefix("X") {
                code = UInt32(digits.dropFirst(), radix: 16)
            } else {
                code = UInt32(digits)
            }
            guard let v = code, let u = Unicode.Scalar(v) else { return nil }
            return (v == 0xA0 ? [" "] : [u], j - i + 1)
        }
        guard let text = named[name] ?? named[name.lowercased()] else { return nil }
        return (scalarArray(text), j - i + 1)
    }
}
