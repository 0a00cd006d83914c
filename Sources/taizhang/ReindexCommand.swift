import ArgumentParser
import Foundation
import TaizhangStorage

/// `taizhang reindex`: rebuilds the search index from the stored texts, with a progress bar.
struct ReindexCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reindex",
        abstract: "Rebuild the search index (problems and reports) from the stored texts.",
        discussion:
            "Runs batch by batch while servers keep serving: every write keeps its own row current, so the index is never behind what was acknowledged."
    )

    @OptionGroup var store: StoreOptions

    func run() async throws {
        let database = try await store.open(logger: quietLogger("taizhang.db"))
        let started = Date()
        let bar = ProgressBar(label: "problems")
        do {
            try await SearchReindexer(store: database).run { done, total in bar.show(done, of: total) }
        } catch {
            try? await database.close()
            throw error
        }
        try await database.close()
        print(String(format: "search index rebuilt in %.1f s", Date().timeIntervalSince(started)))
    }
}
