import Testing

@testable import TaizhangIntake

@Suite struct CleaningTests {
    let reader = IncomingReportReader()

    @Test func stripsMarkupAndEntities() {
        // setup
        let html =
            "<div><span style='font-size:16px'>　　第一段&nbsp;文字。</span></div><div>&nbsp;</div><p>A&amp;B&#x4E2D;&#25991;。</p>"
        // MUT
        let body = reader.read(text: html).articles[0].body
        // validate
        #expect(body == "第一段 文字。\nA&B中文。")
        #expect(!body.contains("<"))
        #expect(!body.contains("font-size"))
    }

    @Test func dropsScriptsStylesAndComments() {
        let html =
            "<html><head><title>标题_民政部网站</title><style>p{color:red}</style></head><body><script>var a='<p>';</script><!-- 注释 --><p>正文内容写在这里。</p></body></html>"
        let article = reader.read(text: html).articles[0]
        #expect(article.body == "正文内容写在这里。")
        #expect(article.title == "标题")
    }

    @Test func deeplyNestedHTMLIsFlattenedWithoutRecursion() {
        let depth = 100_000
        let html = String(repeating: "<div>", count: depth) + "深处的文字。" + String(repeating: "</div>", count: depth)
        let article = reader.read(text: html).articles[0]
        #expect(article.body == "深处的文字。")
    }

    @Test func unterminatedTagEndsTheText() {
        let body = reader.read(text: "<p>前面的文字。</p><div class='x").articles[0].body
        #expect(body == "前面的文字。")
    }

    @Test func sentenceBrokenAcrossBlankLineIsOneSentence() {
        let text = "# 标题\n\n要坚持领导干部带头,充分发挥党组理论\n\n中心组示范引领作用,带领干部学原文。\n\n第二段开始了。"
        let body = reader.read(text: text).articles[0].body
        #expect(body == "要坚持领导干部带头,充分发挥党组理论中心组示范引领作用,带领干部学原文。\n第二段开始了。")
    }

    @Test func lineEndingInCommaContinues() {
        let body = reader.read(text: "标题\n坚持“当下改”和“长久立”相结合,\n\n着力堵塞漏洞。").articles[0].body
        #expect(body == "坚持“当下改”和“长久立”相结合,着力堵塞漏洞。")
    }

    @Test func numberedHeadingsStayOnTheirOwnLine() {
        let text = "标题\n一、加强组织领导\n制定实施方案，明确具体举措。\n（二）强化督促落实\n每月召开专题会议。"
        let body = reader.read(text: text).articles[0].body
        #expect(body == "一、加强组织领导\n制定实施方案，明确具体举措。\n（二）强化督促落实\n每月召开专题会议。")
    }

    @Test func fileNameFirstLineBecomesTitle() {
        let article = reader.read(text: "43山西省主题教育深入开展.txt\n正文第一句。").articles[0]
        #expect(article.title == "山西省主题教育深入开展")
        #expect(article.body == "正文第一句。")
        #expect(FileNameTitle.title(scalarArray("2019年工作总结.docx")) == "2019年工作总结")
    }

    @Test func markdownHeadingsSplitArticlesAndCreditLinesGiveSources() {
        let text = "\n# 第一篇文章\n\n近日召开会议。\n\n(据安徽省民政厅)\n\n## 第二篇文章\n\n会议强调要抓落实。\n\n（据湖北省民政厅）\n"
        let articles = reader.read(text: text).articles
        #expect(articles.count == 2)
        #expect(articles.map(\.title) == ["第一篇文章", "第二篇文章"])
        #expect(articles.map(\.source) == ["安徽省民政厅", "湖北省民政厅"])
        #expect(!articles[0].body.contains("据"))
        #expect(!articles[1].body.contains("#"))
    }

    @Test func creditLineWithoutHeadingsStillEndsArticle() {
        let text = "第一篇\n近日召开会议。\n（据某某市民政局）\n第二篇标题\n会议强调要抓落实。"
        let articles = reader.read(text: text).articles
        #expect(articles.map(\.title) == ["第一篇", "第二篇标题"])
    }

    @Test func numberedMarkdownHeadingIsASectionNotAnArticle() {
        let articles = reader.read(text: "# 整改情况通报\n\n## 一、总体情况\n\n整改进展顺利。").articles
        #expect(articles.count == 1)
        #expect(articles[0].body == "一、总体情况\n整改进展顺利。")
    }

    @Test func pageChromeAndMetadataAreDroppedAndRead() {
        let page = """
            <div>当前位置：首页 > 新闻中心 > 工作动态</div>
            <h1>民政部召开主题教育推进会</h1>
            <div>来源：民政部网站  发布时间：2019-07-28 09:57:47  作者：张三</div>
            <div>分享至：微信 微博</div>
            <p>7月26日，民政部召开推进会。</p>
            <div>责任编辑：李四</div>
            <div>标签：主题教育 整改落实</div>
            <div>相关链接</div><div>民政部部署第二批主题教育</div><div>另一条链接标题</div>
            <div>版权所有：中华人民共和国民政部 京ICP备05000000号</div>
            <div>联系我们：webmaster@mca.gov.cn</div>
            """
        let a = reader.read(text: page).articles[0]
        #expect(a.title == "民政部召开主题教育推进会")
        #expect(a.source == "民政部网站")
        #expect(a.published == "2019-07-28T09:57:47")
        #expect(a.author == "张三")
        #expect(a.tags == ["主题教育", "整改落实"])
        #expect(a.body == "7月26日，民政部召开推进会。")
    }

    @Test func governmentPortalMetadataBlock() {
        let text =
            "索引号：000014349/2019-00123  主题分类：民政\n发布机构：山西省民政厅  成文日期：2019年08月02日\n标题：山西省民政厅整改情况通报\n山西省民政厅整改情况通报\n全省民政系统整改落实。"
        let a = reader.read(text: text).articles[0]
        #expect(a.source == "山西省民政厅")
        #expect(a.published == "2019-08-02")
        #expect(a.title == "山西省民政厅整改情况通报")
        #expect(a.body == "全省民政系统整改落实。")
    }

    @Test func dateStampsReadAsISO8601() {
        #expect(DateStamp.parse("2019-07-28 09:57:47") == "2019-07-28T09:57:47")
        #expect(DateStamp.parse("2019年7月28日") == "2019-07-28")
        #expect(DateStamp.parse("2019/07/28 9:05") == "2019-07-28T09:05")
        #expect(DateStamp.parse("民政部") == nil)
    }

    @Test func portalTableWithBars() {
        let text =
            "索引号 | 001008003015009/2022-00171 | ||\n组配分类 | 通知公告 | 发布机构 | 市民政局 |\n成文日期 | 2022-09-15 | 公开方式 | 主动公开 |\n根据市委统一部署，市委第一巡察组开展了巡察。"
        let a = reader.read(text: text).articles[0]
        #expect(a.source == "市民政局")
        #expect(a.published == "2022-09-15")
        #expect(a.body == "根据市委统一部署，市委第一巡察组开展了巡察。")
    }

    @Test func bulletedFieldsWithValuesOnTheNextLine() {
        let text =
            "返回顶部\n\n某县人民政府工作规则\n\n  • 索引号:\n\n    6107280000/2024-001005\n  • 主题分类:\n\n  • 来源:\n\n  • 发文机构:\n\n    县政府网站\n  • 发布日期:\n\n    2024年04月06日 16:34\n  • 内容概述:\n\n某县人民政府工作规则\n\n第一章总则\n\n一、结合本县实际，制定本规则。"
        let a = reader.read(text: text).articles[0]
        #expect(a.title == "某县人民政府工作规则")
        #expect(a.source == "县政府网站")
        #expect(a.published == "2024-04-06T16:34")
        #expect(a.body == "第一章总则\n一、结合本县实际，制定本规则。")
    }

    @Test func variantTraditionalForms() {
        #expect(Simplifier.simplify("陜西省民政廳") == "陕西省民政厅")
    }

    @Test func traditionalChromeAndLabels() {
        let text =
            "當前位置: 首頁  >  新聞中心  >  媒體報道 > 正文\n\n牢記囑托走在前 勇擔使命開新局\n\n時間:2024-01-09   瀏覽量:128 次  來源:中國社會報\n【字體:    打印\n\n我們要努力開創民政事業高質量發展新局面。"
        let a = reader.read(text: text).articles[0]
        #expect(a.title == "牢記囑托走在前 勇擔使命開新局")
        #expect(a.source == "中國社會報")
        #expect(a.published == "2024-01-09")
        #expect(a.body == "我們要努力開創民政事業高質量發展新局面。")
    }

    @Test func bylineGivesTheAuthor() {
        let a = reader.read(text: "某省民政厅召开会议\n本报讯 (记者 安 娜 通讯员 李四) 近日，某省民政厅召开会议。").articles[0]
        #expect(a.author == "安 娜")
        #expect(a.body.contains("近日，某省民政厅召开会议。"))
    }

    @Test func creditAtTheEndOfTheLastParagraph() {
        let text = "# 第一篇\n\n会议要求抓好落实。（据西宁市民政局）\n\n第二篇标题\n\n会议强调要抓落实。"
        let articles = reader.read(text: text).articles
        #expect(articles.map(\.source) == ["西宁市民政局", nil])
        #expect(articles.map(\.body) == ["会议要求抓好落实。", "会议强调要抓落实。"])
        #expect(articles.map(\.title) == ["第一篇", "第二篇标题"])
    }

    @Test func windowsLineEndings() {
        let text = "市民政局党组书记、局长在市民政系统关\r\n于集中整治工作情况的汇报\r\n同志们：\r\n今天汇报工作。\r\n"
        let a = reader.read(text: text).articles[0]
        #expect(a.title == "市民政局党组书记、局长在市民政系统关于集中整治工作情况的汇报")
        #expect(a.body == "同志们：\n今天汇报工作。")
    }

    @Test func deeperHeadingsWithoutCreditsAreSections() {
        let one = reader.read(text: "# 总标题\n\n正文开头。\n\n## 加强组织领导\n\n内容一。\n\n## 强化督促落实\n\n内容二。").articles
        #expect(one.count == 1)
        #expect(one[0].body == "正文开头。\n加强组织领导\n内容一。\n强化督促落实\n内容二。")
        let many = reader.read(text: "## 第一篇\n\n内容一。\n\n## 第二篇\n\n内容二。").articles
        #expect(many.map(\.title) == ["第一篇", "第二篇"])
        let uncredited = reader.read(text: "# 安徽省民政厅党组召开理论学习中心组学习会议\n\n内容一。\n\n## 湖北省民政厅党组专题研究整改落实工作\n\n内容二。").articles
        #expect(uncredited.count == 2)
    }

    @Test func figureBrokenAtALineEndIsOneFigure() {
        let text = "标题\n山西省民政厅新建的500个日间照料中心上半年已开工4\n39个，建成35个，进一步增强了社区服务能力。"
        let a = reader.read(text: text).articles[0]
        #expect(a.body.contains("已开工439个"))
        #expect(a.quantities.map(\.text) == ["500个", "439个", "35个"])
    }
}
