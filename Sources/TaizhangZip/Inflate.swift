/// A DEFLATE (RFC 1951) decoder for the XML inside Office packages.
///
/// Table-driven, as zlib's `inflate_fast`: the next bits index a table of 2^10 entries (longer codes
/// through a small second-level table), and the input is taken eight bytes at a time into a 64-bit
/// buffer. A 100,000-row worksheet is 100 MB of XML, so a bit-at-a-time decoder would spend longer
/// inflating it than reading it. Every read is still bounds-checked against the input and every write
/// against the output capacity and the caller's limit: a damaged or hostile stream throws, never traps.
public struct Inflate {
    public enum Failure: Error, Sendable { case truncated, badBlock, badCode, tooLarge }

    public static func inflate(_ data: [UInt8], limit: Int = 256 << 20) throws -> [UInt8] {
        let limit = max(0, limit)
        return try data.withUnsafeBufferPointer { (input) throws(Failure) -> [UInt8] in
            // The limit may be far above what comes out: start small and grow, copying out at the end.
            let (guess, overflow) = input.count.multipliedReportingOverflow(by: 12)
            let capacity = min(limit, max(1 << 16, overflow ? Int.max : guess))
            let out = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity + slack)
            var decoder = Decoder(input: input, limit: limit, out: out, capacity: capacity, growable: true)
            defer { decoder.release() }
            try decoder.run()
            return Array(UnsafeBufferPointer(start: decoder.out, count: decoder.written))
        }
    }

    /// What `count` compressed bytes declared to expand to `declared` may give: the declared size,
    /// or less when deflate's ratio (at most 1,032 to 1) cannot reach it.
    static func outputBound(_ count: Int, declared: Int) -> Int {
        let (bound, overflow) = count.multipliedReportingOverflow(by: 1_032)
        return max(0, min(declared, overflow ? Int.max : bound + 1_024))
    }

    /// Inflates an entry whose size the package declares, without copying its compressed bytes out
    /// of the package. The output is written straight into the returned array, sized once: to the
    /// declared size, or to what the input could possibly expand to (deflate's ratio is at most
    /// 1,032 to 1) if that is less. Output beyond the declared size is refused.
    static func inflate(_ data: ArraySlice<UInt8>, declaredSize: Int) throws(Failure) -> [UInt8] {
        try data.withUnsafeBufferPointer { (input) throws(Failure) -> [UInt8] in
            let capacity = outputBound(input.count, declared: declaredSize)
            var failure: Failure?
            let result = [UInt8](unsafeUninitializedCapacity: capacity + slack) { buffer, initialized in
                guard let out = buffer.baseAddress else { return }
                var decoder = Decoder(input: input, limit: capacity, out: out, capacity: capacity, growable: false)
                defer { decoder.release() }
                do throws(Failure) { try decoder.run() } catch { failure = error }
                initialized = failure == nil ? decoder.written : 0
            }
            if let failure { throw failure }
            return result
        }
    }
}

// MARK: - Tables

/// One table entry, packed in 32 bits: value (a literal byte, a length or distance base, or a
/// second-level table's offset), the code's length in bits, its extra bits, and what it is.
private enum Entry {
    static let literal: UInt32 = 1 << 28
    static let base: UInt32 = 2 << 28
    static let end: UInt32 = 3 << 28
    static let link: UInt32 = 4 << 28
    // 0 is an invalid entry: a code the (incomplete) table does not define, or symbols 286–287 / 30–31.

    static func make(kind: UInt32, value: Int, extra: Int = 0) -> UInt32 {
        kind | UInt32(extra) << 24 | UInt32(value)
    }
}

private let lengthBase = [
    3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258,
]
private let lengthExtra = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
private let distBase = [
    1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097,
    6145, 8193, 12289, 16385, 24577,
]
private let distExtra = [
    0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13,
]

/// What each literal/length symbol decodes to, without the code length.
private let literalLengthSymbols: [UInt32] = (0..<288).map { symbol in
    if symbol < 256 { return Entry.make(kind: Entry.literal, value: symbol) }
    if symbol == 256 { return Entry.end }
    if symbol < 286 {
        return Entry.make(kind: Entry.base, value: lengthBase[symbol - 257], extra: lengthExtra[symbol - 257])
    }
    return 0
}
private let distanceSymbols: [UInt32] = (0..<32).map { symbol in
    symbol < 30 ? Entry.make(kind: Entry.base, value: distBase[symbol], extra: distExtra[symbol]) : 0
}
private let codeLengthSymbols: [UInt32] = (0..<19).map { Entry.make(kind: Entry.literal, value: $0) }

private let literalBits = 10
private let distanceBits = 8
/// Room for the first-level table and every second-level one a complete or incomplete code can need.
private let literalTableSize = (1 << literalBits) + (1 << literalBits) * (1 << (15 - literalBits))
private let distanceTableSize = (1 << distanceBits) + (1 << distanceBits) * (1 << (15 - distanceBits))
/// Bytes past the capacity that a match copy may overrun (it copies eight bytes at a time).
let slack = 16

/// Builds the decoding table of a canonical Huffman code. Codes up to `bits` long fill the first
/// level directly; longer ones share a second-level table per first-level prefix.
/// Throws when the lengths over-subscribe the code space; an incomplete code leaves invalid entries.
private func buildTable(
    lengths: UnsafeBufferPointer<UInt8>, symbols: UnsafeBufferPointer<UInt32>, bits: Int,
    into table: UnsafeMutablePointer<UInt32>
) throws(Inflate.Failure) {
    var count = [Int](repeating: 0, count: 16)
    for length in lengths { count[Int(length & 15)] += 1 }
    count[0] = 0
    var left = 1
    for length in 1...15 {
        left = (left << 1) - count[length]
        if left < 0 { throw .badBlock }
    }
    var next = [Int](repeating: 0, count: 16)
    var code = 0
    for length in 1...15 {
        code = (code + count[length - 1]) << 1
        next[length] = code
    }
    let primary = 1 << bits
    table.update(repeating: 0, count: primary)
    // Codes are sent most significant bit first but read from the low end of the bit buffer: reverse them.
    var reversed = [Int](repeating: 0, count: lengths.count)
    var longest = [Int](repeating: 0, count: primary)
    for (symbol, length) in lengths.enumerated() where length != 0 {
        let n = Int(length)
        var c = next[n]
        next[n] += 1
        var r = 0
        for _ in 0..<n {
            r = r << 1 | c & 1
            c >>= 1
        }
        reversed[symbol] = r
        if n > bits { longest[r & (primary - 1)] = max(longest[r & (primary - 1)], n) }
    }
    var offset = primary
    for prefix in 0..<primary where longest[prefix] != 0 {
        let subBits = longest[prefix] - bits
        table[prefix] = Entry.make(kind: Entry.link, value: offset, extra: subBits)
        (table + offset).update(repeating: 0, count: 1 << subBits)
        offset += 1 << subBits
    }
    for (symbol, length) in lengths.enumerated() where length != 0 {
        let n = Int(length)
        let r = reversed[symbol]
        let entry = symbols[symbol] | UInt32(n) << 16
        if n <= bits {
            for i in stride(from: r, to: primary, by: 1 << n) { table[i] = entry }
        } else {
            let link = table[r & (primary - 1)]
            let base = Int(link & 0xFFFF)
            let subBits = Int(link >> 24 & 15)
            for i in stride(from: r >> bits, to: 1 << subBits, by: 1 << (n - bits)) { table[base + i] = entry }
        }
    }
}

// MARK: - Decoder

struct Decoder {
    enum Phase: Equatable {
        case header
        case codes
        case stored(Int)
        case done
    }

    let input: UnsafeBufferPointer<UInt8>
    /// Output allowed in all; read a window at a time, counted from the window's start.
    var limit: Int
    var phase = Phase.header
    /// The block being decoded is the stream's last.
    var lastBlock = false
    /// The output is a window the reader empties between calls (`InflateWindow`): decoding stops
    /// when it is full instead of growing it.
    var streaming = false
    var pos = 0
    var bitBuffer: UInt64 = 0
    var bitCount = 0
    /// Zero bytes taken past the end of the input; consuming any of their bits means the stream is cut short.
    var phantomBits = 0
    var out: UnsafeMutablePointer<UInt8>
    var capacity: Int
    /// Whether `out` is ours to reallocate; otherwise it is the caller's, sized for the whole output.
    let growable: Bool
    var written = 0
    let literalTable = UnsafeMutablePointer<UInt32>.allocate(capacity: literalTableSize)
    let distanceTable = UnsafeMutablePointer<UInt32>.allocate(capacity: distanceTableSize)

    init(input: UnsafeBufferPointer<UInt8>, limit: Int, out: UnsafeMutablePointer<UInt8>, capacity: Int, growable: Bool)
    {
        self.input = input
        self.limit = limit
        self.out = out
        self.capacity = capacity
        self.growable = growable
    }

    func release() {
        if growable { out.deallocate() }
        literalTable.deallocate()
        distanceTable.deallocate()
    }

    /// Makes room for `needed` more bytes of output, or throws when that would pass the limit.
    mutating func reserve(_ needed: Int) throws(Inflate.Failure) {
        guard written + needed > capacity else { return }
        guard written + needed <= limit, growable else { throw .tooLarge }
        var grown = capacity
        while grown < written + needed { grown = grown > limit / 2 ? limit : grown * 2 }
        let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: grown + slack)
        bigger.update(from: out, count: written)
        out.deallocate()
        out = bigger
        capacity = grown
    }

    /// Tops the bit buffer up to at least 56 bits; past the end of the input it adds zero bytes.
    @inline(__always) mutating func refill() {
        if pos &+ 8 <= input.count, let base = input.baseAddress {
            let word = UInt64(littleEndian: UnsafeRawPointer(base + pos).loadUnaligned(as: UInt64.self))
            // The bits above `bitCount` already hold the start of these same bytes, so OR is harmless.
            bitBuffer |= word &<< UInt64(bitCount)
            pos &+= (63 &- bitCount) &>> 3
            bitCount |= 56
        } else {
            while bitCount <= 56 {
                if pos < input.count {
                    bitBuffer |= UInt64(input[pos]) &<< UInt64(bitCount)
                    pos += 1
                } else {
                    phantomBits += 8
                }
                bitCount += 8
            }
        }
    }

    /// Takes `n` bits (n ≤ 32) for the block headers.
    mutating func bits(_ n: Int) throws(Inflate.Failure) -> Int {
        if bitCount < n { refill() }
        let value = Int(bitBuffer & ((1 << UInt64(n)) - 1))
        bitBuffer >>= UInt64(n)
        bitCount -= n
        if bitCount < phantomBits { throw .truncated }
        return value
    }

    /// Decodes until the stream ends or, reading a window at a time, until the window is full; the
    /// phase says where to take up again.
    mutating func run() throws(Inflate.Failure) {
        while true {
            switch phase {
            case .done: return
            case .header:
                if lastBlock {
                    phase = .done
                    return
                }
                lastBlock = try bits(1) == 1
                switch try bits(2) {
                case 0: phase = .stored(try storedLength())
                case 1:
                    try fixedTables()
                    phase = .codes
                case 2:
                    try dynamicTables()
                    phase = .codes
                default: throw .badBlock
                }
            case .codes:
                guard try codes() else { return }
                phase = .header
            case .stored(let remaining):
                let left = try storedCopy(remaining)
                guard left == 0 else {
                    phase = .stored(left)
                    return
                }
                phase = .header
            }
        }
    }

    /// A stored block's header: its length, after going back to a byte boundary.
    mutating func storedLength() throws(Inflate.Failure) -> Int {
        // Back to a byte boundary, and give back the whole bytes the buffer took ahead.
        let drop = bitCount & 7
        bitBuffer >>= UInt64(drop)
        bitCount -= drop
        let ahead = bitCount / 8 - phantomBits / 8
        guard ahead >= 0 else { throw .truncated }
        pos -= ahead
        bitBuffer = 0
        bitCount = 0
        phantomBits = 0
        guard pos + 4 <= input.count else { throw .truncated }
        let length = Int(input[pos]) | Int(input[pos + 1]) << 8
        let check = Int(input[pos + 2]) | Int(input[pos + 3]) << 8
        guard length ^ check == 0xFFFF else { throw .badBlock }
        pos += 4
        guard pos + length <= input.count else { throw .truncated }
        return length
    }

    /// Copies what fits of a stored block's remaining bytes; returns how many are left for later.
    mutating func storedCopy(_ remaining: Int) throws(Inflate.Failure) -> Int {
        let n = streaming ? min(remaining, capacity - written) : remaining
        guard written + n <= limit else { throw .tooLarge }
        try reserve(n)
        if n > 0, let base = input.baseAddress { (out + written).update(from: base + pos, count: n) }
        written += n
        pos += n
        return remaining - n
    }

    private static let fixedLengths: [UInt8] = (0..<288).map { $0 < 144 ? 8 : $0 < 256 ? 9 : $0 < 280 ? 7 : 8 }

    mutating func fixedTables() throws(Inflate.Failure) {
        try Self.fixedLengths.withUnsafeBufferPointer { (lengths) throws(Inflate.Failure) in
            try table(lengths, literalLengthSymbols, literalBits, literalTable)
        }
        let five = [UInt8](repeating: 5, count: 30)
        try five.withUnsafeBufferPointer { (lengths) throws(Inflate.Failure) in
            try table(lengths, distanceSymbols, distanceBits, distanceTable)
        }
    }

    private func table(
        _ lengths: UnsafeBufferPointer<UInt8>, _ symbols: [UInt32], _ bits: Int, _ into: UnsafeMutablePointer<UInt32>
    ) throws(Inflate.Failure) {
        try symbols.withUnsafeBufferPointer { (symbols) throws(Inflate.Failure) in
            try buildTable(lengths: lengths, symbols: symbols, bits: bits, into: into)
        }
    }

    mutating func dynamicTables() throws(Inflate.Failure) {
        let nlen = try bits(5) + 257
        let ndist = try bits(5) + 1
        let ncode = try bits(4) + 4
        guard nlen <= 286, ndist <= 30 else { throw .badBlock }
        let order = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]
        var codeLengths = [UInt8](repeating: 0, count: 19)
        for i in 0..<ncode { codeLengths[order[i]] = UInt8(try bits(3)) }
        // The code-length code is at most 7 bits long, so the literal table's first level holds it whole.
        try codeLengths.withUnsafeBufferPointer { (lengths) throws(Inflate.Failure) in
            try table(lengths, codeLengthSymbols, 7, literalTable)
        }
        var lengths = [UInt8](repeating: 0, count: nlen + ndist)
        var index = 0
        while index < nlen + ndist {
            if bitCount < 16 { refill() }
            let entry = literalTable[Int(bitBuffer & 127)]
            let n = Int(entry >> 16 & 0xFF)
            guard n != 0 else { throw .badCode }
            bitBuffer >>= UInt64(n)
            bitCount -= n
            if bitCount < phantomBits { throw .truncated }
            let symbol = Int(entry & 0xFFFF)
            if symbol < 16 {
                lengths[index] = UInt8(symbol)
                index += 1
                continue
            }
            var repeated: UInt8 = 0
            var times = 0
            switch symbol {
            case 16:
                guard index > 0 else { throw .badBlock }
                repeated = lengths[index - 1]
                times = 3 + (try bits(2))
            case 17: times = 3 + (try bits(3))
            default: times = 11 + (try bits(7))
            }
            guard index + times <= nlen + ndist else { throw .badBlock }
            for _ in 0..<times {
                lengths[index] = repeated
                index += 1
            }
        }
        // Without a code for end-of-block the block could never end.
        guard lengths[256] != 0 else { throw .badBlock }
        try lengths.withUnsafeBufferPointer { (all) throws(Inflate.Failure) in
            try table(UnsafeBufferPointer(rebasing: all[0..<nlen]), literalLengthSymbols, literalBits, literalTable)
            try table(UnsafeBufferPointer(rebasing: all[nlen...]), distanceSymbols, distanceBits, distanceTable)
        }
    }

    /// Decodes one block's symbols until end-of-block (true), or until a window read a window at a
    /// time has no room for a longest match (false). The hot loop.
    mutating func codes() throws(Inflate.Failure) -> Bool {
        let literalMask = UInt64(1 << literalBits - 1)
        let distanceMask = UInt64(1 << distanceBits - 1)
        while true {
            if bitCount < phantomBits { throw .truncated }
            if written + 258 > capacity {
                if streaming { return false }
                if capacity < limit { try reserve(min(258, limit - written)) }
            }
            refill()
            // Up to 56 bits are in the buffer: enough for a length code (15 + 5) and a distance (15 + 13).
            var entry = literalTable[Int(bitBuffer & literalMask)]
            if entry >> 28 == 4 {
                let sub = UInt64(1) << UInt64(entry >> 24 & 15) - 1
                entry = literalTable[Int(entry & 0xFFFF) + Int(bitBuffer >> UInt64(literalBits) & sub)]
            }
            var n = Int(entry >> 16 & 0xFF)
            bitBuffer >>= UInt64(n)
            bitCount -= n
            switch entry >> 28 {
            case 1:
                guard written < limit else { throw .tooLarge }
                out[written] = UInt8(truncatingIfNeeded: entry)
                written += 1
            case 2:
                let extra = Int(entry >> 24 & 15)
                let length = Int(entry & 0xFFFF) + Int(bitBuffer & (UInt64(1) << UInt64(extra) - 1))
                bitBuffer >>= UInt64(extra)
                bitCount -= extra
                var d = distanceTable[Int(bitBuffer & distanceMask)]
                if d >> 28 == 4 {
                    let sub = UInt64(1) << UInt64(d >> 24 & 15) - 1
                    d = distanceTable[Int(d & 0xFFFF) + Int(bitBuffer >> UInt64(distanceBits) & sub)]
                }
                guard d >> 28 == 2 else { throw .badCode }
                n = Int(d >> 16 & 0xFF)
                bitBuffer >>= UInt64(n)
                bitCount -= n
                let dextra = Int(d >> 24 & 15)
                let distance = Int(d & 0xFFFF) + Int(bitBuffer & (UInt64(1) << UInt64(dextra) - 1))
                bitBuffer >>= UInt64(dextra)
                bitCount -= dextra
                if bitCount < phantomBits { throw .truncated }
                guard distance <= written else { throw .badCode }
                guard written + length <= limit else { throw .tooLarge }
                copy(length: length, distance: distance)
            case 3:
                if bitCount < phantomBits { throw .truncated }
                return true
            default: throw .badCode
            }
        }
    }

    /// Copies a match; capacity has room for 258 bytes plus `slack`, so eight-byte steps may overrun.
    @inline(__always) mutating func copy(length: Int, distance: Int) {
        var to = out + written
        var from = to - distance
        let end = to + length
        if distance >= 8 {
            while to < end {
                UnsafeMutableRawPointer(to).storeBytes(
                    of: UnsafeRawPointer(from).loadUnaligned(as: UInt64.self), as: UInt64.self)
                to += 8
                from += 8
            }
        } else {
            while to < end {
                to.pointee = from.pointee
                to += 1
                from += 1
            }
        }
        written += length
    }
}
