import Foundation
import HTTPTypes
import HummingbirdTesting
import TaizhangApp
import TaizhangDomain
import TestSupport
import Testing

@testable import TaizhangWeb

/// The monthly-round pages through the real router: an office opens a round from its form, a
/// county writes and files, My work counts what is owed and what waits, the office sends it back,
/// a stale save keeps what was typed, and a sibling county sees nothing.
@Suite struct RoundPagesTests {
    typealias Page = PagesTests.Page

    func page(
        _ client: any TestClientProtocol, _ method: HTTPRequest.Method, _ route: PageRoute, as login: String?,
        in ledger: Ledger, form: [(String, String)]? = nil
    ) async throws -> Page {
        try await PagesTests.page(client, method, route.href, as: login, in: ledger, form: form)
    }

    @Test func aRoundIsOpenedWrittenFiledAndSentBackInTheBrowserPages() async throws {
        try await withAPI { ledger, client in
            // The office opens a round from the form; a bad month is shown beside its field.
            let bad = try await page(
                client, .post, .rounds, as: "office", in: ledger,
                form: [
                    ("unit", "\(ledger.cityA.id)"), ("campaign", "\(ledger.campaign.id)"), ("period", "2026-1"),
                    ("dueOn", "2026-12-05"), ("title", "<b>调度</b>"),
                ])
            #expect(bad.status == 400)
            #expect(bad.body.contains("月份格式应为"))
            #expect(bad.body.contains("value=\"&lt;b&gt;调度&lt;/b&gt;\""))
            let opened = try await page(
                client, .post, .rounds, as: "office", in: ledger,
                form: [
                    ("unit", "\(ledger.cityA.id)"), ("campaign", "\(ledger.campaign.id)"), ("period", "2026-11"),
                    ("dueOn", "2026-12-05"), ("title", ""),
                ])
            #expect(opened.status == 303)
            let roundID = try #require(opened.location.flatMap { Int64($0.split(separator: "/").last ?? "") })
            let round = try await ledger.services.roundCases.round(roundID, as: ledger.office)
            let item = try #require(round.returns.first { $0.unit.id == ledger.countyA1.id }?.item)
            let returnPage = PageRoute.roundReturn(round: roundID, item: item.id)

            // My work tells the county what it owes.
            let home = try await page(client, .get, .home, as: "liaisonA1", in: ledger)
            #expect(home.body.contains("待报送的月调度"))
            let list = try await page(client, .get, .rounds, as: "liaisonA1", in: ledger)
            #expect(list.body.contains("2026年11月调度"))
            // The liaison may write but not file; the leader files.
            let mine = try await page(client, .get, returnPage, as: "liaisonA1", in: ledger)
            #expect(mine.body.contains("name=\"summary\""))
            #expect(!mine.body.contains("value=\"file\""))
            let saved = try await page(
                client, .post, returnPage, as: "liaisonA1", in: ledger,
                form: [("version", "1"), ("summary", "本月完成整改3项"), ("nextSteps", "下月全部完成"), ("do", "save")])
            #expect(saved.status == 303)
            // A second person saving on the version they opened is told, and keeps what they typed.
            let stale = try await page(
                client, .post, returnPage, as: "leaderA1", in: ledger,
                form: [("version", "1"), ("summary", "负责人补充的内容"), ("nextSteps", ""), ("do", "file")])
            #expect(stale.status == 409)
            #expect(stale.body.contains("他人已修改"))
            #expect(stale.body.contains("负责人补充的内容"))
            #expect(stale.body.contains("本月完成整改3项"))
            #expect(
                try await ledger.services.roundCases.roundReturn(item.id, of: roundID, as: ledger.office).item.state
                    == .notFiled)
            let filed = try await page(
                client, .post, returnPage, as: "leaderA1", in: ledger,
                form: [("version", "2"), ("summary", "本月完成整改3项"), ("nextSteps", "下月全部完成"), ("do", "file")])
            #expect(filed.status == 303)

            // The office sees it waiting, and must give a reason to send it back.
            let officeHome = try await page(client, .get, .home, as: "office", in: ledger)
            #expect(officeHome.body.contains("待审核的月调度报送"))
            let decide = PageRoute.decideReturn(round: roundID, item: item.id)
            let noReason = try await page(
                client, .post, decide, as: "office", in: ledger, form: [("version", "3"), ("accept", "0")])
            #expect(noReason.status == 400)
            #expect(noReason.body.contains("退回时请写明理由"))
            let sentBack = try await page(
                client, .post, decide, as: "office", in: ledger,
                form: [("version", "3"), ("accept", "0"), ("reason", "请补充<script>数据</script>")])
            #expect(sentBack.status == 303)
            let after = try await page(client, .get, returnPage, as: "liaisonA1", in: ledger)
            #expect(after.body.contains("已被退回：请补充&lt;script&gt;数据&lt;/script&gt;"))

            // A sibling county's liaison sees neither the return nor its round's other units.
            let sibling = try await page(client, .get, returnPage, as: "liaisonA2", in: ledger)
            #expect(sibling.status == 404)
            #expect(!sibling.body.contains("本月完成整改3项"))
            let siblingRound = try await page(client, .get, .round(roundID), as: "liaisonA2", in: ledger)
            #expect(!siblingRound.body.contains(ledger.countyA1.name))
            let forged = try await page(
                client, .post, returnPage, as: "liaisonA2", in: ledger,
                form: [("version", "5"), ("summary", "越权"), ("do", "save")])
            #expect(forged.status == 404)
        }
    }
}
