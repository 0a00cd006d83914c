/// One entry of a `ZipArchive` read in pieces, lent to the body of `ZipArchive.reading(_:)` and
/// valid only there: its pieces point into the archive's bytes or the inflater's window. Read as
/// `ZipArchive.data(of:)` reads: the same bytes, the same failures.
public final class EntryReader {
    private enum Source {
        case stored(UnsafeBufferPointer<UInt8>, at: Int, window: Int)
        case deflated(InflateWindow, declared: Int)
        case failed(ZipArchive.Failure)
        case unsupported(Int)
    }
    private var source: Source

    init(failure: ZipArchive.Failure) { source = .failed(failure) }

    init(_ entry: ZipArchive.Entry, input: UnsafeBufferPointer<UInt8>, window: Int) {
        switch entry.method {
        case 0:
            source = .stored(input, at: 0, window: max(1, window))
        case 8:
            let limit = Inflate.outputBound(input.count, declared: entry.uncompressedSize)
            source = .deflated(
                InflateWindow(input: input, limit: limit, window: window), declared: entry.uncompressedSize)
        default:
            source = .unsupported(entry.method)
        }
    }

    /// The next piece of the entry, valid until the following call; nil at its end.
    public func next() throws(ZipArchive.Failure) -> UnsafeBufferPointer<UInt8>? {
        switch source {
        case .stored(let data, let at, let window):
            guard at < data.count else { return nil }
            let end = min(data.count, at + window)
            source = .stored(data, at: end, window: window)
            return UnsafeBufferPointer(rebasing: data[at..<end])
        case .deflated(let inflater, let declared):
            do { return try inflater.next() } catch { throw ZipArchive.Failure(error, declared: declared) }
        case .failed(let failure): throw failure
        case .unsupported(let method): throw .unsupportedMethod(method)
        }
    }
}
