import Testing

@testable import TaizhangIntake

@Suite struct DateTests {
    func find(_ text: String) -> DateFinder.Found { DateFinder.find(in: FindingText(text)) }

    @Test func datesAndRangesAsWritten() {
        let f = find("7月16日，6月14日起，7月初，7·15世界青年技能日，7月16日至8月26日，6月下旬，9月份，7-8月份，2019年7月28日。")
        #expect(f.dates == ["7月16日", "6月14日", "7月初", "7·15", "7月16日至8月26日", "6月下旬", "9月份", "7-8月份", "2019年7月28日"])
    }

    @Test func yearsAloneAreNotDates() {
        #expect(find("2018年国务院大督查，2019年第三批，上半年减费。").dates.isEmpty)
    }

    @Test func eachDateOnce() {
        #expect(find("7月18日发布，7月18日举行。").dates == ["7月18日"])
    }

    @Test func deadlinesWithWhatIsDue() {
        let f = find("计划8月底前取得阶段性成效，力争年底前全部整改到位，6月30日前完成清理，2019年底前建成。")
        #expect(f.deadlines.map(\.text) == ["8月底前", "年底前", "6月30日前", "2019年底前"])
        #expect(f.deadlines[0].about == "取得阶段性成效")
        #expect(f.dates.isEmpty)
    }

    @Test func withinTheYear() {
        #expect(find("力争年内全部完成，今年内建成。").deadlines.map(\.text) == ["年内", "今年内"])
        #expect(find("一年内办结，两年内建成，近年内。").deadlines.isEmpty)
    }

    @Test func yearEndWithoutDeadlineWordIsNeither() {
        let f = find("防止欠薪隐患累积到年底，两年前曾经出现。")
        #expect(f.deadlines.isEmpty)
        #expect(f.dates.isEmpty)
    }
}
