import Foundation
import SQLKit
import TaizhangDomain
import TaizhangStorage
import TestSupport
import Testing

/// Search over the ledger, the same on SQLite and PostgreSQL: what is found, in what order, and
/// never outside the searcher's scope.
@Suite struct SearchTests {
    /// The ids a search finds for `actor`, in the order the list gives them.
    func found(_ ledger: Ledger, _ q: String, as actor: Principal? = nil, unit: Int64? = nil) async throws -> [Int64] {
        var filter = ProblemFilter()
        filter.text = q
        filter.unitID = unit
        return try await ledger.problems.list(filter, for: actor ?? ledger.office).items.map(\.id)
    }

    func problem(_ ledger: Ledger, _ title: String, description: String = "", in unit: OrgUnit? = nil) async throws
        -> Problem
    {
        try await ledger.problems.create(
            ProblemDraft(
                campaignID: ledger.campaign.id, title: title, description: description, sourceChannel: .inspection,
                sourceRef: "", category: "", leadUnitID: (unit ?? ledger.countyA1).id,
                foundOn: LocalDate("2026-10-01")!, deadline: nil, rectificationType: .immediate), by: ledger.office)
    }

    @Test(arguments: TestDatabase.available)
    func chineseQueriesOfEveryLength(db: TestDatabase) async throws {
        try await withLedger(on: db) { ledger in
            let dibao = try await problem(ledger, "农村低保对象认定不精准", description: "部分乡镇存在\n人情保、关系保")
            let yanglao = try await problem(ledger, "养老服务机构乱收费", description: "殡葬服务价格不透明")
            let numbered = try await problem(ledger, "巡视反馈问题", description: "见2019-3556号文件，涉及12345户，ABC项目")
            #expect(try await found(ledger, "低保") == [dibao.id])
            #expect(try await found(ledger, "乱收费") == [yanglao.id])
            #expect(try await found(ledger, "认定不精") == [dibao.id])
            #expect(try await found(ledger, "保") == [dibao.id])  // one character: 低保, 人情保
            #expect(try await found(ledger, "殡") == [yanglao.id])
            #expect(try await found(ledger, "存在人情保") == [dibao.id], "a query spans the line break in the text")
            #expect(try await found(ledger, "養老服務") == [yanglao.id], "traditional finds simplified")
            #expect(try await found(ledger, "ｂｃ") == [], "words match whole")
            #expect(try await found(ledger, "ＡＢＣ") == [numbered.id], "full width finds half width")
            #expect(try await found(ledger, "2019-3556") == [numbered.id])
            #expect(try await found(ledger, "12345") == [numbered.id])
            #expect(try await found(ledger, "低保 殡葬") == [], "two words: both must appear")
            #expect(try await found(ledger, "养老 殡葬") == [yanglao.id])
            #expect(try await found(ledger, "\"服务机构\"") == [yanglao.id])
            #expect(try await found(ledger, "\"机构服务\"") == [], "a phrase must appear as written")
            #expect(try await found(ledger, "低保对象认定") == [dibao.id])
            #expect(try await found(ledger, "低保认定") == [], "a word is a phrase, not a bag of characters")
        }
    }

    @Test(arguments: TestDatabase.available)
    func titleHitsFirstThenNewestWithSnippets(db: TestDatabase) async throws {
        try await withLedger(on: db) { ledger in
            let older = try await problem(ledger, "低保资金发放滞后")
            let body = try await problem(ledger, "资金监管问题", description: "低保资金<b>被挪用</b>")
            let newer = try await problem(ledger, "低保档案不全")
            var filter = ProblemFilter()
            filter.text = "低保"
            let page = try await ledger.problems.list(filter, for: ledger.office)
            #expect(page.items.map(\.id) == [newer.id, older.id, body.id])
            #expect(page.snippets[newer.id] == "<mark>低保</mark>档案不全")
            #expect(page.snippets[body.id] == "<mark>低保</mark>资金&lt;b&gt;被挪用&lt;/b&gt;")

            // Keyset pages through the same order, across the title/body boundary.
            filter.limit = 2
            let first = try await ledger.problems.list(filter, for: ledger.office)
            #expect(first.items.map(\.id) == [newer.id, older.id])
            let cursor: String = try #require(first.nextCursor)
            filter.cursor = cursor
            let second = try await ledger.problems.list(filter, for: ledger.office)
            #expect(second.items.map(\.id) == [body.id])
            #expect(second.nextCursor == nil)

            // One at a time: a cursor inside the title hits, at their end, and inside the body hits.
            let bodyToo = try await problem(ledger, "资金监管问题二", description: "低保资金")
            filter.limit = 1
            filter.cursor = nil
            var seen: [Int64] = []
            repeat {
                let page = try await ledger.problems.list(filter, for: ledger.office)
                seen += page.items.map(\.id)
                filter.cursor = page.nextCursor
            } while filter.cursor != nil && seen.count < 10
            #expect(seen == [newer.id, older.id, bodyToo.id, body.id])

            // Any other order can be asked for, combined with the search.
            filter = ProblemFilter()
            filter.text = "低保"
            filter.sort = .number
            #expect(
                try await ledger.problems.list(filter, for: ledger.office).items.map(\.id) == [
                    older.id, body.id, newer.id, bodyToo.id,
                ])
        }
    }

    @Test(arguments: TestDatabase.available)
    func aSiblingCountysProblemIsNeverFound(db: TestDatabase) async throws {
        try await withLedger(on: db) { ledger in
            let mine = try await problem(ledger, "低保对象认定不精准", in: ledger.countyA1)
            let theirs = try await problem(ledger, "低保对象认定不精准", in: ledger.countyA2)
            #expect(try await found(ledger, "低保", as: ledger.liaisonA1) == [mine.id])
            #expect(try await found(ledger, "低保", as: ledger.liaisonA2) == [theirs.id])
            #expect(Set(try await found(ledger, "低保", as: ledger.office)) == [mine.id, theirs.id])
            let answer = try await refusal {
                _ = try await found(ledger, "低保", as: ledger.liaisonA1, unit: ledger.countyA2.id)
            }
            #expect(answer == "notFound not_found")
        }
    }

    /// A search within a unit below the root is narrowed inside the index by the tokens of where
    /// each problem lies: the whole subtree is found, down to its townships, and nothing beside it.
    @Test(arguments: TestDatabase.available)
    func aSubtreeSearchFindsItsWholeSubtreeAndNothingElse(db: TestDatabase) async throws {
        try await withLedger(on: db) { ledger in
            let township = try await ledger.services.units.create(
                name: "清源镇", shortName: "", kind: .office, parentID: ledger.countyA1.id, by: nil)
            let county = try await problem(ledger, "低保对象认定不精准", in: ledger.countyA1)
            let below = try await problem(ledger, "养老院", description: "低保资金发放滞后", in: township)
            let sibling = try await problem(ledger, "低保对象认定不精准", in: ledger.countyA2)
            let otherCity = try await problem(ledger, "低保对象认定不精准", in: ledger.countyB1)
            #expect(try await found(ledger, "低保", unit: ledger.countyA1.id) == [county.id, below.id])
            #expect(try await found(ledger, "低保", as: ledger.liaisonA1) == [county.id, below.id])
            #expect(try await found(ledger, "低保", unit: township.id) == [below.id])
            #expect(Set(try await found(ledger, "低保", unit: ledger.cityA.id)) == [county.id, below.id, sibling.id])
            #expect(try await found(ledger, "低保", unit: ledger.cityB.id) == [otherCity.id])
            #expect(try await found(ledger, "低保 养老", unit: ledger.countyA1.id) == [below.id])
            // Within a city or a county, titles are read by their area's own tokens (PostgreSQL):
            // a prefix, a phrase and two words ANDed behave as everywhere else.
            #expect(try await found(ledger, "低", unit: ledger.countyA1.id) == [county.id, below.id])
            #expect(try await found(ledger, "\"对象认定\"", unit: ledger.countyA1.id) == [county.id])
            #expect(try await found(ledger, "认定 对象", unit: ledger.cityA.id) == [sibling.id, county.id])
            #expect(try await found(ledger, "对象认", unit: ledger.cityB.id) == [otherCity.id])
            #expect(try await found(ledger, "认定", unit: township.id) == [])
            // Someone whose grants cover several areas: two counties (each area's own list on
            // PostgreSQL), and a county with a township of another (the scope tokens).
            func liaison(of units: [OrgUnit]) -> Principal {
                Principal(
                    userID: ledger.liaisonA1.userID, name: "两地联络员",
                    grants: units.map { Grant(role: .liaison, unitID: $0.id, unitPath: $0.path) })
            }
            let counties = liaison(of: [ledger.countyA1, ledger.countyB1])
            #expect(try await found(ledger, "低保", as: counties) == [otherCity.id, county.id, below.id])
            #expect(try await found(ledger, "低", as: counties) == [otherCity.id, county.id, below.id])
            #expect(try await found(ledger, "\"对象认定\"", as: counties) == [otherCity.id, county.id])
            #expect(try await found(ledger, "资金 低保", as: counties) == [below.id])
            let mixed = liaison(of: [ledger.countyA2, township])
            #expect(try await found(ledger, "低保", as: mixed) == [sibling.id, below.id])
            #expect(try await found(ledger, "对象", as: mixed) == [sibling.id])
            // Other orders read the matches as a set, narrowed the same way.
            var filter = ProblemFilter()
            filter.text = "低"
            filter.unitID = ledger.countyA1.id
            filter.sort = .number
            #expect(
                try await ledger.problems.list(filter, for: ledger.office).items.map(\.id) == [county.id, below.id])
        }
    }

    /// Several words within a county, a common one beside rare ones, in whatever order they are
    /// typed: SQLite intersects them the rarest first (`SearchIndex.sqliteTermOrder`), which must
    /// change the time a search takes and never what it finds.
    @Test(arguments: TestDatabase.available)
    func wordsAndedFindTheSameProblemsInAnyOrder(db: TestDatabase) async throws {
        try await withLedger(on: db) { ledger in
            var texts: [Int64: (unit: Int64, text: String)] = [:]
            for i in 0..<36 {
                let unit = i % 3 == 0 ? ledger.countyA2 : ledger.countyA1
                let title = i % 4 == 0 ? "殡葬服务价格不透明" : "养老服务第\(i)项"
                let description =
                    (i % 5 == 0 ? "乱收费问题突出，" : "") + (i % 2 == 0 ? "养老机构" : "社区") + (i % 7 == 0 ? "殡葬改革" : "")
                let p = try await problem(ledger, title, description: description, in: unit)
                texts[p.id] = (unit.id, title + "\n" + description)
            }
            func expected(_ words: [String], in unit: Int64?) -> [Int64] {
                texts.filter { id, t in (unit == nil || t.unit == unit) && words.allSatisfy { t.text.contains($0) } }
                    .keys.sorted()
            }
            let queries: [[String]] = [
                ["养老", "殡葬"], ["殡葬", "养老"], ["养老", "殡葬", "乱收费"], ["乱收费", "养老", "服务"],
                ["服务", "殡"], ["养老", "社区", "殡葬"],
            ]
            for words in queries {
                for unit in [ledger.countyA1.id, ledger.countyA2.id, nil] {
                    let q = words.joined(separator: " ")
                    let want = expected(words, in: unit)
                    #expect(
                        try await found(ledger, q, unit: unit).sorted() == want, "\(q) in \(String(describing: unit))")
                    var filter = ProblemFilter()
                    filter.text = q
                    filter.unitID = unit
                    filter.sort = .number
                    filter.limit = 100
                    let byNumber = try await ledger.problems.list(filter, for: ledger.office).items.map(\.id)
                    #expect(byNumber.sorted() == want, "\(q) in \(String(describing: unit)), by number")
                }
            }
        }
    }

    @Test(arguments: TestDatabase.available)
    func whatIsWrittenIsFoundByTheNextRequest(db: TestDatabase) async throws {
        try await withLedger(on: db) { ledger in
            let p = try await ledger.draft()
            #expect(try await found(ledger, "殡葬改革") == [])
            let claimed = try await ledger.problems.transition(
                p.id, action: .claim, version: p.version, reason: nil, mergeInto: nil, by: ledger.liaisonA1)
            _ = try await ledger.problems.addNote(
                p.id, text: "已召开殡葬改革推进会", notedOn: nil, figures: [:], by: ledger.liaisonA1)
            #expect(try await found(ledger, "殡葬改革") == [p.id])
            let m = try await ledger.problems.addMeasure(
                p.id, text: "建立健全动态管理台账", owner: "", deadline: nil, by: ledger.liaisonA1)
            #expect(try await found(ledger, "动态管理") == [p.id])
            _ = try await ledger.problems.updateMeasure(
                p.id, measure: m.id, version: m.version, patch: .init(text: "开展专项清理"), by: ledger.liaisonA1)
            #expect(try await found(ledger, "动态管理") == [])
            #expect(try await found(ledger, "专项清理") == [p.id])
            var patch = ProblemPatch()
            patch.title = "城乡低保审核把关不严"
            let edited = try await ledger.problems.update(
                p.id, version: claimed.version + 0, patch: patch, by: ledger.office)
            #expect(edited.title == "城乡低保审核把关不严")
            #expect(try await found(ledger, "把关不严") == [p.id])
            #expect(try await found(ledger, "认定不够精准") == [])
        }
    }

    /// Writes that arrive together are committed together; each one's texts are findable when it
    /// returns, a write that fails among them leaves the others' found, and a title edited in the
    /// same batch as a note is found by its new words only.
    @Test(arguments: TestDatabase.available)
    func writesCommittedTogetherAreEachFound(db: TestDatabase) async throws {
        try await withLedger(on: db) { ledger in
            let a = try await ledger.draft(title: "农村饮水安全问题")
            let b = try await ledger.draft(title: "义务教育控辍保学问题")
            let words = ["供水管网", "水质检测", "劝返复学", "送教上门", "水费减免", "学籍核查"]
            let refused = try await withThrowingTaskGroup(of: Bool.self) { group in
                for (i, word) in words.enumerated() {
                    let id = i % 2 == 0 ? a.id : b.id
                    group.addTask {
                        _ = try await ledger.problems.addNote(
                            id, text: "已开展\(word)工作", notedOn: nil, figures: [:], by: ledger.office)
                        return false
                    }
                }
                // A liaison of the sibling county may not write here: refused among the others.
                group.addTask {
                    do {
                        _ = try await ledger.problems.addNote(
                            a.id, text: "越权写入", notedOn: nil, figures: [:], by: ledger.liaisonA2)
                        return false
                    } catch { return true }
                }
                var patch = ProblemPatch()
                patch.title = "农村供水保障不到位问题"
                group.addTask {
                    _ = try await ledger.problems.update(a.id, version: a.version, patch: patch, by: ledger.office)
                    return false
                }
                return try await group.reduce(false) { $0 || $1 }
            }
            #expect(refused)
            for (i, word) in words.enumerated() {
                #expect(try await found(ledger, word) == [i % 2 == 0 ? a.id : b.id], "\(word)")
            }
            #expect(try await found(ledger, "越权写入") == [])
            #expect(try await found(ledger, "供水保障") == [a.id])
            #expect(try await found(ledger, "饮水安全") == [])
        }
    }

    @Test(arguments: TestDatabase.available)
    func mergedProblemsAreFoundAsTheListShowsThem(db: TestDatabase) async throws {
        try await withLedger(on: db) { ledger in
            let keep = try await problem(ledger, "低保动态管理不到位")
            let dup = try await problem(ledger, "低保动态管理不够到位")
            _ = try await ledger.problems.transition(
                dup.id, action: .merge, version: dup.version, reason: "与另一问题重复", mergeInto: keep.id, by: ledger.office)
            #expect(Set(try await found(ledger, "动态管理")) == [keep.id, dup.id])
            var filter = ProblemFilter()
            filter.text = "动态管理"
            filter.states = [.draft]
            #expect(try await ledger.problems.list(filter, for: ledger.office).items.map(\.id) == [keep.id])
        }
    }

    @Test(arguments: TestDatabase.available)
    func hostileQueriesAnswerResultsOrAClearRefusal(db: TestDatabase) async throws {
        try await withLedger(on: db) { ledger in
            let p = try await problem(ledger, "NEAR OR 低保 100% 完成_率 \"引号\"")
            for q in ["NEAR", "OR", "100%", "完成_率", "\"引号", "低保*", "near(低保)", "'); DROP TABLE problems; --"] {
                var filter = ProblemFilter()
                filter.text = q
                _ = try await ledger.problems.list(filter, for: ledger.office)
            }
            #expect(try await found(ledger, "NEAR") == [p.id])
            #expect(try await found(ledger, "\"引号") == [p.id])
            for q in ["%", "_", "\"", "*", "🙂", String(repeating: "低", count: 10_000)] {
                let answer = try await refusal { _ = try await found(ledger, q) }
                #expect(answer?.hasPrefix("invalid ") == true, "\(q.prefix(10)) → \(answer ?? "results")")
            }
        }
    }

    @Test(arguments: TestDatabase.available)
    func reportsAreSearchedInTheirArticles(db: TestDatabase) async throws {
        try await withLedger(on: db) { ledger in
            let reports = ReportRepository(store: ledger.store, clock: ledger.clock)
            func add(_ title: String, _ body: String) async throws -> StoredReport {
                try await reports.add(
                    unitID: ledger.countyA1.id, campaignID: nil, fileName: "r.txt", raw: Array(body.utf8),
                    articles: [
                        .init(
                            seq: 0, title: title, source: nil, published: nil, author: nil, body: body, findings: "{}")
                    ],
                    blobs: ledger.services.files, by: ledger.liaisonA1)
            }
            let a = try await add("养老服务专项整治", "开展养老机构检查")
            let b = try await add("民政工作简报", "整治养老服务乱收费")
            _ = try await add("其他", "无关内容")
            let hits = try await reports.list(unitID: nil, text: "養老服務", limit: 10, for: ledger.office)
            #expect(hits.map(\.id) == [a.id, b.id], "title hits first")
            #expect(try await reports.list(unitID: nil, text: "养老", limit: 10, for: ledger.liaisonA2).isEmpty)
        }
    }

    /// A problem whose search row is made as it was before `migration` (by `reset`, on PostgreSQL:
    /// SQLite's index is the same before and after), and the migration forgotten: a title search
    /// within its county does not find it.
    func rowFromBefore(_ ledger: Ledger, migration: Int, postgres reset: String) async throws -> Problem {
        let p = try await problem(ledger, "农村危房改造补助发放不及时")
        let postgres = ledger.store.dialect == .postgres
        try await ledger.store.write { db in
            if postgres { try await db.raw(SQLQueryString(reset)).run() }
            try await db.raw("DELETE FROM schema_migrations WHERE version = \(bind: migration)").run()
        }
        if postgres { #expect(try await found(ledger, "危房改造", unit: ledger.countyA1.id) == []) }
        return p
    }

    /// Migration 14 gives PostgreSQL's titles their scope tokens: a row written before it would
    /// never be found by a title search within a county, and is found after it.
    @Test(arguments: TestDatabase.available)
    func rowsWrittenBeforeTitlesHadTheirScopeAreFoundAfterTheMigration(db: TestDatabase) async throws {
        try await withLedger(on: db) { ledger in
            // The title as migration 13 left it: no unit's token, and no tokens qualified by an
            // area (migration 16; the rebuild of 14 is made by today's code).
            let p = try await rowFromBefore(
                ledger, migration: 14,
                postgres: """
                    UPDATE problem_search SET title_areas = '', title = ts_delete(title,
                        ARRAY(SELECT lexeme FROM unnest(title) WHERE starts_with(lexeme, chr(57344))))
                    """)
            try await Migrator.migrate(ledger.store)
            #expect(try await found(ledger, "危房改造", unit: ledger.countyA1.id) == [p.id])
            #expect(try await found(ledger, "危房改造", unit: ledger.countyA2.id) == [])
            #expect(try await found(ledger, "危房改造") == [p.id])
            // PostgreSQL's GIN indexes are made again with their small pending list.
            if ledger.store.dialect == .postgres {
                for index in ["problem_search_title", "problem_search_all", "problem_search_areas"] {
                    let options = try await ledger.store.read { db in
                        try await db.raw(
                            "SELECT CAST(reloptions AS TEXT) AS o FROM pg_class WHERE relname = \(bind: index) AND relnamespace = CAST(current_schema() AS regnamespace)"
                        ).first()?.decode(column: "o", as: String?.self)
                    }
                    #expect(options == "{gin_pending_list_limit=1024}", "\(index)")
                }
                // And its table is vacuumed early, its indexes cleaned every time (migration 15).
                let table = try await ledger.store.read { db in
                    try await db.raw(
                        "SELECT CAST(reloptions AS TEXT) AS o FROM pg_class WHERE relname = 'problem_search' AND relnamespace = CAST(current_schema() AS regnamespace)"
                    ).first()?.decode(column: "o", as: String?.self)
                }
                #expect(table == "{vacuum_index_cleanup=on,autovacuum_vacuum_scale_factor=0.01}")
            }
        }
    }

    /// Migration 16 gives PostgreSQL's titles their tokens qualified by city and county.
    @Test(arguments: TestDatabase.available)
    func rowsWrittenBeforeTitlesHadTheirAreasAreFoundAfterTheMigration(db: TestDatabase) async throws {
        try await withLedger(on: db) { ledger in
            let p = try await rowFromBefore(
                ledger, migration: 16, postgres: "UPDATE problem_search SET title_areas = ''")
            try await Migrator.migrate(ledger.store)
            for unit in [ledger.countyA1.id, ledger.cityA.id] {
                #expect(try await found(ledger, "危房改造", unit: unit) == [p.id])
                #expect(try await found(ledger, "危", unit: unit) == [p.id])
            }
            #expect(try await found(ledger, "危房改造", unit: ledger.countyA2.id) == [])
            #expect(try await found(ledger, "危房改造", unit: ledger.cityB.id) == [])
        }
    }

    /// Migration 17 moves SQLite's full-text rows of problems to their negated ids: rows written
    /// before it under the plain id are found after it, newest first, and nowhere twice.
    @Test(arguments: TestDatabase.available)
    func rowsWrittenUnderTheirPlainIdsAreFoundAfterTheMigration(db: TestDatabase) async throws {
        try await withLedger(on: db) { ledger in
            let older = try await problem(ledger, "农村危房改造补助发放不及时")
            let newer = try await problem(ledger, "危房改造资金拨付滞后", description: "补助标准")
            let sqlite = ledger.store.dialect == .sqlite
            try await ledger.store.write { db in
                if sqlite {
                    // Each row as the code before migration 17 wrote it: under the problem's id.
                    try await db.raw("DELETE FROM problem_search").run()
                    try await db.raw("DELETE FROM problem_title_search").run()
                    for p in [older, newer] {
                        let scope = SearchScope.tokens(of: ledger.countyA1.path)
                        let title = SearchDocument([p.title]).ftsText
                        let body = SearchDocument([p.number, p.description, p.sourceRef], extra: scope).ftsText
                        try await db.raw(
                            "INSERT INTO problem_search(rowid, title, body) VALUES (\(bind: p.id), \(bind: title), \(bind: body))"
                        ).run()
                        try await db.raw(
                            """
                            INSERT INTO problem_title_search(rowid, title, scope)
                            VALUES (\(bind: p.id), \(bind: title), \(bind: scope.joined(separator: " ")))
                            """
                        ).run()
                    }
                }
                try await db.raw("DELETE FROM schema_migrations WHERE version = 17").run()
            }
            if sqlite { #expect(try await found(ledger, "危房改造") == []) }
            try await Migrator.migrate(ledger.store)
            #expect(try await found(ledger, "危房改造") == [newer.id, older.id])
            #expect(try await found(ledger, "补助") == [older.id, newer.id], "title hits first")
            #expect(try await found(ledger, "危房 补助", unit: ledger.countyA1.id) == [older.id, newer.id])
        }
    }

    @Test(arguments: TestDatabase.available)
    func reindexRebuildsWhatWasLost(db: TestDatabase) async throws {
        try await withLedger(on: db) { ledger in
            let p = try await problem(ledger, "农村危房改造补助发放不及时")
            try await ledger.store.write { db in
                try await db.raw(SQLQueryString("DELETE FROM problem_search")).run()
                // SQLite also keeps the titles alone, for the first rank.
                if ledger.store.dialect == .sqlite {
                    try await db.raw(SQLQueryString("DELETE FROM problem_title_search")).run()
                }
            }
            #expect(try await found(ledger, "危房改造") == [])
            let progress = ProgressLog()
            try await SearchReindexer(store: ledger.store).run { done, total in progress.add(done, total) }
            #expect(try await found(ledger, "危房改造") == [p.id])
            #expect(progress.last?.0 == progress.last?.1 && (progress.last?.1 ?? 0) >= 1)
            // The rebuild turns FTS5's automatic merging off only inside its own transactions:
            // afterwards every write merges as before.
            if ledger.store.dialect == .sqlite {
                for table in ["problem_search", "problem_title_search"] {
                    let merge = try await ledger.store.read { db in
                        try await db.raw("SELECT v FROM \(ident: table + "_config") WHERE k = 'automerge'").first()?
                            .decode(column: "v", as: Int.self)
                    }
                    #expect(merge == 4, "\(table): FTS5's default")
                }
            }
        }
    }
}

/// What a progress callback heard.
final class ProgressLog: @unchecked Sendable {
    private let lock = NSLock()
    private var seen: [(Int, Int)] = []
    func add(_ done: Int, _ total: Int) { lock.withLock { seen.append((done, total)) } }
    var last: (Int, Int)? { lock.withLock { seen.last } }
}
