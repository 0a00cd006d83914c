import Testing

@testable import TaizhangIntake

@Suite struct ProblemTests {
    func problems(_ text: String) -> [ProblemFinding] { ProblemFinder.find(in: FindingText(text)) }

    @Test func triggerThenProblemThenMeasure() {
        let p = problems("针对农村低保领域存在的问题，深入开展农村低保专项治理，建立问题清单。")
        #expect(p == [ProblemFinding(problem: "农村低保领域", measures: ["深入开展农村低保专项治理，建立问题清单"])])
    }

    @Test func measureBeforeTheProblem() {
        let p = problems("省民政厅出台农村低保管理办法，重点针对低保对象认定不精准问题。")
        #expect(p.map(\.problem) == ["低保对象认定不精准"])
        #expect(p[0].measures == ["省民政厅出台农村低保管理办法"])
    }

    @Test func quotedProblemsEachCount() {
        let p = problems("针对“社区干部选拔机制有局限”“社区工作力量不足”问题。一是优化选拔机制。")
        #expect(p.map(\.problem) == ["社区干部选拔机制有局限", "社区工作力量不足"])
        #expect(p.allSatisfy { $0.measures == ["一是优化选拔机制"] })
    }

    @Test func commaInsideQuotesDoesNotEndTheProblem() {
        let p = problems("聚焦“部分社区办公服务设施在楼上,老百姓办事不方便”问题,下拨专项资金100万元。")
        #expect(p.map(\.problem) == ["部分社区办公服务设施在楼上,老百姓办事不方便"])
        #expect(p[0].measures == ["下拨专项资金100万元"])
    }

    @Test func trailingWordsAreTrimmed() {
        let p = problems("紧盯群众反映强烈的殡葬领域违规经营、乱收费等突出问题，开展专项整治行动。围绕青年就业、农民工就业等重点难点问题，谋划应对举措。")
        #expect(p.map(\.problem) == ["群众反映强烈的殡葬领域违规经营、乱收费", "青年就业、农民工就业"])
    }

    @Test func goalsAndCompoundsAreNotProblems() {
        #expect(problems("聚焦解决思想根子问题。坚持问题导向。部党组针对问题清单汇编，部署工作。").isEmpty)
        #expect(problems("突出针对性、实效性，解决问题。").isEmpty)
    }

    @Test func spansThatOnlyNameASourceAreNoProblems() {
        #expect(problems("针对检视出的问题，建立整改清单。针对巡视反馈的问题，逐项整改。针对群众反映的问题，立行立改。").isEmpty)
    }

    @Test func listUnderSpecialRectification() {
        let p = problems("部署对甲不深入不到位，乙不担当不作为，丙加重基层负担等3个方面问题开展专项整治，形成清单。")
        #expect(p.map(\.problem) == ["甲不深入不到位", "乙不担当不作为", "丙加重基层负担"])
        #expect(p.allSatisfy { $0.measures == ["开展专项整治"] })
    }

    @Test func listWithEnumerationCommas() {
        let p = problems("对甲作风不实、乙不担当、丙负担重等3个方面问题进行专项整治。")
        #expect(p.map(\.problem) == ["甲作风不实", "乙不担当", "丙负担重"])
        let q = problems("开展违规收费、乱检查、乱罚款等问题专项整治。")
        #expect(q.map(\.problem) == ["违规收费", "乱检查", "乱罚款"])
        #expect(q.allSatisfy { $0.measures == ["专项整治"] })
    }

    @Test func campaignNamedAfterProblem() {
        let p = problems("坚持高标准开展殡葬服务领域突出问题专项治理、不担当不作为突出问题专项整治等问题整改。")
        #expect(p.map(\.problem) == ["殡葬服务领域", "不担当不作为"])
        #expect(p.map { $0.measures[0] } == ["专项治理", "专项整治"])
    }

    @Test func remedyBeforeProblem() {
        let p = problems("会议强调，坚决防止和纠正整改整治中搞形式、走过场等问题。")
        #expect(p.map(\.problem) == ["整改整治中搞形式、走过场"])
        #expect(p[0].measures[0].hasPrefix("坚决防止和纠正"))
        let q = problems("着力解决困难群众基本生活保障不到位等问题，全面开展农村低保专项治理。")
        #expect(q.map(\.problem) == ["困难群众基本生活保障不到位"])
        #expect(q[0].measures == ["着力解决困难群众基本生活保障不到位等问题", "全面开展农村低保专项治理"])
    }

    @Test func problemStatementThenMeasureSentence() {
        let p = problems("每到年底，拖欠农民工工资问题容易集中出现。基于这种情况，人社部开展专项行动。")
        #expect(p == [ProblemFinding(problem: "拖欠农民工工资", measures: ["基于这种情况，人社部开展专项行动"])])
        #expect(problems("检视问题突出“准”，为整改提供靶向。").isEmpty)
    }

    @Test func numberedBulletinForm() {
        let text = "一、关于班子建设方面\n1.干部队伍结构不够优化。\n整改情况：一是制定干部培养规划。二是选派年轻干部。\n（2）基层调研不够深入的问题\n整改措施：建立调研制度。"
        let p = problems(text)
        #expect(p.map(\.problem) == ["干部队伍结构不够优化", "基层调研不够深入"])
        #expect(p[0].measures == ["一是制定干部培养规划。二是选派年轻干部。"])
        #expect(p[1].measures == ["建立调研制度。"])
    }

    @Test func traditionalCharacters() {
        let p = problems("針對養老服務方面存在的問題，扎實推進關愛行動。")
        #expect(p.map(\.problem) == ["養老服務方面"])
        let q = problems("開展殯葬服務領域突出問題專項治理。")
        #expect(q == [ProblemFinding(problem: "殯葬服務領域", measures: ["專項治理"])])
    }
}
