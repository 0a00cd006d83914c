/// A zip file read through its central directory, bounded so a hostile file cannot exhaust memory.
///
/// The one zip reader of the project: Office packages sent as evidence are checked with it, and
/// the report reader takes the text of a .docx from it.
public struct ZipArchive: Sendable {
    public struct Entry: Sendable, Equatable {
        public let name: String
        public let method: Int
        public let compressedSize: Int
        /// As the directory declares it; `data(of:)` refuses output beyond it.
        public let uncompressedSize: Int
        let localHeader: Int
    }

    public enum Failure: Error, Sendable, Equatable, CustomStringConvertible {
        case notZip
        case damaged(String)
        case tooManyEntries(Int)
        /// The entries together declare more than the limit, or one entry's data inflates past the
        /// size declared for it (damaged, or made to mislead); the size is the one declared.
        case tooLarge(Int)
        case unsupportedMethod(Int)

        /// An entry's inflating failed: past its declared size, or damaged.
        init(_ inflating: Inflate.Failure, declared: Int) {
            self = inflating == .tooLarge ? .tooLarge(declared) : .damaged("compressed data")
        }

        public var description: String {
            switch self {
            case .notZip: return "not a zip file"
            case .damaged(let why): return "damaged zip file (\(why))"
            case .tooManyEntries(let n): return "the package has \(n) entries, more than allowed"
            case .tooLarge(let n):
                return "the package expands beyond what is allowed or declared (\(n) bytes declared)"
            case .unsupportedMethod(let m): return "unsupported compression method \(m)"
            }
        }
    }

    /// Bounds on what an archive may declare: entry count and total expanded size.
    public struct Limits: Sendable {
        public var maxEntries: Int
        public var maxExpandedBytes: Int
        public init(maxEntries: Int = 10_000, maxExpandedBytes: Int = 256 << 20) {
            self.maxEntries = maxEntries
            self.maxExpandedBytes = maxExpandedBytes
        }
    }

    public let entries: [Entry]
    private let bytes: [UInt8]

    public init(_ bytes: [UInt8], limits: Limits = Limits()) throws(Failure) {
        self.bytes = bytes
        let b = bytes
        guard b.count >= 22 else { throw .notZip }
        // The end-of-directory record sits in the last 64 KiB (its comment is at most 65,535 bytes).
        var eocd = b.count - 22
        let lowest = max(0, b.count - 65_557)
        while eocd >= lowest && !(b[eocd] == 0x50 && b[eocd + 1] == 0x4B && b[eocd + 2] == 5 && b[eocd + 3] == 6) {
            eocd -= 1
        }
        guard eocd >= lowest else { throw .notZip }
        let count = Self.u16(b, eocd + 10)
        if count > limits.maxEntries { throw .tooManyEntries(count) }
        var p = Self.u32(b, eocd + 16)
        var entries: [Entry] = []
        var expanded = 0
        entries.reserveCapacity(count)
        for _ in 0..<count {
            guard p >= 0, p + 46 <= b.count, Self.u32(b, p) == 0x0201_4B50 else { throw .damaged("directory") }
            let nameLength = Self.u16(b, p + 28)
            guard p + 46 + nameLength <= b.count else { throw .damaged("directory") }
            let entry = Entry(
                name: String(decoding: b[(p + 46)..<(p + 46 + nameLength)], as: UTF8.self),
                method: Self.u16(b, p + 10), compressedSize: Self.u32(b, p + 20),
                uncompressedSize: Self.u32(b, p + 24), localHeader: Self.u32(b, p + 42))
            expanded += entry.uncompressedSize
            if expanded > limits.maxExpandedBytes { throw .tooLarge(expanded) }
            entries.append(entry)
            p += 46 + nameLength + Self.u16(b, p + 30) + Self.u16(b, p + 32)
        }
        self.entries = entries
    }

    public func entry(named name: String) -> Entry? {
        entries.first { $0.name == name }
    }

    /// The entry's bytes, inflated; never more than the directory declared.
    public func data(of entry: Entry) throws(Failure) -> [UInt8] {
        let raw = try compressed(entry)
        switch entry.method {
        case 0: return Array(raw)
        case 8:
            do { return try Inflate.inflate(raw, declaredSize: entry.uncompressedSize) } catch {
                throw Failure(error, declared: entry.uncompressedSize)
            }
        default: throw .unsupportedMethod(entry.method)
        }
    }

    /// Reads the entry a window at a time (about `window` bytes per piece): the pieces handed to
    /// `body` through `EntryReader.next()` are the entry's bytes in order, never more than declared.
    public func reading<R, E: Error>(
        _ entry: Entry, window: Int = 1 << 20, _ body: (EntryReader) throws(E) -> R
    ) throws(E) -> R {
        let raw: ArraySlice<UInt8>
        do { raw = try compressed(entry) } catch { return try body(EntryReader(failure: error)) }
        return try raw.withUnsafeBufferPointer { (input) throws(E) -> R in
            try body(EntryReader(entry, input: input, window: window))
        }
    }

    /// The entry's compressed bytes, after its local header.
    private func compressed(_ entry: Entry) throws(Failure) -> ArraySlice<UInt8> {
        let b = bytes
        let local = entry.localHeader
        guard local >= 0, local + 30 <= b.count, Self.u32(b, local) == 0x0403_4B50 else {
            throw .damaged("entry header")
        }
        let start = local + 30 + Self.u16(b, local + 26) + Self.u16(b, local + 28)
        guard start + entry.compressedSize <= b.count else { throw .damaged("truncated entry") }
        return b[start..<(start + entry.compressedSize)]
    }

    private static func u16(_ b: [UInt8], _ i: Int) -> Int { Int(b[i]) | Int(b[i + 1]) << 8 }
    private static func u32(_ b: [UInt8], _ i: Int) -> Int { u16(b, i) | u16(b, i + 2) << 16 }
}
