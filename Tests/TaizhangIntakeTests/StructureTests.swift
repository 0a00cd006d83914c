import Testing

@testable import TaizhangIntake

/// Problems, dates and deadlines found by the structure of the text, on sentences written for
/// these tests in the manner of rectification reports (not taken from the corpus).
@Suite struct StructureTests {
    func problems(_ body: String) -> [ProblemFinding] { IncomingReportReader.findings(in: body).problems }

    func has(_ found: [ProblemFinding], _ problem: String, _ measureStart: String) -> Bool {
        found.contains { $0.problem.contains(problem) && $0.measures.contains { $0.hasPrefix(measureStart) } }
    }

    @Test func aListOfProblemsIsPairedWithTheListOfRemedies() {
        let body = """
            一、基本情况
            本次检查覆盖全部社区。
            二、发现的问题
            1.台账登记不及时：部分社区未按月更新。
            2.资金公示不规范：公示内容缺少明细。
            三、整改措施
            1.建立月度更新制度，由专人负责。
            2.统一公示模板，逐项列明资金去向。
            """
        let found = problems(body)
        #expect(has(found, "台账登记不及时", "建立月度更新制度"))
        #expect(has(found, "资金公示不规范", "统一公示模板"))
        #expect(found.count == 2)
    }

    @Test func aSubsectionTitledByItsProblemTakesWhatWasDone() {
        let body = """
            二、整改落实情况
            （一）乡镇垃圾转运站建设滞后。
            该问题已完成整改。一是新建转运站3座，二是配齐转运车辆。
            （二）部分村卫生室药品短缺。
            已完成整改。县卫健局统一配送常用药品。
            """
        let found = problems(body)
        #expect(has(found, "乡镇垃圾转运站建设滞后", "一是新建转运站3座"))
        #expect(has(found, "部分村卫生室药品短缺", "县卫健局统一配送常用药品"))
    }

    @Test func theObjectOfASentenceAndItsPredicate() {
        #expect(has(problems("会议强调，对群众反复投诉的噪音扰民问题，要限期整改到位。"), "群众反复投诉的噪音扰民", "要限期整改到位"))
        #expect(has(problems("县里对积压信访问题建立包案化解机制。"), "积压信访", "建立包案化解机制"))
        #expect(has(problems("特别是对审批超时的项目，要逐一倒查原因。"), "审批超时的项目", "要逐一倒查原因"))
        #expect(has(problems("针对山区学校师资紧缺的现状，县教育局定向招聘教师40名。"), "山区学校师资紧缺", "县教育局定向招聘教师"))
        #expect(has(problems("街道多次约谈物业公司，督促更换破损管道，推动解决小区供水不稳定问题。"), "小区供水不稳定", "街道多次约谈物业公司"))
        // Where problems came from is not a problem.
        #expect(problems("对巡察发现的问题，要建立清单逐项销号。").isEmpty)
        #expect(problems("对照问题清单逐项整改。").isEmpty)
    }

    @Test func examplesOfAListOfAspectsAreEachAProblem() {
        let found = problems("要求各单位对村级财务管理混乱、惠民资金发放滞后等12个方面突出问题集中开展整改整治。")
        #expect(has(found, "村级财务管理混乱", "集中开展整改整治"))
        #expect(has(found, "惠民资金发放滞后", "集中开展整改整治"))
    }

    @Test func datesRangesAndSpans() {
        let found = IncomingReportReader.findings(
            in: "活动自2021年3月1日——2021年4月30日开展，2020年2-11月共受理，今年1至5月办结，每月10日通报；力争2年内全部完成，近3年内未发生。")
        #expect(found.dates.contains("2021年3月1日——2021年4月30日"))
        #expect(found.dates.contains("2020年2-11月"))
        #expect(found.dates.contains("今年1至5月"))
        #expect(found.dates.contains("每月10日"))
        #expect(found.deadlines.map(\.text) == ["2年内"])
    }

    @Test func thePublicationDateIsADateAsThePageWritesIt() {
        let report = IncomingReportReader().read(text: "某县推进整改工作\n发布时间：2021/06/03 10:20\n\n正文写明整改进展情况。")
        #expect(report.articles[0].dates.first == "2021/06/03")
    }
}

/// Organisations by the shape of their names, on sentences written for these tests.
@Suite struct OrganizationShapeTests {
    func organizations(_ body: String) -> [String] { IncomingReportReader.findings(in: body).organizations }

    @Test func townsGroupsAndCommittees() {
        let found = organizations("东关镇党委召开会议，县委第三巡察组和县委专项巡察二组参加，城南新区管委会作交流发言。")
        #expect(found.contains("东关镇党委"))
        #expect(found.contains("县委第三巡察组"))
        #expect(found.contains("县委专项巡察二组"))
        #expect(found.contains("城南新区管委会"))
    }

    @Test func aVerbBeforeABodyIsNotPartOfItsName() {
        let found = organizations("各村要落实县委巡察组反馈意见，确保市委部署落地。")
        #expect(!found.contains { $0.hasPrefix("落实") || $0.hasPrefix("确保") })
    }

    @Test func aBodyWrittenAgainShorterIsListedOnce() {
        let found = organizations("山西省委召开常委会。会上，省委要求各地抓好整改。")
        #expect(found == ["山西省委"])
    }

    @Test func aCountOfFirmsIsNotAFirm() {
        #expect(!organizations("聘请3家会计师事务所和2家咨询公司开展审计。").contains { $0.hasPrefix("家") })
    }
}
