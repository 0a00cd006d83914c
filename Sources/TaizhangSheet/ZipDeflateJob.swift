import CZlib

/// One block of an entry deflated on its own, as pigz does, so blocks can be deflated on
/// several cores and their outputs joined in order into one deflate stream:
///
/// - it starts from the 32 KiB of input before it as a preset dictionary, so matches reach back
///   across the join as in one stream (the ratio stays that of one stream);
/// - a block other than the last ends with a sync flush (an empty stored block that aligns the
///   output to a byte and does not mark it final), the last with the end of the stream.
///
/// The job owns its bytes and touches nothing else, so it can run on any thread; whoever waits
/// on `done` then reads `output`.
final class ZipDeflateJob: @unchecked Sendable {
    let input: [UInt8]
    let dictionary: [UInt8]
    let last: Bool
    let level: Int32
    private(set) var output: [UInt8] = []
    /// CRC-32 of `input`, joined to the entry's with crc32_combine (off the caller's thread too).
    private(set) var crc: UInt32 = 0
    /// zlib's status when it failed, else nil.
    private(set) var failure: Int32?

    init(input: [UInt8], dictionary: [UInt8], last: Bool, level: Int32) {
        self.input = input
        self.dictionary = dictionary
        self.last = last
        self.level = level
    }

    func run() {
        crc = input.withUnsafeBufferPointer { UInt32(crc32(0, $0.baseAddress, uInt($0.count))) }
        // zlib keeps a pointer back to its z_stream and checks it, so the stream must not move.
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        defer {
            stream.deinitialize(count: 1)
            stream.deallocate()
        }
        // Raw deflate (negative window bits): zip carries no zlib header or Adler checksum.
        var status = deflateInit2_(
            stream, level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else {
            failure = status
            return
        }
        defer { deflateEnd(stream) }
        if !dictionary.isEmpty {
            status = dictionary.withUnsafeBufferPointer {
                deflateSetDictionary(stream, $0.baseAddress, uInt($0.count))
            }
            guard status == Z_OK else {
                failure = status
                return
            }
        }
        let chunk = 64 << 10
        let scratch = UnsafeMutablePointer<UInt8>.allocate(capacity: chunk)
        defer { scratch.deallocate() }
        var out: [UInt8] = []
        out.reserveCapacity(Int(deflateBound(stream, uLong(input.count))) + 16)
        let flush = last ? Z_FINISH : Z_SYNC_FLUSH
        input.withUnsafeBufferPointer { source in
            stream.pointee.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
            stream.pointee.avail_in = uInt(source.count)
            while true {
                stream.pointee.next_out = scratch
                stream.pointee.avail_out = uInt(chunk)
                status = deflate(stream, flush)
                out.append(
                    contentsOf: UnsafeBufferPointer(start: scratch, count: chunk - Int(stream.pointee.avail_out)))
                if status == Z_STREAM_END { return }
                guard status == Z_OK || status == Z_BUF_ERROR else {
                    failure = status
                    return
                }
                // Room left over means deflate has said all it had (a flush is complete only then).
                if stream.pointee.avail_out > 0 {
                    if last { failure = status }
                    return
                }
            }
        }
        output = out
    }
}
