import CZlib
import Dispatch

/// A moment given by the caller (the module reads no clock): the export time, as the offices
/// read their clocks. Zip entries carry it as a DOS date and time, docProps/core.xml as W3CDTF.
public typealias SheetTimestamp = (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int)

/// A zip file written as a stream: entries are deflated as their bytes arrive and handed to the
/// sink in chunks of about 64 KiB, so an entry of any size is never held whole in memory.
///
/// An entry's bytes are cut into blocks of 1 MiB deflated apart (see `ZipDeflateJob`), up to
/// `threads` at once on Dispatch's global queue while the caller goes on making the next ones;
/// their outputs go to the sink in order, from the caller's thread. zlib's fast levels deflate
/// about 180 MB of sheet XML a second on one core, so for a large export the deflating is most
/// of the work (three quarters of it), and a second core nearly halves the time.
///
/// Each local header sets general-purpose bit 3: its CRC and sizes are zero and a data
/// descriptor follows the data, since they are known only at its end; the central directory,
/// written by `finish()`, holds them all (readers, ours included, take sizes from there).
/// Names are UTF-8 (bit 11). No Zip64: an archive past 4 GiB is refused with an error.
public final class ZipWriter {
    /// Compression level used unless another is given. Measured on the XML of a 100,000-row
    /// ledger (237 MB): level 2 takes the time of level 1 (zlib's fastest) and makes 7% fewer
    /// bytes; level 3 makes 13% fewer again but takes a quarter longer, level 6 twice as long.
    public static let defaultLevel: Int32 = 2
    /// Blocks deflated at once unless told otherwise: the two cores the server is sized for.
    public static let defaultThreads = 2

    private static let chunk = 64 << 10
    private static let block = 1 << 20
    private static let window = 32 << 10

    private struct Record {
        var name: [UInt8]
        var offset: Int
        var crc: UInt32
        var compressed: Int
        var uncompressed: Int
    }

    private let sink: ([UInt8]) throws -> Void
    private let dosTime: UInt16
    private let dosDate: UInt16
    private let level: Int32
    private let threads: Int
    private var pending: [UInt8] = []
    /// Bytes handed to the sink so far plus those pending: the offset of the next byte.
    private var written = 0
    private var records: [Record] = []
    private var open: Record?
    private var finished = false
    /// The largest size or offset a zip without Zip64 can hold; lowered by tests.
    var limit = 0xFFFF_FFFF
    /// The open entry's bytes not yet given to a job.
    private var input: [UInt8] = []
    /// The last 32 KiB given to a job: the next one's dictionary.
    private var dictionary: [UInt8] = []
    /// Jobs given out and not yet written, oldest first.
    private var jobs: [(job: ZipDeflateJob, done: DispatchSemaphore?)] = []

    /// - Parameters:
    ///   - modified: the time every entry carries (DOS time, 1980–2107, 2-second steps).
    ///   - level: zlib's compression level, 0 to 9.
    ///   - threads: blocks deflated at once; 1 deflates on the caller's thread only.
    ///   - sink: takes the archive's bytes in order, in chunks of about 64 KiB.
    public init(
        modified: SheetTimestamp, level: Int32 = ZipWriter.defaultLevel, threads: Int = ZipWriter.defaultThreads,
        sink: @escaping ([UInt8]) throws -> Void
    ) {
        self.sink = sink
        self.level = max(0, min(9, level))
        self.threads = max(1, min(16, threads))
        // DOS dates start in 1980 and end in 2107; seconds are kept in 2-second steps.
        let year = max(1980, min(2107, modified.year))
        let month = max(1, min(12, modified.month))
        let day = max(1, min(31, modified.day))
        dosDate = UInt16((year - 1980) << 9 | month << 5 | day)
        let hour = max(0, min(23, modified.hour))
        let minute = max(0, min(59, modified.minute))
        let second = max(0, min(59, modified.second))
        dosTime = UInt16(hour << 11 | minute << 5 | second / 2)
        pending.reserveCapacity(Self.chunk * 2)
    }

    /// Starts an entry (closing the one before, if any); its bytes follow through `write`.
    public func addEntry(name: String) throws {
        try closeEntry()
        guard !finished else { throw Self.misuse("an entry added after finish()") }
        let nameBytes = Array(name.utf8)
        guard nameBytes.count <= 0xFFFF, records.count < 0xFFFF else { throw Self.tooLarge() }
        try checkOffset(written + 30 + nameBytes.count)
        open = Record(name: nameBytes, offset: written, crc: 0, compressed: 0, uncompressed: 0)
        append32(0x0403_4B50)
        append16(20)  // version needed: 2.0 (deflate)
        append16(0x0808)  // bit 3: sizes in the data descriptor; bit 11: UTF-8 name
        append16(8)  // deflate
        append16(dosTime)
        append16(dosDate)
        append32(0)  // CRC, compressed and uncompressed sizes: in the data descriptor
        append32(0)
        append32(0)
        append16(UInt16(nameBytes.count))
        append16(0)  // no extra field
        appendBytes(nameBytes)
        input.reserveCapacity(Self.block)
        dictionary = []
    }

    /// Feeds bytes of the open entry.
    public func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBufferPointer { try write($0) }
    }

    /// Feeds bytes of the open entry, straight from the caller's memory.
    public func write(_ bytes: UnsafeBufferPointer<UInt8>) throws {
        guard var record = open else { throw Self.misuse("bytes written with no entry open") }
        guard !bytes.isEmpty else { return }
        record.uncompressed += bytes.count
        guard record.uncompressed <= limit else { throw Self.tooLarge() }
        open = record
        var rest = bytes[...]
        while !rest.isEmpty {
            let take = min(rest.count, Self.block - input.count)
            input.append(contentsOf: UnsafeBufferPointer(rebasing: rest.prefix(take)))
            rest = rest.dropFirst(take)
            if input.count == Self.block { try submit(last: false) }
        }
    }

    /// Ends the open entry, if any: the rest of its deflate stream and its data descriptor.
    public func closeEntry() throws {
        guard open != nil else { return }
        try submit(last: true)
        while !jobs.isEmpty { try writeOldestJob() }
        guard var record = open else { return }
        record.compressed = written - record.offset - 30 - record.name.count
        try checkOffset(written + 16)
        guard record.compressed <= limit else { throw Self.tooLarge() }
        append32(0x0807_4B50)
        append32(record.crc)
        append32(UInt32(record.compressed))
        append32(UInt32(record.uncompressed))
        records.append(record)
        open = nil
        dictionary = []
    }

    /// Gives the bytes gathered so far to a job, run here or on another thread, and writes the
    /// oldest jobs' output once more are out than there are threads (twice as many, so a thread
    /// never waits for the caller to hand it work).
    private func submit(last: Bool) throws {
        let job = ZipDeflateJob(input: input, dictionary: dictionary, last: last, level: level)
        dictionary = input.count >= Self.window ? Array(input.suffix(Self.window)) : dictionary + input
        if dictionary.count > Self.window { dictionary.removeFirst(dictionary.count - Self.window) }
        input = []
        input.reserveCapacity(last ? 0 : Self.block)
        // A small entry's only block is deflated here: handing it to a thread would cost more.
        if threads == 1 || (last && jobs.isEmpty) {
            job.run()
            jobs.append((job, nil))
        } else {
            let done = DispatchSemaphore(value: 0)
            DispatchQueue.global().async {
                job.run()
                done.signal()
            }
            jobs.append((job, done))
        }
        while jobs.count > 2 * threads - 1 { try writeOldestJob() }
    }

    private func writeOldestJob() throws {
        let (job, done) = jobs.removeFirst()
        done?.wait()
        if let status = job.failure { throw Self.zlibFailure(status) }
        if var record = open {
            record.crc = UInt32(crc32_combine(uLong(record.crc), uLong(job.crc), off_t(job.input.count)))
            open = record
        }
        try checkOffset(written + job.output.count)
        written += job.output.count
        // A block's output is cut to the sink's chunk size, so the sink sees even chunks.
        var rest = job.output[...]
        while !rest.isEmpty {
            let take = min(rest.count, Self.chunk - pending.count)
            pending.append(contentsOf: rest.prefix(take))
            rest = rest.dropFirst(take)
            if pending.count >= Self.chunk { try flush() }
        }
    }

    /// Closes the open entry, writes the central directory and hands the last bytes to the sink.
    public func finish() throws {
        guard !finished else { return }
        try closeEntry()
        let directoryStart = written
        for record in records {
            try checkOffset(written + 46 + record.name.count)
            append32(0x0201_4B50)
            append16(20)  // made by: version 2.0, MS-DOS attributes
            append16(20)
            append16(0x0808)
            append16(8)
            append16(dosTime)
            append16(dosDate)
            append32(record.crc)
            append32(UInt32(record.compressed))
            append32(UInt32(record.uncompressed))
            append16(UInt16(record.name.count))
            append16(0)  // extra field
            append16(0)  // comment
            append16(0)  // disk number
            append16(0)  // internal attributes
            append32(0)  // external attributes
            append32(UInt32(record.offset))
            appendBytes(record.name)
            if pending.count >= Self.chunk { try flush() }
        }
        let directorySize = written - directoryStart
        try checkOffset(written + 22)
        append32(0x0605_4B50)
        append16(0)
        append16(0)
        append16(UInt16(records.count))
        append16(UInt16(records.count))
        append32(UInt32(directorySize))
        append32(UInt32(directoryStart))
        append16(0)  // no comment
        try flush()
        finished = true
    }

    private func flush() throws {
        guard !pending.isEmpty else { return }
        try sink(pending)
        pending.removeAll(keepingCapacity: true)
    }

    private func checkOffset(_ end: Int) throws {
        if end > limit { throw Self.tooLarge() }
    }

    private func appendBytes(_ bytes: [UInt8]) {
        pending.append(contentsOf: bytes)
        written += bytes.count
    }

    private func append16(_ value: UInt16) {
        pending.append(UInt8(truncatingIfNeeded: value))
        pending.append(UInt8(truncatingIfNeeded: value >> 8))
        written += 2
    }

    private func append32(_ value: UInt32) {
        append16(UInt16(truncatingIfNeeded: value))
        append16(UInt16(truncatingIfNeeded: value >> 16))
    }

    static func tooLarge() -> SheetError {
        SheetError(
            .tooLarge, zh: "导出文件超过 4 GB，请缩小导出范围后重试。",
            en: "The exported file would pass 4 GiB; export fewer rows.")
    }

    static func misuse(_ what: String) -> SheetError {
        SheetError(.unsupported, zh: "导出程序内部错误：\(what)。", en: "Writer misuse: \(what).")
    }

    private static func zlibFailure(_ status: Int32) -> SheetError {
        SheetError(.damaged, zh: "压缩数据时出错（zlib \(status)）。", en: "Compression failed (zlib status \(status)).")
    }
}
