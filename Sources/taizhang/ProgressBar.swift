import Foundation

/// A progress bar on standard error: redrawn in place on a terminal, a line every 10 % otherwise
/// (so a log stays short).
struct ProgressBar: Sendable {
    let label: String
    let terminal = isatty(STDERR_FILENO) != 0

    func show(_ done: Int, of total: Int) {
        let fraction = Double(done) / Double(max(total, 1))
        let bar = String(repeating: "█", count: Int(fraction * 30)).padding(toLength: 30, withPad: "·", startingAt: 0)
        let line = String(format: "%@ %@ %3.0f%% %d/%d", label, bar, fraction * 100, done, total)
        if terminal {
            FileHandle.standardError.write(Data(("\r" + line + (done >= total ? "\n" : "")).utf8))
        } else if done >= total || (done * 10 / max(total, 1)) != ((done - 1) * 10 / max(total, 1)) {
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }
    }
}
