import ArgumentParser
import Foundation
import TaizhangApp
import TaizhangDomain
import TaizhangStorage

/// `taizhang export`: a ledger view to .xlsx or .csv, as a person in their scope would get it from the ledger page.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Export a ledger view to .xlsx (Excel, WPS) or .csv (UTF-8 with BOM).")

    @Option(name: .customLong("as"), help: "Login of the person exporting: their scope decides what is in the file.")
    var login: String
    @Option(help: "xlsx or csv (default: from --out's extension, else xlsx).") var format: String?
    @Option(help: "Output file; `-` writes to standard output.") var out: String
    @Option(help: "Only problems led by this unit or below it.") var unit: Int64?
    @Option(help: "Only this campaign.") var campaign: Int64?
    @Option(help: "Only these states (draft, open, submitted, closed, ongoing, merged, dismissed).") var state:
        [String] = []
    @Option(help: "Search text, as the ledger's search box.") var q: String?
    @Flag(help: "Only overdue problems.") var overdue = false
    @Flag(help: "One sheet per unit directly below the unit (xlsx).") var sheetPerUnit = false
    @OptionGroup var store: StoreOptions

    func run() async throws {
        let chosen = format ?? (out.lowercased().hasSuffix(".csv") ? "csv" : "xlsx")
        guard let format = ExportRequest.Format(rawValue: chosen) else {
            throw ValidationError("--format must be xlsx or csv")
        }
        var filter = ProblemFilter()
        filter.unitID = unit
        filter.campaignID = campaign
        filter.text = q
        filter.overdue = overdue ? true : nil
        for s in state {
            guard let parsed = ProblemState(rawValue: s) else { throw ValidationError("unknown state \(s)") }
            filter.states.append(parsed)
        }
        let described = [
            unit.map { "单位 #\($0)" }, campaign.map { "主题教育 #\($0)" }, q.map { "搜索“\($0)”" },
            state.isEmpty ? nil : "状态 " + state.joined(separator: ","), overdue ? "逾期" : nil,
        ].compactMap { $0 }.joined(separator: "，")
        try await withServices(store) { services in
            let viewer = try await principal(login, services)
            let handle: FileHandle
            if out == "-" {
                handle = FileHandle.standardOutput
            } else {
                guard FileManager.default.createFile(atPath: out + ".part", contents: nil),
                    let h = FileHandle(forWritingAtPath: out + ".part")
                else { throw ValidationError("cannot write \(out)") }
                handle = h
            }
            let started = Date()
            let exportRequest = ExportRequest(
                filter: filter, format: format, sheetPerUnit: sheetPerUnit, filterDescription: described,
                parallelCompression: true)
            // A bar when the counters know the total in advance, a running count otherwise.
            let total = try await services.exportCases.expectedCount(exportRequest, as: viewer)
            let counter = Counter(label: "exported")
            let bar = ProgressBar(label: "exported")
            let count = try await services.exportCases.export(
                exportRequest, as: viewer, sink: { handle.write(Data($0)) },
                progress: { done in
                    if let total { bar.show(min(done, total), of: total) } else { counter.show(done) }
                })
            if total == nil {
                counter.finish(count)
            } else if count != total {
                bar.show(count, of: count)  // the ledger moved while it was read: end the bar at what was written
            }
            if out != "-" {
                try handle.synchronize()
                try handle.close()
                // Written whole or not at all: a crash leaves the .part file, never half a workbook under the name.
                _ = try? FileManager.default.removeItem(atPath: out)
                try FileManager.default.moveItem(atPath: out + ".part", toPath: out)
            }
            FileHandle.standardError.write(
                Data(String(format: "%d problems exported in %.2f s\n", count, Date().timeIntervalSince(started)).utf8))
        }
    }
}

/// `taizhang import FILE`: checks a ledger spreadsheet, shows what it would do, and (without --dry-run) does it.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract:
            "Import a ledger spreadsheet (.xlsx or .csv): new rows become problems, rows with 问题编号 update theirs.",
        discussion:
            "The whole file is checked first; any error is listed by row and column and nothing is written. The import is one transaction, audited with the file's name and SHA-256."
    )

    @Argument(help: "The .xlsx or .csv file.") var file: String
    @Option(name: .customLong("as"), help: "Login of the person importing: their scope and roles apply.") var login:
        String
    @Option(help: "Campaign new problems join (default: the newest).") var campaign: Int64?
    @Option(help: "What a row naming an existing problem does: stop, skip or update.") var onMatch: String = "stop"
    @Flag(help: "Check and show what would change; write nothing.") var dryRun = false
    @Flag(help: "Print the plan (and result) as JSON.") var json = false
    @OptionGroup var store: StoreOptions

    func run() async throws {
        guard let mode = ImportMatchMode(rawValue: onMatch) else {
            throw ValidationError("--on-match must be stop, skip or update")
        }
        // Before the store is opened (which would make a data directory for a file that is not there).
        guard FileManager.default.isReadableFile(atPath: file) else { throw ValidationError("cannot read \(file)") }
        FreedMemory.keepLargeBlocksMapped()
        var failed = false
        try await withServices(store) { services in
            let actor = try await principal(login, services)
            let started = Date()
            let preview: ImportPreview
            do {
                if terminal { FileHandle.standardError.write(Data("checking \(file)…\n".utf8)) }
                // The request is a temporary: the file's bytes (tens of MB) are let go when the
                // preview returns instead of being held through the writing.
                let checked = try await services.importCases.preview(try request(mode), as: actor)
                if dryRun || !checked.plan.canApply {
                    preview = checked
                } else {
                    let bar = ProgressBar(label: "writing")
                    preview = try await services.importCases.apply(checked, as: actor) { done, total in
                        bar.show(done, of: total)
                    }
                }
            } catch let error as DomainError {
                if json {
                    print(ImportReport.json(error: error))
                } else {
                    FileHandle.standardError.write(Data("\(file): \(error.zh)\n\(error.en)\n".utf8))
                }
                failed = true
                return
            }
            print(json ? ImportReport.json(preview) : ImportReport.text(preview, dryRun: dryRun))
            failed = !preview.plan.canApply
            FileHandle.standardError.write(
                Data(String(format: "%.2f s\n", Date().timeIntervalSince(started)).utf8))
        }
        if failed { throw ExitCode.failure }
    }

    var terminal: Bool { isatty(STDERR_FILENO) != 0 }

    private func request(_ mode: ImportMatchMode) throws -> ImportRequest {
        let bytes: [UInt8]
        do {
            bytes = Array(try Data(contentsOf: URL(fileURLWithPath: file)))
        } catch {
            throw ValidationError("cannot read \(file): \(error.localizedDescription)")
        }
        return ImportRequest(
            bytes: bytes, fileName: URL(fileURLWithPath: file).lastPathComponent, campaignID: campaign, mode: mode)
    }
}

/// A running count on standard error, redrawn in place on a terminal.
final class Counter: @unchecked Sendable {
    let label: String
    let terminal = isatty(STDERR_FILENO) != 0
    init(label: String) { self.label = label }
    func show(_ n: Int) {
        if terminal { FileHandle.standardError.write(Data("\r\(label) \(n)".utf8)) }
    }
    func finish(_ n: Int) {
        if terminal { FileHandle.standardError.write(Data("\r\(label) \(n)\n".utf8)) }
    }
}

/// The person a command acts as, with their grants (a disabled person is refused).
func principal(_ login: String, _ services: Services) async throws -> Principal {
    guard let user = try await services.users.user(login: login),
        let p = try await services.users.principal(userID: user.id)
    else { throw ValidationError("no active user \(login)") }
    return p
}

/// Opens the store, runs `body` with the services, and closes the store whatever happens.
func withServices(_ store: StoreOptions, _ body: (Services) async throws -> Void) async throws {
    let database = try await store.open(logger: quietLogger("taizhang.db"))
    do {
        try await body(Services(store: database, dataDirectory: store.data))
    } catch {
        try? await database.close()
        throw error
    }
    try await database.close()
}
