/// A .csv file written as a stream, as Excel and WPS open it with a double click: UTF-8 with a
/// byte-order mark (without it they read the bytes as GBK and Chinese turns to mojibake), CRLF
/// line ends, fields quoted as RFC 4180 says when they hold a comma, a quote, CR or LF, or start
/// or end with a space or tab (which spreadsheet programs otherwise trim).
///
/// No guard against "formula injection" (a field starting with = + - @): putting an apostrophe
/// or a space before such a field changes what people typed, and the ledger keeps every byte
/// they entered and must read back what it wrote. A field such as "-3 天" or "=原值" goes out as
/// it is; whoever opens the file in a spreadsheet program is shown what Excel makes of it.
///
/// Output is gathered in chunks of about 64 KiB before it goes to the sink.
public final class CSVWriter {
    private static let chunk = 64 << 10
    private let sink: ([UInt8]) throws -> Void
    private var buffer: [UInt8] = []
    private var finished = false

    public init(sink: @escaping ([UInt8]) throws -> Void) throws {
        self.sink = sink
        buffer.reserveCapacity(Self.chunk + (8 << 10))
        buffer.append(contentsOf: [0xEF, 0xBB, 0xBF])
    }

    public func row(_ fields: [String]) throws {
        guard !finished else { throw ZipWriter.misuse("a CSV row written after finish()") }
        for (index, field) in fields.enumerated() {
            if index > 0 { buffer.append(0x2C) }
            append(field)
        }
        buffer.append(0x0D)
        buffer.append(0x0A)
        if buffer.count >= Self.chunk { try flush() }
    }

    public func finish() throws {
        guard !finished else { return }
        finished = true
        try flush()
    }

    private func append(_ field: String) {
        // Native strings hand their UTF-8 over without a copy; bridged ones are copied once.
        if field.utf8.withContiguousStorageIfAvailable({ append($0) }) != nil { return }
        Array(field.utf8).withUnsafeBufferPointer { append($0) }
    }

    private func append(_ p: UnsafeBufferPointer<UInt8>) {
        guard let first = p.first, let last = p.last else { return }
        var quoted = first == 0x20 || first == 0x09 || last == 0x20 || last == 0x09
        var quotes = 0
        for byte in p where byte == 0x2C || byte == 0x22 || byte == 0x0D || byte == 0x0A {
            quoted = true
            if byte == 0x22 { quotes += 1 }
        }
        guard quoted else {
            buffer.append(contentsOf: p)
            return
        }
        buffer.append(0x22)
        if quotes == 0 {
            buffer.append(contentsOf: p)
        } else {
            for byte in p {
                buffer.append(byte)
                if byte == 0x22 { buffer.append(0x22) }
            }
        }
        buffer.append(0x22)
    }

    private func flush() throws {
        guard !buffer.isEmpty else { return }
        try sink(buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}
