import Foundation
import SQLKit
import TaizhangApp
import TaizhangDomain
import TaizhangStorage

/// A small province with two cities and three counties, one campaign, and a person in each role,
/// built through the real repositories on the database under test.
public struct Ledger: Sendable {
    public let services: Services
    public let clock: FixedClock
    public let directory: String
    public let campaign: Campaign
    public let root: OrgUnit, cityA: OrgUnit, countyA1: OrgUnit, countyA2: OrgUnit, cityB: OrgUnit, countyB1: OrgUnit
    /// 省领导小组办公室 at the root.
    public let office: Principal
    /// A second office person, so closure can be verified by someone other than the requester.
    public let office2: Principal
    public let supervisor: Principal
    public let leader: Principal
    /// 联络员 and 单位负责人 of county A1; a liaison of county A2 for isolation tests.
    public let liaisonA1: Principal, unitLeaderA1: Principal, liaisonA2: Principal
    public let tokens: [String: String]

    public var problems: ProblemRepository { services.problems }
    public var store: any SQLStore { services.store }

    public static func make(on database: TestDatabase, directory: String) async throws -> Ledger {
        let store = try await database.makeStore(directory: directory)
        let clock = FixedClock()
        let services = Services(store: store, dataDirectory: directory, clock: clock)
        let u = services.units
        let root = try await u.create(name: "省委主题教育领导小组", shortName: "省领导小组", kind: .province, parentID: nil, by: nil)
        let cityA = try await u.create(name: "太原市", shortName: "", kind: .city, parentID: root.id, by: nil)
        let countyA1 = try await u.create(name: "清徐县", shortName: "", kind: .county, parentID: cityA.id, by: nil)
        let countyA2 = try await u.create(name: "阳曲县", shortName: "", kind: .county, parentID: cityA.id, by: nil)
        let cityB = try await u.create(name: "大同市", shortName: "", kind: .city, parentID: root.id, by: nil)
        let countyB1 = try await u.create(name: "阳高县", shortName: "", kind: .county, parentID: cityB.id, by: nil)
        let campaign = try await services.campaigns.create(
            name: "“不忘初心、牢记使命”主题教育", code: "2019", startsOn: LocalDate("2019-06-01")!, endsOn: nil,
            participants: [.init(unitID: root.id, batch: 1)], by: nil)
        var tokens: [String: String] = [:]
        // Returns the token rather than writing a captured variable from an async nested function.
        func person(_ login: String, _ role: Role, _ unit: OrgUnit) async throws -> (Principal, String) {
            let user = try await services.users.add(login: login, displayName: login, passwordHash: "x")
            try await services.users.grant(userID: user.id, role: role, unitID: unit.id)
            let token = try await services.users.createToken(userID: user.id, name: "test")
            return (try await services.users.principal(userID: user.id)!, token)
        }
        // People first, into locals: every token is in `tokens` before the ledger copies it.
        let (office, officeToken) = try await person("office", .office, root)
        tokens["office"] = officeToken
        let (office2, office2Token) = try await person("office2", .office, root)
        tokens["office2"] = office2Token
        let (supervisor, supervisorToken) = try await person("supervisor", .supervision, root)
        tokens["supervisor"] = supervisorToken
        let (leader, leaderToken) = try await person("leader", .leader, root)
        tokens["leader"] = leaderToken
        let (liaisonA1, liaisonA1Token) = try await person("liaisonA1", .liaison, countyA1)
        tokens["liaisonA1"] = liaisonA1Token
        let (unitLeaderA1, unitLeaderA1Token) = try await person("leaderA1", .unitLeader, countyA1)
        tokens["leaderA1"] = unitLeaderA1Token
        let (liaisonA2, liaisonA2Token) = try await person("liaisonA2", .liaison, countyA2)
        tokens["liaisonA2"] = liaisonA2Token
        let allTokens = tokens
        return Ledger(
            services: services, clock: clock, directory: directory, campaign: campaign, root: root, cityA: cityA,
            countyA1: countyA1, countyA2: countyA2, cityB: cityB, countyB1: countyB1, office: office, office2: office2,
            supervisor: supervisor, leader: leader, liaisonA1: liaisonA1, unitLeaderA1: unitLeaderA1,
            liaisonA2: liaisonA2, tokens: allTokens)
    }

    /// A draft problem for `unit` (county A1 by default), due in 30 days.
    public func draft(
        in unit: OrgUnit? = nil, title: String = "农村低保对象认定不够精准问题", deadline: String? = "2026-12-23"
    ) async throws -> Problem {
        try await problems.create(
            ProblemDraft(
                campaignID: campaign.id, title: title, description: "经巡视反馈发现", sourceChannel: .inspection,
                sourceRef: "巡视反馈第3条", category: "农村低保专项治理", leadUnitID: (unit ?? countyA1).id,
                foundOn: LocalDate("2026-10-01")!, deadline: deadline.flatMap { LocalDate($0) },
                rectificationType: deadline == nil ? .ongoing : .timeBound), by: office)
    }

    /// A problem claimed by county A1 with one measure done and one piece of evidence: ready for closure.
    public func readyForClosure() async throws -> Problem {
        let p = try await draft()
        let claimed = try await problems.transition(
            p.id, action: .claim, version: p.version, reason: nil, mergeInto: nil, by: liaisonA1)
        let m = try await problems.addMeasure(p.id, text: "建立问题清单和整改清单", owner: "民政局", deadline: nil, by: liaisonA1)
        _ = try await problems.updateMeasure(
            p.id, measure: m.id, version: m.version, patch: .init(doneOn: .some(LocalDate("2026-11-20")!)),
            by: liaisonA1)
        _ = try await problems.addEvidence(
            p.id, fileName: "整改报告.pdf", declaredType: "application/pdf", bytes: Array("%PDF-1.4 test".utf8),
            files: services.files, by: liaisonA1)
        return try await problems.problem(claimed.id, for: office)
    }
}

/// Runs `body` with a fresh ledger on `database`, closing its connections afterwards whatever happens.
public func withLedger(on database: TestDatabase, _ body: (Ledger) async throws -> Void) async throws {
    try await withTemporaryDirectory { dir in
        let ledger = try await Ledger.make(on: database, directory: dir)
        do {
            try await body(ledger)
        } catch {
            try? await ledger.store.close()
            throw error
        }
        try await ledger.store.close()
    }
}

extension Principal {
    /// The same person also holding `role` at `unit`, for tests that need one actor in two capacities.
    public func withRole(_ role: Role, at unit: OrgUnit) -> Principal {
        var copy = self
        copy.grants.append(Grant(role: role, unitID: unit.id, unitPath: unit.path))
        return copy
    }
}

extension Ledger {
    /// How many events the audit trail holds: a refused request must not add one.
    public func auditEventCount() async throws -> Int {
        try await store.read { db in
            guard let row = try await db.raw("SELECT COUNT(*) AS n FROM audit_events").first() else { return 0 }
            return try row.decode(column: "n", as: Int.self)
        }
    }
}
