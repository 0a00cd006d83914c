import Testing

@testable import TaizhangIntake

@Suite struct QuantityTests {
    func quantities(_ text: String) -> [Quantity] { QuantityFinder.find(in: FindingText(text)) }
    func texts(_ text: String) -> [String] { quantities(text).map(\.text) }

    @Test func arabicAndChineseFiguresWithTheirUnits() {
        let q = quantities("锁定88项阶段性任务，实施六个专项行动，清理84件次证明材料，开展调研22批次。")
        #expect(
            q == [
                Quantity(text: "88项", value: 88, unit: "项", approx: false),
                Quantity(text: "六个", value: 6, unit: "个", approx: false),
                Quantity(text: "84件次", value: 84, unit: "件次", approx: false),
                Quantity(text: "22批次", value: 22, unit: "批次", approx: false),
            ])
    }

    @Test func approximateFigures() {
        let q = quantities("访谈1900多人次，30余名干部返岗，完成近12年来信息录入，约5万人受益。")
        #expect(q.map(\.text) == ["1900多人次", "30余名", "近12年", "约5万人"])
        #expect(q.allSatisfy { $0.approx })
        #expect(q[3].unit == "万人")
        #expect(q[3].value == 5)
    }

    @Test func magnitudesJoinTheUnit() {
        let q = quantities("减费达到1288亿元，下拨资金100万元，收获百万点赞，二十七项任务。")
        #expect(q.map(\.unit) == ["亿元", "万元", "万", "项"])
        #expect(q.map(\.value) == [1288, 100, 100, 27])
    }

    @Test func vagueMagnitudesAreNoFigures() {
        #expect(texts("上千人参加，数百名干部，成千上万的群众。").isEmpty)
        #expect(quantities("投入3000多万元。") == [Quantity(text: "3000多万元", value: 3000, unit: "万元", approx: true)])
    }

    @Test func datesAreNotQuantities() {
        #expect(texts("7月16日至8月26日开展行动，8月份召开会议，9月底前完成。").isEmpty)
        #expect(texts("近两个月来成效初显。") == ["近两个月"])
    }

    @Test func yearsOrdinalsAndCodesAreNotQuantities() {
        #expect(texts("2019年第三批名单，第一批主题教育，拨打12333热线，实施“1+6”专题，1+6行动，2019届毕业生。").isEmpty)
    }

    @Test func quotedAndTitledFiguresAreSetPhrases() {
        #expect(texts("通过“三会一课”、“两个维护”，制定《三年行动计划》。").isEmpty)
        #expect(texts("违反中央八项规定精神，打通最后一公里，一村一策，一人一岗。").isEmpty)
        #expect(texts("千万不能松懈，三番五次督促，一次又一次走访。").isEmpty)
    }

    @Test func vagueOneIsNotACount() {
        #expect(texts("作为一项重要政治任务，啃掉一批硬骨头，一个问题一个问题解决。").isEmpty)
        #expect(texts("多个事项变成一件事，一天内办结。") == ["一件", "一天"])
    }

    @Test func repeatedFigureForTheSameThingIsListedOnce() {
        #expect(texts("实施六个专项行动。六个专项行动，即：稳就业。") == ["六个"])
        #expect(texts("18个事项试点，18个观摩省份。") == ["18个", "18个"])
    }

    @Test func traditionalCharacters() {
        let q = quantities("鎖定88項階段性任務，兩個專項行動。")
        #expect(q.map(\.text) == ["88項", "兩個"])
        #expect(q.map(\.unit) == ["項", "個"])  // as written
    }

    @Test func chineseNumeralValues() {
        #expect(ChineseNumerals.value(scalarArray("二十七")[...]) == 27)
        #expect(ChineseNumerals.value(scalarArray("一百零五")[...]) == 105)
        #expect(ChineseNumerals.value(scalarArray("十二")[...]) == 12)
        #expect(ChineseNumerals.value(scalarArray("三千五百")[...]) == 3500)
        #expect(ChineseNumerals.value(scalarArray("十四五")[...]) == nil)
    }
}
