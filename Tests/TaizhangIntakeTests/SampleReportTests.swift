import Testing

@testable import TaizhangIntake

/// Whole reports of the kinds units send in, written for these tests.
@Suite struct SampleReportTests {
    let reader = IncomingReportReader()

    static let page = """
        <html><head><title>某省民政厅召开整改落实推进会_某省民政厅</title><script>var a = 1;</script></head>
        <body><ul><li>首页</li><li>机构概况</li><li>政务公开</li></ul>
        <div>当前位置：首页 &gt; 新闻中心 &gt; 工作动态</div>
        <h1>某省民政厅召开整改落实推进会</h1>
        <div>发布时间：2019-09-12 10:21:33　　来源：省民政厅办公室　　作者：王晓明　　【字体：大 中 小】</div>
        <div>分享到：微信 微博</div>
        <p>　　9月11日，省民政厅召开推进会。中央第三巡视组反馈的20个问题，已全面整改17个，正在整改3个，整改完成率85%。</p>
        <p>　　针对基层民政服务能力不足的问题，厅党组制定提升方案，计划10月底前全部完成。</p>
        <div>责任编辑：李华</div><div>标签：主题教育　整改落实</div>
        <h3>相关链接</h3><ul><li>民政部召开推进会</li><li>我厅开展专题调研</li></ul>
        <p>主办单位：某省民政厅　　地址：某市府西街</p><p>版权所有 © 某省民政厅</p>
        </body></html>
        """

    @Test func capturedWebPage() {
        let reports = reader.read(text: Self.page).articles
        #expect(reports.count == 1)
        let a = reports[0]
        #expect(a.title == "某省民政厅召开整改落实推进会")
        #expect(a.source == "省民政厅办公室")
        #expect(a.published == "2019-09-12T10:21:33")
        #expect(a.author == "王晓明")
        #expect(a.tags == ["主题教育", "整改落实"])
        #expect(
            a.body
                == "9月11日，省民政厅召开推进会。中央第三巡视组反馈的20个问题，已全面整改17个，正在整改3个，整改完成率85%。\n针对基层民政服务能力不足的问题，厅党组制定提升方案，计划10月底前全部完成。")
        #expect(a.organizations == ["省民政厅", "中央第三巡视组"])
        #expect(a.problems.map(\.problem) == ["基层民政服务能力不足"])
        #expect(a.deadlines.map(\.text) == ["10月底前"])
        #expect(a.tallies.first?.counts == [.closed: 17, .open: 3])
        #expect(a.tallies.first?.total == 20)
    }

    static let bulletin = """
        关于巡视整改情况的通报

        2019年3月至5月，省委第二巡视组对省民政厅党组进行了巡视。

        一、整改工作总体情况
        截至目前，巡视反馈的4个方面12个问题，已完成整改10个，正在整改2个。

        二、巡视反馈问题整改落实情况
        （一）关于理论学习的问题
        1.理论学习不够深入系统。
        整改情况：一是制定年度学习计划，全年集中学习12次。二是开展读书班2期，
        覆盖全厅干部300余人次。
        2.干部队伍结构不够优化。
        整改情况：选拔任用年轻干部15名。
        （1）对下属单位监督管理不力。整改措施：开展专项审计。
        """

    @Test func rectificationBulletin() {
        let a = reader.read(text: Self.bulletin).articles[0]
        #expect(a.title == "关于巡视整改情况的通报")
        #expect(a.dates == ["2019年3月至5月"])
        #expect(a.problems.map(\.problem) == ["理论学习不够深入系统", "干部队伍结构不够优化", "对下属单位监督管理不力"])
        #expect(a.problems[0].measures == ["一是制定年度学习计划，全年集中学习12次。二是开展读书班2期，覆盖全厅干部300余人次。"])
        #expect(a.tallies.first?.total == 12)
        #expect(a.tallies.first?.counts == [.closed: 10, .open: 2])
        #expect(a.organizations == ["省委第二巡视组", "省民政厅"])
    }

    @Test func traditionalReport() {
        let text = "針對養老服務方面存在的問題，扎實推進「新建500個日間照料中心」，已開工439個，計劃8月底前完成。江蘇省民政廳和民政部門參加。"
        let a = reader.read(text: "標題\n" + text).articles[0]
        #expect(a.problems.map(\.problem) == ["養老服務方面"])
        #expect(a.quantities.map(\.text) == ["439個"])
        #expect(a.deadlines.map(\.text) == ["8月底前"])
        #expect(a.organizations == ["江蘇省民政廳"])
    }

    @Test func companiesAndBanks() {
        let orgs = OrganizationFinder.find(in: FindingText("焦煤集团、建设银行和山西大学参加会议，企业集团化改革。"))
        #expect(orgs == ["焦煤集团", "建设银行", "山西大学"])
        #expect(OrganizationFinder.find(in: FindingText("推进国有企业集团化改革，资助大学生。")).isEmpty)
    }

    @Test func pageHeaderBeforeTheSourceLine() {
        let text =
            "欢迎访问 某某资讯网!\n当前位置: 网站首页 > 追踪报道 > 正文\n\n中共某省民政厅党组关于巡视整改进展情况的通报\n\n发布时间:2025-11-12 作者:佚名 来源:某省民政厅 访问量:\n\n  中共某省民政厅党组关于巡视整改进展情况的通报\n\n  根据省委统一部署，省委巡视组对省民政厅党组进行了巡视。"
        let a = reader.read(text: text).articles[0]
        #expect(a.title == "中共某省民政厅党组关于巡视整改进展情况的通报")
        #expect(a.source == "某省民政厅")
        #expect(a.published == "2025-11-12")
        #expect(a.author == nil)  // 佚名: unknown
        #expect(a.body == "根据省委统一部署，省委巡视组对省民政厅党组进行了巡视。")
    }

    @Test func titleWithItsDate() {
        let a = reader.read(
            text: "返回上一级\n\n字号\n\n打印\n\n中共某区民政局党组关于巡察整改进展情况的通报 2026-02-13\n\n根据区委统一部署,区委第五巡察组对区民政局党组进行了巡察。"
        ).articles[0]
        #expect(a.title == "中共某区民政局党组关于巡察整改进展情况的通报")
        #expect(a.published == "2026-02-13")
        #expect(a.organizations == ["区委", "区委第五巡察组", "区民政局"])
    }

    @Test func textWrappedAtAFixedWidth() {
        let text = """
            市民政局党组书记、局长在市民政系统关
            于集中整治群众身边不正之风和腐败问题
            工作情况的汇报
            同志们:
            今天,我代表市民政局党组向大家汇报全市民政系统深
            化集中整治群众身边不正之风和腐败问题的工作情况。自整
            治工作开展以来,全市民政系统坚持以习近平新时代中国特
            色社会主义思想为指导,深入贯彻党的二十大精神,认真落
            实中央纪委国家监委、省纪委监委和市委关于群众身边不正
            之风和腐败问题集中整治的部署要求,以高度的政治责任感
            和使命感,推动整治工作取得阶段性成效。
            一、强化政治担当,全面压实整治责任
            """
        let a = reader.read(text: text).articles[0]
        #expect(a.title == "市民政局党组书记、局长在市民政系统关于集中整治群众身边不正之风和腐败问题工作情况的汇报")
        #expect(a.body.hasPrefix("同志们:\n今天,我代表市民政局党组向大家汇报全市民政系统深化集中整治"))
        #expect(a.body.contains("认真落实中央纪委国家监委、省纪委监委和市委关于群众身边不正之风和腐败问题集中整治的部署要求,以高度的政治责任感和使命感,推动"))
        #expect(a.body.hasSuffix("阶段性成效。\n一、强化政治担当,全面压实整治责任"))
        #expect(a.organizations == ["市民政局", "中央纪委国家监委", "省纪委监委", "市委"])
        #expect(a.problems.isEmpty)
    }
}
