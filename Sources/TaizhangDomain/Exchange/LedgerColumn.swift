/// The columns of a ledger spreadsheet, as offices name them, in the order an export writes them.
///
/// Import finds them by header text anywhere in the first rows, in any order, under the names
/// offices actually use (`aliases`); columns it does not know are left alone.
public enum LedgerColumn: String, Sendable, CaseIterable {
    case index = "序号"
    case number = "问题编号"
    case source = "问题来源"
    case sourceRef = "来源说明"
    case category = "问题类别"
    case description = "问题描述"
    case measures = "整改措施"
    case leadUnit = "责任单位"
    case supportingUnits = "配合单位"
    case leader = "责任领导"
    case person = "责任人"
    case foundOn = "发现日期"
    case deadline = "整改时限"
    case type = "整改类型"
    case state = "状态"
    case progress = "整改进展"
    case closedOn = "完成日期"
    case overdue = "是否逾期"
    /// Hidden: the problem's version when exported, so an import can tell a stale row.
    case version = "版本"

    public var header: String { rawValue }

    // Hashed and compared by case, not by the header text: for an enum backed by strings the
    // default hashes the raw value, normalising the Chinese to NFC each time — 11 % of a
    // 100,000-row import check, where every cell is looked up by its column.
    public func hash(into hasher: inout Hasher) { hasher.combine(ordinal) }
    public static func == (a: Self, b: Self) -> Bool { a.ordinal == b.ordinal }

    var ordinal: Int {
        switch self {
        case .index: return 0
        case .number: return 1
        case .source: return 2
        case .sourceRef: return 3
        case .category: return 4
        case .description: return 5
        case .measures: return 6
        case .leadUnit: return 7
        case .supportingUnits: return 8
        case .leader: return 9
        case .person: return 10
        case .foundOn: return 11
        case .deadline: return 12
        case .type: return 13
        case .state: return 14
        case .progress: return 15
        case .closedOn: return 16
        case .overdue: return 17
        case .version: return 18
        }
    }

    /// Other headers the same column goes by in offices' own workbooks.
    public var aliases: [String] {
        switch self {
        case .index: return ["序号", "编号序号", "No"]
        case .number: return ["问题编号", "台账编号", "问题序号编号"]
        case .source: return ["问题来源", "来源", "来源渠道", "问题渠道"]
        case .sourceRef: return ["来源说明", "来源出处", "具体来源"]
        case .category: return ["问题类别", "类别", "问题类型", "专项类别", "所属专项"]
        case .description: return ["问题描述", "问题", "存在问题", "问题内容", "具体问题", "问题表现", "问题清单"]
        case .measures: return ["整改措施", "措施", "整改举措", "具体措施"]
        case .leadUnit: return ["责任单位", "牵头单位", "责任部门", "牵头部门", "整改责任单位"]
        case .supportingUnits: return ["配合单位", "协办单位", "配合部门", "协同单位"]
        case .leader: return ["责任领导", "分管领导", "牵头领导"]
        case .person: return ["责任人", "具体责任人", "联系人"]
        case .foundOn: return ["发现日期", "发现时间", "交办日期", "交办时间"]
        case .deadline: return ["整改时限", "完成时限", "时限", "整改期限", "完成时间要求"]
        case .type: return ["整改类型", "整改方式"]
        case .state: return ["状态", "整改状态", "完成情况", "办理状态"]
        case .progress: return ["整改进展", "进展情况", "整改情况", "整改进度", "落实情况"]
        case .closedOn: return ["完成日期", "销号日期", "实际完成时间"]
        case .overdue: return ["是否逾期", "逾期"]
        case .version: return ["版本"]
        }
    }

    /// Width in Excel character units an export starts from (Chinese characters count two).
    public var width: Double {
        switch self {
        case .index: return 6
        case .number, .foundOn, .deadline, .closedOn: return 12
        case .source, .type, .state, .overdue, .leader, .person: return 10
        case .sourceRef, .category, .leadUnit, .supportingUnits: return 16
        case .description, .measures, .progress: return 40
        case .version: return 6
        }
    }

    /// Columns whose text people write at length: wrapped in a workbook.
    public var wraps: Bool { self == .description || self == .measures || self == .progress || self == .sourceRef }

    public var isDate: Bool { self == .foundOn || self == .deadline || self == .closedOn }

    /// What the template's notes sheet says about the column.
    public var note: String {
        switch self {
        case .index: return "行号，导入时不读取。"
        case .number: return "系统生成的问题编号。新增问题留空；填写已有编号则更新该问题。"
        case .source: return "从下拉列表选择：巡视巡察、信访、审计、督查、调查研究、暗访、征求意见、自查检视、简报来文。"
        case .sourceRef: return "问题出处，如“巡视反馈第3条”。"
        case .category: return "所属专项整治，从下拉列表选择或填写。"
        case .description: return "必填。第一行作为问题标题，其余作为详细描述。"
        case .measures: return "每行一条措施，可带“1.”“（一）”等序号。更新已有问题时，只新增表中新写的措施，不删除原有措施。"
        case .leadUnit: return "必填。从下拉列表选择您范围内的单位；可写全称或“上级单位+单位名”。"
        case .supportingUnits: return "可填多个，用顿号“、”或逗号分隔。"
        case .leader: return "责任领导姓名。"
        case .person: return "具体责任人姓名。"
        case .foundOn: return "日期，如 2019-07-28 或 2019年7月28日；留空为导入当天。"
        case .deadline: return "日期；“限期整改”必填。“长期坚持”的问题可留空或填“长期坚持”。"
        case .type: return "从下拉列表选择：立行立改、限期整改、长期坚持；留空时有时限为限期整改，否则为长期坚持。"
        case .state: return "只读。表格不能改变问题状态（认领、销号等请在系统中办理）。"
        case .progress: return "填写最新整改进展；与导出时不同的内容将作为一条进展记录添加。"
        case .closedOn: return "只读，销号日期。"
        case .overdue: return "只读。"
        case .version: return "隐藏列，导出时的版本号，用于发现导出后他人的修改。请勿改动。"
        }
    }

    /// Columns an import reads; the rest are the system's to fill.
    public var isReadOnly: Bool { self == .index || self == .closedOn || self == .overdue }
}

/// Header text made comparable: no spaces of any width, no line breaks, no required-marks or
/// notes in brackets (“问题描述（必填）”, “*责任单位”).
enum HeaderText {
    static func normalized(_ text: String) -> String {
        var out = ""
        var depth = 0
        for ch in text {
            switch ch {
            case "(", "（", "[", "【": depth += 1
            case ")", "）", "]", "】": depth = max(0, depth - 1)
            case "*", "＊", ":", "：": continue
            default:
                if depth == 0 && !ch.isWhitespace { out.append(ch) }
            }
        }
        return out
    }
}
