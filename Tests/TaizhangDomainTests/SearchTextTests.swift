import TaizhangDomain
import Testing

/// How text is cut for search and how a query is read, with no database.
@Suite struct SearchTextTests {
    @Test func chineseRunsGiveBigramsAndTheirLastCharacter() {
        #expect(SearchDocument(["农村低保"]).tokens == ["农村", "村低", "低保", "保"])
        #expect(SearchDocument(["低"]).tokens == ["低"])
        // A line break inside a run does not cut it; punctuation does.
        #expect(SearchDocument(["农村低\n保，对象"]).tokens == ["农村", "村低", "低保", "保", "对象", "象"])
    }

    @Test func wordsAndNumbersAreWholeTokensFoldedToHalfWidthAndLowerCase() {
        #expect(SearchDocument(["问题2019-3556号 ABC"]).tokens == ["问题", "题", "2019", "3556", "号", "abc"])
        #expect(SearchDocument(["ＡＢＣ１２３"]).tokens == ["abc123"])
        #expect(SearchDocument(["🙂%_*"]).tokens.isEmpty)
    }

    @Test func traditionalIsIndexedAsSimplified() throws {
        #expect(SearchDocument(["養老服務"]).tokens == SearchDocument(["养老服务"]).tokens)
        #expect(try SearchQuery("養老").fts5 == SearchQuery("养老").fts5)
    }

    @Test func queriesBecomeQuotedPhrasesAndedTogether() throws {
        #expect(try SearchQuery("低保").fts5 == "\"低保\"")
        #expect(try SearchQuery("低保对象").fts5 == "\"低保 保对 对象\"")
        #expect(try SearchQuery("低").fts5 == "\"低\" *")
        #expect(try SearchQuery("低保  乱收费").fts5 == "\"低保\" AND \"乱收 收费\"")
        #expect(try SearchQuery("2019-3556").fts5 == "\"2019 3556\"")
        #expect(try SearchQuery("\"农村 低保\"").fts5 == "\"农村 村低 低保\"")
        #expect(try SearchQuery("低保abc").fts5 == "\"低保 保 abc\"")
        #expect(try SearchQuery("低保 对象").tsquery == "'低保' & '对象'")
        #expect(try SearchQuery("低保对象").tsquery == "('低保' <-> '保对' <-> '对象')")
        #expect(try SearchQuery("低").tsquery == "'低':*")
    }

    /// Terms intersected one at a time in the order given, after the scope: each nested AND kept
    /// apart by a NOT of a token no text can hold.
    @Test func termsCanBeIntersectedOneAtATimeInAnOrder() throws {
        let q = try SearchQuery("养老 殡葬 乱")
        let none = "\"\u{E002}\""
        #expect(q.fts5(after: nil, order: [1, 0]) == "(\"殡葬\" AND \"养老\")")
        #expect(
            q.fts5(after: "S", order: [1, 2, 0])
                == "(((((S AND \"殡葬\") NOT \(none)) AND \"乱\" *) NOT \(none)) AND \"养老\")")
        #expect(q.fts5(after: nil, order: [2]) == "\"乱\" *")
        #expect(SearchDocument(["\u{E002}养老\u{E002}"]).tokens == SearchDocument(["养老"]).tokens)
    }

    @Test func hostileQueriesNeverReachTheQueryLanguage() throws {
        #expect(try SearchQuery("NEAR OR \"低保").fts5 == "\"near\" AND \"or\" AND \"低保\"")
        #expect(try SearchQuery("a*b").fts5 == "\"a b\"")
        for nothing in ["%", "_", "\"", "*", "🙂🙂", "“”", "''"] {
            #expect(throws: DomainError.self) { try SearchQuery(nothing) }
        }
        #expect(throws: DomainError.self) { try SearchQuery(String(repeating: "低", count: 10_000)) }
        #expect(throws: DomainError.self) { try SearchQuery("低\u{0}保") }
    }

    @Test func aQueryMatchesTheDocumentItCameFrom() throws {
        // Every token of a query term appears in the document, adjacent, for text typed as written.
        let text = "关于农村低保对象认定不精准问题的整改（2019-3556号）ABC低保"
        let doc = SearchDocument([text]).tokens
        for typed in ["低保", "低保对象", "认定不精准问题", "2019-3556", "ABC低保", "低保对"] {
            let term = try #require(try SearchQuery(typed).terms.first)
            let found = (0..<doc.count).contains { start in
                start + term.tokens.count <= doc.count
                    && zip(term.tokens, doc[start...]).enumerated().allSatisfy { i, pair in
                        term.lastIsPrefix && i == term.tokens.count - 1 ? pair.1.hasPrefix(pair.0) : pair.0 == pair.1
                    }
            }
            #expect(found, "\(typed) → \(term.tokens) not in \(doc)")
        }
    }

    @Test func snippetsShowTheFirstHitEscaped() throws {
        let query = try SearchQuery("低保")
        #expect(SearchSnippet.make(query, in: ["标题", "<b>农村低\n保</b>"]) == "&lt;b&gt;农村<mark>低\n保</mark>&lt;/b&gt;")
        #expect(SearchSnippet.make(try SearchQuery("养老"), in: ["養老院"]) == "<mark>養老</mark>院")
        #expect(SearchSnippet.make(query, in: ["无关"]) == nil)
        let long = String(repeating: "前", count: 40) + "低保" + String(repeating: "后", count: 40)
        let snippet = try #require(SearchSnippet.make(query, in: [long]))
        #expect(snippet.hasPrefix("…") && snippet.hasSuffix("…") && snippet.contains("<mark>低保</mark>"))
    }
}

extension SearchTextTests {
    @Test func tsvectorLiteralsQuoteEveryLexemeWithItsPositions() {
        #expect(SearchDocument(["低保 2019"]).tsvectorLiteral == "'低保':1 '保':2 '2019':3")
        #expect(SearchDocument(["保保保"]).tsvectorLiteral == "'保保':1,2 '保':3")
    }

    /// The binary form holds what the literal says: the count of lexemes, then each lexeme ended
    /// by a zero byte with its positions, big-endian (PostgreSQL checks it against the literal in
    /// `BulkWriteTests`).
    @Test func binaryTsvectorsHoldTheLiteralsLexemesAndPositions() {
        #expect(SearchDocument(["ab"]).tsvectorBinary == [0, 0, 0, 1, 0x61, 0x62, 0, 0, 1, 0, 1])
        let bao = Array("保".utf8)
        #expect(
            SearchDocument(["保保保"]).tsvectorBinary
                == [0, 0, 0, 2] + bao + bao + [0, 0, 2, 0, 1, 0, 2] + bao + [0, 0, 1, 0, 3])
        #expect(SearchDocument(["ab"]).qualifiedTsvectorBinary([]) == [0, 0, 0, 0])
        #expect(
            SearchDocument(["ab"]).qualifiedTsvectorBinary(["x", "y"])
                == [0, 0, 0, 2, 0x78, 0x61, 0x62, 0, 0, 1, 0, 1, 0x79, 0x61, 0x62, 0, 0, 1, 0, 1])
    }

    /// A title's tokens qualified by its city and county: each at its plain self's positions, the
    /// scope tokens not qualified; a query within the county asks for those.
    @Test func titlesQualifiedByTheirAreasKeepPositions() throws {
        let path = UnitPath("/1/2/13/1957/")
        let body = SearchDocument(["说明"], extra: SearchScope.tokens(of: path))
        let scope = SearchScope.tokens(in: body.ftsText)
        let qualifiers = SearchScope.qualifiers(inScope: scope)
        #expect(qualifiers == ["\u{E001}2\u{E001}", "\u{E001}13\u{E001}"])
        let title = SearchDocument(["低保"]).withScope(scope)
        let q = "\u{E001}"
        #expect(
            title.qualifiedTsvectorLiteral(qualifiers)
                == "'\(q)2\(q)低保':1 '\(q)13\(q)低保':1 '\(q)2\(q)保':2 '\(q)13\(q)保':2")
        #expect(title.qualifiedTsvectorLiteral([]) == "")
        #expect(
            try SearchQuery("低保 \"对象\" 认").tsquery(qualifier: SearchScope.qualifier(unit: 13))
                == "'\(q)13\(q)低保' & '\(q)13\(q)对象' & '\(q)13\(q)认':*")
        #expect(SearchScope.qualifies([UnitPath("/1/2/13/")]) && SearchScope.qualifies([UnitPath("/1/2/")]))
        #expect(!SearchScope.qualifies([UnitPath("/1/")]) && !SearchScope.qualifies([UnitPath("/1/2/13/1957/")]))
        #expect(!SearchScope.qualifies([UnitPath("/1/2/"), UnitPath("/1/2/13/1957/")]) && !SearchScope.qualifies([]))
    }

    /// The literal as first written (on strings), to hold the byte version to: positions clamped at
    /// PostgreSQL's 16,383, at most 256 a lexeme, every lexeme once in the order first seen.
    static func reference(_ ftsText: String) -> String {
        var positions: [Substring: [Int]] = [:]
        var order: [Substring] = []
        for (i, token) in ftsText.split(separator: " ").enumerated() {
            if positions[token] == nil { order.append(token) }
            positions[token, default: []].append(min(i + 1, 16_383))
        }
        return order.map { token in
            var seen = Set<Int>()
            let unique = positions[token]!.filter { seen.insert($0).inserted }.prefix(256)
            return "'" + token + "':" + unique.map(String.init).joined(separator: ",")
        }.joined(separator: " ")
    }

    @Test func tsvectorLiteralsOfLongTextsKeepPostgresLimits() {
        let long = String(repeating: "养老服务中心建设滞后，低保审核不严 2019 ABC ", count: 1_000)
        for text in ["", "低", "a b  c", long, String(repeating: "保", count: 20_000)] {
            let document = SearchDocument([text])
            #expect(document.tsvectorLiteral == Self.reference(document.ftsText))
        }
        // A word first written past position 16,383 is kept there.
        let literal = SearchDocument([long + " 殡葬"]).tsvectorLiteral
        #expect(literal.contains("'殡葬':16383") && !literal.contains("16384"))
    }
}
