/// Inflates a DEFLATE stream a window at a time, so a 100 MB worksheet is read in about a
/// megabyte instead of being held whole.
///
/// Each `next()` hands out the bytes decoded since the previous call. Matches reach back at most
/// 32 KiB, so before decoding more the window keeps only its last 32 KiB and moves them to the
/// front; the limit, counted from the window's start, moves with them.
final class InflateWindow {
    static let history = 32 << 10
    private var decoder: Decoder
    private var started = false

    /// `input` must stay valid while the window is used (the archive lends it for one call).
    init(input: UnsafeBufferPointer<UInt8>, limit: Int, window: Int) {
        // Room for a longest match (258 bytes) past the history, so each call gives something.
        let capacity = Self.history + max(window, 1 << 9)
        let out = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity + slack)
        decoder = Decoder(input: input, limit: max(0, limit), out: out, capacity: capacity, growable: false)
        decoder.streaming = true
    }

    deinit {
        decoder.out.deallocate()
        decoder.release()
    }

    /// The next bytes of output, valid until the following call; nil once the stream has ended.
    func next() throws(Inflate.Failure) -> UnsafeBufferPointer<UInt8>? {
        if started && decoder.written > Self.history {
            let dropped = decoder.written - Self.history
            // The regions overlap when the window is small: raw copyMemory is a memmove.
            UnsafeMutableRawPointer(decoder.out).copyMemory(
                from: UnsafeRawPointer(decoder.out + dropped), byteCount: Self.history)
            decoder.written = Self.history
            decoder.limit -= dropped
        }
        started = true
        let from = decoder.written
        try decoder.run()
        guard decoder.written > from else { return nil }
        return UnsafeBufferPointer(start: decoder.out + from, count: decoder.written - from)
    }
}
