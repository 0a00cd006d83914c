import ArgumentParser
import Foundation
import TaizhangIntake

/// `taizhang ingest FILE…`: reads reports and prints the articles and findings in them.
struct IngestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Read report files (text, HTML, .docx, GBK) and print their articles and findings."
    )

    @Argument(help: "Report files to read (`-` reads standard input).")
    var files: [String]

    @Flag(help: "Print one JSON object per file: {\"file\", \"articles\": […]}.")
    var json = false

    func run() async throws {
        let reader = IncomingReportReader()
        var failed = false
        for path in files {
            let url = URL(fileURLWithPath: path)
            let report: IncomingReport
            do {
                let data = path == "-" ? FileHandle.standardInput.readDataToEndOfFile() : try Data(contentsOf: url)
                report = try reader.read(data: data, fileName: path == "-" ? nil : url.lastPathComponent)
            } catch let error as IncomingReportReadError {
                FileHandle.standardError.write(Data("\(path): \(error.description)\n".utf8))
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
