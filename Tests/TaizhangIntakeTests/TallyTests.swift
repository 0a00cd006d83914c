import Testing

@testable import TaizhangIntake

@Suite struct TallyTests {
    func tallies(_ text: String) -> [StatusTally] { TallyFinder.find(in: FindingText(text)) }

    @Test func feedbackRectifiedAndInProgress() {
        let t = tallies("巡察反馈25个问题,已完成整改19个、正在整改6个,整改完成率76%。")
        #expect(t.count == 1)
        #expect(t[0].total == 25)
        #expect(t[0].counts == [.closed: 19, .open: 6])
        #expect(t[0].completionRate == 0.76)
    }

    @Test func ongoingItems() {
        let t = tallies("检视问题1200个，已整改到位119个，已阶段性完成并长期坚持1081个。")
        #expect(t[0].counts == [.closed: 119, .ongoing: 1081])
        #expect(t[0].total == 1200)
    }

    @Test func figureBeforeState() {
        let t = tallies("中央巡视组反馈的20个问题，17个已全面整改。")
        #expect(t[0].counts == [.closed: 17])
        #expect(t[0].total == 20)
    }

    @Test func sentencesWithoutProgressHaveNoTally() {
        #expect(tallies("锁定88项阶段性任务，明确时间表。整改落实贯穿始终。").isEmpty)
    }
}
