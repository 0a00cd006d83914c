import Testing

@testable import TaizhangIntake

/// Page features recognised by their shape, on texts written for these tests (not from the corpus).
@Suite struct PageFeatureTests {
    let reader = IncomingReportReader()

    @Test func pinyinGlossesAreRemovedWherethereIsAToneMark() {
        let text = "关于整改情况的报告\n\n经调(diào)查发(fā)现(xiàn)，《办法（试行）》(2019)第3条与PPP(PPP)项目存在问题。"
        let body = reader.read(text: text).articles[0].body
        #expect(body.contains("经调查发现"))
        #expect(body.contains("（试行）") && body.contains("(2019)") && body.contains("PPP(PPP)"))
    }

    @Test func aReportersLineGivesSourceAndAuthorAndLeavesTheText() {
        let text = "晋中日报融媒体记者 李明、王芳\n近日，我市召开整改推进会，部署下一阶段工作。\n会议要求各单位抓好落实。"
        let a = reader.read(text: text).articles[0]
        #expect(a.source == "晋中日报")
        #expect(a.author == "李明、王芳")
        #expect(!a.body.contains("记者"))
        // A sentence that mentions a reporter is text, not a credit.
        let sentence = reader.read(text: "标题在这里写明\n\n记者近日在县里调研了解到，整改进展顺利。").articles[0]
        #expect(sentence.author == nil)
        #expect(sentence.body.contains("记者近日"))
    }

    @Test func anAgencysDatelineNamesTheSource() {
        let text = "某省推进问题整改\n\n中新社太原3月5日电 某省近日部署整改工作，要求立行立改。"
        #expect(reader.read(text: text).articles[0].source == "中新社")
    }

    @Test func dayFirstStampsAndRatioColonsAreDates() {
        #expect(DateStamp.parse("05.03.2021  08:07") == "2021-03-05T08:07")
        #expect(DateStamp.parse("2023-05-26 14∶48") == "2023-05-26T14:48")
        #expect(DateStamp.parse("35.03.2021") == nil)
    }

    @Test func aPageCutOffInsideAWidgetDropsTheFragment() {
        let text = "标题写在这里的文章\n\n正文第一段写明整改情况。\n分享"
        #expect(!reader.read(text: text).articles[0].body.hasSuffix("分享"))
        let cut = "标题写在这里的文章\n\n正文第一段写明整改情况。\n返回顶"
        #expect(!reader.read(text: cut).articles[0].body.contains("返回顶"))
    }
}
