/// A pull tokenizer over the UTF-8 bytes of one package part, for the subset of XML that
/// SpreadsheetML uses: elements with attributes, text, the five predefined entities and character
/// references, CDATA, comments, processing instructions and the XML declaration.
///
/// A part must be XML: a NUL byte anywhere, or no root element at all (a part of only white space,
/// zeros or text), is damage, not an empty document.
///
/// A document type declaration is refused outright: with no DTD there are no entities to define,
/// so billion-laughs and external-entity files cannot get started. Element and attribute names are
/// matched by local name (`x:c` is `c`), because real writers use both forms.
///
/// The scanner works on a buffer it does not own (valid for the duration of a `withUnsafeBufferPointer`
/// call), or on the buffer of an `XMLFeed` that reads the part a piece at a time: tokens are byte
/// ranges into it, valid until the next token is asked for, and nothing is copied until a value is.
struct XMLScanner {
    enum Token { case start, end, text, endOfDocument }

    struct Attribute {
        var name: XMLName.Key
        var nameStart: Int
        var nameLength: Int
        var valueStart: Int
        var valueEnd: Int
        var needsDecoding: Bool
    }

    private var bytes: UnsafeBufferPointer<UInt8>
    /// Where more of the part comes from; nil when the buffer holds the whole part.
    private let feed: XMLFeed?
    private var pos = 0
    /// The open elements: qualified name (start, length) and local name, to match end tags. The
    /// stack is lent by the caller too; SpreadsheetML nests a dozen deep, so deeper is damage.
    struct OpenElement {
        var start: Int
        var length: Int
        var local: XMLName.Key
    }
    private let open: UnsafeMutableBufferPointer<OpenElement>
    private(set) var depth = 0
    static let maxDepth = 256
    /// The current element was `<x/>`: the next token is its end.
    private var selfClosed = false
    /// The part was checked for NUL bytes (on the first token).
    private var checked = false
    /// A start tag was read: the part has a root element.
    private var hasRoot = false

    /// Local name of the current start or end element.
    private(set) var name = XMLName.Key(packed: 0, length: 0)
    private(set) var nameStart = 0
    /// The current start tag's attributes: the first `attributeCount` of slots lent by the caller
    /// (`XMLParts.scan`), so no array is touched per tag. SpreadsheetML's widest elements have about
    /// twenty attributes; past `attributeSlots` a tag's further attributes are checked but not kept.
    private let attributes: UnsafeMutableBufferPointer<Attribute>
    private var attributeCount = 0
    static let attributeSlots = 64
    /// The current text token: a range of the buffer; raw (CDATA) or with entities / CR to decode.
    private(set) var textStart = 0
    private(set) var textEnd = 0
    private(set) var textNeedsDecoding = false
    private(set) var textIsCDATA = false

    init(
        _ bytes: UnsafeBufferPointer<UInt8>, attributes: UnsafeMutableBufferPointer<Attribute>,
        open: UnsafeMutableBufferPointer<OpenElement>
    ) {
        self.bytes = bytes
        self.attributes = attributes
        self.open = open
        feed = nil
        // A UTF-8 byte order mark is allowed before the declaration.
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { pos = 3 }
    }

    /// A part read a piece at a time; the feed checks each piece for NUL and passes the byte order mark.
    init(
        _ feed: XMLFeed, attributes: UnsafeMutableBufferPointer<Attribute>,
        open: UnsafeMutableBufferPointer<OpenElement>
    ) {
        self.feed = feed
        bytes = feed.bytes
        self.attributes = attributes
        self.open = open
        checked = true
    }

    // MARK: Tokens

    /// The next token. Read a piece at a time, a token that fails or runs to the end of the buffer
    /// may only be cut short: it is read again with more of the part. Only once the part has been
    /// read to its end is an error the part's.
    mutating func next() throws(SheetError) -> Token {
        guard let feed, !selfClosed else { return try token() }
        while true {
            let start = pos
            if pos >= bytes.count && !feed.ended {
                try refill(from: start)
                continue
            }
            do {
                let token = try token()
                // Text may go on in the next piece (CDATA and tags end with their own delimiters).
                if token == .text && !textIsCDATA && textEnd == bytes.count && !feed.ended
                    || token == .endOfDocument && !feed.ended
                {
                    try refill(from: start)
                    continue
                }
                return token
            } catch {
                if feed.ended { throw error }
                try refill(from: start)
            }
        }
    }

    /// Reads more of the part, keeping the open elements' names and the bytes from `from` on;
    /// the scanner is then at the start of those bytes.
    private mutating func refill(from: Int) throws(SheetError) {
        guard let feed else { return }
        var kept: [Range<Int>] = []
        kept.reserveCapacity(depth + 1)
        for i in 0..<depth { kept.append(open[i].start..<(open[i].start + open[i].length)) }
        kept.append(from..<bytes.count)
        let starts = try feed.refill(keeping: kept)
        for i in 0..<depth { open[i].start = starts[i] }
        pos = starts[depth]
        selfClosed = false
        bytes = feed.bytes
    }

    private mutating func token() throws(SheetError) -> Token {
        if selfClosed {
            selfClosed = false
            depth -= 1
            return .end
        }
        if !checked {
            if XMLScanner.containsNUL(bytes) { throw SheetError.nulInXML }
            checked = true
        }
        let count = bytes.count
        while true {
            guard pos < count else {
                if depth > 0 { throw XMLScanner.broken("an element is not closed") }
                if !hasRoot { throw SheetError.noRootElement }
                return .endOfDocument
            }
            if bytes[pos] != 0x3C {
                // Text up to the next '<'. Most bytes are above '<' (letters, UTF-8 of CJK): test that first.
                let start = pos
                var p = pos
                var flagged = false
                while p < count {
                    let b = bytes[p]
                    if b > 0x3C {
                        p &+= 1
                        continue
                    }
                    if b == 0x3C { break }
                    if b == 0x26 || b == 0x0D { flagged = true }
                    p &+= 1
                }
                pos = p
                textStart = start
                textEnd = p
                textNeedsDecoding = flagged
                textIsCDATA = false
                return .text
            }
            guard pos + 1 < count else { throw XMLScanner.broken("a tag is cut short") }
            switch bytes[pos + 1] {
            case 0x2F:  // "</"
                try endTag()
                return .end
            case 0x3F:  // "<?": the declaration or a processing instruction
                pos = try skip(past: 0x3F, 0x3E, from: pos + 2)
            case 0x21:  // "<!"
                if matches("<!--", at: pos) {
                    pos = try skipComment(from: pos + 4)
                } else if matches("<![CDATA[", at: pos) {
                    let start = pos + 9
                    let end = try find(0x5D, 0x5D, 0x3E, from: start)
                    textStart = start
                    textEnd = end
                    textNeedsDecoding = false
                    textIsCDATA = true
                    pos = end + 3
                    return .text
                } else {
                    // <!DOCTYPE, <!ENTITY, <!ELEMENT …: the door to entity expansion stays shut.
                    throw SheetError.declarationRefused
                }
            default:
                try startTag()
                return .start
            }
        }
    }

    // MARK: Reading the current token

    /// The part is whole in memory: a token's bytes stay where they are after the next token is
    /// read. Read a piece at a time, they are valid only until then.
    var isWhole: Bool { feed == nil }

    func isNamed(_ other: XMLName) -> Bool {
        name == other.key && (other.bytes.count <= 8 || sameTail(nameStart, other))
    }

    func attribute(_ wanted: XMLName) -> Attribute? {
        var i = 0
        while i < attributeCount {
            let a = attributes[i]
            if a.name == wanted.key && (wanted.bytes.count <= 8 || sameTail(a.nameStart, wanted)) { return a }
            i += 1
        }
        return nil
    }

    /// The attribute's value as the file holds it (entities not decoded); for numbers and references.
    func raw(_ a: Attribute) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: bytes[a.valueStart..<a.valueEnd])
    }

    func string(_ a: Attribute) throws(SheetError) -> String {
        if !a.needsDecoding { return String(decoding: raw(a), as: UTF8.self) }
        var out: [UInt8] = []
        try XMLScanner.decode(bytes, a.valueStart, a.valueEnd, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    func string(of wanted: XMLName) throws(SheetError) -> String? {
        guard let a = attribute(wanted) else { return nil }
        return try string(a)
    }

    /// The current text token's bytes when they need no decoding.
    var rawText: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: bytes[textStart..<textEnd]) }

    /// Appends the current text token, decoded, to `out`.
    func appendText(to out: inout [UInt8]) throws(SheetError) {
        if textNeedsDecoding {
            try XMLScanner.decode(bytes, textStart, textEnd, into: &out)
        } else {
            out.append(contentsOf: rawText)
        }
    }

    /// Moves to just past the end tag of the element whose start tag was just read, without
    /// tokenizing its content. Used to pass over `<sheetData>` when only the merges are wanted.
    /// The content of a well-formed element cannot hold a literal `</name>` except in a comment or
    /// CDATA; a file that hides one there only misleads itself.
    mutating func skipElement() throws(SheetError) {
        if selfClosed {
            selfClosed = false
            depth -= 1
            return
        }
        guard depth > 0 else { return }
        while true {
            let top = open[depth - 1]
            let count = bytes.count
            var p = pos
            while let at = locate(0x3C, 0x2F, from: p) {
                let nameAt = at + 2
                if nameAt + top.length <= count && sameBytes(nameAt, top.start, top.length) {
                    var q = nameAt + top.length
                    while q < count && bytes[q] <= 0x20 { q += 1 }
                    if q < count && bytes[q] == 0x3E {
                        pos = q + 1
                        depth -= 1
                        return
                    }
                }
                p = nameAt
            }
            guard let feed, !feed.ended else { throw XMLScanner.broken("the part ends inside a tag") }
            // Only an end tag starting at the last '<' can be cut short by the buffer's end: any
            // earlier one is followed by that '<', which no name or white space holds.
            var last = count
            while last > pos && bytes[last - 1] != 0x3C { last -= 1 }
            try refill(from: last > pos ? last - 1 : count)
        }
    }

    // MARK: Tags

    private mutating func startTag() throws(SheetError) {
        let count = bytes.count
        let qualified = pos + 1
        var p = qualified
        (name, nameStart, p) = scanName(from: p)
        guard p > qualified else { throw XMLScanner.broken("an element has no name") }
        let qualifiedLength = p - qualified
        attributeCount = 0
        while true {
            while p < count && bytes[p] <= 0x20 { p &+= 1 }
            guard p < count else { throw XMLScanner.broken("a tag is cut short") }
            let b = bytes[p]
            if b == 0x3E {
                pos = p + 1
                break
            }
            if b == 0x2F {
                guard p + 1 < count, bytes[p + 1] == 0x3E else { throw XMLScanner.broken("a stray '/' in a tag") }
                pos = p + 2
                selfClosed = true
                break
            }
            let attributeAt = p
            let (key, localStart, afterName) = scanName(from: p)
            guard afterName > attributeAt else { throw XMLScanner.broken("an attribute has no name") }
            p = afterName
            while p < count && bytes[p] <= 0x20 { p &+= 1 }
            guard p < count, bytes[p] == 0x3D else { throw XMLScanner.broken("an attribute has no value") }
            p &+= 1
            while p < count && bytes[p] <= 0x20 { p &+= 1 }
            guard p < count, bytes[p] == 0x22 || bytes[p] == 0x27 else {
                throw XMLScanner.broken("an attribute value is not quoted")
            }
            let quote = bytes[p]
            let valueStart = p + 1
            p = valueStart
            var flagged = false
            while p < count && bytes[p] != quote {
                let c = bytes[p]
                if c == 0x3C { throw XMLScanner.broken("'<' in an attribute value") }
                if c == 0x26 { flagged = true }
                p &+= 1
            }
            guard p < count else { throw XMLScanner.broken("an attribute value is not closed") }
            let attribute = Attribute(
                name: key, nameStart: localStart, nameLength: afterName - localStart, valueStart: valueStart,
                valueEnd: p, needsDecoding: flagged)
            if attributeCount < attributes.count {
                attributes.initializeElement(at: attributeCount, to: attribute)
                attributeCount += 1
            }
            p &+= 1
        }
        guard depth < open.count else { throw XMLScanner.broken("elements are nested too deeply") }
        open.initializeElement(at: depth, to: OpenElement(start: qualified, length: qualifiedLength, local: name))
        depth += 1
        hasRoot = true
    }

    private mutating func endTag() throws(SheetError) {
        let count = bytes.count
        let qualified = pos + 2
        var p = qualified
        (name, nameStart, p) = scanName(from: p)
        let length = p - qualified
        while p < count && bytes[p] <= 0x20 { p &+= 1 }
        guard p < count, bytes[p] == 0x3E else { throw XMLScanner.broken("an end tag is cut short") }
        // Same length and local name; the bytes are compared only where the key does not cover them
        // (a prefix, or a local name longer than eight bytes).
        guard depth > 0, case let top = open[depth - 1], top.length == length, top.local == name,
            length == name.length && length <= 8 || sameBytes(top.start, qualified, length)
        else {
            throw XMLScanner.broken("an end tag does not match its start tag")
        }
        depth -= 1
        pos = p + 1
    }

    /// Bytes below 0x40 that end a name: white space and controls, '/', '<', '=', '>'.
    private static let nameEnds: UInt64 = 0x1_FFFF_FFFF | 1 << 0x2F | 1 << 0x3C | 1 << 0x3D | 1 << 0x3E

    /// Reads a (possibly prefixed) name: returns the local name's key, where the local name starts,
    /// and the index after the name. Names end at white space, '/', '>', '=' or '<'.
    @inline(__always) private func scanName(from start: Int) -> (XMLName.Key, Int, Int) {
        let count = bytes.count
        var p = start
        var local = start
        var packed: UInt64 = 0
        var shift: UInt64 = 0
        while p < count {
            let b = bytes[p]
            // Letters are above '?': one comparison for most name bytes, a bit mask for the rest.
            if b < 0x40 {
                if XMLScanner.nameEnds >> UInt64(b) & 1 != 0 { break }
                if b == 0x3A {
                    local = p + 1
                    packed = 0
                    shift = 0
                    p &+= 1
                    continue
                }
            }
            if shift < 64 {
                packed |= UInt64(b) << shift
                shift &+= 8
            }
            p &+= 1
        }
        return (XMLName.Key(packed: packed, length: p - local), local, p)
    }

    // MARK: Byte helpers

    /// Whether the bytes hold a 0 (XML allows no U+0000, not even as a reference). Eight bytes at a
    /// time: a word has a zero byte exactly when `(w - 0x01…01) & ~w & 0x80…80` is not zero. About
    /// 40 ms for 240 MB (memory speed), a few per cent of reading the sheet.
    static func containsNUL(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        let raw = UnsafeRawPointer(base)
        let count = bytes.count
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        var i = 0
        while i &+ 32 <= count {
            let a = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            let b = raw.loadUnaligned(fromByteOffset: i &+ 8, as: UInt64.self)
            let c = raw.loadUnaligned(fromByteOffset: i &+ 16, as: UInt64.self)
            let d = raw.loadUnaligned(fromByteOffset: i &+ 24, as: UInt64.self)
            let zeros = ((a &- ones) & ~a) | ((b &- ones) & ~b) | ((c &- ones) & ~c) | ((d &- ones) & ~d)
            if zeros & highs != 0 { return true }
            i &+= 32
        }
        while i < count {
            if base[i] == 0 { return true }
            i &+= 1
        }
        return false
    }

    private func sameTail(_ start: Int, _ other: XMLName) -> Bool {
        let n = other.bytes.count
        guard start + n <= bytes.count else { return false }
        for i in 8..<n where bytes[start + i] != other.bytes[i] { return false }
        return true
    }

    private func sameBytes(_ a: Int, _ b: Int, _ length: Int) -> Bool {
        guard a + length <= bytes.count, b + length <= bytes.count else { return false }
        for i in 0..<length where bytes[a + i] != bytes[b + i] { return false }
        return true
    }

    private func matches(_ literal: StaticString, at p: Int) -> Bool {
        let n = literal.utf8CodeUnitCount
        guard p + n <= bytes.count else { return false }
        let s = literal.utf8Start
        for i in 0..<n where bytes[p + i] != s[i] { return false }
        return true
    }

    /// Index of the first occurrence of the two-byte sequence at or after `from`.
    private func find(_ a: UInt8, _ b: UInt8, from: Int) throws(SheetError) -> Int {
        guard let p = locate(a, b, from: from) else { throw XMLScanner.broken("the part ends inside a tag") }
        return p
    }

    private func locate(_ a: UInt8, _ b: UInt8, from: Int) -> Int? {
        let count = bytes.count
        var p = from
        while p + 1 < count {
            if bytes[p] == a && bytes[p + 1] == b { return p }
            p &+= 1
        }
        return nil
    }

    private func find(_ a: UInt8, _ b: UInt8, _ c: UInt8, from: Int) throws(SheetError) -> Int {
        let count = bytes.count
        var p = from
        while p + 2 < count {
            if bytes[p] == a && bytes[p + 1] == b && bytes[p + 2] == c { return p }
            p &+= 1
        }
        throw XMLScanner.broken("the part ends inside a CDATA section")
    }

    private func skip(past a: UInt8, _ b: UInt8, from: Int) throws(SheetError) -> Int {
        try find(a, b, from: from) + 2
    }

    private func skipComment(from: Int) throws(SheetError) -> Int {
        try find(0x2D, 0x2D, 0x3E, from: from) + 3
    }

    // MARK: Entities

    /// Decodes `bytes[from..<to]` into `out`: the five predefined entities, character references,
    /// and line ends (CR LF and lone CR become LF, as an XML processor must). Anything else after
    /// '&' is an entity no DTD defined: the part is damaged.
    static func decode(
        _ bytes: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int, into out: inout [UInt8]
    ) throws(SheetError) {
        var p = from
        var run = from
        while p < to {
            let b = bytes[p]
            if b == 0x0D {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<p]))
                out.append(0x0A)
                p += (p + 1 < to && bytes[p + 1] == 0x0A) ? 2 : 1
                run = p
                continue
            }
            guard b == 0x26 else {
                p += 1
                continue
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<p]))
            var semicolon = p + 1
            while semicolon < to && semicolon - p <= 12 && bytes[semicolon] != 0x3B { semicolon += 1 }
            guard semicolon < to, bytes[semicolon] == 0x3B else { throw XMLScanner.broken("an '&' without ';'") }
            let entity = UnsafeBufferPointer(rebasing: bytes[(p + 1)..<semicolon])
            if let scalar = characterReference(entity) {
                appendUTF8(scalar, to: &out)
            } else {
                switch String(decoding: entity, as: UTF8.self) {
                case "lt": out.append(0x3C)
                case "gt": out.append(0x3E)
                case "amp": out.append(0x26)
                case "quot": out.append(0x22)
                case "apos": out.append(0x27)
                default: throw SheetError.undefinedEntity
                }
            }
            p = semicolon + 1
            run = p
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<to]))
    }

    /// `#20013` or `#x4E2D` as a Unicode scalar; nil when it is not a character reference.
    /// A reference to NUL, a surrogate or beyond U+10FFFF is damage.
    private static func characterReference(_ e: UnsafeBufferPointer<UInt8>) -> UInt32? {
        guard e.count >= 2, e[0] == 0x23 else { return nil }
        let hex = e[1] == 0x78 || e[1] == 0x58
        let digits = hex ? e.dropFirst(2) : e.dropFirst(1)
        guard !digits.isEmpty, digits.count <= 8 else { return 0xFFFD }
        var value: UInt32 = 0
        for d in digits {
            guard let v = hexValue(d), hex || v < 10 else { return 0xFFFD }
            value = value * (hex ? 16 : 10) + UInt32(v)
        }
        if value == 0 || (0xD800...0xDFFF).contains(value) || value > 0x10FFFF { return 0xFFFD }
        return value
    }

    static func hexValue(_ d: UInt8) -> UInt8? {
        switch d {
        case 0x30...0x39: return d - 0x30
        case 0x41...0x46: return d - 0x41 + 10
        case 0x61...0x66: return d - 0x61 + 10
        default: return nil
        }
    }

    /// Appends a scalar (already checked: not a surrogate, at most U+10FFFF) as UTF-8.
    static func appendUTF8(_ scalar: UInt32, to out: inout [UInt8]) {
        switch scalar {
        case 0..<0x80:
            out.append(UInt8(scalar))
        case 0x80..<0x800:
            out.append(0xC0 | UInt8(scalar >> 6))
            out.append(0x80 | UInt8(scalar & 0x3F))
        case 0x800..<0x10000:
            out.append(0xE0 | UInt8(scalar >> 12))
            out.append(0x80 | UInt8(scalar >> 6 & 0x3F))
            out.append(0x80 | UInt8(scalar & 0x3F))
        default:
            out.append(0xF0 | UInt8(scalar >> 18 & 0x07))
            out.append(0x80 | UInt8(scalar >> 12 & 0x3F))
            out.append(0x80 | UInt8(scalar >> 6 & 0x3F))
            out.append(0x80 | UInt8(scalar & 0x3F))
        }
    }

    static func broken(_ what: String) -> SheetError { SheetError.brokenXML(what) }
}

/// A name to look for, and the packed form the scanner compares first.
struct XMLName: Sendable {
    struct Key: Equatable, Sendable {
        var packed: UInt64
        var length: Int
    }
    let bytes: [UInt8]
    let key: Key

    init(_ name: StaticString) {
        bytes = Array(UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
        var packed: UInt64 = 0
        for (i, b) in bytes.prefix(8).enumerated() { packed |= UInt64(b) << UInt64(i * 8) }
        key = Key(packed: packed, length: bytes.count)
    }
}
