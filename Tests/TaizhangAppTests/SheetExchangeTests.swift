import Foundation
import TaizhangApp
import TaizhangDomain
import TaizhangSheet
import TaizhangStorage
import TestSupport
import Testing

/// Spreadsheets in and out through the use cases, on both engines: an export read back cell by
/// cell, an import that writes all or nothing, within scope, audited with the file's hash.
@Suite struct SheetExchangeTests {
    static let header = "序号,问题编号,问题来源,问题描述,整改措施,责任单位,配合单位,整改时限,整改进展,版本\n"

    func csv(_ rows: [String]) -> [UInt8] { Array(("\u{FEFF}" + Self.header + rows.joined(separator: "\n")).utf8) }

    func request(_ bytes: [UInt8], _ mode: ImportMatchMode = .stop, name: String = "清单.csv") -> ImportRequest {
        ImportRequest(bytes: bytes, fileName: name, campaignID: nil, mode: mode)
    }

    func problemCount(_ ledger: Ledger) async throws -> Int {
        try await ledger.store.read { db in
            try await db.raw("SELECT COUNT(*) AS n FROM problems").first()!.decode(column: "n", as: Int.self)
        }
    }

    func exportBytes(_ ledger: Ledger, as viewer: Principal, _ format: ExportRequest.Format) async throws -> [UInt8] {
        let buffer = Buffer()
        _ = try await ledger.services.exportCases.export(
            ExportRequest(filter: ProblemFilter(), format: format), as: viewer, sink: { buffer.bytes += $0 })
        return buffer.bytes
    }

    /// The rows of an exported workbook's first sheet below the header, as text by header.
    func readBack(_ bytes: [UInt8]) throws -> [[String: String]] {
        let book = try Workbook(xlsx: bytes)
        var header: [Int: String] = [:]
        var out: [[String: String]] = []
        try book.rows(sheet: 0) { row in
            if row.number == 3 {
                for c in row.cells { if case .text(let s) = c.value { header[c.column] = s } }
            } else if row.number > 3 {
                var o: [String: String] = [:]
                for c in row.cells { o[header[c.column] ?? "?"] = LedgerText.text(c.value, date1904: book.date1904) }
                out.append(o)
            }
        }
        return out
    }

    @Test(arguments: TestDatabase.available)
    func aNewListBecomesProblemsInOneAuditedImport(db: TestDatabase) async throws {
        try await withLedger(on: db) { ledger in
            let bytes = csv([
                "1,,巡视,\"低保审核不严\n多报冒领\",\"1. 逐户复核\n2. 追回资金\",清徐县,阳曲县,2026-12-31,已复核 30 户,",
                "2,,信访,殡葬乱收费,,太原市阳曲县,,长期坚持,,",
            ])
            let imports = ledger.services.importCases
            let dry = try await imports.preview(request(bytes), as: ledger.office)
            #expect(dry.plan.issues == [])
            #expect(dry.plan.creates == 2)
            #expect(try await problemCount(ledger) == 0)
            let done = try await imports.run(request(bytes), as: ledger.office)
            #expect(done.result?.createdNumbers == ["2019-0001", "2019-0002"])
            let page = try await ledger.services.problemCases.list(ProblemFilter(), as: ledger.office)
            let firstFound = page.items.first { $0.number == "2019-0001" }
            let first = try #require(firstFound)
            #expect(first.title == "低保审核不严" && first.description == "多报冒领")
            #expect(first.leadUnitID == ledger.countyA1.id && first.deadline == LocalDate("2026-12-31"))
            let detail = try await ledger.services.problemCases.open(first.id, as: ledger.liaisonA1)
            #expect(detail.measures.map(\.text) == ["逐户复核", "追回资金"])
            #expect(detail.notes.map(\.text) == ["已复核 30 户"])
            #expect(detail.problem.supportingUnitIDs == [ledger.countyA2.id])
            let createdEvent = detail.history.first { $0.action == .importRows }
            let created = try #require(createdEvent)
            #expect(created.new?.contains(BlobStore.digest(bytes)) == true)
            #expect(created.new?.contains("清单.csv") == true)
            // Found by search in the same transaction.
            var search = ProblemFilter()
            search.text = "追回资金"
            #expect(
                try await ledger.services.problemCases.list(search, as: ledger.office).items.map(\.number) == [
                    "2019-0001"
                ])
            // The same file again names no existing problem (no numbers): stop mode creates twice only if asked.
            let second = try await imports.preview(request(bytes), as: ledger.office)
            #expect(second.plan.creates == 2)
            // The import took its ids before writing: a problem recorded afterwards gets one of its own.
            let later = try await ledger.draft()
            #expect(!page.items.map(\.id).contains(later.id))
            #expect(try await problemCount(ledger) == 3)
        }
    }

    /// A file large enough to be written in bulk (its own cache and index settings) is found by
    /// search as soon as the import returns, row by row, within scope.
    @Test(arguments: TestDatabase.available)
    func aLargeImportIsSearchableWhenItReturns(db: TestDatabase) async throws {
        try await withLedger(on: db) { ledger in
            let n = 2_600
            let bytes = csv(
                (1...n).map { i in
                    let county = i % 2 == 0 ? "清徐县" : "阳曲县"
                    let text = i == 1_234 ? "骨灰堂违规建设" : "低保复核第\(i)户"
                    return "\(i),,巡视,\(text),核查整改 \(i),\(county),,2026-12-31,,"
                })
            let done = try await ledger.services.importCases.run(request(bytes), as: ledger.office)
            #expect(done.result?.createdNumbers.count == n)
            var search = ProblemFilter()
            search.text = "骨灰堂"
            let found = try await ledger.services.problemCases.list(search, as: ledger.office).items
            #expect(found.map(\.title) == ["骨灰堂违规建设"])
            search.text = "核查整改 2599"
            #expect(try await ledger.services.problemCases.list(search, as: ledger.office).items.count == 1)
            // Row 1234 went to 清徐县: its liaison finds it, the sibling county's does not.
            search.text = "骨灰堂"
            #expect(try await ledger.services.problemCases.list(search, as: ledger.liaisonA1).items.count == 1)
            #expect(try await ledger.services.problemCases.list(search, as: ledger.liaisonA2).items.isEmpty)
            #expect(try await problemCount(ledger) == n)
        }
    }

    @Test(arguments: TestDatabase.available)
    func oneWrongRowAndNothingIsWritten(db: TestDatabase) async throws {
        try await withLedger(on: db) { ledger in
            let bytes = csv([
                "1,,巡视,甲问题,,清徐县,,2026-12-31,,",
                "2,,巡视,乙问题,,清徐,,2026-12-31,,",
                "3,,巡视,丙问题,,清徐县,,下个月,,",
            ])
            let before = try await ledger.auditEventCount()
            let answer = try await refusal {
                _ = try await ledger.services.importCases.run(request(bytes), as: ledger.office)
            }
            #expect(answer == "invalid import_has_errors")
            #expect(try await problemCount(ledger) == 0)
            #expect(try await ledger.auditEventCount() == before)
            let plan = try await ledger.services.importCases.preview(request(bytes), as: ledger.office).plan
            let places = plan.issues.map { "\($0.row ?? 0)\($0.column ?? "")" }
            #expect(places == ["3F", "4H"])
            #expect(plan.issues[0].zh.contains("清徐县"))
        }
    }

    @Test(arguments: TestDatabase.available)
    func anExportReadsBackAsTheLedgerAndReimportsUnchanged(db: TestDatabase) async throws {
        try await withLedger(on: db) { ledger in
            let p = try await ledger.readyForClosure()
            _ = try await ledger.draft(in: ledger.countyA2, title: "阳曲县的问题", deadline: nil)
            _ = try await ledger.problems.addNote(p.id, text: "已完成复核", notedOn: nil, figures: [:], by: ledger.liaisonA1)
            let bytes = try await exportBytes(ledger, as: ledger.office, .xlsx)
            let rows = try readBack(bytes)
            #expect(rows.count == 2)
            let found = rows.first { $0["问题编号"] == p.number }
            let other = rows.first { $0["问题编号"] != p.number }
            let row = try #require(found)
            let now = try await ledger.problems.problem(p.id, for: ledger.office)
            #expect(row["问题描述"] == now.title + "\n" + now.description)
            #expect(row["责任单位"] == "清徐县")
            #expect(row["整改时限"] == now.deadline?.description)
            #expect(row["状态"] == now.state.chinese)
            #expect(row["整改措施"] == "建立问题清单和整改清单")
            #expect(row["整改进展"] == "已完成复核")
            #expect(row["版本"] == String(now.version))
            #expect(other?["整改时限"] == "长期坚持")

            let same = try await ledger.services.importCases.preview(
                request(bytes, .update, name: "台账.xlsx"), as: ledger.office)
            #expect(same.plan.issues == [])
            #expect(same.plan.unchanged == 2)
            // The sibling county's liaison gets only their own problem in an export.
            let theirs = try readBack(try await exportBytes(ledger, as: ledger.liaisonA2, .xlsx))
            let theirTitles = theirs.map { $0["问题描述"] ?? "" }
            #expect(theirTitles == ["阳曲县的问题\n经巡视反馈发现"])
            // The command line's progress bar knows the total from the counters when it can.
            let exports = ledger.services.exportCases
            var open = ProblemFilter()
            open.states = [.open, .draft]
            let expected = try await exports.expectedCount(ExportRequest(filter: open, format: .csv), as: ledger.office)
            let listed = try await ledger.services.problemCases.list(open, as: ledger.office).items.count
            #expect(expected == listed)
            var searched = ProblemFilter()
            searched.text = "低保"
            #expect(
                try await exports.expectedCount(ExportRequest(filter: searched, format: .csv), as: ledger.office) == nil
            )
            let csvText = String(decoding: try await exportBytes(ledger, as: ledger.liaisonA1, .csv), as: UTF8.self)
            #expect(csvText.hasPrefix("\u{FEFF}序号,问题编号"))
            #expect(csvText.contains(p.number) && !csvText.contains("阳曲县的问题"))
        }
    }

    @Test(arguments: TestDatabase.available)
    func progressFilledInOfflineIsAddedAndAStaleRowIsAConflict(db: TestDatabase) async throws {
        try await withLedger(on: db) { ledger in
            let p = try await ledger.draft()
            let claimed = try await ledger.problems.transition(
                p.id, action: .claim, version: p.version, reason: nil, mergeInto: nil, by: ledger.liaisonA1)
            let line = { (progress: String, measures: String, version: Int) in
                "1,\(p.number),巡视巡察,\"\(p.title)\n经巡视反馈发现\",\(measures),清徐县,,2026-12-23,\(progress),\(version)"
            }
            let offline = csv([line("已排查 12 户", "\"1. 逐户排查\n2. 张榜公示\"", claimed.version)])
            let plan = try await ledger.services.importCases.preview(request(offline, .update), as: ledger.liaisonA1)
                .plan
            #expect(plan.issues == [] && plan.updates == 1)
            let done = try await ledger.services.importCases.run(request(offline, .update), as: ledger.liaisonA1)
            #expect(done.result?.notesAdded == 1 && done.result?.measuresAdded == 2)
            let detail = try await ledger.services.problemCases.open(p.id, as: ledger.liaisonA1)
            #expect(detail.measures.map(\.text) == ["逐户排查", "张榜公示"])
            #expect(detail.notes.first?.text == "已排查 12 户")

            // Someone edits the problem after the export: the row is a conflict, never written.
            let edited = try await ledger.problems.update(
                p.id, version: detail.problem.version,
                patch: {
                    var x = ProblemPatch()
                    x.sourceRef = "改过"
                    return x
                }(),
                by: ledger.office)
            let stale = csv([line("又排查 5 户", "", claimed.version)])
            let again = try await ledger.services.importCases.run(request(stale, .update), as: ledger.liaisonA1)
            #expect(again.plan.conflicts == 1)
            #expect(again.result?.notesAdded == 0)
            let after = try await ledger.problems.problem(p.id, for: ledger.office)
            #expect(after.version == edited.version)
        }
    }

    @Test(arguments: TestDatabase.available)
    func scopeAndRolesHoldInASpreadsheetToo(db: TestDatabase) async throws {
        try await withLedger(on: db) { ledger in
            let p = try await ledger.draft()
            let imports = ledger.services.importCases
            // A sibling county's liaison: the neighbour's number is unknown, the neighbour's unit too.
            let row = "1,\(p.number),巡视巡察,\"\(p.title)\n经巡视反馈发现\",,清徐县,,2026-12-23,看看,"
            let theirs = try await imports.preview(request(csv([row]), .update), as: ledger.liaisonA2).plan
            #expect(theirs.issues.map(\.code).contains("unknown_number"))
            let newRow = "1,,巡视,新问题,,清徐县,,2026-12-31,,"
            let unit = try await imports.preview(request(csv([newRow])), as: ledger.liaisonA2).plan
            #expect(unit.issues.map(\.code) == ["unknown_unit"])
            // A liaison may not put new problems on the ledger (offices and supervision do).
            let own = "1,,巡视,新问题,,阳曲县,,2026-12-31,,"
            let role = try await imports.preview(request(csv([own])), as: ledger.liaisonA2).plan
            #expect(role.issues.map(\.code) == ["role_required"])
            #expect(try await problemCount(ledger) == 1)
        }
    }

    @Test(arguments: TestDatabase.available)
    func filesThatAreNotLedgersAreRefusedClearly(db: TestDatabase) async throws {
        try await withLedger(on: db) { ledger in
            let imports = ledger.services.importCases
            let cases: [([UInt8], String)] = [
                ([0x50, 0x4B, 0x03, 0x04, 0x14, 0x00], "truncated.xlsx"),
                ([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + [UInt8](repeating: 0, count: 600), "old.xlsx"),
                ([0xC4, 0xE3, 0xBA, 0xC3, 0x2C, 0xCE, 0xCA, 0xCC, 0xE2, 0x0A], "gbk.csv"),
            ]
            for (bytes, name) in cases {
                let answer = try await refusal {
                    _ = try await imports.run(request(bytes, name: name), as: ledger.office)
                }
                #expect(answer == "invalid unreadable_file", "\(name)")
            }
            let noHeader = try await imports.preview(request(Array("a,b\n1,2\n".utf8)), as: ledger.office).plan
            #expect(noHeader.issues.map(\.code) == ["no_header"])
            #expect(try await problemCount(ledger) == 0)
        }
    }
}

/// Collects what a sink is given.
final class Buffer: @unchecked Sendable {
    var bytes: [UInt8] = []
}
