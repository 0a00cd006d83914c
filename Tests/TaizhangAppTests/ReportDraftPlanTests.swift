import Foundation
import TaizhangApp
import TaizhangDomain
import TaizhangIntake
import TaizhangStorage
import Testing

/// The rules for drafting ledger problems from a report, with no database.
@Suite struct ReportDraftPlanTests {
    let today = LocalDate("2026-11-23")!

    func report(published: String? = "2019-11-02 10:00", campaign: Int64? = 7) throws -> StoredReport {
        let article = Article(
            title: "县民政局召开整改推进会", published: published,
            body: "针对低保对象认定不精准问题，逐户复核。",
            problems: [
                ProblemFinding(problem: "低保对象认定不精准", measures: ["逐户复核", "建立动态管理台账"]),
                ProblemFinding(problem: String(repeating: "长", count: Limits.titleLength + 100), measures: []),
            ])
        let stored = StoredArticle(
            seq: 0, title: article.title, source: nil, published: article.published, author: nil, body: article.body,
            findings: try ArticleFindings(article).encoded())
        return StoredReport(
            id: 42, unitID: 5, unitPath: UnitPath("/1/2/5/"), campaignID: campaign, fileName: "简报.docx",
            rawSHA256: "", rawSize: 1, uploadedBy: 1, createdAt: Date(timeIntervalSince1970: 0), articles: [stored])
    }

    @Test func draftCitesTheReportAndTakesItsMeasures() throws {
        let plan = try ReportDraftPlan.drafts(
            for: .init(items: [.init(article: 0, problem: 0)]), from: try report(), today: today)
        #expect(plan.count == 1)
        let draft = plan[0].draft
        #expect(draft.title == "低保对象认定不精准")
        #expect(draft.description == "低保对象认定不精准（摘自简报《县民政局召开整改推进会》）")
        #expect(draft.sourceRef == "简报42第1篇第1条")
        #expect(draft.sourceChannel == .report)
        #expect(draft.leadUnitID == 5)
        #expect(draft.campaignID == 7)
        #expect(draft.foundOn == LocalDate("2019-11-02"))
        #expect(draft.rectificationType == .immediate)
        #expect(plan[0].measures == ["逐户复核", "建立动态管理台账"])
    }

    @Test func aLongFindingIsCutToATitleAndAFutureDateIsToday() throws {
        let plan = try ReportDraftPlan.drafts(
            for: .init(items: [.init(article: 0, problem: 1)], deadline: LocalDate("2027-01-31")),
            from: try report(published: "2030-01-01"), today: today)
        #expect(plan[0].draft.title.count == Limits.titleLength)
        #expect(plan[0].draft.foundOn == today)
        #expect(plan[0].draft.rectificationType == .timeBound)
    }

    @Test func eachWrongItemIsNamedByItsPlace() throws {
        let stored = try report()
        func field(_ request: ReportDraftRequest) -> String? {
            do {
                _ = try ReportDraftPlan.drafts(for: request, from: stored, today: today)
                return nil
            } catch let error as DomainError {
                return error.field
            } catch {
                return "\(error)"
            }
        }
        #expect(field(.init(items: [])) == "items")
        #expect(
            field(.init(items: [.init(article: 0, problem: 0), .init(article: 3, problem: 0)])) == "items[1].article")
        #expect(field(.init(items: [.init(article: 0, problem: 9)])) == "items[0].problem")
        #expect(
            field(
                .init(items: [
                    .init(article: 0, problem: 0, title: String(repeating: "题", count: Limits.titleLength + 1))
                ]))
                == "items[0].title")
        // A field that applies to every item is named as itself, not as the first item's.
        #expect(
            field(.init(items: [.init(article: 0, problem: 0)], category: String(repeating: "类", count: 300)))
                == "category")
    }

    @Test func aReportWithoutCampaignNeedsOne() throws {
        let stored = try report(campaign: nil)
        #expect(throws: DomainError.required("campaignId")) {
            try ReportDraftPlan.drafts(for: .init(items: [.init(article: 0, problem: 0)]), from: stored, today: today)
        }
        let plan = try ReportDraftPlan.drafts(
            for: .init(items: [.init(article: 0, problem: 0)], campaignID: 3), from: stored, today: today)
        #expect(plan[0].draft.campaignID == 3)
    }
}

/// A tally a report states, compared with the ledger's own counts, by state and not by string.
@Suite struct LedgerTallyTests {
    let ledger = LedgerTally(
        ProblemCounts(
            unitID: 1, total: 27, byState: [.closed: 19, .open: 4, .submitted: 2, .ongoing: 1, .dismissed: 1],
            overdue: 0))

    @Test func countsAreReadInTheTallysWords() {
        #expect(ledger.closed == 19)
        #expect(ledger.open == 6)  // claimed or waiting for verification: still with the unit
        #expect(ledger.ongoing == 1)
        #expect(ledger.total == 26)  // the dismissed do not count
    }

    @Test func agreementAndDisagreement() {
        #expect(!ledger.disagrees(with: StatusTally(text: "", total: 26, counts: [.closed: 19, .open: 6])))
        #expect(ledger.disagrees(with: StatusTally(text: "", counts: [.closed: 20])))
        #expect(ledger.disagrees(with: StatusTally(text: "", total: 25, counts: [.closed: 19])))
        #expect(!ledger.disagrees(with: StatusTally(text: "", completionRate: 0.7)))
    }
}
