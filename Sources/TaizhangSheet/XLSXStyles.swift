/// Which cell styles show a number as a date. Excel stores a date as a serial number; only the
/// number format of the cell's style (`s` → `cellXfs` → `numFmtId` → built-in id or `formatCode`)
/// says it is one.
struct DateStyles: Sendable {
    private let flags: [Bool]

    static let none = DateStyles(flags: [])

    private init(flags: [Bool]) { self.flags = flags }

    func isDate(style: Int) -> Bool { style >= 0 && style < flags.count && flags[style] }

    /// Reads `xl/styles.xml`: the custom formats of `<numFmts>` and the formats of `<cellXfs>`.
    init(styles bytes: [UInt8]) throws(SheetError) {
        let numFmt = XMLName("numFmt")
        let numFmts = XMLName("numFmts")
        let cellXfs = XMLName("cellXfs")
        let xf = XMLName("xf")
        let numFmtId = XMLName("numFmtId")
        let formatCode = XMLName("formatCode")
        var custom: [Int: Bool] = [:]
        var formats: [Int] = []
        try XMLParts.scan(bytes) { (scanner) throws(SheetError) in
            var inNumFmts = false
            var cellXfsDepth = -1
            while true {
                switch try scanner.next() {
                case .start:
                    if scanner.isNamed(numFmts) {
                        inNumFmts = true
                    } else if inNumFmts && scanner.isNamed(numFmt) {
                        if let id = scanner.attribute(numFmtId).flatMap({ CellReference.index(scanner.raw($0)) }),
                            let code = try scanner.string(of: formatCode)
                        {
                            custom[id] = DateStyles.isDateFormat(code)
                        }
                    } else if scanner.isNamed(cellXfs) {
                        cellXfsDepth = scanner.depth
                    } else if cellXfsDepth >= 0 && scanner.depth == cellXfsDepth + 1 && scanner.isNamed(xf) {
                        formats.append(
                            scanner.attribute(numFmtId).flatMap { CellReference.index(scanner.raw($0)) } ?? 0)
                    }
                case .end:
                    if scanner.isNamed(numFmts) {
                        inNumFmts = false
                    } else if scanner.isNamed(cellXfs) {
                        cellXfsDepth = -1
                    }
                case .text: continue
                case .endOfDocument: return
                }
            }
        }
        flags = formats.map { id in custom[id] ?? DateStyles.builtInDates.contains(id) }
    }

    /// Built-in number formats that are dates or times, the Chinese, Japanese and Korean ones included
    /// (27–36 and 50–58 are `yyyy"年"m"月"d"日"` and the like in those locales).
    static let builtInDates: Set<Int> = Set(Array(14...22) + Array(27...36) + Array(45...47) + Array(50...58))

    /// Whether a format code shows a date or time: after quoted text, `[...]` sections (colours,
    /// conditions, locale markers such as `[$-804]`), backslash escapes and `_x` / `*x` padding are
    /// set aside, a y, m, d, h or s is left. `0.00`, `#,##0`, `"¥"#,##0.00`, `@` and `General` have none.
    static func isDateFormat(_ code: String) -> Bool {
        var scalars = code.unicodeScalars.makeIterator()
        while let c = scalars.next() {
            switch c {
            case "\"":
                while let q = scalars.next(), q != "\"" {}
            case "[":
                while let q = scalars.next(), q != "]" {}
            case "\\", "_", "*":
                _ = scalars.next()
            case "y", "Y", "m", "M", "d", "D", "h", "H", "s", "S":
                return true
            default:
                continue
            }
        }
        return false
    }
}
