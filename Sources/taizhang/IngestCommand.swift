import ArgumentParser
import Foundation
import TaizhangApp
import TaizhangDomain
import TaizhangIntake

/// `taizhang ingest FILE…`: reads reports and prints the articles and findings in them.
struct IngestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Read report files (text, HTML, .docx, PDF, GBK) and print their articles and findings."
    )

    @Argument(help: "Report files to read (`-` reads standard input).")
    var files: [String]

    @Flag(help: "Print one JSON object per file: {\"file\", \"articles\": […]}.")
    var json = false

    func run() async throws {
        var failed = false
        for path in files {
            let url = URL(fileURLWithPath: path)
            let report: IncomingReport
            do {
                let data = path == "-" ? FileHandle.standardInput.readDataToEndOfFile() : try Data(contentsOf: url)
                // The same reading as reports sent to the server: text, HTML, .docx, GBK, PDF.
                report = try ReportIntake.readNow(Array(data), fileName: path == "-" ? nil : url.lastPathComponent)
            } catch let error as DomainError {
                FileHandle.standardError.write(Data("\(path): \(error.en) — \(error.zh)\n".utf8))
                failed = true
                continue
            } catch {
                FileHandle.standardError.write(Data("\(path): cannot be read (\(error.localizedDescription))\n".utf8))
                failed = true
                continue
            }
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
                FileHandle.standardOutput.write(try encoder.encode(report))
                FileHandle.standardOutput.write(Data("\n".utf8))
            } else {
                print(Self.summary(of: report, path: path))
            }
        }
        if failed { throw ExitCode.failure }
    }

    /// A short human-readable account of one file.
    static func summary(of report: IncomingReport, path: String) -> String {
        var lines = ["\(path): \(report.articles.count) article(s)"]
        for (n, a) in report.articles.enumerated() {
            lines.append("\(n + 1). \(a.title ?? "(untitled)")" + (a.source.map { " — \($0)" } ?? ""))
            lines.append(
                "   problems \(a.problems.count), figures \(a.quantities.count), deadlines \(a.deadlines.count), dates \(a.dates.count), organisations \(a.organizations.count)"
            )
            for p in a.problems { lines.append("   · \(p.problem) → \(p.measures.first ?? "")") }
            for t in a.tallies {
                let counts = t.counts.sorted { $0.key.rawValue < $1.key.rawValue }.map {
                    "\($0.key.rawValue) \($0.value)"
                }.joined(separator: ", ")
                lines.append("   tally: \(counts)" + (t.total.map { " of \($0)" } ?? ""))
            }
        }
        return lines.joined(separator: "\n")
    }
}
