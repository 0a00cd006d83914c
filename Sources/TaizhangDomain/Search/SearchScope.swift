/// Where a problem lies, written into its search row: one token for every unit from the root down
/// to its lead unit. A search within a subtree then adds that subtree's token as one more term,
/// and the engine intersects the word's list with the subtree's inside the index, instead of
/// reading each match's row to test its unit: a county (1 % of a province) needed about a hundred
/// candidates read per result kept, measured.
///
/// The tokens begin with a private-use character, which the cutter treats as a separator, so no
/// text and no query can produce or reach one. A problem's lead unit never changes and units do not
/// move, so the tokens written with a row stay true.
public enum SearchScope {
    static let mark = "\u{E000}"

    public static func token(unit id: Int64) -> String { mark + String(id) }

    /// The tokens of a problem led by the unit at `path`.
    public static func tokens(of path: UnitPath) -> [String] { path.ids.map { token(unit: $0) } }

    /// The scope tokens of a document built with them as its `extra` tokens: they come last, and
    /// they are the only tokens that start with the mark, so they are the text from its first
    /// occurrence on. Found on bytes (splitting a problem's whole text into `Character`s for this
    /// halved the rate of notes, profiled).
    public static func tokens(in ftsText: String) -> String {
        let utf8 = ftsText.utf8
        var i = utf8.startIndex
        // U+E000 in UTF-8: EE 80 80.
        while let lead = utf8[i...].firstIndex(of: 0xEE) {
            let next = utf8.index(after: lead)
            if next != utf8.endIndex, utf8[next] == 0x80, utf8.index(after: next) != utf8.endIndex,
                utf8[utf8.index(after: next)] == 0x80
            {
                return String(ftsText[lead...])
            }
            i = next
        }
        return ""
    }

    /// Whether a search within these subtrees gains by the tokens. A root's token is in every row,
    /// so intersecting with it only costs; a unit below the root holds a part of the ledger.
    public static func narrows(_ roots: [UnitPath]) -> Bool {
        !roots.isEmpty && roots.allSatisfy { $0.depth > 0 }
    }

    // MARK: Titles qualified by their area (PostgreSQL)

    /// The depths whose units also qualify each of a title's tokens on PostgreSQL: the areas
    /// (cities and departments below the province, counties below them) that people search within.
    ///
    /// Why: GIN intersects a word with a scope token by decoding both lists. 低保 (62,733 titles)
    /// with a county (9,365 problems) took 1.1 ms of a 1.8 ms statement for the county's 611 hits,
    /// measured; a list of the county's own hits is read at once. Deeper units hold a few hundred
    /// problems each, so their plain token already skips through the word's list; the root holds
    /// everything and needs no token.
    public static let qualifyingDepths = 1...2

    static let qualifierMark = "\u{E001}"

    /// The prefix of a token qualified by a unit: marks around the id, so one id is never a prefix
    /// of another (`1` of `13`) and a prefix query on a token (`低:*`) stays a prefix query.
    public static func qualifier(unit id: Int64) -> String { qualifierMark + String(id) + qualifierMark }

    /// The qualifiers a problem's title is indexed with, from its scope tokens (`tokens(in:)`).
    public static func qualifiers(inScope scope: String) -> [String] {
        let ids = scope.split(separator: " ").compactMap { Int64($0.dropFirst()) }
        return ids.indices.filter { qualifyingDepths.contains($0) }.map { qualifier(unit: ids[$0]) }
    }

    /// Whether a title search within these subtrees can ask for qualified tokens alone.
    public static func qualifies(_ roots: [UnitPath]) -> Bool {
        !roots.isEmpty && roots.allSatisfy { qualifyingDepths.contains($0.depth) }
    }

    /// The FTS5 expression for "in any of these subtrees".
    public static func fts5(_ roots: [UnitPath]) -> String {
        "(" + roots.compactMap(\.ids.last).map { "\"" + token(unit: $0) + "\"" }.joined(separator: " OR ") + ")"
    }

    /// The `tsquery` for the same.
    public static func tsquery(_ roots: [UnitPath]) -> String {
        "(" + roots.compactMap(\.ids.last).map { SearchQuery.quoteLexeme(token(unit: $0)) }.joined(separator: " | ")
            + ")"
    }
}
