import Foundation
import TaizhangDomain
import TaizhangSheet

extension ExportCases {
    /// Rows of the template that carry drop-down lists.
    static let templateRows = 2_000

    /// An empty ledger workbook to fill in: the same columns as an export, a sheet explaining
    /// each, and drop-down lists of sources, categories, types and the units in the viewer's scope.
    public func template(as viewer: Principal) async throws -> [UInt8] {
        let names = try await UnitNames(services, viewer)
        let categories = try await services.problems.facets(unitID: nil, campaignID: nil, for: viewer).categories
            .map(\.value).filter { !$0.isEmpty }.sorted()
        let lists: [(LedgerColumn, [String])] = [
            (.source, SourceChannel.allCases.map(\.chinese)), (.category, categories),
            (.type, RectificationType.allCases.map(\.chinese)), (.leadUnit, names.units.map(names.matcher.label(for:))),
        ]
        var out: [UInt8] = []
        let now = services.clock.now()
        let writer = XLSXWriter(modified: LedgerWorkbook.stamp(now), compressionThreads: 1, sink: { out += $0 })
        let columns = LedgerColumn.allCases
        let first = LedgerWorkbook.headerRow + 1
        var validations: [ListValidation] = []
        for (i, (column, values)) in lists.enumerated() where !values.isEmpty {
            guard let at = columns.firstIndex(of: column) else { continue }
            let letter = ColumnName.letters(i + 1)
            validations.append(
                ListValidation(
                    range: CellRange(
                        firstRow: first, firstColumn: at + 1, lastRow: first + Self.templateRows, lastColumn: at + 1),
                    source: "'可选值'!$\(letter)$2:$\(letter)$\(values.count + 1)",
                    prompt: column.note, error: "请从下拉列表中选择“\(column.header)”"))
        }
        // 问题类别 may be new: the list only suggests.
        if let i = validations.firstIndex(where: {
            $0.range.firstColumn == (columns.firstIndex(of: .category) ?? 0) + 1
        }) {
            validations[i].error = nil
        }
        let book = LedgerWorkbook(writer: writer, now: now, description: "导入模板")
        try book.begin(sheet: "问题台账", sample: [], validations: validations, title: "问题整改台账（导入模板）")
        try book.end()
        try writer.beginSheet(
            SheetSetup(
                name: "填写说明", columns: [ColumnSetup(width: 14, hidden: false), ColumnSetup(width: 90, hidden: false)],
                frozenRows: 1, autoFilter: nil, merges: [], landscape: false, repeatRows: nil, validations: [],
                hidden: false))
        try writer.row([OutCell(.text("列名"), .header), OutCell(.text("填写说明"), .header)])
        for column in columns {
            try writer.row([OutCell(.text(column.header)), OutCell(.text(column.note), .wrapped)])
        }
        try writer.endSheet()
        try writer.beginSheet(
            SheetSetup(
                name: "可选值", columns: lists.map { _ in ColumnSetup(width: 24, hidden: false) }, frozenRows: 1,
                autoFilter: nil, merges: [], landscape: false, repeatRows: nil, validations: [], hidden: true))
        try writer.row(lists.map { OutCell(.text($0.0.header), .header) })
        for r in 0..<(lists.map(\.1.count).max() ?? 0) {
            try writer.row(lists.map { list in r < list.1.count ? OutCell(.text(list.1[r])) : nil })
        }
        try writer.endSheet()
        try writer.finish()
        return out
    }
}
