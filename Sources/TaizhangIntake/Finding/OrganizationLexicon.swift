/// Names of central bodies that carry no place word, and the words place-named bodies end in.
enum OrganizationLexicon {
    static let central: [String] = [
        "党中央", "中共中央", "国务院", "全国人大", "全国人大常委会", "全国政协", "中央纪委", "国家监委", "中央纪委国家监委",
        "中央组织部", "中组部", "中央宣传部", "中宣部", "中央统战部", "中央政法委", "中央党校", "中央巡视组", "中央督导组",
        "中央指导组", "中央巡视办", "中央办公厅", "国务院办公厅", "中央军委", "中央和国家机关工委", "中央国家机关工委",
        "外交部", "国防部", "国家发展改革委", "国家发改委", "教育部", "科技部", "工业和信息化部", "工信部", "国家民委",
        "公安部", "国家安全部", "民政部", "司法部", "财政部", "人力资源和社会保障部", "人力资源社会保障部", "人社部",
        "自然资源部", "生态环境部", "住房和城乡建设部", "住房城乡建设部", "住建部", "交通运输部", "水利部", "农业农村部",
        "商务部", "文化和旅游部", "文旅部", "国家卫生健康委", "国家卫健委", "退役军人事务部", "应急管理部", "中国人民银行",
        "人民银行", "审计署", "国务院国资委", "国资委", "海关总署", "国家税务总局", "市场监管总局", "国家市场监督管理总局",
        "国家统计局", "国家医保局", "国家乡村振兴局", "国家信访局", "国家林草局", "国家能源局", "全国总工会", "共青团中央",
        "团中央", "全国妇联", "中国残联", "中国科协", "中国侨联", "全国工商联", "银保监会", "证监会", "最高人民法院",
        "最高人民检察院", "纪委监委", "新疆生产建设兵团", "团省委", "团市委", "团县委", "国家发展和改革委员会", "中央网信办", "国家网信办", "国务院扶贫办",
        // News agencies and national media: bodies named in the text (新华社北京8月11日电).
        "新华社", "中新社", "中国新闻社", "人民日报社", "中央广播电视总台", "中央电视台", "光明日报社", "经济日报社",
    ]

    /// Central names by first scalar, longest first.
    static let byFirst: [Unicode.Scalar: [Scalars]] = {
        var d: [Unicode.Scalar: [Scalars]] = [:]
        for name in central { d[name.unicodeScalars.first!, default: []].append(scalarArray(name)) }
        for k in d.keys { d[k]!.sort { $0.count > $1.count } }
        return d
    }()

    static let provinces: [Scalars] = [
        "北京", "天津", "河北", "山西", "内蒙古", "辽宁", "吉林", "黑龙江", "上海", "江苏", "浙江", "安徽", "福建", "江西",
        "山东", "河南", "湖北", "湖南", "广东", "广西", "海南", "重庆", "四川", "贵州", "云南", "西藏", "陕西", "甘肃",
        "青海", "宁夏", "新疆", "台湾", "香港", "澳门", "新疆生产建设兵团",
    ].map(scalarArray)

    /// Words a place-named body ends in, longest first. Some need no name before them (省委, 市政府).
    static let suffixes: [(Scalars, Bool)] = [
        ("人大常委会", true), ("纪委监委", true), ("党工委", true), ("党委", true), ("党组", true), ("委员会", false), ("管委会", true),
        ("联合会", false), ("总工会", true),
        ("检察院", true), ("法院", true), ("政府", true), ("人大", true), ("政协", true), ("纪委", true), ("监委", true),
        ("集团", false), ("公司", false), ("银行", false), ("大学", false), ("学院", false), ("医院", false), ("党校", true),
        ("团委", true), ("妇联", true), ("残联", true), ("办公厅", false), ("办公室", false), ("厅", false), ("局", false),
        ("委", true), ("办", false), ("处", false), ("署", false), ("院", false),
    ].map { (scalarArray($0.0), $0.1) }

    /// Offices that follow a body's name and belong to it (省委组织部).
    static let offices: [Scalars] = [
        "组织部", "宣传部", "统战部", "政法委", "办公厅", "办公室", "巡视办", "巡察办", "巡视组", "巡察组", "巡回督导组", "巡回指导组", "督导组", "指导组",
    ].map(scalarArray)

    /// Scalars that cannot be part of a place name or a body's name: function words and numerals.
    static let stops: Set<Unicode.Scalar> = Set(
        "的和与及在对了是为把将从等各第向由被并或而其这那此该我要就都也还又已不着过给让使于按据同共全本每个召开推深坚持抓做让做好加强进行".unicodeScalars)
    /// Two-character words that stand before 市/县/区 without being a place's name (我代表市…, 试点县).
    static let notPlaceNames: Set<Scalars> = Set(
        [
            "代表", "直辖", "设区", "试点", "示范", "重点", "贫困", "先进", "文明", "卫生", "园林", "创建", "标兵", "百强",
            "地级", "县级", "市级", "区级", "副省", "计划", "单列", "所属", "所辖", "下辖", "相关", "有关", "其他", "部分",
            // Verbs that take a body as their object (落实市委巡察组反馈意见): not a place's name.
            "落实", "重视", "确保", "推动", "按照", "根据", "配合", "协助", "参加", "要求", "督促", "指导", "支持", "带领",
            "组织", "成立", "设立", "接受", "报送", "报告", "提请", "经过", "通过", "对照", "围绕", "针对", "聚焦", "贯彻",
        ].map(scalarArray))
    static let placeMarkers: Set<Unicode.Scalar> = ["省", "市", "县", "区", "州", "盟", "旗", "镇", "乡"]
    /// What a group or office set up by a body may be called after its own name (机动巡察一组, 主题教育办).
    static let groupEnds: Set<Unicode.Scalar> = ["组", "办"]
    /// Words in such a name that show it is a working group, not a phrase that happens to end in 组.
    static let groupWords: [Scalars] = ["巡视", "巡察", "督查", "督察", "督导", "指导", "检查", "调研", "整改", "主题教育", "专项"]
        .map(scalarArray)
    /// Before 省/市/县 these make a general word (全省, 城市, 各县), not a place.
    static let blockedBeforePrefix: Set<Unicode.Scalar> = Set(
        "全本各该我外跨分节反兄弟城超上门都邻同地山社园辖景小片灾老特郊牧林矿库湖校省市县区".unicodeScalars)
}
