import Foundation
import Testing

@testable import TaizhangIntake

/// Random texts made of the pieces the rules react to: the reader must never trap on them.
@Suite struct RobustnessTests {
    static let pieces = [
        "问题", "针对", "聚焦", "紧盯", "等", "专项整治", "开展", "，", "。", "、", "“", "”", "《", "》", "（", "）", "(", ")",
        "\n", "\n\n", "#", "## ", "1.", "一、", "（一）", "整改情况：", "据", "来源：", "发布时间：", "2019-07-28 09:57:47",
        "年", "月", "日", "底", "前", "至", "-", "·", "1", "12", "2019", "三", "十", "百", "万", "亿", "个", "项", "多", "余",
        "近", "第", "省", "市", "县", "区", "委", "厅", "局", "民政", "部", "门", "<div>", "</div>", "<p", ">", "&nbsp;",
        "&#", ";", "集团", "中央", "巡视组", "已完成整改", "正在整改", "%", "率", " ", "　", "@", "当前位置", "相关链接",
        "的", "关于", "存在的", "突出", "对", "防止和纠正", "容易", "出现", "|", "•", ":", "（记者 ", "〇", "問題", "針對",
    ]

    @Test func randomTextsNeverTrap() throws {
        // setup: a fixed linear congruential sequence, so a failure can be replayed
        var state: UInt64 = 20_261_123
        func next() -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(state >> 33)
        }
        let reader = IncomingReportReader()
        for _ in 0..<800 {
            var text = ""
            for _ in 0..<(next() % 80) { text += Self.pieces[next() % Self.pieces.count] }
            // MUT
            let report = reader.read(text: text)
            _ = try? reader.read(data: Data(text.utf8))
            // validate: every finding is cut from the clean body it was found in
            for a in report.articles {
                let body = squashed(a.body)
                for q in a.quantities { #expect(body.contains(squashed(q.text))) }
                // (the publication date may come from the page's chrome, as the page wrote it)
                for d in a.dates { #expect(body.contains(squashed(d)) || (a.published != nil && text.contains(d))) }
                for o in a.organizations { #expect(body.contains(squashed(o))) }
            }
        }
    }

    @Test func truncatedDocxIsAnError() throws {
        let data = try #require(Data(base64Encoded: DocxFixture.base64))
        for cut in stride(from: 4, to: data.count, by: 37) {
            #expect(throws: IncomingReportReadError.self) { try IncomingReportReader().read(data: data.prefix(cut)) }
        }
    }
}
