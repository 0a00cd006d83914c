/// The words a demo problem's description names what it is about, in the order of how often they
/// come up: drawn by Zipf's law (the word of rank r with weight 1/r), so a few are in a large share
/// of the ledger (低保, 养老 in several per cent) and most in very few — as in real ledgers, and as
/// a search benchmark needs to be honest about common and rare words alike.
enum DemoVocabulary {
    static let words: [String] = """
        低保 养老 医保 社保 就业 欠薪 教育 住房 扶贫 救助 残疾人 特困 殡葬 乱收费 危房 \
        证明材料 公积金 供暖 供水 物业 拆迁 补贴 低收入 留守儿童 食品安全 药品 学校 幼儿园 \
        农民工 工程款 土地 林地 耕地 宅基地 集体经济 合作社 村务公开 三资 小微权力 \
        临时救助 孤儿 流浪乞讨 高龄津贴 养老机构 日间照料 老年食堂 居家养老 医养结合 \
        失业保险 工伤保险 生育保险 城乡居民医保 异地就医 门诊统筹 大病保险 药品集采 \
        义务教育 课后服务 校外培训 营养餐 校车 学前教育 职业教育 助学金 \
        保障性住房 公租房 棚户区 老旧小区 加装电梯 燃气 污水 垃圾分类 厕所革命 \
        营商环境 审批 一网通办 跑腿 窗口 政务服务 12345 热线 信访 积案 \
        环境污染 扬尘 噪音 秸秆 散煤 河道 采砂 矿山 尾矿 地灾 \
        安全生产 消防 道路交通 校园安全 电动车 自建房 燃放烟花 \
        文山会海 督查检查 考核 留痕 填表 报表 痕迹管理 基层减负 \
        干部作风 吃拿卡要 庸懒散 不作为 乱作为 慢作为 违规吃喝 公车私用 \
        惠民资金 专项资金 截留 挪用 虚报冒领 套取 优亲厚友 \
        退役军人 优抚 烈士 双拥 兵役 \
        妇女儿童 家暴 婚姻登记 收养 \
        户籍 身份证 居住证 落户 \
        农机 化肥 种子 农药 粮食收购 价格欺诈 \
        电信诈骗 非法集资 套路贷 校园贷 \
        网约车 出租车 公交 客运 \
        文物保护 非遗 图书馆 文化站 \
        疫苗 村医 乡镇卫生院 家庭医生 \
        排水 内涝 防汛 抗旱 \
        路灯 停车 占道经营 违建 \
        寺庙 宗教 \
        ABC项目 PPP项目 EPC
        """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)

    /// Cumulative Zipf weights, for drawing by rank.
    static let cumulative: [Double] = {
        var total = 0.0
        return words.indices.map { r in
            total += 1.0 / Double(r + 1)
            return total
        }
    }()

    /// A word drawn by Zipf's law.
    static func draw(_ rng: inout SplitMix) -> String {
        let x = Double(rng.next() >> 11) / Double(1 << 53) * cumulative[cumulative.count - 1]
        var lo = 0
        var hi = cumulative.count - 1
        while lo < hi {
            let mid = (lo + hi) / 2
            if cumulative[mid] < x { lo = mid + 1 } else { hi = mid }
        }
        return words[lo]
    }
}
