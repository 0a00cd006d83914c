import TaizhangDomain
import TaizhangSheet

/// A ledger file's rows, read into records: .xlsx (every sheet with a ledger header) or .csv.
struct SheetReading {
    var headers: [String?: ImportHeader] = [:]
    var records: [ImportRecord] = []
    /// Said to the importer beside the preview: where each header was found.
    var remarks: [String] = []

    /// Zip files are workbooks; an old .xls (OLE2) is named as such by the workbook reader; the
    /// rest is read as CSV text.
    static func read(_ bytes: [UInt8], fileName: String, limits: SheetLimits = SheetLimits()) throws -> SheetReading {
        let isZip = bytes.starts(with: [0x50, 0x4B])
        let isOLE = bytes.starts(with: [0xD0, 0xCF, 0x11, 0xE0])
        var reading = SheetReading()
        if isZip || isOLE || fileName.lowercased().hasSuffix(".xlsx") {
            let book = try Workbook(xlsx: bytes, limits: limits)
            let named = book.sheetNames.count > 1
            for (index, name) in book.sheetNames.enumerated() {
                let merges = try book.merges(sheet: index)
                try reading.add(sheet: named ? name : nil, date1904: book.date1904, merges: merges) { body in
                    try book.rows(sheet: index, body)
                }
            }
        } else {
            try reading.add(sheet: nil, date1904: false, merges: []) { body in
                try CSVReader.rows(bytes, limits: limits, body)
            }
        }
        return reading
    }

    /// The records, handed over: the reading keeps none (the plan lets them go as it goes).
    mutating func takeRecords() -> [ImportRecord] {
        defer { records = [] }
        return records
    }

    /// Reads one sheet: its first rows until the header is found, then every row after it.
    mutating func add(
        sheet: String?, date1904: Bool, merges: [CellRange], rows: (_ body: (SheetRow) throws -> Void) throws -> Void
    ) throws {
        var head: [SheetRow] = []
        var header: ImportHeader?
        var records: [ImportRecord] = []
        do {
            try rows { row in
                if let header {
                    records.append(header.record(row, sheet: sheet, date1904: date1904))
                    return
                }
                head.append(row)
                if head.count == ImportHeader.searchRows || row.number > ImportHeader.searchRows * 5 {
                    header = ImportHeader.locate(head, merges: merges)
                    if let found = header {
                        records = head.filter { $0.number > found.row }.map {
                            found.record($0, sheet: sheet, date1904: date1904)
                        }
                    } else {
                        throw StopReading()
                    }
                }
            }
        } catch is StopReading {
            return
        }
        if header == nil { header = ImportHeader.locate(head, merges: merges) }
        guard let header else { return }
        if head.count < ImportHeader.searchRows {
            records = head.filter { $0.number > header.row }.map { header.record($0, sheet: sheet, date1904: date1904) }
        }
        headers[sheet] = header
        self.records += records
        let place = sheet.map { "工作表“\($0)”" } ?? "表格"
        if header.row != 1 { remarks.append("\(place)的表头在第 \(header.row) 行，其上的 \(header.row - 1) 行（标题、说明）不导入") }
    }
}

/// Stops reading a sheet that has no ledger header in its first rows (a notes or lists sheet).
struct StopReading: Error {}
