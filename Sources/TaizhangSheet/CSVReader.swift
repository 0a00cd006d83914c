/// CSV as Excel, WPS and other systems export it: UTF-8 with or without a byte order mark (UTF-16
/// with one is accepted too: Excel's “Unicode text”), comma-separated unless the first line has
/// tabs or semicolons and no comma, quoted per RFC 4180, with CRLF, LF or CR line ends.
///
/// Every non-empty field is `.text`; the caller decides what is a date or a number. Row numbers
/// count records (a quoted field may span lines), columns count fields, both from 1.
public enum CSVReader {
    public static func rows(_ bytes: [UInt8], limits: SheetLimits = .init(), _ body: (SheetRow) throws -> Void) throws {
        guard bytes.count <= limits.maxFileBytes else { throw SheetError.fileTooLarge(limits.maxFileBytes) }
        let zip: [UInt8] = [0x50, 0x4B, 0x03, 0x04]
        let ole2: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]
        if bytes.starts(with: zip) || bytes.starts(with: ole2) { throw SheetError.csvIsAWorkbook }
        let text = try utf16AsUTF8(bytes) ?? bytes
        try text.withUnsafeBufferPointer { (all) throws in
            let bom = all.count >= 3 && all[0] == 0xEF && all[1] == 0xBB && all[2] == 0xBF
            var parser = CSVParser(UnsafeBufferPointer(rebasing: all[(bom ? 3 : 0)...]), limits: limits)
            try parser.run(body)
        }
    }

    /// UTF-16 text (it starts with a byte order mark) as UTF-8; nil for anything else.
    private static func utf16AsUTF8(_ bytes: [UInt8]) throws(SheetError) -> [UInt8]? {
        guard bytes.count >= 2 else { return nil }
        let little: Bool
        switch (bytes[0], bytes[1]) {
        case (0xFF, 0xFE): little = true
        case (0xFE, 0xFF): little = false
        default: return nil
        }
        guard bytes.count % 2 == 0 else { throw SheetError.csvBadUTF16 }
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        for i in stride(from: 2, to: bytes.count, by: 2) {
            let a = UInt16(bytes[i])
            let b = UInt16(bytes[i + 1])
            units.append(little ? a | b << 8 : a << 8 | b)
        }
        var out: [UInt8] = []
        out.reserveCapacity(units.count * 2)
        let failed = transcode(units.makeIterator(), from: UTF16.self, to: UTF8.self, stoppingOnError: true) {
            out.append($0)
        }
        if failed { throw SheetError.csvBadUTF16 }
        return out
    }
}

private struct CSVParser {
    let bytes: UnsafeBufferPointer<UInt8>
    let limits: SheetLimits
    let separator: UInt8
    var pos = 0
    var row = 1
    var column = 1
    var cells: [SheetCell] = []
    var scratch: [UInt8] = []

    init(_ bytes: UnsafeBufferPointer<UInt8>, limits: SheetLimits) {
        self.bytes = bytes
        self.limits = limits
        separator = CSVParser.separator(bytes)
    }

    /// Comma, unless the first record has no comma outside quotes but tabs or semicolons (then the
    /// more frequent of those; a tie goes to tab).
    static func separator(_ b: UnsafeBufferPointer<UInt8>) -> UInt8 {
        var commas = 0
        var tabs = 0
        var semicolons = 0
        var quoted = false
        for c in b {
            if c == 0x22 {
                quoted.toggle()
            } else if !quoted {
                if c == 0x0A || c == 0x0D { break }
                if c == 0x2C { commas += 1 }
                if c == 0x09 { tabs += 1 }
                if c == 0x3B { semicolons += 1 }
            }
        }
        if commas > 0 || tabs + semicolons == 0 { return 0x2C }
        return tabs >= semicolons ? 0x09 : 0x3B
    }

    mutating func run(_ body: (SheetRow) throws -> Void) throws {
        let n = bytes.count
        while pos < n {
            // One record: fields until a line end or the end of the file.
            while true {
                try field()
                if pos >= n { break }
                let c = bytes[pos]
                pos += 1
                if c == separator {
                    column += 1
                    if pos >= n { break }
                    continue
                }
                if c == 0x0D && pos < n && bytes[pos] == 0x0A { pos += 1 }
                break
            }
            if !cells.isEmpty {
                if row > limits.maxRows { throw SheetError.tooManyRows(row: row, limit: limits.maxRows) }
                try body(SheetRow(number: row, cells: cells))
                cells = []
            }
            row += 1
            column = 1
        }
    }

    /// Reads one field, leaving `pos` at the separator or line end after it.
    private mutating func field() throws(SheetError) {
        let n = bytes.count
        if pos < n && bytes[pos] == 0x22 {
            try quoted()
            return
        }
        let start = pos
        while pos < n {
            let c = bytes[pos]
            if c == separator || c == 0x0A || c == 0x0D { break }
            pos += 1
        }
        try add(UnsafeBufferPointer(rebasing: bytes[start..<pos]))
    }

    /// `"…"`, with `""` for a quote and line ends kept; anything between the closing quote and the
    /// separator (`"a"b,`) is kept as well, as spreadsheet programs do.
    private mutating func quoted() throws(SheetError) {
        let n = bytes.count
        let openRow = row
        let openColumn = column
        scratch.removeAll(keepingCapacity: true)
        pos += 1
        var run = pos
        while true {
            while pos < n && bytes[pos] != 0x22 { pos += 1 }
            guard pos < n else { throw SheetError.csvUnclosedQuote(row: openRow, column: openColumn) }
            scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<pos]))
            if scratch.count > limits.maxCellBytes { throw tooLong() }
            if pos + 1 < n && bytes[pos + 1] == 0x22 {
                scratch.append(0x22)
                pos += 2
                run = pos
                continue
            }
            pos += 1
            break
        }
        while pos < n {
            let c = bytes[pos]
            if c == separator || c == 0x0A || c == 0x0D { break }
            scratch.append(c)
            pos += 1
        }
        let field = scratch
        try field.withUnsafeBufferPointer { (b) throws(SheetError) in try add(b) }
    }

    private mutating func add(_ field: UnsafeBufferPointer<UInt8>) throws(SheetError) {
        guard !field.isEmpty else { return }
        if field.count > limits.maxCellBytes { throw tooLong() }
        if column > limits.maxColumns {
            throw SheetError.tooManyColumns(row: row, column: column, limit: limits.maxColumns)
        }
        guard let text = String(validating: field, as: UTF8.self) else {
            throw CSVParser.looksLikeGBK(bytes)
                ? SheetError.csvLooksLikeGBK
                : SheetError.csvInvalidUTF8(row: row, column: column)
        }
        cells.append(SheetCell(column: column, value: .text(text)))
    }

    private func tooLong() -> SheetError {
        SheetError.cellTooLong(row: row, column: column, limit: limits.maxCellBytes)
    }

    /// Whether text that is not UTF-8 reads as GBK / GB18030: its high bytes are mostly lead bytes
    /// 0x81–0xFE followed by a trail byte 0x40–0xFE (or GB18030's four-byte form), and it is not
    /// UTF-8 with a few damaged bytes (UTF-8 Chinese also pairs up as GBK, but decodes well).
    static func looksLikeGBK(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        mostlyGBKPairs(b) && !mostlyUTF8(b)
    }

    private static func mostlyUTF8(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        var valid = 0
        var invalid = 0
        var i = 0
        let n = b.count
        while i < n {
            let c = b[i]
            if c < 0x80 {
                i += 1
                continue
            }
            let length = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0
            var ok = length > 0 && i + length <= n
            if ok {
                for k in 1..<length where b[i + k] & 0xC0 != 0x80 { ok = false }
            }
            if ok {
                valid += 1
                i += length
            } else {
                invalid += 1
                i += 1
            }
        }
        return valid > invalid
    }

    private static func mostlyGBKPairs(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        var pairs = 0
        var strays = 0
        var i = 0
        let n = b.count
        while i < n {
            let c = b[i]
            if c < 0x80 {
                i += 1
                continue
            }
            if c >= 0x81 && c <= 0xFE && i + 1 < n {
                let d = b[i + 1]
                if d >= 0x40 && d <= 0xFE && d != 0x7F {
                    pairs += 1
                    i += 2
                    continue
                }
                if d >= 0x30 && d <= 0x39 && i + 3 < n && b[i + 2] >= 0x81 && b[i + 2] <= 0xFE && b[i + 3] >= 0x30
                    && b[i + 3] <= 0x39
                {
                    pairs += 1
                    i += 4
                    continue
                }
            }
            strays += 1
            i += 1
        }
        return pairs > 0 && strays * 10 <= pairs
    }
}
