// Times the report reader (cleaning plus finding) on one core.
//
// Usage: reader-bench TARGET_MB FILE…
// The files are read as they are (HTML fragments, Markdown-like text) and replicated until
// TARGET_MB megabytes of UTF-8 text; then the reader runs (1) on each replicated document
// in turn, as ingestion does, and (2) on the whole text as one 'document', the worst case
// for the cleaner. Prints MB/s for both, then the time of cleaning and of finding alone.
import Foundation
import TaizhangIntake

let args = CommandLine.arguments
guard args.count >= 3, let targetMB = Double(args[1]) else {
    FileHandle.standardError.write(Data("usage: reader-bench TARGET_MB FILE…\n".utf8))
    exit(2)
}
let docs = args[2...].map { try! String(contentsOfFile: $0, encoding: .utf8) }
let target = Int(targetMB * 1_000_000)
var batch: [String] = []
var bytes = 0
while bytes < target {
    for d in docs {
        batch.append(d)
        bytes += d.utf8.count
    }
}
let reader = IncomingReportReader()

/// CPU seconds of this process spent in `body`: the figure per core, which other work on the
/// machine does not inflate the way it inflates wall-clock time.
func time(_ body: () -> Int) -> (Double, Int) {
    let start = clock()
    let n = body()
    return (Double(clock() - start) / Double(CLOCKS_PER_SEC), n)
}

let (t1, found1) = time {
    var n = 0
    for d in batch {
        let r = reader.read(text: d)
        n += r.articles.reduce(0) { $0 + $1.problems.count + $1.quantities.count + $1.organizations.count }
    }
    return n
}
let whole = batch.joined(separator: "\n")
let (t2, found2) = time {
    let r = reader.read(text: whole)
    return r.articles.reduce(0) { $0 + $1.problems.count + $1.quantities.count + $1.organizations.count }
}
let mb = Double(bytes) / 1_000_000
print(String(format: "text: %.1f MB of UTF-8 in %d documents", mb, batch.count))
print(String(format: "per document: %.2f s CPU, %.1f MB/s (%d findings)", t1, mb / t1, found1))
print(String(format: "one document: %.2f s CPU, %.1f MB/s (%d findings)", t2, mb / t2, found2))

// Where the time goes: cleaning alone, then finding alone on the clean bodies.
let (t3, articles) = time { reader.clean(text: whole).count }
let bodies = reader.clean(text: whole).map(\.body)
let (t4, _) = time { bodies.reduce(0) { $0 + IncomingReportReader.findings(in: $1).quantities.count } }
print(String(format: "cleaning alone: %.2f s (%d articles); finding alone: %.2f s", t3, articles, t4))
