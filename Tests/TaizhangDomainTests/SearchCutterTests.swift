import Testing

@testable import TaizhangDomain

/// The one-pass cutter that indexes documents must give exactly the tokens of the segment rules
/// that queries are read by, or a query would miss what it should find.
@Suite struct SearchCutterTests {
    /// Characters of every class the rules tell apart: simplified and traditional Chinese, ASCII
    /// and full-width letters and digits in both cases, other scripts, white space of several
    /// kinds, Chinese and ASCII punctuation, emoji, and a Chinese-range character with no case.
    static let alphabet: [String] = [
        "低", "保", "養", "老", "服", "務", "〇", "㐀", "𠀀", "a", "Z", "0", "9", "Ａ", "ｚ", "１", "Д", "ж", "é",
        "Σ", " ", "\n", "\t", "\u{3000}", "，", "。", "、", "-", "%", "_", "\"", "🙂", "々", "ア", "Ⅻ",
    ]

    /// The table the cutter folds and classes by gives, for every scalar, what the rules say.
    @Test func theTableFoldsAndClassesAsTheRulesDo() {
        var disagreements: [UInt32] = []
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let (folded, kind) = SearchFold.foldAndClassify(scalar)
            let expected = SearchFold.fold(scalar)
            if folded != expected || kind != SearchFold.classify(expected) { disagreements.append(value) }
        }
        #expect(disagreements.isEmpty)
        #expect(SearchFold.foldAndClassify("養") == ("养", .han))
        #expect(SearchFold.foldAndClassify("Ａ") == ("a", .word))
        #expect(SearchFold.foldAndClassify("\u{3000}") == (" ", .space))
        #expect(SearchFold.foldAndClassify("。") == ("。", .separator))
        #expect(SearchFold.foldAndClassify("𠀀") == ("𠀀", .han))
    }

    @Test func documentsAreCutAsTheSegmentRulesSay() {
        var seed: UInt64 = 0x5EED
        func next(_ n: Int) -> Int {
            seed &+= 0x9E37_79B9_7F4A_7C15
            var z = seed
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)) % UInt64(n))
        }
        for _ in 0..<2_000 {
            let parts = (0..<(1 + next(3))).map { _ in
                (0..<next(40)).map { _ in Self.alphabet[next(Self.alphabet.count)] }.joined()
            }
            let expected = parts.flatMap { SearchSegments.of($0).flatMap(SearchDocument.tokens(of:)) }
            let cut = SearchDocument(parts).tokens
            #expect(cut == expected, "\(parts)")
        }
    }

    @Test func aWordLongerThanTheLimitIsCutAtIt() {
        let long = String(repeating: "x", count: 100)
        let tokens = SearchDocument([long + " 低保"]).tokens
        #expect(tokens == [String(repeating: "x", count: SearchSegments.maxWord), "低保", "保"])
    }
}

extension SearchCutterTests {
    @Test func aDocumentsScopeTokensAreFoundAfterItsText() {
        let path = UnitPath("/1/2/13/")
        let body = SearchDocument(["低保对象 abc", "养老"], extra: SearchScope.tokens(of: path))
        #expect(SearchScope.tokens(in: body.ftsText) == SearchScope.tokens(of: path).joined(separator: " "))
        #expect(SearchScope.tokens(in: SearchDocument(["低保"]).ftsText) == "")
        // A private-use character typed in the text is a separator, never the start of a scope.
        #expect(SearchScope.tokens(in: SearchDocument(["低\u{E000}13保"]).ftsText) == "")
    }
}
