import Foundation
import TaizhangDomain
import TaizhangSheet

/// A ledger laid out as offices print it: a title row, the filter and export time, the header
/// (frozen, filtered, repeated on every printed page), then one row per problem; landscape, wide
/// text wrapped, dates as date cells, the version column hidden.
final class LedgerWorkbook {
    let writer: XLSXWriter
    let now: Date
    let description: String
    static let columns = LedgerColumn.allCases
    /// Rows above the first problem: title, filter and time, header.
    static let headerRow = 3

    init(writer: XLSXWriter, now: Date, description: String) {
        self.writer = writer
        self.now = now
        self.description = description
    }

    static func stamp(_ date: Date) -> (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .shanghai
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return (c.year ?? 1980, c.month ?? 1, c.day ?? 1, c.hour ?? 0, c.minute ?? 0, c.second ?? 0)
    }

    /// Column widths: the header's, the column's usual, and the widest of the sample's cells up
    /// to a cap (long text wraps instead).
    static func widths(sample: [LedgerCells]) -> [ColumnSetup] {
        columns.map { column in
            var width = max(column.width, Double(TextWidth.columns(column.header)) + 2)
            for cells in sample {
                guard case .text(let s)? = cells[column] else { continue }
                width = max(width, min(Double(TextWidth.columns(s)) + 2, column.wraps ? 60 : 30))
            }
            return ColumnSetup(width: width, hidden: column == .version)
        }
    }

    func begin(
        sheet name: String?, sample: [LedgerCells], validations: [ListValidation] = [],
        title: String? = nil
    ) throws {
        let last = Self.columns.count
        let stamp = Self.stamp(now)
        try writer.beginSheet(
            SheetSetup(
                name: name ?? "问题台账", columns: Self.widths(sample: sample), frozenRows: Self.headerRow,
                autoFilter: CellRange(
                    firstRow: Self.headerRow, firstColumn: 1, lastRow: Self.headerRow, lastColumn: last - 1),
                merges: [
                    CellRange(firstRow: 1, firstColumn: 1, lastRow: 1, lastColumn: last - 1),
                    CellRange(firstRow: 2, firstColumn: 1, lastRow: 2, lastColumn: last - 1),
                ],
                landscape: true, repeatRows: Self.headerRow...Self.headerRow, validations: validations, hidden: false))
        let title = title ?? "问题整改台账" + (name.map { "（\($0)）" } ?? "")
        try writer.row([OutCell(.text(title), .title)], height: 28)
        let time = String(format: "%d年%d月%d日 %02d:%02d", stamp.year, stamp.month, stamp.day, stamp.hour, stamp.minute)
        let filter = description.isEmpty ? "全部问题" : description
        try writer.row([OutCell(.text("筛选：\(filter)　导出时间：\(time)"), .subtitle)])
        try writer.row(Self.columns.map { OutCell(.text($0.header), .header) })
    }

    func write(_ cells: LedgerCells) throws {
        try writer.row(
            Self.columns.map { column -> OutCell? in
                guard let value = cells[column] else { return nil }
                switch value {
                case .date: return OutCell(value, .date)
                case .number: return OutCell(value, column == .version ? .hiddenVersion : .integer)
                default: return OutCell(value, column.wraps ? .wrapped : .text)
                }
            })
    }

    func end() throws { try writer.endSheet() }
    func finish() throws { try writer.finish() }
}
