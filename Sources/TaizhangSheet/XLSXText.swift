/// Text and numbers as the .xlsx writer puts them in XML, built straight into bytes.
enum XLSXText {
    /// Bytes that need a look in cell text: controls other than tab and LF (CR included: an XML
    /// reader would turn a literal CR LF into LF), & < > (">" for "]]>"), "_" (for Excel's own
    /// `_xHHHH_` escapes) and 0xBF (the middle byte of U+FFFE and U+FFFF, EF BF BE and EF BF BF,
    /// which XML 1.0 forbids; not their first, EF, which fullwidth punctuation shares).
    private static let special: [Bool] = (0..<256).map { b in
        (b < 0x20 && b != 0x09 && b != 0x0A) || b == 0x26 || b == 0x3C || b == 0x3E || b == 0x5F || b == 0xBF
    }

    /// Appends the rest of an inline-string cell after its style: the type, the text escaped
    /// (see `appendCellText`) and the closing tags. Text with whitespace at either end is marked
    /// `xml:space="preserve"`, which Excel otherwise trims.
    static func appendInlineString(_ s: String, to out: inout [UInt8]) {
        // Native strings hand their UTF-8 over without a copy; bridged ones are copied once.
        if s.utf8.withContiguousStorageIfAvailable({ appendInlineString($0, to: &out) }) != nil { return }
        let bytes = Array(s.utf8)
        bytes.withUnsafeBufferPointer { appendInlineString($0, to: &out) }
    }

    private static func appendInlineString(_ p: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        if let first = p.first, let last = p.last, isSpace(first) || isSpace(last) {
            append("\" t=\"inlineStr\"><is><t xml:space=\"preserve\">", to: &out)
        } else {
            append("\" t=\"inlineStr\"><is><t>", to: &out)
        }
        appendCellText(p, to: &out)
        append("</t></is></c>", to: &out)
    }

    private static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }

    /// Appends text escaped for XML element content. Characters XML 1.0 cannot hold even as
    /// references (controls other than tab, LF, CR; U+FFFE, U+FFFF) become Excel's `_xHHHH_`
    /// escapes, and an underscore that starts text looking like one becomes `_x005F_`, so Excel,
    /// WPS, LibreOffice and our reader read back exactly what was written. (openpyxl decodes no
    /// `_xHHHH_`: it shows those two kinds of text escaped.)
    static func appendCellText(_ s: String, to out: inout [UInt8]) {
        if s.utf8.withContiguousStorageIfAvailable({ appendCellText($0, to: &out) }) != nil { return }
        let bytes = Array(s.utf8)
        bytes.withUnsafeBufferPointer { appendCellText($0, to: &out) }
    }

    static func appendCellText(_ p: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        special.withUnsafeBufferPointer { table in
            let n = p.count
            var start = 0
            var i = 0
            while i < n {
                // Sixteen bytes at a time while none of them can need a look (most text).
                if i + 17 <= n, let base = p.baseAddress, !mayNeedLook(UnsafeRawPointer(base + i)) {
                    i += 16
                    continue
                }
                let b = p[i]
                if !table[Int(b)] {
                    i += 1
                    continue
                }
                var skip = 1
                switch b {
                case 0x26: flushRun(p, start, i, &out, "&amp;")
                case 0x3C: flushRun(p, start, i, &out, "&lt;")
                case 0x3E: flushRun(p, start, i, &out, "&gt;")
                // A reference, not Excel's _x000D_: XML keeps it as CR, and openpyxl, which
                // decodes no _xHHHH_, reads it back too.
                case 0x0D: flushRun(p, start, i, &out, "&#13;")
                case 0x5F:
                    guard looksLikeEscape(p, i) else {
                        i += 1
                        continue
                    }
                    flushRun(p, start, i, &out, "_x005F_")
                case 0xBF:
                    // The EF before is still in the run: no byte of it needed a look.
                    guard i >= 1, p[i - 1] == 0xEF, i + 1 < n, p[i + 1] | 1 == 0xBF else {
                        i += 1
                        continue
                    }
                    flushRun(p, start, i - 1, &out, p[i + 1] == 0xBE ? "_xFFFE_" : "_xFFFF_")
                    skip = 2
                default:
                    flushRun(p, start, i, &out, "_x00")
                    out.append(hexDigit(b >> 4))
                    out.append(hexDigit(b & 0xF))
                    out.append(0x5F)
                }
                i += skip
                start = i
            }
            if start < n { out.append(contentsOf: UnsafeBufferPointer(rebasing: p[start..<n])) }
        }
    }

    /// Whether one of the 16 bytes at `p` is below 0x20 or one of & < > _, or a BF followed by
    /// BE or BF (false positives allowed: the bytes are then looked at one by one). Reads 17 bytes.
    @inline(__always)
    private static func mayNeedLook(_ p: UnsafeRawPointer) -> Bool {
        let v = p.loadUnaligned(as: SIMD16<UInt8>.self)
        let next = (p + 1).loadUnaligned(as: SIMD16<UInt8>.self)
        let control: SIMDMask<SIMD16<Int8>> = v .< SIMD16<UInt8>(repeating: 0x20)
        let ampersand: SIMDMask<SIMD16<Int8>> = v .== SIMD16<UInt8>(repeating: 0x26)
        let less: SIMDMask<SIMD16<Int8>> = v .== SIMD16<UInt8>(repeating: 0x3C)
        let greater: SIMDMask<SIMD16<Int8>> = v .== SIMD16<UInt8>(repeating: 0x3E)
        let underscore: SIMDMask<SIMD16<Int8>> = v .== SIMD16<UInt8>(repeating: 0x5F)
        let middle: SIMDMask<SIMD16<Int8>> = v .== SIMD16<UInt8>(repeating: 0xBF)
        let last: SIMDMask<SIMD16<Int8>> = (next | SIMD16<UInt8>(repeating: 1)) .== SIMD16<UInt8>(repeating: 0xBF)
        let markup = ampersand .| less .| greater .| underscore
        // The mask as two words: any() goes through a generic minimum, several times slower.
        let words = unsafeBitCast(control .| markup .| (middle .& last), to: (UInt64, UInt64).self)
        return words.0 | words.1 != 0
    }

    private static func flushRun(
        _ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, _ out: inout [UInt8], _ replacement: StaticString
    ) {
        if start < end { out.append(contentsOf: UnsafeBufferPointer(rebasing: p[start..<end])) }
        out.append(contentsOf: UnsafeBufferPointer(start: replacement.utf8Start, count: replacement.utf8CodeUnitCount))
    }

    /// `_xHHHH_` at `i` (either case of x and of the hex digits: readers differ, so escape them all).
    private static func looksLikeEscape(_ p: UnsafeBufferPointer<UInt8>, _ i: Int) -> Bool {
        guard i + 6 < p.count, p[i + 1] | 0x20 == 0x78, p[i + 6] == 0x5F else { return false }
        for k in (i + 2)...(i + 5) where !isHex(p[k]) { return false }
        return true
    }

    private static func isHex(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b | 0x20 >= 0x61 && b | 0x20 <= 0x66)
    }

    private static func hexDigit(_ v: UInt8) -> UInt8 { v < 10 ? 0x30 + v : 0x41 + v - 10 }

    /// Text for an attribute value: & < > " escaped, tab and line ends as character references
    /// (an attribute's own would turn into spaces), other characters XML 1.0 cannot hold dropped
    /// (no escape exists there).
    static func attribute(_ s: String) -> String { escaped(s, attribute: true) }

    /// Text for the content of a formula or defined name: & < > escaped, quotes as they are.
    static func content(_ s: String) -> String { escaped(s, attribute: false) }

    private static func escaped(_ s: String, attribute: Bool) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for scalar in s.unicodeScalars {
            switch scalar.value {
            case 0x26: out += "&amp;"
            case 0x3C: out += "&lt;"
            case 0x3E: out += "&gt;"
            case 0x22 where attribute: out += "&quot;"
            case 0x09 where attribute: out += "&#9;"
            case 0x0A where attribute: out += "&#10;"
            case 0x0D: out += "&#13;"
            case 0x09, 0x0A: out.unicodeScalars.append(scalar)
            case 0..<0x20, 0xFFFE, 0xFFFF: continue
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A whole number as digits; others in Swift's shortest form that reads back the same
    /// (`1e-05`, `0.1`), which XML Schema's double, Excel and LibreOffice all accept.
    static func appendNumber(_ v: Double, to out: inout [UInt8]) {
        // No rounding functions: they live in libm, which this module does not link.
        if abs(v) < 1e15 && Double(Int(v)) == v {
            appendInt(Int(v), to: &out)
        } else {
            out.append(contentsOf: v.description.utf8)
        }
    }

    static func appendInt(_ v: Int, to out: inout [UInt8]) {
        if v < 0 { out.append(0x2D) }
        var n = v.magnitude
        if n < 10 {
            out.append(0x30 + UInt8(n))
            return
        }
        // Digits made backwards on the stack, then appended at once.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var i = 20
            while n > 0 {
                i -= 1
                digits[i] = 0x30 + UInt8(n % 10)
                n /= 10
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: digits[i..<20]))
        }
    }

    /// Column letters for a 0-based index (0 → A, 26 → AA, 16383 → XFD), made in place: a
    /// table of them would cost a retain and a release per cell.
    static func appendColumn(_ index: Int, to out: inout [UInt8]) {
        if index < 26 {
            out.append(0x41 + UInt8(truncatingIfNeeded: index))
        } else if index < 702 {
            let n = index - 26
            out.append(0x41 + UInt8(truncatingIfNeeded: n / 26))
            out.append(0x41 + UInt8(truncatingIfNeeded: n % 26))
        } else {
            let n = index - 702
            out.append(0x41 + UInt8(truncatingIfNeeded: n / 676))
            out.append(0x41 + UInt8(truncatingIfNeeded: n / 26 % 26))
            out.append(0x41 + UInt8(truncatingIfNeeded: n % 26))
        }
    }

    static func append(_ s: StaticString, to out: inout [UInt8]) {
        out.append(contentsOf: UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
    }
}
