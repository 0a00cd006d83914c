/// Page chrome: breadcrumbs, share widgets, print/close links, related-link lists and footers.
enum Chrome {
    /// Lines that start like this are navigation.
    private static let prefixes: [Scalars] = [
        "当前位置", "您的位置", "您现在的位置", "您当前的位置", "现在位置", "首页>", "首页 >", "首页 ›", "首页»", "首页 »", "首页＞",
    ].map(scalarArray)

    /// Lines that contain any of these (and are short) are widgets or footer text.
    private static let markers: [Scalars] = [
        "分享至", "分享到", "扫一扫", "打印本页", "关闭窗口", "【打印】", "【关闭】", "[打印]", "[关闭]", "【字体", "【字号",
        "收藏本页", "返回顶部", "版权所有", "Copyright", "copyright", "©", "ICP备", "网站标识码", "公网安备", "主办单位：",
        "承办单位：", "技术支持：", "联系我们", "网站地图", "设为首页", "加入收藏", "无障碍", "上一篇", "下一篇",
        "打印此页", "【大 中 小】", "字号：", "字体：大", "字号 大", "微信扫描", "长按识别", "邮编：", "邮政编码",
        "传真：", "联系电话：", "地址：", "网站纠错", "我要纠错", "政务服务热线", "在手机打开", "欢迎访问", "欢迎来到",
        "返回上一级", "返回首页", "返回列表",
    ].map(scalarArray)

    /// Single words that make up a share bar or a button row on their own.
    private static let widgetWords: Set<String> = [
        "微信", "微博", "QQ", "QQ空间", "打印", "关闭", "收藏", "分享", "大", "中", "小", "返回", "顶部", "新浪微博",
        "腾讯微博", "人人网", "豆瓣", "字体", "默认", "字号", "网站首页", "正文", "政务微信", "政务微博", "智能问答",
        "政务服务", "微信公众号", "官方微博", "客户端", "移动端", "无障碍浏览", "保存", "打印本页", "关闭窗口", "【", "】", "|", "【打印】", "【关闭】",
    ]

    /// Headings of the related-link lists under an article.
    private static let relatedHeaders: [Scalars] = [
        "相关链接", "相关新闻", "相关阅读", "相关文章", "推荐阅读", "延伸阅读", "热点推荐", "相关稿件", "相关报道", "猜你喜欢", "热门文章", "关联稿件", "关联文章", "相关文件",
    ].map(scalarArray)

    static func isChrome(_ line: Scalars) -> Bool {
        guard line.count <= 200 else { return false }
        // a sentence that ends like one is text; widgets and footers do not end in 。
        if line.count > 30, let last = line.last, last == "。" || last == "！" || last == "？" { return false }
        for p in prefixes where line.has(p, at: 0) { return true }
        for m in markers where line.find(m, from: 0) != nil { return true }
        if hasEmail(line) && line.count <= 120 { return true }
        if isBreadcrumb(line) { return true }
        guard line.count <= 30 else { return false }
        // A page cut off mid-widget ends in the first characters of one (扫一 of 扫一扫).
        if line.count >= 2 && line.count <= 4,
            markers.contains(where: { $0.count > line.count && $0.has(line, at: 0) })
        {
            return true
        }
        let words = line.split(whereSeparator: { $0.isSpaceLike })
        return !words.isEmpty && words.allSatisfy { widgetWords.contains(Array($0).string) }
    }

    static func isRelatedHeader(_ line: Scalars) -> Bool {
        guard line.count <= 12 else { return false }
        var t = line
        while let l = t.last, l == "：" || l == ":" || l == "】" || l == "]" { t.removeLast() }
        while let f = t.first, f == "【" || f == "[" { t.removeFirst() }
        return relatedHeaders.contains(t)
    }

    /// `首页 > 新闻中心 > 工作动态`: short segments joined by arrows.
    private static func isBreadcrumb(_ line: Scalars) -> Bool {
        guard line.count <= 80 else { return false }
        var arrows = 0
        for u in line where u == ">" || u == "＞" || u == "»" || u == "›" || u == "→" { arrows += 1 }
        return arrows >= 2 && !line.contains("。")
    }

    private static func hasEmail(_ line: Scalars) -> Bool {
        guard let at = line.firstIndex(of: "@"), at > 0, at + 3 < line.count else { return false }
        let before = line[at - 1]
        guard before.isASCIILetter || before.isASCIIDigit || before == "." || before == "_" else { return false }
        return line[(at + 1)...].prefix(64).contains(".") && line[at + 1].isASCIILetter
    }
}
