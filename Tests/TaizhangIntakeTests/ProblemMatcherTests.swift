import Testing

@testable import TaizhangIntake

@Suite struct ProblemMatcherTests {
    let matcher = ProblemMatcher(existing: [
        .init(id: "2019-0134", text: "干部队伍结构不够优化"),
        .init(id: "2019-0135", text: "殡葬领域违规经营、乱收费问题"),
        .init(id: "2019-0136", text: "农村低保领域存在的问题"),
        .init(id: "2019-0137", text: "养老保险政策解读不够简明易懂"),
    ])

    @Test func restatementIsMatched() {
        // setup: the same problems in other words
        let restated = [
            ("领导干部队伍结构优化不够", "2019-0134"),
            ("殡葬服务领域乱收费、违规经营", "2019-0135"),
            ("養老保險政策解讀不夠簡明", "2019-0137"),
        ]
        for (text, id) in restated {
            // MUT
            let found = matcher.duplicates(of: text)
            // validate
            #expect(found.first?.id == id, "\(text)")
        }
    }

    @Test func unrelatedProblemsAreNotMatched() {
        #expect(matcher.duplicates(of: "社区工作力量不足").isEmpty)
        #expect(matcher.duplicates(of: "拖欠农民工工资").isEmpty)
        #expect(matcher.duplicates(of: "问题").isEmpty)
    }

    @Test func similarityIsSymmetricAndBounded() {
        let a = "部分社区运转经费不足"
        let b = "社区运转经费保障不足"
        #expect(ProblemMatcher.similarity(a, b) == ProblemMatcher.similarity(b, a))
        #expect(ProblemMatcher.similarity(a, a) == 1)
        #expect(ProblemMatcher.similarity(a, "") == 0)
    }
}
