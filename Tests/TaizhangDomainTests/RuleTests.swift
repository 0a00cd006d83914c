import Foundation
import TaizhangDomain
import TestSupport
import Testing

/// The rules of deadline changes, measures, notes and sign-in, decided without a database.
@Suite struct RuleTests {
    static let county = UnitPath("/1/2/3/")
    static let now = Date(timeIntervalSince1970: 1_795_000_000)
    static let today = LocalDate(now)

    func person(_ id: Int64, _ role: Role, _ path: UnitPath = county) -> Principal {
        Principal(userID: id, name: "p\(id)", grants: [Grant(role: role, unitID: path.ids.last!, unitPath: path)])
    }

    func problem(state: ProblemState = .open, deadline: String? = "2026-12-31") -> Problem {
        Problem(
            id: 9, campaignID: 1, number: "2019-0009", title: "t", description: "", sourceChannel: .inspection,
            sourceRef: "",
            category: "", leadUnitID: 3, unitPath: Self.county, supportingUnitIDs: [], responsibleLeader: "",
            responsiblePerson: "", foundOn: LocalDate("2026-10-01")!, deadline: deadline.flatMap { LocalDate($0) },
            rectificationType: .timeBound, state: state, mergedIntoID: nil, stateReason: nil, submittedBy: nil,
            closedOn: nil, version: 4, createdAt: Self.now, updatedAt: Self.now)
    }

    func answer(_ body: () throws -> Void) -> String? {
        do { try body() } catch let e as DomainError { return "\(e.kind) \(e.code)" } catch { return "\(error)" }
        return nil
    }

    @Test func deadlineChangeRequestsAndDecisions() throws {
        let liaison = person(1, .liaison)
        let office = person(2, .office, UnitPath("/1/"))
        let outsider = person(3, .office, UnitPath("/1/5/"))
        let p = problem()
        let ask = { (d: String, pending: Bool, who: Principal, on: Problem) in
            _ = try DeadlineChange.requesting(
                LocalDate(d)!, reason: "跨年", of: on, pendingExists: pending, by: who, now: Self.now)
        }
        #expect(answer { try ask("2027-01-31", false, outsider, p) } == "notFound not_found")
        #expect(answer { try ask("2027-01-31", false, person(4, .leader), p) } == "forbidden role_required")
        #expect(
            answer { try ask("2027-01-31", false, liaison, problem(state: .closed)) } == "conflict problem_finished")
        #expect(answer { try ask("2026-09-30", false, liaison, p) } == "invalid deadline_before_found")
        #expect(answer { try ask("2026-12-31", false, liaison, p) } == "invalid deadline_unchanged")
        #expect(answer { try ask("2027-01-31", true, liaison, p) } == "conflict change_pending")
        let change = try DeadlineChange.requesting(
            LocalDate("2027-01-31")!, reason: "跨年", of: p, pendingExists: false, by: liaison, now: Self.now)
        #expect(change.status == .pending && change.oldDeadline == p.deadline)
        #expect(
            answer { _ = try change.deciding(approve: true, of: p, by: liaison, now: Self.now) }
                == "forbidden role_required")
        var own = change
        own.requestedBy = office.userID
        #expect(
            answer { _ = try own.deciding(approve: true, of: p, by: office, now: Self.now) }
                == "forbidden decider_is_requester")
        let (approved, moved) = try change.deciding(approve: true, of: p, by: office, now: Self.now)
        #expect(
            approved.status == .approved && moved.deadline == LocalDate("2027-01-31") && moved.version == p.version + 1)
        #expect(
            answer { _ = try approved.deciding(approve: false, of: moved, by: office, now: Self.now) }
                == "conflict already_decided")
        let (rejected, same) = try change.deciding(approve: false, of: p, by: office, now: Self.now)
        #expect(rejected.status == .rejected && same == p, "a rejection moves nothing")
    }

    @Test func measuresAndNotes() throws {
        let liaison = person(1, .liaison)
        let supervisor = person(5, .supervision, UnitPath("/1/"))
        let p = problem()
        #expect(
            answer {
                _ = try Measure.adding(
                    text: "措施", owner: "", deadline: nil, to: problem(state: .submitted), by: liaison, now: Self.now)
            } == "conflict ledger_locked")
        #expect(
            answer {
                _ = try Measure.adding(text: "措施", owner: "", deadline: nil, to: p, by: supervisor, now: Self.now)
            } == "forbidden role_required")
        let m = try Measure.adding(text: "措施", owner: "民政局", deadline: nil, to: p, by: liaison, now: Self.now)
        #expect(
            answer {
                _ = try m.applying(
                    MeasurePatch(doneOn: .some(Self.today.adding(days: 1))), version: 1, of: p, by: liaison,
                    today: Self.today)
            } == "invalid date_in_future")
        #expect(
            answer { _ = try m.applying(MeasurePatch(text: "新"), version: 0, of: p, by: liaison, today: Self.today) }
                == "conflict stale_version")
        let done = try m.applying(
            MeasurePatch(doneOn: .some(Self.today)), version: 1, of: p, by: liaison, today: Self.today)
        #expect(done.isDone && done.version == 2 && done.text == "措施")
        let reopened = try done.applying(
            MeasurePatch(doneOn: .some(nil)), version: 2, of: p, by: liaison, today: Self.today)
        #expect(!reopened.isDone)
        #expect(
            answer {
                _ = try ProgressNote.adding(
                    text: "进展", notedOn: Self.today.adding(days: 1), figures: [:], to: p, by: liaison, now: Self.now)
            } == "invalid date_in_future")
        #expect(
            answer {
                _ = try ProgressNote.adding(
                    text: "进展", notedOn: nil, figures: [:], to: problem(state: .merged), by: liaison, now: Self.now)
            } == "conflict problem_retired")
        #expect(
            try ProgressNote.adding(text: "督导意见", notedOn: nil, figures: [:], to: p, by: supervisor, now: Self.now)
                .notedOn == Self.today)
    }

    @Test func aSupportingUnitReadsAndWritesNotesOnly() throws {
        var p = problem()
        p.supportingUnitPaths = [UnitPath("/1/2/4/")]
        let helper = person(7, .liaison, UnitPath("/1/2/4/"))
        #expect(helper.access(to: p) == .supporting)
        #expect(
            answer {
                _ = try ProgressNote.adding(text: "配合", notedOn: nil, figures: [:], to: p, by: helper, now: Self.now)
            } == nil)
        #expect(
            answer { _ = try Measure.adding(text: "措施", owner: "", deadline: nil, to: p, by: helper, now: Self.now) }
                == "forbidden role_required")
        #expect(
            answer {
                _ = try p.applying(
                    .claim, by: helper, reason: nil, facts: TransitionFacts(), today: Self.today, now: Self.now)
            } == "forbidden role_required")
        let stranger = person(8, .liaison, UnitPath("/1/6/"))
        #expect(stranger.access(to: p) == nil)
        #expect(
            answer {
                _ = try ProgressNote.adding(text: "x", notedOn: nil, figures: [:], to: p, by: stranger, now: Self.now)
            } == "notFound not_found")
    }

    @Test func signInThrottleLocksPerLoginAndPerAddressAndPasses() throws {
        var t = SignInThrottle()
        for i in 0..<SignInThrottle.perLogin {
            #expect(answer { try t.check(login: "Zhang", address: "10.0.0.1", now: Self.now) } == nil, "attempt \(i)")
            t.recordFailure(login: "zhang", address: "10.0.0.1", now: Self.now)
        }
        #expect(
            answer { try t.check(login: "ZHANG", address: "10.0.0.9", now: Self.now) }
                == "tooManyRequests too_many_attempts")
        #expect(
            answer { try t.check(login: "li", address: "10.0.0.1", now: Self.now) } == nil,
            "other logins from the address still try")
        #expect(
            answer {
                try t.check(login: "zhang", address: nil, now: Self.now.addingTimeInterval(SignInThrottle.window))
            } == nil)
        for n in 0..<SignInThrottle.perAddress {
            t.recordFailure(login: "user\(n)", address: "10.0.0.2", now: Self.now)
        }
        #expect(
            answer { try t.check(login: "fresh", address: "10.0.0.2", now: Self.now) }
                == "tooManyRequests too_many_attempts")
        t.recordSuccess(login: "zhang")
        #expect(answer { try t.check(login: "zhang", address: nil, now: Self.now) } == nil)
    }
}
