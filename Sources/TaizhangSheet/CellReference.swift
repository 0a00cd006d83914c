/// Cell references (`B12`, `A1:C1`) and numbers as they are written in SpreadsheetML, parsed from
/// bytes. Counts saturate rather than overflow: a hostile `r="ZZZZZZZZZZZZZZ1"` becomes a huge column
/// that the caller refuses, never a trap.
enum CellReference {
    /// Beyond any sheet: large enough to be refused, small enough never to overflow arithmetic.
    static let saturated = 1 << 40

    /// `AB12` → column 28, row 12; `$A$1` is read as `A1`. A part that is missing is 0
    /// (`B` → column 2, row 0); nil when the text is not a reference at all.
    static func parse(_ b: UnsafeBufferPointer<UInt8>) -> (column: Int, row: Int)? {
        var i = 0
        let n = b.count
        if i < n && b[i] == 0x24 { i += 1 }
        var column = 0
        while i < n {
            let c = b[i] | 0x20  // lower case
            guard c >= 0x61 && c <= 0x7A else { break }
            column = min(saturated, column * 26 + Int(c - 0x60))
            i += 1
        }
        if i < n && b[i] == 0x24 { i += 1 }
        var row = 0
        while i < n {
            let c = b[i]
            guard c >= 0x30 && c <= 0x39 else { break }
            row = min(saturated, row * 10 + Int(c - 0x30))
            i += 1
        }
        guard i == n, column > 0 || row > 0 else { return nil }
        return (column, row)
    }

    /// `A1:C3` (or a single `B2`) as a range; nil when malformed or empty.
    static func range(_ b: UnsafeBufferPointer<UInt8>) -> CellRange? {
        var colon = 0
        while colon < b.count && b[colon] != 0x3A { colon += 1 }
        guard let first = parse(UnsafeBufferPointer(rebasing: b[0..<colon])), first.column > 0, first.row > 0 else {
            return nil
        }
        var last = first
        if colon < b.count {
            guard let second = parse(UnsafeBufferPointer(rebasing: b[(colon + 1)...])), second.column > 0,
                second.row > 0
            else { return nil }
            last = second
        }
        return CellRange(
            firstRow: min(first.row, last.row), firstColumn: min(first.column, last.column),
            lastRow: max(first.row, last.row), lastColumn: max(first.column, last.column))
    }

    /// A non-negative decimal integer (a shared string index, a style index); nil otherwise.
    static func index(_ b: UnsafeBufferPointer<UInt8>) -> Int? {
        let t = trimmed(b)
        guard !t.isEmpty, t.count <= 12 else { return nil }
        var value = 0
        for c in t {
            guard c >= 0x30 && c <= 0x39 else { return nil }
            value = value * 10 + Int(c - 0x30)
        }
        return value
    }

    /// 10^k for k in 0...22, all exact in a Double (a switch rather than a table: no lazy global).
    private static func powerOfTen(_ k: Int) -> Double {
        switch k {
        case 0: return 1
        case 1: return 1e1
        case 2: return 1e2
        case 3: return 1e3
        case 4: return 1e4
        case 5: return 1e5
        case 6: return 1e6
        case 7: return 1e7
        case 8: return 1e8
        case 9: return 1e9
        case 10: return 1e10
        case 11: return 1e11
        case 12: return 1e12
        case 13: return 1e13
        case 14: return 1e14
        case 15: return 1e15
        case 16: return 1e16
        case 17: return 1e17
        case 18: return 1e18
        case 19: return 1e19
        case 20: return 1e20
        case 21: return 1e21
        default: return 1e22
        }
    }

    /// A finite number as written in `<v>`: `42`, `-3.5`, `1.2E-3`. Short decimals are converted
    /// exactly without making a String (a mantissa below 2^53 divided by an exact power of ten is
    /// correctly rounded); anything else goes through the standard library's parser.
    static func number(_ b: UnsafeBufferPointer<UInt8>) -> Double? {
        let t = trimmed(b)
        guard !t.isEmpty else { return nil }
        var i = 0
        let negative = t[0] == 0x2D
        if negative || t[0] == 0x2B { i = 1 }
        var mantissa = 0
        var digits = 0
        var fraction = 0
        var seenPoint = false
        var simple = i < t.count
        while i < t.count {
            let c = t[i]
            if c >= 0x30 && c <= 0x39 {
                mantissa = mantissa &* 10 &+ Int(c - 0x30)
                digits += 1
                if seenPoint { fraction += 1 }
            } else if c == 0x2E && !seenPoint {
                seenPoint = true
            } else {
                simple = false
                break
            }
            i += 1
        }
        if simple && digits > 0 && digits <= 15 && fraction <= 22 {
            let value = Double(mantissa) / powerOfTen(fraction)
            return negative ? -value : value
        }
        guard t.count <= 64, let value = Double(String(decoding: t, as: UTF8.self)), value.isFinite else { return nil }
        return value
    }

    private static func trimmed(_ b: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        var start = 0
        var end = b.count
        while start < end && b[start] <= 0x20 { start += 1 }
        while end > start && b[end - 1] <= 0x20 { end -= 1 }
        return UnsafeBufferPointer(rebasing: b[start..<end])
    }
}
