import TaizhangZip

/// The zip package of a workbook: its parts by name and the relationships between them.
struct XLSXPackage: Sendable {
    struct Relationship: Sendable {
        var id: String
        var type: String
        /// The target as a part name inside the package (resolved against the source part).
        var target: String
        var external: Bool

        /// Whether the type ends in `/name`: transitional and strict OOXML differ only before it.
        func isType(_ name: String) -> Bool { type.hasSuffix("/" + name) }
    }

    private let archive: ZipArchive
    private let entries: [String: ZipArchive.Entry]
    /// The same, by lower-cased name: some writers and re-packers change the case of part names.
    private let folded: [String: ZipArchive.Entry]
    private let maxExpandedBytes: Int
    private let maxExpansionRatio: Int
    private let readWindow: Int
    /// Parts up to this size are inflated whatever their ratio: they cannot cost much, and a bloated
    /// styles part (thousands of identical formats) compresses far beyond any sheet.
    static let ratioCheckedAbove = 16 << 20

    init(_ bytes: [UInt8], limits: SheetLimits) throws(SheetError) {
        guard bytes.count <= limits.maxFileBytes else { throw SheetError.fileTooLarge(limits.maxFileBytes) }
        let ole2: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]
        if bytes.starts(with: ole2) { throw SheetError.oldExcelOrPassword }
        maxExpandedBytes = limits.maxExpandedBytes
        maxExpansionRatio = limits.maxExpansionRatio
        readWindow = limits.readWindow
        do {
            archive = try ZipArchive(
                bytes, limits: ZipArchive.Limits(maxEntries: 10_000, maxExpandedBytes: limits.maxExpandedBytes))
        } catch .notZip {
            // A zip's local header at the start but no directory at the end: the copy was cut short.
            throw bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) ? SheetError.truncated : SheetError.notSpreadsheet
        } catch {
            throw XLSXPackage.translate(error, limit: limits.maxExpandedBytes)
        }
        var entries: [String: ZipArchive.Entry] = [:]
        var folded: [String: ZipArchive.Entry] = [:]
        for entry in archive.entries {
            let name = XLSXPackage.normalize(entry.name)
            if entries[name] == nil { entries[name] = entry }
            if folded[name.lowercased()] == nil { folded[name.lowercased()] = entry }
        }
        self.entries = entries
        self.folded = folded
    }

    func contains(_ part: String) -> Bool { lookup(part) != nil }

    /// The part's bytes, inflated; nil when the package has no such part.
    ///
    /// A large part that declares it expands far more than real sheets do is refused from the
    /// directory, before anything is inflated: a zip bomb of 500 MiB of zeros in 0.5 MB stays within
    /// `maxExpandedBytes` (it is honest about its size), but costs seconds and half a gigabyte to read.
    func part(_ name: String) throws(SheetError) -> [UInt8]? {
        guard let entry = try entry(name) else { return nil }
        do { return try archive.data(of: entry) } catch { throw translate(error, part: name) }
    }

    /// The part's entry, checked as `part(_:)` checks it before inflating; nil when there is no such part.
    func entry(_ name: String) throws(SheetError) -> ZipArchive.Entry? {
        guard let entry = lookup(name) else { return nil }
        if entry.uncompressedSize > XLSXPackage.ratioCheckedAbove {
            let (allowed, overflow) = entry.compressedSize.multipliedReportingOverflow(by: max(1, maxExpansionRatio))
            if !overflow && entry.uncompressedSize > allowed {
                throw SheetError.expandsLikeABomb(name, ratio: entry.uncompressedSize / max(1, entry.compressedSize))
            }
        }
        return entry
    }

    /// Scans the part `entry(name)` found, read a piece at a time: a megabyte or so in memory
    /// however large the part; damage is met as the scanner reaches it, with `part(_:)`'s errors.
    func scan<R, E: Error>(
        _ entry: ZipArchive.Entry, of name: String, _ body: (inout XMLScanner) throws(E) -> R
    ) throws(E) -> R {
        try archive.reading(entry, window: readWindow) { (reader) throws(E) -> R in
            let feed = XMLFeed { () throws(SheetError) -> UnsafeBufferPointer<UInt8>? in
                do throws(ZipArchive.Failure) { return try reader.next() } catch { throw translate(error, part: name) }
            }
            return try XMLParts.scan(feed, body)
        }
    }

    private func translate(_ error: ZipArchive.Failure, part name: String) -> SheetError {
        // The directory's total was checked when the package was opened: here the entry's data
        // inflates past the size the directory declares for it (damaged, or made to mislead).
        if case .tooLarge = error { return SheetError.expandsBeyondDeclared(name) }
        return XLSXPackage.translate(error, limit: maxExpandedBytes)
    }

    /// The relationships of a part (from `dir/_rels/file.rels`); empty when it has none.
    func relationships(of source: String) throws(SheetError) -> [Relationship] {
        let slash = source.lastIndex(of: "/")
        let dir = slash.map { String(source[..<$0]) + "/" } ?? ""
        let file = slash.map { String(source[source.index(after: $0)...]) } ?? source
        guard let bytes = try part(dir + "_rels/" + file + ".rels") else { return [] }
        let relationship = XMLName("Relationship")
        let idName = XMLName("Id")
        let typeName = XMLName("Type")
        let targetName = XMLName("Target")
        let modeName = XMLName("TargetMode")
        var found: [Relationship] = []
        try XMLParts.scan(bytes) { (scanner) throws(SheetError) in
            while true {
                switch try scanner.next() {
                case .start where scanner.isNamed(relationship):
                    guard let id = try scanner.string(of: idName), let target = try scanner.string(of: targetName)
                    else {
                        continue
                    }
                    let external = try scanner.string(of: modeName) == "External"
                    found.append(
                        Relationship(
                            id: id, type: try scanner.string(of: typeName) ?? "",
                            target: external ? target : XLSXPackage.resolve(target, against: dir), external: external))
                case .endOfDocument: return
                default: continue
                }
            }
        }
        return found
    }

    private func lookup(_ name: String) -> ZipArchive.Entry? {
        let key = XLSXPackage.normalize(name)
        return entries[key] ?? folded[key.lowercased()]
    }

    /// Part names as found in zips: `\` from some Windows tools, a leading `/` from others.
    private static func normalize(_ name: String) -> String {
        var n = name.replacingBackslashes()
        while n.hasPrefix("/") { n.removeFirst() }
        return n
    }

    /// A relationship target (relative to the source part's folder, or absolute from the package
    /// root) as a part name: `worksheets/sheet1.xml` from `xl/` → `xl/worksheets/sheet1.xml`.
    static func resolve(_ target: String, against dir: String) -> String {
        let decoded = percentDecoded(target.replacingBackslashes())
        let path = decoded.hasPrefix("/") ? decoded : dir + decoded
        var parts: [Substring] = []
        for piece in path.split(separator: "/", omittingEmptySubsequences: true) {
            if piece == "." { continue }
            if piece == ".." {
                if !parts.isEmpty { parts.removeLast() }
                continue
            }
            parts.append(piece)
        }
        return parts.joined(separator: "/")
    }

    /// `%20` and the like, as URIs write them; malformed escapes are left as they are.
    private static func percentDecoded(_ s: String) -> String {
        guard s.contains("%") else { return s }
        var out: [UInt8] = []
        let b = Array(s.utf8)
        var i = 0
        while i < b.count {
            if b[i] == 0x25, i + 2 < b.count, let h = XMLScanner.hexValue(b[i + 1]),
                let l = XMLScanner.hexValue(b[i + 2])
            {
                out.append(h << 4 | l)
                i += 3
            } else {
                out.append(b[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func translate(_ failure: ZipArchive.Failure, limit: Int) -> SheetError {
        switch failure {
        case .notZip: return SheetError.notSpreadsheet
        case .damaged: return SheetError.truncated
        case .tooManyEntries: return SheetError.notAWorkbookPackage
        case .tooLarge: return SheetError.expandsTooMuch(limit)
        case .unsupportedMethod: return SheetError.unsupportedCompression
        }
    }
}

extension String {
    fileprivate func replacingBackslashes() -> String {
        guard contains("\\") else { return self }
        return String(map { $0 == "\\" ? "/" : $0 })
    }
}

/// Runs a scanner over one part's bytes. A part in UTF-16 (allowed by XML, written by a few
/// tools) is first turned into UTF-8, so the scanner only ever sees UTF-8.
enum XMLParts {
    static func scan<R, E: Error>(_ bytes: [UInt8], _ body: (inout XMLScanner) throws(E) -> R) throws(E) -> R {
        let utf8 = utf16Transcoded(bytes) ?? bytes
        return try utf8.withUnsafeBufferPointer { (buffer) throws(E) -> R in
            try withSlots { (slots, open) throws(E) -> R in
                var scanner = XMLScanner(buffer, attributes: slots, open: open)
                return try body(&scanner)
            }
        }
    }

    /// A part read a piece at a time.
    static func scan<R, E: Error>(_ feed: XMLFeed, _ body: (inout XMLScanner) throws(E) -> R) throws(E) -> R {
        try withSlots { (slots, open) throws(E) -> R in
            var scanner = XMLScanner(feed, attributes: slots, open: open)
            return try body(&scanner)
        }
    }

    /// The scanner's attribute slots and open-element stack, lent for one scan.
    private static func withSlots<R, E: Error>(
        _ body: (UnsafeMutableBufferPointer<XMLScanner.Attribute>, UnsafeMutableBufferPointer<XMLScanner.OpenElement>)
            throws(E) -> R
    ) throws(E) -> R {
        try withUnsafeTemporaryAllocation(of: XMLScanner.Attribute.self, capacity: XMLScanner.attributeSlots) {
            (slots) throws(E) -> R in
            try withUnsafeTemporaryAllocation(of: XMLScanner.OpenElement.self, capacity: XMLScanner.maxDepth) {
                (open) throws(E) -> R in try body(slots, open)
            }
        }
    }

    /// The bytes as UTF-8 when they start with a UTF-16 byte order mark; nil otherwise.
    static func utf16Transcoded(_ bytes: [UInt8]) -> [UInt8]? {
        guard bytes.count >= 2 else { return nil }
        let little: Bool
        switch (bytes[0], bytes[1]) {
        case (0xFF, 0xFE): little = true
        case (0xFE, 0xFF): little = false
        default: return nil
        }
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var i = 2
        while i + 1 < bytes.count {
            let a = UInt16(bytes[i])
            let b = UInt16(bytes[i + 1])
            units.append(little ? a | b << 8 : a << 8 | b)
            i += 2
        }
        var out: [UInt8] = []
        out.reserveCapacity(units.count * 2)
        _ = transcode(units.makeIterator(), from: UTF16.self, to: UTF8.self, stoppingOnError: false) { out.append($0) }
        return out
    }
}
