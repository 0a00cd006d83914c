import Foundation
import SQLKit
import Synchronization
import TaizhangDomain

/// How often each token occurs in PostgreSQL's search index, taken from the planner's own
/// statistics (`pg_stats`: the most common elements of the title column and of the title-and-body
/// index) and read at most once a minute.
///
/// Why not ask the planner (`EXPLAIN`), as before: it multiplies the frequencies of a phrase's
/// bigrams as if they were independent, and the bigrams of one word are not. 日间照料's three
/// bigrams are each in about 6 % of the titles and so is the word; the planner said 276 rows of a
/// million (0.03 %), so the page gathered 62,405 matches to sort them: 0.7 s a query (4.9 req/s,
/// with timeouts, in the benchmark). Here a phrase counts as its rarest bigram; separate words
/// and the scope still multiply, as the planner has them.
final class SearchStatistics: Sendable {
    struct Column: Sendable, Equatable {
        var frequency: [String: Double]
        /// A token not among the most common: half the least common one's frequency, at most
        /// 0.005 (as the planner assumes).
        var floor: Double

        func of(_ token: String) -> Double { frequency[token] ?? floor }
    }

    struct Snapshot: Sendable, Equatable {
        var rows: Double
        var title: Column
        var all: Column
    }

    static let maxAge: TimeInterval = 60
    /// The last reading and when it was made (a nil snapshot: no statistics yet, asked again later).
    private let last = Mutex<(snapshot: Snapshot?, at: Date)?>(nil)

    /// The statistics, read again when older than `maxAge`; nil when the table was never analysed.
    func current(_ db: any SQLDatabase, now: Date) async throws -> Snapshot? {
        if let known = last.withLock({ $0 }), now.timeIntervalSince(known.at) < Self.maxAge { return known.snapshot }
        let snapshot = try await Self.read(db)
        last.withLock { $0 = (snapshot, now) }
        return snapshot
    }

    static func read(_ db: any SQLDatabase) async throws -> Snapshot? {
        guard
            let rows = try await db.raw(
                "SELECT CAST(reltuples AS BIGINT) AS n FROM pg_class WHERE oid = CAST('problem_search' AS regclass)"
            ).first()?.int64("n"), rows > 0
        else { return nil }
        var columns: [String: Column] = [:]
        for row in try await db.raw(
            """
            SELECT tablename, array_to_string(CAST(CAST(most_common_elems AS TEXT) AS TEXT[]), E'\\x1f') AS elems,
                   array_to_string(most_common_elem_freqs, ',') AS freqs
            FROM pg_stats WHERE schemaname = current_schema()
            AND ((tablename = 'problem_search' AND attname = 'title') OR tablename = 'problem_search_all')
            """
        ).all() {
            guard let elems = try row.optionalString("elems"), let freqs = try row.optionalString("freqs") else {
                continue
            }
            columns[try row.string("tablename")] = column(
                elements: elems.split(separator: "\u{1F}").map(String.init),
                frequencies: freqs.split(separator: ",").compactMap { Double($0) })
        }
        guard let title = columns["problem_search"], let all = columns["problem_search_all"] else { return nil }
        return Snapshot(rows: Double(rows), title: title, all: all)
    }

    /// The frequencies of a column's most common elements; PostgreSQL appends the least and the
    /// greatest of them after the list.
    static func column(elements: [String], frequencies: [Double]) -> Column {
        var frequency: [String: Double] = [:]
        for (element, f) in zip(elements, frequencies) { frequency[element] = f }
        let least = frequencies.count > elements.count ? frequencies[elements.count] : (frequencies.min() ?? 0.01)
        return Column(frequency: frequency, floor: min(0.005, least / 2))
    }

    /// Whether each term's rarest token is among the column's most common elements, so that the
    /// estimate is a measured frequency and not the floor's guess.
    static func knowsEvery(_ query: SearchQuery, titleOnly: Bool, in s: Snapshot) -> Bool {
        let column = titleOnly ? s.title : s.all
        return query.terms.allSatisfy { term in
            let tokens = term.lastIsPrefix ? Array(term.tokens.dropLast()) : term.tokens
            guard let rarest = tokens.min(by: { column.of($0) < column.of($1) }) else { return false }
            return column.frequency[rarest] != nil
        }
    }

    /// How many rows match: in the title alone, or anywhere (an upper bound of the second rank);
    /// within subtrees if given. Nil when a term is only a prefix (no frequency to go by).
    static func estimate(_ query: SearchQuery, titleOnly: Bool, within: [UnitPath]?, in s: Snapshot) -> Double? {
        let column = titleOnly ? s.title : s.all
        var fraction = 1.0
        for term in query.terms {
            let tokens = term.lastIsPrefix ? Array(term.tokens.dropLast()) : term.tokens
            guard let rarest = tokens.map(column.of).min() else { return nil }
            fraction *= rarest
        }
        if let within {
            let units = within.compactMap(\.ids.last)
            fraction *= min(1, units.map { s.all.of(SearchScope.token(unit: $0)) }.reduce(0, +))
        }
        return fraction * s.rows
    }
}
