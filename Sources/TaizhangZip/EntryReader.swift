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
            // Deflate expands at most 1,032 to 1: a declared size above that bound is not believed.
            let (bound, overflow) = input.count.multipliedReportingOverflow(by: 1_032)
            let limit = max(0, min(entry.uncompressedSize, overflow ? Int.max : bound + 1_024))
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
            do { return try inflater.next() } catch .tooLarge {
                throw .tooLarge(declared)
            } catch { throw .damaged("compressed data") }
        case .failed(let failure): throw failure
        case .unsupported(let method): throw .unsupportedMethod(method)
        }
    }
}
