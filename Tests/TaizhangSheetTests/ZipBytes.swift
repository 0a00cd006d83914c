/// Zip packages made in the tests: stored or deflated entries, with sizes that can be made to lie.
/// (The test target cannot use TestSupport's ZipFixture; this is the same format, plus deflate.)
enum ZipBytes {
    struct Entry {
        var name: String
        var bytes: [UInt8]
        /// Deflate the entry (fixed Huffman codes, literals only) instead of storing it.
        var deflated = false
        /// Replace the data by this deflate stream (for bombs), keeping `bytes` for the CRC.
        var rawDeflate: [UInt8]?
        /// What the directory says the entry expands to, if not the truth.
        var declaredSize: Int?

        init(_ name: String, _ bytes: [UInt8], deflated: Bool = false) {
            self.name = name
            self.bytes = bytes
            self.deflated = deflated
        }

        init(_ name: String, _ text: String, deflated: Bool = false) {
            self.init(name, Array(text.utf8), deflated: deflated)
        }
    }

    static func zip(_ entries: [Entry]) -> [UInt8] {
        var out: [UInt8] = []
        var directory: [UInt8] = []
        for entry in entries {
            let name = Array(entry.name.utf8)
            let crc = crc32(entry.bytes)
            let data = entry.rawDeflate ?? (entry.deflated ? deflateLiterals(entry.bytes) : entry.bytes)
            let method = entry.rawDeflate != nil || entry.deflated ? 8 : 0
            let size = entry.declaredSize ?? entry.bytes.count
            let offset = out.count
            out += le32(0x0403_4B50) + le16(20) + le16(0) + le16(method) + le16(0) + le16(0) + le32(Int(crc))
            out += le32(data.count) + le32(size) + le16(name.count) + le16(0) + name + data
            directory += le32(0x0201_4B50) + le16(20) + le16(20) + le16(0) + le16(method) + le16(0) + le16(0)
            directory += le32(Int(crc)) + le32(data.count) + le32(size) + le16(name.count)
            directory += le16(0) + le16(0) + le16(0) + le16(0) + le32(0) + le32(offset) + name
        }
        let end =
            le32(0x0605_4B50) + le16(0) + le16(0) + le16(entries.count) + le16(entries.count)
            + le32(directory.count) + le32(out.count) + le16(0)
        return out + directory + end
    }

    // MARK: Deflate, just enough

    /// A deflate stream of one final fixed-Huffman block holding every byte as a literal.
    static func deflateLiterals(_ bytes: [UInt8]) -> [UInt8] {
        var w = DeflateBits()
        w.write(1, 1)  // final block
        w.write(1, 2)  // fixed codes
        for b in bytes { w.literal(Int(b)) }
        w.literal(256)
        return w.finish()
    }

    /// `count` matches of 258 copies of "a": 13 bits each, so about 160 KB of output per KB.
    static func deflateBomb(matches count: Int) -> [UInt8] {
        var w = DeflateBits()
        w.write(1, 1)
        w.write(1, 2)
        w.literal(0x61)
        for _ in 0..<count {
            w.literal(285)  // length 258
            w.code(0, length: 5)  // distance code 0: distance 1
        }
        w.literal(256)
        return w.finish()
    }

    /// Bits of a deflate stream (also the zip bomb's, in the robustness tests).
    struct DeflateBits {
        var out: [UInt8] = []
        var buffer = 0
        var count = 0

        /// `n` bits of `value`, least significant first (header fields and extra bits).
        mutating func write(_ value: Int, _ n: Int) {
            buffer |= value << count
            count += n
            while count >= 8 {
                out.append(UInt8(buffer & 0xFF))
                buffer >>= 8
                count -= 8
            }
        }

        /// A Huffman code, most significant bit first: reversed, then written as bits.
        mutating func code(_ code: Int, length: Int) {
            var reversed = 0
            for i in 0..<length { reversed |= (code >> i & 1) << (length - 1 - i) }
            write(reversed, length)
        }

        /// A symbol of the fixed literal/length code (RFC 1951, 3.2.6).
        mutating func literal(_ symbol: Int) {
            switch symbol {
            case 0..<144: code(0x30 + symbol, length: 8)
            case 144..<256: code(0x190 + symbol - 144, length: 9)
            case 256..<280: code(symbol - 256, length: 7)
            default: code(0xC0 + symbol - 280, length: 8)
            }
        }

        mutating func finish() -> [UInt8] {
            if count > 0 { out.append(UInt8(buffer & 0xFF)) }
            return out
        }
    }

    static func le16(_ v: Int) -> [UInt8] { [UInt8(v & 0xFF), UInt8((v >> 8) & 0xFF)] }
    static func le32(_ v: Int) -> [UInt8] { le16(v & 0xFFFF) + le16((v >> 16) & 0xFFFF) }

    private static let crcTable: [UInt32] = (0..<256).map { n in
        var c = UInt32(n)
        for _ in 0..<8 { c = (c >> 1) ^ (c & 1 == 1 ? 0xEDB8_8320 : 0) }
        return c
    }

    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        let table = crcTable
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return ~crc
    }
}
