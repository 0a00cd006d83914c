/// The bytes of a part that is read a piece at a time (a worksheet inflated a window at a time),
/// held for an `XMLScanner` in a buffer of its own.
///
/// The scanner asks for more when a token runs past what the buffer holds; the buffer then keeps
/// only what the scanner still points at (the names of the open elements, to match their end tags,
/// and the unfinished token) and appends the next pieces. A 100 MB sheet is read in about a megabyte.
final class XMLFeed {
    typealias Pull = () throws(SheetError) -> UnsafeBufferPointer<UInt8>?

    private let pull: Pull
    private var buffer: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private(set) var count = 0
    /// The part has been read to its end: what the buffer holds is all there is.
    private(set) var ended = false
    /// The byte order mark has been looked at (once the first bytes are in).
    private var prepared = false

    init(_ pull: @escaping Pull) {
        self.pull = pull
        capacity = 1 << 16
        buffer = .allocate(capacity: capacity)
    }

    deinit { buffer.deallocate() }

    var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: buffer, count: count) }

    /// Moves `kept` (ranges of the buffer, in increasing order and not overlapping) to the front,
    /// one after another, and appends at least as many new bytes as were kept, or one piece if
    /// more: a token longer than a piece is scanned again a logarithmic number of times, not once
    /// per piece. Returns where each kept range now starts.
    func refill(keeping kept: [Range<Int>]) throws(SheetError) -> [Int] {
        var starts: [Int] = []
        starts.reserveCapacity(kept.count)
        var to = 0
        for range in kept {
            starts.append(to)
            // Every range moves left (or stays), in order: a memmove keeps the bytes intact.
            if range.lowerBound != to {
                UnsafeMutableRawPointer(buffer + to).copyMemory(
                    from: UnsafeRawPointer(buffer + range.lowerBound), byteCount: range.count)
            }
            to += range.count
        }
        count = to
        let wanted = max(1, to)
        while !ended && (count - to < wanted || (!prepared && count < 3)) {
            guard let piece = try pull() else {
                ended = true
                break
            }
            append(piece)
        }
        if !prepared {
            try prepare()
        } else if XMLScanner.containsNUL(UnsafeBufferPointer(start: buffer + to, count: count - to)) {
            throw SheetError.nulInXML
        }
        return starts
    }

    /// Looks at the first bytes: a UTF-8 byte order mark is passed over; a UTF-16 part (rare:
    /// some old writers) is read whole and scanned as UTF-8.
    private func prepare() throws(SheetError) {
        prepared = true
        if count >= 2 && ((buffer[0], buffer[1]) == (0xFF, 0xFE) || (buffer[0], buffer[1]) == (0xFE, 0xFF)) {
            var all = Array(bytes)
            while let piece = try pull() { all.append(contentsOf: piece) }
            ended = true
            let utf8 = XMLParts.utf16Transcoded(all) ?? all
            count = 0
            utf8.withUnsafeBufferPointer { append($0) }
        } else if count >= 3 && (buffer[0], buffer[1], buffer[2]) == (0xEF, 0xBB, 0xBF) {
            UnsafeMutableRawPointer(buffer).copyMemory(from: UnsafeRawPointer(buffer + 3), byteCount: count - 3)
            count -= 3
        }
        if XMLScanner.containsNUL(bytes) { throw SheetError.nulInXML }
    }

    private func append(_ piece: UnsafeBufferPointer<UInt8>) {
        guard let base = piece.baseAddress, !piece.isEmpty else { return }
        reserve(piece.count)
        (buffer + count).update(from: base, count: piece.count)
        count += piece.count
    }

    private func reserve(_ more: Int) {
        guard count + more > capacity else { return }
        var grown = capacity
        while grown < count + more { grown *= 2 }
        let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: grown)
        bigger.update(from: buffer, count: count)
        buffer.deallocate()
        buffer = bigger
        capacity = grown
    }
}
