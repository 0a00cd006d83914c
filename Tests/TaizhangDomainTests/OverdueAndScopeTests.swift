import Foundation
import TaizhangDomain
import TestSupport
import Testing

@Suite struct OverdueAndScopeTests {
    @Test func overdueIsComputedFromDeadlineAndToday() {
        var p = Problem(
            id: 1, campaignID: 1, number: "n", title: "t", description: "", sourceChannel: .audit, sourceRef: "",
            category: "", leadUnitID: 1, unitPath: UnitPath("/1/"), supportingUnitIDs: [], responsibleLeader: "",
            responsiblePerson: "", foundOn: LocalDate("2026-01-01")!, deadline: LocalDate("2026-11-22"),
            rectificationType: .timeBound, state: .open, mergedIntoID: nil, stateReason: nil, submittedBy: nil,
            closedOn: nil, version: 1, createdAt: Date(), updatedAt: Date())
        #expect(p.isOverdue(today: LocalDate("2026-11-23")!))
        #expect(!p.isOverdue(today: LocalDate("2026-11-22")!), "due today is not yet late")
        p.state = .closed
        #expect(!p.isOverdue(today: LocalDate("2026-11-23")!))
        p.state = .open
        p.deadline = nil
        #expect(!p.isOverdue(today: LocalDate("2030-01-01")!))
    }

    @Test func todayIsDecidedInShanghai() {
        // 2026-11-22 17:00 UTC is already 2026-11-23 01:00 in Shanghai.
        let instant = Date(timeIntervalSince1970: Double(LocalDate("2026-11-22")!.dayNumber) * 86400 + 17 * 3600)
        #expect(LocalDate(instant) == LocalDate("2026-11-23"))
    }

    @Test func datesParseStrictlyAndDoArithmetic() {
        #expect(LocalDate("2019-02-29") == nil)
        #expect(LocalDate("2020-02-29") != nil)
        #expect(LocalDate("2019-7-28") == nil)
        #expect(LocalDate("2019-12-31")!.adding(days: 1) == LocalDate("2020-01-01"))
        #expect(LocalDate("2020-03-01")!.daysSince(LocalDate("2020-02-01")!) == 29)
        #expect(LocalDate("2019-07-28")!.chinese == "2019年7月28日")
    }

    @Test func subtreeRangeHoldsExactlyTheSubtree() {
        let path = UnitPath("/1/5/")
        let (lower, upper) = path.subtreeRange
        for inside in ["/1/5/", "/1/5/9/", "/1/5/12/44/"] { #expect(inside >= lower && inside < upper) }
        for outside in ["/1/50/", "/1/6/", "/1/", "/1/4/9/"] { #expect(!(outside >= lower && outside < upper)) }
    }

    @Test func scopeRootsCollapseNestedGrants() {
        let p = Principal(
            userID: 1, name: "x",
            grants: [
                Grant(role: .liaison, unitID: 3, unitPath: UnitPath("/1/2/3/")),
                Grant(role: .office, unitID: 2, unitPath: UnitPath("/1/2/")),
                Grant(role: .leader, unitID: 7, unitPath: UnitPath("/1/7/")),
            ])
        #expect(p.scopeRoots == [UnitPath("/1/2/"), UnitPath("/1/7/")])
        #expect(p.sees(UnitPath("/1/2/3/9/")))
        #expect(!p.sees(UnitPath("/1/")))
        #expect(p.holds([.office], at: UnitPath("/1/2/3/")))
        #expect(!p.holds([.office], at: UnitPath("/1/7/")))
    }

    @Test func evidenceIsJudgedByItsBytes() throws {
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0]
        #expect(
            try EvidencePolicy.check(fileName: "现场照片.png", declaredType: "image/png", bytes: png).type == "image/png")
        let elf: [UInt8] = [0x7F, 0x45, 0x4C, 0x46, 2, 1, 1, 0]
        #expect(
            try syncRefusal({
                _ = try EvidencePolicy.check(fileName: "photo.png", declaredType: "image/png", bytes: elf)
            }) == "unsupportedMedia unsupported_type")
        let pdf = Array("%PDF-1.7".utf8)
        #expect(
            try syncRefusal({ _ = try EvidencePolicy.check(fileName: "a.png", declaredType: "image/png", bytes: pdf) }
            ) == "unsupportedMedia type_mismatch")
        let zip: [UInt8] = [0x50, 0x4B, 0x03, 0x04, 0, 0]
        #expect(
            try syncRefusal({ _ = try EvidencePolicy.check(fileName: "a.zip", declaredType: nil, bytes: zip) })
                == "unsupportedMedia unsupported_type")
        #expect(
            try syncRefusal({ _ = try EvidencePolicy.check(fileName: "../x.pdf", declaredType: nil, bytes: pdf) })
                == "invalid bad_file_name")
    }

    @Test func problemNumbersArePaddedWithinTheCampaign() {
        let c = Campaign(
            id: 1, name: "c", code: "2019", startsOn: LocalDate("2019-06-01")!, endsOn: nil, participants: [])
        #expect(c.problemNumber(134) == "2019-0134")
        #expect(c.problemNumber(12345) == "2019-12345")
    }
}
