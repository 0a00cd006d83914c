import Foundation
import TaizhangDomain
import Testing

/// The state machine of PRODUCT.md with each guard, on plain values.
@Suite struct TransitionTests {
    let county = UnitPath("/1/2/3/")
    let otherCounty = UnitPath("/1/2/4/")
    let today = LocalDate("2026-11-23")!
    let now = Date(timeIntervalSince1970: 1_795_000_000)

    func person(_ id: Int64, _ role: Role, _ path: UnitPath) -> Principal {
        Principal(userID: id, name: "p\(id)", grants: [Grant(role: role, unitID: path.ids.last!, unitPath: path)])
    }

    func problem(_ state: ProblemState, submittedBy: Int64? = nil) -> Problem {
        Problem(
            id: 7, campaignID: 1, number: "2019-0007", title: "t", description: "", sourceChannel: .inspection,
            sourceRef: "", category: "", leadUnitID: 3, unitPath: county, supportingUnitIDs: [], responsibleLeader: "",
            responsiblePerson: "", foundOn: LocalDate("2026-10-01")!, deadline: LocalDate("2026-11-01"),
            rectificationType: .timeBound, state: state, mergedIntoID: nil, stateReason: nil, submittedBy: submittedBy,
            closedOn: nil, version: 4, createdAt: now, updatedAt: now)
    }

    var office: Principal { person(1, .office, UnitPath("/1/")) }
    var liaison: Principal { person(2, .liaison, county) }
    var unitLeader: Principal { person(3, .unitLeader, county) }
    let ready = TransitionFacts(measuresTotal: 2, measuresDone: 2, evidenceCount: 1)

    func refusal(_ body: () throws -> Problem) -> DomainError? {
        do {
            _ = try body()
            return nil
        } catch { return error as? DomainError }
    }

    @Test func claimMovesDraftToOpenAndBumpsVersion() throws {
        let next = try problem(.draft).applying(
            .claim, by: liaison, reason: nil, facts: .init(), today: today, now: now)
        #expect(next.state == .open)
        #expect(next.version == 5)
    }

    @Test func claimIsOnlyForTheResponsibleUnit() {
        let error = refusal {
            try problem(.draft).applying(.claim, by: office, reason: nil, facts: .init(), today: today, now: now)
        }
        #expect(error?.kind == .forbidden)
        let stranger = person(9, .liaison, otherCounty)
        let hidden = refusal {
            try problem(.draft).applying(.claim, by: stranger, reason: nil, facts: .init(), today: today, now: now)
        }
        #expect(hidden?.kind == .notFound)
    }

    @Test func closureNeedsEveryMeasureDone() {
        let facts = TransitionFacts(measuresTotal: 3, measuresDone: 2, evidenceCount: 1)
        let error = refusal {
            try problem(.open).applying(
                .requestClosure, by: unitLeader, reason: nil, facts: facts, today: today, now: now)
        }
        #expect(error?.code == "measures_not_done")
        let none = refusal {
            try problem(.open).applying(
                .requestClosure, by: unitLeader, reason: nil, facts: .init(), today: today, now: now)
        }
        #expect(none?.code == "measures_not_done")
    }

    @Test func closureNeedsEvidence() {
        let facts = TransitionFacts(measuresTotal: 1, measuresDone: 1, evidenceCount: 0)
        let error = refusal {
            try problem(.open).applying(
                .requestClosure, by: unitLeader, reason: nil, facts: facts, today: today, now: now)
        }
        #expect(error?.code == "evidence_required")
    }

    @Test func closureIsRequestedByTheUnitLeaderNotTheLiaison() throws {
        let error = refusal {
            try problem(.open).applying(.requestClosure, by: liaison, reason: nil, facts: ready, today: today, now: now)
        }
        #expect(error?.kind == .forbidden)
        let next = try problem(.open).applying(
            .requestClosure, by: unitLeader, reason: nil, facts: ready, today: today, now: now)
        #expect(next.state == .submitted)
        #expect(next.submittedBy == unitLeader.userID)
    }

    @Test func verifierMustNotBeTheSubmitter() throws {
        // Someone holding both roles requested closure; they cannot also verify it.
        let both = Principal(
            userID: 5, name: "both",
            grants: [
                Grant(role: .office, unitID: 1, unitPath: UnitPath("/1/")),
                Grant(role: .unitLeader, unitID: 3, unitPath: county),
            ])
        let error = refusal {
            try problem(.submitted, submittedBy: 5).applying(
                .verify, by: both, reason: nil, facts: .init(), today: today, now: now)
        }
        #expect(error?.code == "verifier_is_submitter")
        let closed = try problem(.submitted, submittedBy: 5).applying(
            .verify, by: office, reason: nil, facts: .init(), today: today, now: now)
        #expect(closed.state == .closed)
        #expect(closed.closedOn == today)
    }

    @Test func verificationIsForOfficeOrSupervisionOnly() {
        let error = refusal {
            try problem(.submitted, submittedBy: 3).applying(
                .verify, by: liaison, reason: nil, facts: .init(), today: today, now: now)
        }
        #expect(error?.kind == .forbidden)
    }

    @Test(arguments: [ProblemAction.returnToUnit, .reopen, .merge, .dismiss])
    func reasonIsRequired(action: ProblemAction) {
        let from: ProblemState = action == .returnToUnit ? .submitted : (action == .reopen ? .closed : .open)
        let target = problem(.open)
        var facts = TransitionFacts()
        if action == .merge {
            var other = target
            other.id = 8
            facts.mergeTarget = other
        }
        let error = refusal {
            try problem(from).applying(action, by: office, reason: "  ", facts: facts, today: today, now: now)
        }
        #expect(error?.code == "reason_required")
    }

    @Test func returnGoesBackToOpenAndClearsTheSubmitter() throws {
        let next = try problem(.submitted, submittedBy: 3).applying(
            .returnToUnit, by: office, reason: "佐证材料不足", facts: .init(), today: today, now: now)
        #expect(next.state == .open)
        #expect(next.submittedBy == nil)
        #expect(next.stateReason == "佐证材料不足")
    }

    @Test func lookBackReopensAClosedProblem() throws {
        var closed = problem(.closed)
        closed.closedOn = today
        let next = try closed.applying(.reopen, by: office, reason: "回头看发现问题反弹", facts: .init(), today: today, now: now)
        #expect(next.state == .open)
        #expect(next.closedOn == nil)
    }

    @Test func mergePointsAtTheSurvivor() throws {
        var survivor = problem(.open)
        survivor.id = 99
        let next = try problem(.open).applying(
            .merge, by: office, reason: "与2019-0099重复", facts: .init(mergeTarget: survivor), today: today, now: now)
        #expect(next.state == .merged)
        #expect(next.mergedIntoID == 99)
        let selfMerge = refusal {
            try problem(.open).applying(
                .merge, by: office, reason: "x", facts: .init(mergeTarget: problem(.open)), today: today, now: now)
        }
        #expect(selfMerge?.field == "into")
        var otherCampaign = survivor
        otherCampaign.campaignID = 2
        let across = refusal {
            try problem(.open).applying(
                .merge, by: office, reason: "x", facts: .init(mergeTarget: otherCampaign), today: today, now: now)
        }
        #expect(across?.field == "into")
    }

    @Test func onlyTheOfficeApprovesLongTermWork() throws {
        let error = refusal {
            try problem(.open).applying(
                .markOngoing, by: unitLeader, reason: nil, facts: .init(), today: today, now: now)
        }
        #expect(error?.kind == .forbidden)
        #expect(
            try problem(.open).applying(.markOngoing, by: office, reason: nil, facts: .init(), today: today, now: now)
                .state == .ongoing)
    }

    @Test(arguments: ProblemAction.allCases)
    func actionsFromWrongStatesAreConflicts(action: ProblemAction) {
        // Every action is refused from a state outside its arrows.
        for state in ProblemState.allCases where !(actionStarts[action] ?? []).contains(state) {
            let error = refusal {
                try problem(state, submittedBy: 3).applying(
                    action, by: office, reason: "r", facts: ready, today: today, now: now)
            }
            #expect(error != nil, "\(action) from \(state) must be refused")
        }
    }

    let actionStarts: [ProblemAction: Set<ProblemState>] = [
        .claim: [.draft], .requestClosure: [.open, .ongoing], .verify: [.submitted], .returnToUnit: [.submitted],
        .reopen: [.closed], .markOngoing: [.open], .merge: [.draft, .open, .submitted, .ongoing],
        .dismiss: [.draft, .open, .submitted, .ongoing],
    ]
}
