/// A DEFLATE (RFC 1951) decoder, enough to open the XML inside a .docx package.
///
/// Modelled on zlib's `puff.c`: canonical Huffman codes decoded a bit at a time. It is not
/// fast, but a report's document.xml is small, and every read is bounds-checked so a
/// damaged file throws instead of trapping.
public struct Inflate {
    public enum Failure: Error, Sendable { case truncated, badBlock, badCode, tooLarge }

    private let input: [UInt8]
    private var pos = 0
    private var bitBuffer: UInt32 = 0
    private var bitCount = 0
    private var out: [UInt8] = []
    private let limit: Int

    public static func inflate(_ data: [UInt8], limit: Int = 256 << 20) throws -> [UInt8] {
        var d = Inflate(input: data, limit: limit)
        try d.run()
        return d.out
    }

    private init(input: [UInt8], limit: Int) {
        self.input = input
        self.limit = limit
    }

    private struct Huffman {
        var counts = [Int](repeating: 0, count: 16)
        var symbols: [Int]

        init(lengths: ArraySlice<Int>) {
            symbols = [Int](repeating: 0, count: lengths.count)
            for l in lengths { counts[l] += 1 }
            var offsets = [Int](repeating: 0, count: 16)
            for i in 1..<15 { offsets[i + 1] = offsets[i] + counts[i] }
            for (sym, l) in zip(0..., lengths) where l != 0 {
                symbols[offsets[l]] = sym
                offsets[l] += 1
            }
            counts[0] = 0
        }
    }

    private mutating func bits(_ n: Int) throws -> Int {
        while bitCount < n {
            guard pos < input.count else { throw Failure.truncated }
            bitBuffer |= UInt32(input[pos]) << UInt32(bitCount)
            pos += 1
            bitCount += 8
        }
        let v = Int(bitBuffer & ((1 << UInt32(n)) - 1))
        bitBuffer >>= UInt32(n)
        bitCount -= n
        return v
    }

    private mutating func decode(_ h: Huffman) throws -> Int {
        var code = 0
        var first = 0
        var index = 0
        for len in 1..<16 {
            code |= try bits(1)
            let count = h.counts[len]
            if code - count < first { return h.symbols[index + (code - first)] }
            index += count
            first += count
            first <<= 1
            code <<= 1
        }
        throw Failure.badCode
    }

    private static let lengthBase = [
        3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227,
        258,
    ]
    private static let lengthExtra = [
        0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
    ]
    private static let distBase = [
        1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097,
        6145, 8193, 12289, 16385, 24577,
    ]
    private static let distExtra = [
        0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13,
    ]

    private mutating func run() throws {
        var last = 0
        repeat {
            last = try bits(1)
            switch try bits(2) {
            case 0: try stored()
            case 1: try codes(Self.fixedLengths, Self.fixedDistances)
            case 2: try dynamic()
            default: throw Failure.badBlock
            }
        } while last == 0
    }

    private mutating func stored() throws {
        bitBuffer = 0
        bitCount = 0
        guard pos + 4 <= input.count else { throw Failure.truncated }
        let len = Int(input[pos]) | Int(input[pos + 1]) << 8
        pos += 4
        guard pos + len <= input.count else { throw Failure.truncated }
        guard out.count + len <= limit else { throw Failure.tooLarge }
        out.append(contentsOf: input[pos..<(pos + len)])
        pos += len
    }

    private static let fixedLengths: Huffman = {
        var l = [Int](repeating: 8, count: 288)
        for i in 144..<256 { l[i] = 9 }
        for i in 256..<280 { l[i] = 7 }
        return Huffman(lengths: l[...])
    }()
    private static let fixedDistances = Huffman(lengths: [Int](repeating: 5, count: 30)[...])

    private mutating func dynamic() throws {
        let nlen = try bits(5) + 257
        let ndist = try bits(5) + 1
        let ncode = try bits(4) + 4
        guard nlen <= 286, ndist <= 30 else { throw Failure.badBlock }
        let order = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]
        var lengths = [Int](repeating: 0, count: 320)
        for i in 0..<ncode { lengths[order[i]] = try bits(3) }
        let lencode = Huffman(lengths: lengths[0..<19])
        var index = 0
        while index < nlen + ndist {
            var symbol = try decode(lencode)
            if symbol < 16 {
                lengths[index] = symbol
                index += 1
                continue
            }
            var len = 0
            if symbol == 16 {
                guard index > 0 else { throw Failure.badBlock }
                len = lengths[index - 1]
                symbol = 3 + (try bits(2))
            } else if symbol == 17 {
                symbol = 3 + (try bits(3))
            } else {
                symbol = 11 + (try bits(7))
            }
            guard index + symbol <= nlen + ndist else { throw Failure.badBlock }
            for _ in 0..<symbol {
                lengths[index] = len
                index += 1
            }
        }
        try codes(Huffman(lengths: lengths[0..<nlen]), Huffman(lengths: lengths[nlen..<(nlen + ndist)]))
    }

    private mutating func codes(_ lencode: Huffman, _ distcode: Huffman) throws {
        while true {
            var symbol = try decode(lencode)
            if symbol < 256 {
                guard out.count < limit else { throw Failure.tooLarge }
                out.append(UInt8(symbol))
            } else if symbol == 256 {
                return
            } else {
                symbol -= 257
                guard symbol < 29 else { throw Failure.badCode }
                let len = Self.lengthBase[symbol] + (try bits(Self.lengthExtra[symbol]))
                let d = try decode(distcode)
                guard d < 30 else { throw Failure.badCode }
                let dist = Self.distBase[d] + (try bits(Self.distExtra[d]))
                guard dist <= out.count else { throw Failure.badCode }
                guard out.count + len <= limit else { throw Failure.tooLarge }
                let from = out.count - dist
                for k in 0..<len { out.append(out[from + k]) }
            }
        }
    }
}
