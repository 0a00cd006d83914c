import Foundation
import TaizhangDomain
import TaizhangStorage
import TestSupport
import Testing

/// The repository layer, the same tests on SQLite and on PostgreSQL.
@Suite struct LedgerStorageTests {
    @Test(arguments: TestDatabase.available)
    func numbersAreSequentialAndUniqueInTheCampaign(db: TestDatabase) async throws {
        try await withLedger(on: db) { ledger in
            let a = try await ledger.draft()
            let b = try await ledger.draft(in: ledger.countyB1)
            #expect(a.number == "2019-0001")
            #expect(b.number == "2019-0002")
            #expect(a.state == .draft)
            let reread = try await ledger.problems.problem(a.id, for: ledger.office)
            #expect(reread.title == a.title)
            #expect(reread.deadline == LocalDate("2026-12-23"))
        }
    }

    @Test(arguments: TestDatabase.available)
    func theWholeLifeOfAProblemWithItsHistory(db: TestDatabase) async throws {
        try await withLedger(on: db) { ledger in
            let p = try await ledger.readyForClosure()
            let submitted = try await ledger.problems.transition(
                p.id, action: .requestClosure, version: p.version, reason: nil, mergeInto: nil, by: ledger.unitLeaderA1)
            #expect(submitted.state == .submitted)
            let closed = try await ledger.problems.transition(
                p.id, action: .verify, version: submitted.version, reason: nil, mergeInto: nil, by: ledger.supervisor)
            #expect(closed.state == .closed)
            let reopened = try await ledger.problems.transition(
                p.id, action: .reopen, version: closed.version, reason: "回头看发现反弹", mergeInto: nil, by: ledger.office)
            #expect(reopened.state == .open)
            let detail = try await ledger.problems.detail(p.id, for: ledger.office)
            let actions = detail.history.filter { $0.entity == .problem }.map(\.action.rawValue)
            #expect(actions == ["create", "claim", "request-closure", "verify", "reopen"])
            let reopen = try #require(detail.history.last)
            #expect(reopen.old?.contains("\"state\":\"closed\"") == true)
            #expect(reopen.new?.contains("\"state\":\"open\"") == true)
            #expect(reopen.actorID == ledger.office.userID)
            #expect(detail.evidence.count == 1)
            #expect(detail.measures.allSatisfy { $0.isDone })
        }
    }

    @Test(arguments: TestDatabase.available)
    func closureGuardsReadTheDatabase(db: TestDatabase) async throws {
        try await withLedger(on: db) { ledger in
            let p = try await ledger.draft()
            let claimed = try await ledger.problems.transition(
                p.id, action: .claim, version: 1, reason: nil, mergeInto: nil, by: ledger.liaisonA1)
            _ = try await ledger.problems.addMeasure(p.id, text: "整改措施", owner: "", deadline: nil, by: ledger.liaisonA1)
            let answer1 = try await refusal {
                _ = try await ledger.problems.transition(
                    p.id, action: .requestClosure, version: claimed.version, reason: nil, mergeInto: nil,
                    by: ledger.unitLeaderA1)
            }
            #expect(answer1 == "conflict measures_not_done")
            let after = try await ledger.problems.problem(p.id, for: ledger.office)
            #expect(after.state == .open, "a refused transition changes nothing")
            #expect(after.version == claimed.version)
        }
    }

    @Test(arguments: TestDatabase.available)
    func aStaleVersionIsRefusedWithTheCurrentOne(db: TestDatabase) async throws {
        try await withLedger(on: db) { ledger in
            let p = try await ledger.draft()
            var patch = ProblemPatch()
            patch.title = "新标题"
            _ = try await ledger.problems.update(p.id, version: 1, patch: patch, by: ledger.office)
            patch.title = "另一个标题"
            do {
                _ = try await ledger.problems.update(p.id, version: 1, patch: patch, by: ledger.office)
                Issue.record("a stale write was applied")
            } catch let error as DomainError {
                #expect(error.kind == .conflict)
                #expect(error.currentVersion == 2)
            }
            #expect(try await ledger.problems.problem(p.id, for: ledger.office).title == "新标题")
        }
    }

    @Test(arguments: TestDatabase.available)
    func twoWritersWithTheSameVersionExactlyOneWins(db: TestDatabase) async throws {
        try await withLedger(on: db) { ledger in
            for round in 0..<5 {
                let p = try await ledger.draft(title: "并发测试\(round)")
                let problems = ledger.problems
                let office = ledger.office
                @Sendable func write(_ title: String) async -> Bool {
                    var patch = ProblemPatch()
                    patch.title = title
                    return (try? await problems.update(p.id, version: 1, patch: patch, by: office)) != nil
                }
                async let first = write("写入者甲")
                async let second = write("写入者乙")
                let outcomes = [await first, await second]
                #expect(outcomes.filter { $0 }.count == 1)
                let final = try await ledger.problems.problem(p.id, for: ledger.office)
                #expect(final.version == 2)
            }
        }
    }

    @Test(arguments: TestDatabase.available)
    func listsStayInsideTheCallersScope(db: TestDatabase) async throws {
        try await withLedger(on: db) { ledger in
            let a1 = try await ledger.draft(in: ledger.countyA1)
            let a2 = try await ledger.draft(in: ledger.countyA2)
            _ = try await ledger.draft(in: ledger.countyB1)
            let seenByA1 = try await ledger.problems.list(ProblemFilter(), for: ledger.liaisonA1).items.map(\.id)
            #expect(seenByA1 == [a1.id])
            var filter = ProblemFilter()
            filter.unitID = ledger.cityA.id
            #expect(Set(try await ledger.problems.list(filter, for: ledger.office).items.map(\.id)) == [a1.id, a2.id])
            let answer2 = try await refusal { _ = try await ledger.problems.list(filter, for: ledger.liaisonA1) }
            #expect(answer2 == "notFound not_found")
            let answer3 = try await refusal { _ = try await ledger.problems.problem(a2.id, for: ledger.liaisonA1) }
            #expect(answer3 == "notFound not_found")
            let answer4 = try await refusal {
                _ = try await ledger.problems.addNote(
                    a2.id, text: "越权", notedOn: nil, figures: [:], by: ledger.liaisonA1)
            }
            #expect(answer4 == "notFound not_found")
            let counts = try await ledger.problems.counts(unitID: nil, campaignID: nil, for: ledger.liaisonA1)
            #expect(counts.total == 1)
        }
    }

    @Test(arguments: TestDatabase.available)
    func filtersSortingAndKeysetPages(db: TestDatabase) async throws {
        try await withLedger(on: db) { ledger in
            // Found 2026-10-01; clock says 2026-11-23. Deadlines 11-01 … 11-30: the first 22 are overdue.
            var made: [Problem] = []
            for day in 1...30 {
                made.append(try await ledger.draft(title: "问题\(day)", deadline: String(format: "2026-11-%02d", day)))
            }
            _ = try await ledger.draft(title: "无期限", deadline: nil)
            var filter = ProblemFilter()
            filter.overdue = true
            filter.limit = 10
            var seen: [String] = []
            var pages = 0
            repeat {
                let page = try await ledger.problems.list(filter, for: ledger.office)
                seen += page.items.compactMap { $0.deadline?.description }
                filter.cursor = page.nextCursor
                pages += 1
            } while filter.cursor != nil && pages < 10
            #expect(seen.count == 22)
            #expect(seen == seen.sorted())
            #expect(seen.first == "2026-11-01")
            filter = ProblemFilter()
            filter.text = "无期限"
            #expect(try await ledger.problems.list(filter, for: ledger.office).items.count == 1)
            filter = ProblemFilter()
            filter.text = "100%"
            #expect(
                try await ledger.problems.list(filter, for: ledger.office).items.isEmpty, "LIKE wildcards are escaped")
            filter = ProblemFilter()
            filter.deadlineFrom = LocalDate("2026-11-10")
            filter.deadlineTo = LocalDate("2026-11-12")
            #expect(try await ledger.problems.list(filter, for: ledger.office).items.count == 3)
            filter = ProblemFilter()
            filter.sort = .deadlineDesc
            filter.limit = 2
            let desc = try await ledger.problems.list(filter, for: ledger.office)
            #expect(desc.items.first?.deadline == nil, "no deadline sorts last, so first when descending")
            let counts = try await ledger.problems.counts(unitID: ledger.root.id, campaignID: nil, for: ledger.office)
            #expect(counts.overdue == 22)
            #expect(counts.byState[.draft] == 31)
            _ = made
        }
    }

    @Test(arguments: TestDatabase.available)
    func countsFollowEveryTransitionAndDeadlineChange(db: TestDatabase) async throws {
        try await withLedger(on: db) { ledger in
            let late = try await ledger.draft(deadline: "2026-11-01")
            _ = try await ledger.draft(in: ledger.countyB1, deadline: "2026-11-02")
            var counts = try await ledger.problems.counts(unitID: ledger.cityA.id, campaignID: nil, for: ledger.office)
            #expect(counts.overdue == 1)
            let change = try await ledger.problems.requestDeadlineChange(
                late.id, to: LocalDate("2027-03-31")!, reason: "需跨年度实施", by: ledger.liaisonA1)
            #expect(
                try await ledger.problems.problem(late.id, for: ledger.office).deadline == LocalDate("2026-11-01"),
                "a request moves nothing")
            let answer5 = try await refusal {
                _ = try await ledger.problems.decideDeadlineChange(
                    late.id, change: change.id, version: late.version, approve: true, by: ledger.liaisonA1)
            }
            #expect(answer5 == "forbidden role_required")
            let answer6 = try await refusal {
                _ = try await ledger.problems.decideDeadlineChange(
                    late.id, change: change.id, version: late.version - 1, approve: true, by: ledger.office)
            }
            #expect(answer6 == "conflict stale_version")
            let (decided, moved) = try await ledger.problems.decideDeadlineChange(
                late.id, change: change.id, version: late.version, approve: true, by: ledger.office)
            let answer7 = try await refusal {
                _ = try await ledger.problems.decideDeadlineChange(
                    late.id, change: change.id, version: moved.version, approve: false, by: ledger.office2)
            }
            #expect(answer7 == "conflict already_decided", "a second office deciding the same change does not win too")
            #expect(decided.status == .approved)
            #expect(moved.deadline == LocalDate("2027-03-31"))
            counts = try await ledger.problems.counts(unitID: ledger.cityA.id, campaignID: nil, for: ledger.office)
            #expect(counts.overdue == 0)
            let rootCounts = try await ledger.problems.counts(
                unitID: ledger.root.id, campaignID: nil, for: ledger.office)
            #expect(rootCounts.overdue == 1)
            #expect(rootCounts.total == 2)
            let dismissed = try await ledger.problems.transition(
                late.id, action: .dismiss, version: moved.version, reason: "重复", mergeInto: nil, by: ledger.office)
            #expect(dismissed.state == .dismissed)
            counts = try await ledger.problems.counts(unitID: ledger.root.id, campaignID: nil, for: ledger.office)
            #expect(counts.byState[.dismissed] == 1)
            #expect(counts.byState[.draft] == 1)
            let history = try await ledger.problems.detail(late.id, for: ledger.office).deadlineChanges
            #expect(history.count == 1 && history[0].oldDeadline == LocalDate("2026-11-01"))
        }
    }

    @Test(arguments: TestDatabase.available)
    func mergePointsAtTheSurvivorInScope(db: TestDatabase) async throws {
        try await withLedger(on: db) { ledger in
            let survivor = try await ledger.draft()
            let duplicate = try await ledger.draft()
            let merged = try await ledger.problems.transition(
                duplicate.id, action: .merge, version: 1, reason: "与\(survivor.number)重复", mergeInto: survivor.id,
                by: ledger.office)
            #expect(merged.mergedIntoID == survivor.id)
            #expect(merged.state == .merged)
        }
    }

    @Test(arguments: TestDatabase.available)
    func evidenceBytesAreStoredByHashAndNothingIsWrittenForBadFiles(db: TestDatabase) async throws {
        try await withLedger(on: db) { ledger in
            let p = try await ledger.draft()
            let bytes = Array("%PDF-1.4 evidence".utf8)
            let e = try await ledger.problems.addEvidence(
                p.id, fileName: "报告.pdf", declaredType: nil, bytes: bytes, files: ledger.services.files,
                by: ledger.liaisonA1)
            #expect(e.sha256 == BlobStore.digest(bytes))
            #expect(ledger.services.files.load(e.sha256) == Data(bytes))
            let exe: [UInt8] = [0x4D, 0x5A, 0x90, 0x00] + Array(repeating: 0, count: 60)
            let answer8 = try await refusal {
                _ = try await ledger.problems.addEvidence(
                    p.id, fileName: "photo.png", declaredType: "image/png", bytes: exe,
                    files: ledger.services.files, by: ledger.liaisonA1)
            }
            #expect(answer8 == "unsupportedMedia unsupported_type")
            #expect(try await ledger.problems.detail(p.id, for: ledger.office).evidence.count == 1)
        }
    }

    @Test(arguments: TestDatabase.available)
    func deadlineQueuesMergeStatesInOrderWhateverTheSubtreeSize(db: TestDatabase) async throws {
        try await withLedger(on: db) { ledger in
            // Overdue items in three states, in a small county and a large one; pages must merge them in deadline order.
            var expected: [Int64] = []
            for day in 1...12 {
                let unit = day % 4 == 0 ? ledger.countyA1 : ledger.countyB1
                let p = try await ledger.draft(
                    in: unit, title: "问题\(day)", deadline: String(format: "2026-11-%02d", day))
                if day % 3 != 0 {
                    _ = try await ledger.problems.transition(
                        p.id, action: .claim, version: 1, reason: nil, mergeInto: nil,
                        by: ledger.office.withRole(.liaison, at: unit))
                }
                expected.append(p.id)
            }
            for unit in [ledger.root, ledger.cityB, ledger.countyA1] {
                var filter = ProblemFilter()
                filter.unitID = unit.id
                filter.overdue = true
                filter.limit = 2
                var seen: [Problem] = []
                repeat {
                    let page = try await ledger.problems.list(filter, for: ledger.office)
                    seen += page.items
                    filter.cursor = page.nextCursor
                } while filter.cursor != nil && seen.count < 50
                let inUnit = try await ledger.problems.list(
                    {
                        var f = ProblemFilter()
                        f.unitID = unit.id
                        f.limit = 200
                        return f
                    }(), for: ledger.office
                ).items.map(\.id)
                #expect(seen.map(\.id) == expected.filter(inUnit.contains), "unit \(unit.name)")
                #expect(Set(seen.map(\.state)).isSubset(of: [.draft, .open]))
            }
        }
    }

    @Test(arguments: TestDatabase.available)
    func aCountysOverdueQueueIsTheSameWhicheverWayItIsRead(db: TestDatabase) async throws {
        try await withLedger(on: db) { ledger in
            // A county holding a tenth of the ledger, paged one at a time: on PostgreSQL this is read
            // one unit at a time (DeadlineQueuePlan's per-unit way), the province and the city by a
            // walk. Every way must give the county's overdue items in deadline order, ties by id.
            var inCounty: [(String, Int64)] = []
            for n in 0..<150 {
                let unit = n % 10 == 0 ? ledger.countyA1 : (n % 2 == 0 ? ledger.countyA2 : ledger.countyB1)
                let deadline = String(format: "2026-%02d-%02d", 10 + n % 2, 1 + n * 7 % 28)
                let p = try await ledger.draft(in: unit, title: "问题\(n)", deadline: deadline)
                if unit.id == ledger.countyA1.id { inCounty.append((deadline, p.id)) }
            }
            let expected = inCounty.filter { $0.0 < "2026-11-23" }.sorted { $0 < $1 }.map(\.1)
            for (unit, limit) in [(ledger.countyA1, 1), (ledger.countyA1, 4), (ledger.cityA, 3), (ledger.root, 7)] {
                var filter = ProblemFilter()
                filter.unitID = unit.id
                filter.overdue = true
                filter.sort = .deadline
                filter.limit = limit
                var seen: [Int64] = []
                repeat {
                    let page = try await ledger.problems.list(filter, for: ledger.office)
                    seen += page.items.filter { $0.unitPath.value.hasPrefix(ledger.countyA1.path.value) }.map(\.id)
                    filter.cursor = page.nextCursor
                } while filter.cursor != nil && seen.count < 400
                #expect(seen == expected, "\(unit.name), \(limit) a page")
            }
        }
    }

    @Test(arguments: TestDatabase.available)
    func aProblemsDetailReadsBackEveryFieldItsListsHold(db: TestDatabase) async throws {
        try await withLedger(on: db) { ledger in
            // The detail reads its six lists in one statement through JSON the database builds; every
            // value must come back as the statements that read each list on its own give it.
            let odd = "引号\"与\\反斜杠\n换行\t制表 😀 </mark> 'x'"
            let p = try await ledger.problems.create(
                ProblemDraft(
                    campaignID: ledger.campaign.id, title: "低保", description: odd, sourceChannel: .inspection,
                    leadUnitID: ledger.countyA1.id, supportingUnitIDs: [ledger.countyA2.id, ledger.countyB1.id],
                    foundOn: LocalDate("2026-10-01")!, deadline: LocalDate("2026-12-31"), rectificationType: .timeBound),
                by: ledger.office)
            _ = try await ledger.problems.transition(
                p.id, action: .claim, version: p.version, reason: nil, mergeInto: nil, by: ledger.liaisonA1)
            _ = try await ledger.problems.addMeasure(
                p.id, text: odd, owner: "王五", deadline: LocalDate("2026-12-01"), by: ledger.liaisonA1)
            _ = try await ledger.problems.addMeasure(p.id, text: "第二项", owner: "", deadline: nil, by: ledger.liaisonA1)
            _ = try await ledger.problems.addNote(
                p.id, text: odd, notedOn: LocalDate("2026-11-20"), figures: ["户数": 12, "资金（万元）": 3.75],
                by: ledger.liaisonA1)
            _ = try await ledger.problems.addNote(p.id, text: "无数字", notedOn: nil, figures: [:], by: ledger.liaisonA1)
            _ = try await ledger.problems.requestDeadlineChange(
                p.id, to: LocalDate("2027-03-31")!, reason: odd, by: ledger.liaisonA1)
            let detail = try await ledger.problems.detail(p.id, for: ledger.office)
            let notes = try await ledger.problems.notes(p.id, before: nil, limit: 50, for: ledger.office)
            let history = try await ledger.problems.history(p.id, before: nil, limit: 50, for: ledger.office)
            #expect(detail.notes == notes.items)
            #expect(detail.notes.first?.figures == ["户数": 12, "资金（万元）": 3.75])
            #expect(detail.history == history.items)
            #expect(detail.measures.map(\.text) == [odd, "第二项"])
            #expect(detail.measures.first?.deadline == LocalDate("2026-12-01"))
            #expect(detail.measures.last?.deadline == nil)
            #expect(detail.deadlineChanges.map(\.reason) == [odd])
            #expect(detail.deadlineChanges.first?.decidedBy == nil)
            #expect(detail.problem.supportingUnitIDs == [ledger.countyA2.id, ledger.countyB1.id].sorted())
            #expect(detail.problem.description == odd)
            let empty = try await ledger.problems.detail(try await ledger.draft().id, for: ledger.office)
            #expect(empty.measures.isEmpty && empty.notes.isEmpty && empty.evidence.isEmpty)
            #expect(empty.problem.supportingUnitIDs.isEmpty)
        }
    }

    @Test(arguments: TestDatabase.available)
    func detailCarriesTheNewestNotesAndOlderOnesPageBack(db: TestDatabase) async throws {
        try await withLedger(on: db) { ledger in
            let p = try await ledger.draft()
            for n in 1...(ProblemRepository.recentNotes + 5) {
                _ = try await ledger.problems.addNote(
                    p.id, text: "进展\(n)", notedOn: nil, figures: [:], by: ledger.liaisonA1)
            }
            let detail = try await ledger.problems.detail(p.id, for: ledger.office)
            #expect(detail.notes.count == ProblemRepository.recentNotes)
            #expect(detail.notes.last?.text == "进展\(ProblemRepository.recentNotes + 5)")
            let before = try #require(detail.moreNotesBefore)
            var older: [String] = []
            var cursor: Int64? = before
            while let c = cursor {
                let page = try await ledger.problems.notes(p.id, before: c, limit: 2, for: ledger.office)
                older = page.items.map(\.text) + older
                cursor = page.nextBefore
            }
            #expect(older == (1...5).map { "进展\($0)" })
            #expect(detail.moreHistoryBefore == nil, "106 events fit in the detail's 200")
            let answer9 = try await refusal {
                _ = try await ledger.problems.notes(p.id, before: nil, limit: 10, for: ledger.liaisonA2)
            }
            #expect(answer9 == "notFound not_found")
        }
    }
}
