/// Where a problem stands in its life (PRODUCT.md, "The life of a problem").
public enum ProblemState: String, Sendable, Codable, CodingKeyRepresentable, CaseIterable {
    case draft  // 待认领
    case open  // 整改中
    case submitted  // 申请销号
    case closed  // 已销号
    case ongoing  // 长期坚持
    case merged  // 已合并
    case dismissed  // 已撤销

    public var chinese: String {
        switch self {
        case .draft: return "待认领"
        case .open: return "整改中"
        case .submitted: return "申请销号"
        case .closed: return "已销号"
        case .ongoing: return "长期坚持"
        case .merged: return "已合并"
        case .dismissed: return "已撤销"
        }
    }

    /// States in which a deadline still binds, so the item can be overdue.
    ///
    /// Closed, merged and dismissed items are finished; standing work (长期坚持) was
    /// approved as having no end date, so its old deadline no longer makes it late.
    public var deadlineBinds: Bool {
        switch self {
        case .draft, .open, .submitted: return true
        case .closed, .ongoing, .merged, .dismissed: return false
        }
    }

    public static let deadlineBinding: [ProblemState] = allCases.filter(\.deadlineBinds)

    /// Finished for good or for now; no measures or notes are added.
    public var isTerminal: Bool { self == .closed || self == .merged || self == .dismissed }
}

/// Where a problem came from (问题来源).
public enum SourceChannel: String, Sendable, Codable, CaseIterable {
    case inspection  // 巡视巡察
    case petition  // 信访
    case audit  // 审计
    case supervision  // 督查
    case research  // 调查研究
    case undercover  // 暗访
    case opinion  // 征求意见
    case selfReview = "self_review"  // 自查检视
    case report  // 简报 / 来文

    public var chinese: String {
        switch self {
        case .inspection: return "巡视巡察"
        case .petition: return "信访"
        case .audit: return "审计"
        case .supervision: return "督查"
        case .research: return "调查研究"
        case .undercover: return "暗访"
        case .opinion: return "征求意见"
        case .selfReview: return "自查检视"
        case .report: return "简报来文"
        }
    }
}

/// How a problem is to be rectified.
public enum RectificationType: String, Sendable, Codable, CaseIterable {
    case immediate  // 立行立改
    case timeBound = "time_bound"  // 限期整改
    case ongoing  // 长期坚持

    public var chinese: String {
        switch self {
        case .immediate: return "立行立改"
        case .timeBound: return "限期整改"
        case .ongoing: return "长期坚持"
        }
    }
}
