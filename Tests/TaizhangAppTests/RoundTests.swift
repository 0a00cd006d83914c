import Foundation
import TaizhangApp
import TaizhangDomain
import TaizhangStorage
import TestSupport
import Testing

/// Monthly rounds (月调度) through the use cases, on both engines: who opens, writes, files and
/// decides, in which states, and who never learns a return exists.
@Suite struct RoundTests {
    static let november = RoundPeriod("2026-11")!

    @Test(arguments: TestDatabase.available)
    func aReturnIsWrittenFiledSentBackFiledAgainAndAccepted(db: TestDatabase) async throws {
        try await withLedger(on: db) { ledger in
            let rounds = ledger.services.roundCases
            _ = try await ledger.draft()
            let units = [ledger.countyA1.id, ledger.countyA2.id, ledger.countyB1.id]
            func open(_ actor: Principal, _ reporting: [Int64]?) async throws -> Round {
                try await rounds.open(
                    title: "", period: Self.november, dueOn: LocalDate("2026-12-05")!, campaignID: ledger.campaign.id,
                    unitID: ledger.root.id, reporting: reporting, by: actor)
            }
            // Only the office of the unit opens a round, for units below it, once a month.
            #expect(try await refusal { _ = try await open(ledger.liaisonA1, units) } == "notFound not_found")
            #expect(try await refusal { _ = try await open(ledger.leader, units) } == "forbidden role_required")
            #expect(try await refusal { _ = try await open(ledger.office, [ledger.root.id]) } == "invalid unit_outside")
            let round = try await open(ledger.office, units)
            #expect(round.title == "2026年11月调度")
            #expect(try await refusal { _ = try await open(ledger.office, units) } == "conflict round_exists")

            // Each unit sees its own return only; the office sees all three.
            let mine = try await rounds.round(round.id, as: ledger.liaisonA1)
            #expect(mine.returns.map(\.unit.id) == [ledger.countyA1.id])
            #expect(try await rounds.round(round.id, as: ledger.office).returns.count == 3)
            #expect(try await rounds.rounds(as: ledger.liaisonA2).first?.counts == [.notFiled: 1])
            let item = mine.returns[0].item
            #expect(
                try await refusal { _ = try await rounds.roundReturn(item.id, of: round.id, as: ledger.liaisonA2) }
                    == "notFound not_found")
            #expect(
                try await refusal {
                    _ = try await rounds.save(
                        item.id, of: round.id, summary: "x", nextSteps: "", version: item.version, by: ledger.liaisonA2)
                } == "notFound not_found")

            // The liaison writes; only the unit leader files, and not an empty return.
            #expect(
                try await refusal {
                    _ = try await rounds.file(item.id, of: round.id, version: item.version, by: ledger.unitLeaderA1)
                } == "invalid summary_required")
            let saved = try await rounds.save(
                item.id, of: round.id, summary: "本月召开推进会2次，完成整改1项。", nextSteps: "下月完成全部整改。", version: item.version,
                by: ledger.liaisonA1)
            #expect(
                try await refusal {
                    _ = try await rounds.file(item.id, of: round.id, version: saved.version, by: ledger.liaisonA1)
                } == "forbidden role_required")
            #expect(
                try await refusal {
                    _ = try await rounds.file(item.id, of: round.id, version: item.version, by: ledger.unitLeaderA1)
                } == "conflict stale_version")
            let filed = try await rounds.file(item.id, of: round.id, version: saved.version, by: ledger.unitLeaderA1)
            #expect(filed.state == .filed)
            // The ledger's own figures for the unit go with it: one problem, still open.
            #expect(filed.figures == ReturnFigures(total: 1, closed: 0, open: 1, overdue: 0))
            #expect(
                try await refusal {
                    _ = try await rounds.save(
                        item.id, of: round.id, summary: "改", nextSteps: "", version: filed.version, by: ledger.liaisonA1
                    )
                } == "conflict return_locked")
            #expect(try await rounds.waiting(at: ledger.root, roles: [.office]).toDecide == 1)

            // The office sends it back with a reason; the unit owes it again.
            let before = try await ledger.auditEventCount()
            #expect(
                try await refusal {
                    _ = try await rounds.decide(
                        item.id, of: round.id, accept: false, reason: " ", version: filed.version, by: ledger.office)
                } == "invalid reason_required")
            #expect(
                try await refusal {
                    _ = try await rounds.decide(
                        item.id, of: round.id, accept: true, reason: nil, version: filed.version, by: ledger.liaisonA2)
                } == "notFound not_found")
            #expect(try await ledger.auditEventCount() == before)
            let returned = try await rounds.decide(
                item.id, of: round.id, accept: false, reason: "进展数据与台账不一致", version: filed.version, by: ledger.office)
            #expect(returned.state == .returned)
            #expect(returned.reason == "进展数据与台账不一致")
            #expect(try await rounds.waiting(at: ledger.countyA1, roles: [.liaison]).toFile == 1)
            #expect(try await rounds.waiting(at: ledger.root, roles: [.office]).toDecide == 0)

            // Filed again and accepted by someone other than the filer; accepted is final.
            let again = try await rounds.file(item.id, of: round.id, version: returned.version, by: ledger.unitLeaderA1)
            let accepted = try await rounds.decide(
                item.id, of: round.id, accept: true, reason: nil, version: again.version, by: ledger.office2)
            #expect(accepted.state == .accepted)
            #expect(
                try await refusal {
                    _ = try await rounds.decide(
                        item.id, of: round.id, accept: false, reason: "再退", version: accepted.version, by: ledger.office
                    )
                } == "conflict return_not_filed")
            #expect(try await rounds.waiting(at: ledger.countyA1, roles: [.unitLeader]).toFile == 0)

            // The return's history tells the whole story.
            let detail = try await rounds.roundReturn(item.id, of: round.id, as: ledger.liaisonA1)
            #expect(detail.history.map(\.action) == [.update, .file, .returnToUnit, .file, .accept])
            #expect(try await rounds.rounds(as: ledger.office).first?.counts == [.accepted: 1, .notFiled: 2])
        }
    }

    @Test(arguments: TestDatabase.available)
    func aRoundWithoutAListAsksTheUnitsRightBelowAndNobodyElseLearnsOfIt(db: TestDatabase) async throws {
        try await withLedger(on: db) { ledger in
            let rounds = ledger.services.roundCases
            let round = try await rounds.open(
                title: "太原市11月调度", period: Self.november, dueOn: LocalDate("2026-12-03")!,
                campaignID: ledger.campaign.id, unitID: ledger.cityA.id, reporting: nil,
                by: ledger.office.withRole(.office, at: ledger.cityA))
            let detail = try await rounds.round(round.id, as: ledger.office)
            #expect(Set(detail.returns.map(\.unit.id)) == [ledger.countyA1.id, ledger.countyA2.id])
            // A due date before the month it reports on is refused.
            #expect(
                try await refusal {
                    _ = try await rounds.open(
                        title: "", period: RoundPeriod("2026-12")!, dueOn: LocalDate("2026-11-30")!,
                        campaignID: ledger.campaign.id, unitID: ledger.cityA.id, reporting: nil, by: ledger.office)
                } == "invalid due_before_period")
            // A county of the other city has no return in it: the round does not exist for it.
            let outsider = Principal(
                userID: 999, name: "outsider",
                grants: [Grant(role: .liaison, unitID: ledger.countyB1.id, unitPath: ledger.countyB1.path)])
            #expect(try await rounds.rounds(as: outsider).isEmpty)
            #expect(try await refusal { _ = try await rounds.round(round.id, as: outsider) } == "notFound not_found")
        }
    }
}
