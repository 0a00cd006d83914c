import Foundation
import TaizhangApp
import TaizhangDomain
import TaizhangStorage
import TestSupport
import Testing

/// The use cases the API, the CLI and the pages call, on both engines, with no HTTP in between.
@Suite struct UseCaseTests {
    static let reportText = """
        县民政局召开主题教育整改推进会

        针对农村低保对象认定不精准问题，县民政局组织逐户复核，建立动态管理台账。
        截至目前，反馈的2个问题已完成整改1个、正在整改1个。
        """

    @Test(arguments: TestDatabase.available)
    func aReportIsSubmittedOpenedWithinScopeAndDrafted(db: TestDatabase) async throws {
        try await withLedger(on: db) { ledger in
            let intake = ledger.services.reportIntake
            let view = try await intake.submit(
                Array(Self.reportText.utf8), fileName: "推进会.txt", unitID: ledger.countyA1.id,
                campaignID: ledger.campaign.id, by: ledger.liaisonA1)
            let article = try #require(view.articles.first)
            let found = try #require(article.problems.first)
            #expect(found.problem.contains("低保对象认定不精准"))
            // The tally is set beside the ledger's own counts (none yet): it disagrees.
            #expect(article.tallies.first?.mismatch == true)

            // A sibling county does not learn the report exists.
            let answer1 = try await refusal { _ = try await intake.open(view.id, as: ledger.liaisonA2) }
            #expect(answer1 == "notFound not_found")

            let made = try await intake.draftProblems(
                from: view.id, .init(items: [.init(article: 0, problem: 0)]), by: ledger.office)
            #expect(made.count == 1)
            #expect(made[0].state == .draft)
            #expect(made[0].sourceChannel == .report)
            let detail = try await ledger.services.problemCases.open(made[0].id, as: ledger.liaisonA1)
            #expect(detail.measures.map(\.text) == found.measures)
            // The drafted problem now shows on the report, for those who may see it.
            #expect(try await intake.open(view.id, as: ledger.liaisonA1).drafted.map(\.id) == [made[0].id])
        }
    }

    @Test(arguments: TestDatabase.available)
    func emptyAndBinaryReportsAreRefusedAndNothingIsStored(db: TestDatabase) async throws {
        try await withLedger(on: db) { ledger in
            let intake = ledger.services.reportIntake
            let before = try await ledger.auditEventCount()
            for bytes in [Array(" \n\t ".utf8), []] {
                let answer2 = try await refusal {
                    _ = try await intake.submit(
                        bytes, fileName: "a.txt", unitID: ledger.countyA1.id, campaignID: nil, by: ledger.liaisonA1)
                }
                #expect(answer2 == "invalid empty_report")
            }
            let answer3 = try await refusal {
                _ = try await intake.submit(
                    Array("x".utf8), fileName: "../../etc/passwd", unitID: ledger.countyA1.id, campaignID: nil,
                    by: ledger.liaisonA1)
            }
            #expect(answer3 != nil)
            #expect(try await ledger.auditEventCount() == before)
            #expect(try await intake.list(unitID: nil, text: nil, limit: 10, as: ledger.office).isEmpty)
        }
    }

    @Test(arguments: TestDatabase.available)
    func signingInAddingPeopleAndDisablingThem(db: TestDatabase) async throws {
        try await withLedger(on: db) { ledger in
            let accounts = ledger.services.accountCases
            let short = try await refusal {
                _ = try await accounts.addUser(login: "zhang", displayName: "张", password: "short")
            }
            #expect(short == "invalid invalid_field")
            let user = try await accounts.addUser(login: "zhang", displayName: "张三", password: "长一点的密码123")
            let admin = ledger.office.withRole(.admin, at: ledger.root)
            try await accounts.grant(.liaison, at: ledger.countyA2.id, to: user.id, by: admin)
            let signedIn = try await accounts.signIn(login: "zhang", password: "长一点的密码123", from: "127.0.0.1")
            #expect(signedIn.userID == user.id)
            #expect(try await accounts.principal(token: signedIn.token)?.userID == user.id)

            // Wrong password and unknown login answer alike.
            let wrong = try await refusal { _ = try await accounts.signIn(login: "zhang", password: "x", from: nil) }
            let unknown = try await refusal { _ = try await accounts.signIn(login: "nobody", password: "x", from: nil) }
            #expect(wrong == "unauthenticated bad_credentials")
            #expect(unknown == wrong)

            // A liaison cannot disable people; an administrator can, and the token stops working at once.
            let answer4 = try await refusal {
                try await accounts.setDisabled(true, userID: user.id, by: ledger.liaisonA1)
            }
            #expect(answer4 != nil)
            try await accounts.setDisabled(true, userID: user.id, by: admin)
            #expect(try await accounts.principal(token: signedIn.token) == nil)
            let answer5 = try await refusal {
                _ = try await accounts.signIn(login: "zhang", password: "长一点的密码123", from: nil)
            }
            #expect(answer5 == "unauthenticated user_disabled")
        }
    }
}
