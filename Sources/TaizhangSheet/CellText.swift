/// The text of one value as it arrives in pieces (`<t>` runs, CDATA sections, text around an entity),
/// gathered with as little copying as possible: a single undecoded piece, by far the usual case,
/// stays a view of the part's bytes until the String is made — when the part is whole in memory.
/// Read a piece at a time, the scanner's buffer moves as more is read, so the text is copied.
struct TextCollector {
    private var single: UnsafeBufferPointer<UInt8>?
    private var buffer: [UInt8] = []
    private var buffered = false
    /// Bytes gathered so far, decoded; the caller compares it with the cell limit after each piece.
    private(set) var byteCount = 0

    init() { buffer.reserveCapacity(256) }

    mutating func reset() {
        single = nil
        if buffered {
            buffer.removeAll(keepingCapacity: buffer.capacity <= 1 << 16)
            buffered = false
        }
        byteCount = 0
    }

    mutating func add(_ scanner: XMLScanner) throws(SheetError) {
        if !buffered && single == nil && !scanner.textNeedsDecoding && scanner.isWhole {
            let piece = scanner.rawText
            single = piece
            byteCount = piece.count
            return
        }
        if !buffered {
            buffered = true
            if let piece = single { buffer.append(contentsOf: piece) }
            single = nil
        }
        try scanner.appendText(to: &buffer)
        byteCount = buffer.count
    }

    /// The gathered bytes (entities decoded, `_xHHHH_` escapes not).
    func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws(SheetError) -> R) throws(SheetError) -> R {
        if buffered {
            return try buffer.withUnsafeBufferPointer { (b) throws(SheetError) -> R in try body(b) }
        }
        return try body(single ?? UnsafeBufferPointer(start: nil, count: 0))
    }

    /// The text as a String, with Excel's `_xHHHH_` escapes decoded.
    func string() -> String {
        if buffered { return buffer.withUnsafeBufferPointer { OOXMLText.string($0) } }
        guard let piece = single else { return "" }
        return OOXMLText.string(piece)
    }
}

/// Excel's own escape inside XML text: `_xHHHH_` is the UTF-16 code unit HHHH. It writes `_x000D_`
/// for a carriage return (XML would turn a literal one into a line feed) and `_x005F_` for an
/// underscore that would otherwise start an escape.
enum OOXMLText {
    static func string(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        var escaped = false
        var i = 0
        let n = bytes.count
        while i + 6 < n {
            if bytes[i] == 0x5F && bytes[i + 1] == 0x78 {
                escaped = true
                break
            }
            i += 1
        }
        if !escaped { return String(decoding: bytes, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(n)
        i = 0
        while i < n {
            guard let unit = escape(bytes, at: i) else {
                out.append(bytes[i])
                i += 1
                continue
            }
            i += 7
            if (0xD800..<0xDC00).contains(unit), let low = escape(bytes, at: i), (0xDC00..<0xE000).contains(low) {
                XMLScanner.appendUTF8(0x10000 + (unit - 0xD800) << 10 + (low - 0xDC00), to: &out)
                i += 7
            } else if (0xD800..<0xE000).contains(unit) {
                XMLScanner.appendUTF8(0xFFFD, to: &out)
            } else {
                XMLScanner.appendUTF8(unit, to: &out)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The code unit of a `_xHHHH_` at `i`, if one is there.
    private static func escape(_ b: UnsafeBufferPointer<UInt8>, at i: Int) -> UInt32? {
        guard i + 6 < b.count, b[i] == 0x5F, b[i + 1] == 0x78, b[i + 6] == 0x5F else { return nil }
        var unit: UInt32 = 0
        for k in 2..<6 {
            guard let v = XMLScanner.hexValue(b[i + k]) else { return nil }
            unit = unit << 4 | UInt32(v)
        }
        return unit
    }
}
