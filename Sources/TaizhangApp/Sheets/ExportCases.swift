import Foundation
import TaizhangDomain
import TaizhangSheet
import TaizhangStorage

/// What an export is asked for: a ledger view and how to write it.
public struct ExportRequest: Sendable {
    public enum Format: String, Sendable, CaseIterable {
        case xlsx, csv
    }
    public var filter: ProblemFilter
    public var format: Format
    /// One sheet per unit directly below the unit filtered on (or below the viewer's scope).
    public var sheetPerUnit: Bool
    /// The filter in words, for the title row (the pages and the CLI say it their way).
    public var filterDescription: String
    /// Deflate on two threads (the calling thread waits for them): for the command line, which
    /// has the machine to itself. A server compresses on the request's own thread instead, so an
    /// export never holds a thread of the shared pool waiting.
    public var parallelCompression: Bool

    public init(
        filter: ProblemFilter, format: Format, sheetPerUnit: Bool = false, filterDescription: String = "",
        parallelCompression: Bool = false
    ) {
        self.filter = filter
        self.format = format
        self.sheetPerUnit = sheetPerUnit
        self.filterDescription = filterDescription
        self.parallelCompression = parallelCompression
    }
}

/// Exporting a ledger view to a workbook or CSV: the same filters, search and scope as the
/// ledger page, read a page at a time and written as it is read, so 100,000 problems never sit
/// in memory at once.
public struct ExportCases: Sendable {
    let services: Services

    public init(_ services: Services) {
        self.services = services
    }

    /// Writes the export to `sink` in chunks; answers how many problems it holds. `progress` is
    /// told the running count after each page.
    public func export(
        _ request: ExportRequest, as viewer: Principal, sink: @escaping ([UInt8]) throws -> Void,
        progress: (@Sendable (Int) -> Void)? = nil
    ) async throws -> Int {
        var request = request
        // Unless asked otherwise, in number order, as offices list them (序号 follows 问题编号); it is
        // also the order the rows lie in the table, so a province's export reads it front to back.
        if request.filter.sort == nil && (request.filter.text ?? "").allSatisfy(\.isWhitespace) {
            request.filter.sort = .number
        }
        let names = try await UnitNames(services, viewer)
        let now = services.clock.now()
        let today = LocalDate(now)
        var count = 0
        switch request.format {
        case .csv:
            let csv = try CSVWriter(sink: sink)
            try csv.row(LedgerColumn.allCases.map(\.header))
            try await services.problems.exportPages(request.filter, for: viewer) { page in
                for row in names.rows(page) {
                    count += 1
                    try csv.row(row.texts(index: count, today: today))
                }
                progress?(count)
            }
            try csv.finish()
        case .xlsx:
            let book = LedgerWorkbook(
                writer: XLSXWriter(
                    modified: LedgerWorkbook.stamp(now), compressionThreads: request.parallelCompression ? 2 : 1,
                    sink: sink), now: now,
                description: request.filterDescription)
            for (sheetName, filter, onlyLead) in try await sheets(request, names: names, as: viewer) {
                var begun = false
                var index = 0
                try await services.problems.exportPages(filter, for: viewer) { page in
                    var rows = names.rows(page)
                    if let onlyLead { rows.removeAll { $0.problem.leadUnitID != onlyLead } }
                    if rows.isEmpty { return }
                    if !begun {
                        // Widths from the first page: enough to fit what people actually wrote.
                        try book.begin(
                            sheet: sheetName, sample: rows.prefix(200).map { $0.cells(index: 0, today: today) })
                        begun = true
                    }
                    for row in rows {
                        index += 1
                        try book.write(row.cells(index: index, today: today))
                    }
                    count += rows.count
                    progress?(count)
                }
                if !begun && (!request.sheetPerUnit || sheetName == nil) {
                    try book.begin(sheet: sheetName, sample: [])
                    begun = true
                }
                if begun { try book.end() }
            }
            try book.finish()
        }
        return count
    }

    /// How many problems the export will hold, when the counters can say without reading them:
    /// a view filtered only by unit, campaign and state (the usual “the whole ledger”). Nil
    /// otherwise (a search, a source, overdue…): then only a running count can be shown.
    public func expectedCount(_ request: ExportRequest, as viewer: Principal) async throws -> Int? {
        let f = request.filter
        guard (f.text ?? "").allSatisfy(\.isWhitespace), f.sourceChannels.isEmpty, f.category == nil,
            f.overdue == nil, f.deadlineFrom == nil, f.deadlineTo == nil, !f.supported
        else { return nil }
        let counts = try await services.problems.counts(unitID: f.unitID, campaignID: f.campaignID, for: viewer)
        return f.states.isEmpty ? counts.total : f.states.reduce(0) { $0 + counts.byState[$1, default: 0] }
    }

    /// The sheets to write: one for the whole view, or one per unit below the view's unit.
    /// Each sheet's name, filter and, for a unit's own sheet, the one lead unit it keeps.
    func sheets(_ request: ExportRequest, names: UnitNames, as viewer: Principal) async throws -> [(
        String?, ProblemFilter, Int64?
    )] {
        guard request.sheetPerUnit else { return [(nil, request.filter, nil)] }
        // Below the unit asked for, or below the scope's one root (a person with several roots
        // gets a sheet per root).
        var parent = request.filter.unitID
        let roots = try await services.units.children(of: nil, for: viewer)
        if parent == nil && roots.count == 1 { parent = roots[0].id }
        var out: [(String?, ProblemFilter, Int64?)] = []
        let sheets = parent == nil ? roots : try await services.units.children(of: parent, for: viewer)
        if let parent, let unit = names.byID[parent] {
            // The unit's own problems (led by it, not by a unit below) on a sheet of their own.
            var filter = request.filter
            filter.unitID = parent
            out.append(((unit.shortName.isEmpty ? unit.name : unit.shortName) + "（本级）", filter, parent))
        }
        for unit in sheets {
            var filter = request.filter
            filter.unitID = unit.id
            out.append((unit.shortName.isEmpty ? unit.name : unit.shortName, filter, nil))
        }
        return out.isEmpty ? [(nil, request.filter, nil)] : out
    }
}

/// Names of the units in a viewer's scope, as an import reads them back.
struct UnitNames: Sendable {
    let matcher: UnitMatcher
    let byID: [Int64: OrgUnit]

    /// Each unit's label, worked out once: a province's export names 3,000 units 100,000 times.
    let labels: [Int64: String]

    init(_ services: Services, _ viewer: Principal) async throws {
        let all = try await services.units.all()
        let units = all.filter { viewer.sees($0.path) }
        let matcher = UnitMatcher(units: units)
        self.matcher = matcher
        byID = Dictionary(units.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var labels = Dictionary(units.map { ($0.id, matcher.label(for: $0)) }, uniquingKeysWith: { a, _ in a })
        // A unit outside the scope appears only beside a problem in it (a supporting unit
        // elsewhere, the lead unit of a problem the scope supports): named, not numbered.
        for unit in all where labels[unit.id] == nil { labels[unit.id] = unit.name }
        self.labels = labels
    }

    var units: [OrgUnit] { byID.values.sorted { $0.path.value < $1.path.value } }

    func name(_ id: Int64) -> String { labels[id] ?? "#\(id)" }

    func rows(_ page: ExportPage) -> [LedgerRow] {
        page.problems.map { p in
            LedgerRow(
                problem: p, measures: page.measures[p.id] ?? [], latestNote: page.latestNotes[p.id],
                leadUnit: name(p.leadUnitID), supportingUnits: p.supportingUnitIDs.map(name))
        }
    }
}
