/// Every refusal the domain can give, with the field it concerns and a message in Chinese and English.
///
/// The web layer maps `kind` to an HTTP status once; nothing else inspects messages.
public struct DomainError: Error, Sendable, Equatable {
    public enum Kind: String, Sendable {
        case invalid
        case notFound
        case forbidden
        case conflict
        case unauthenticated
        case tooLarge
        case unsupportedMedia
        case tooManyRequests
    }

    public var kind: Kind
    /// Stable machine-readable code, e.g. `measures_not_done`.
    public var code: String
    /// The request field (or `row`/`column` path) the error concerns, if any.
    public var field: String?
    public var zh: String
    public var en: String
    /// For conflicts: the version the item has now, so the client can reload.
    public var currentVersion: Int?
    /// For refusals that pass with time: seconds to wait.
    public var retryAfter: Int?

    public init(
        _ kind: Kind, code: String, field: String? = nil, zh: String, en: String, currentVersion: Int? = nil,
        retryAfter: Int? = nil
    ) {
        self.retryAfter = retryAfter
        self.kind = kind
        self.code = code
        self.field = field
        self.zh = zh
        self.en = en
        self.currentVersion = currentVersion
    }
}

extension DomainError {
    public static func invalid(_ field: String, zh: String, en: String, code: String = "invalid_field") -> DomainError {
        DomainError(.invalid, code: code, field: field, zh: zh, en: en)
    }

    public static func required(_ field: String) -> DomainError {
        DomainError(.invalid, code: "required", field: field, zh: "缺少必填字段 \(field)", en: "\(field) is required")
    }

    /// Out of scope and missing look the same to the caller: no existence leak.
    public static func notFound(_ entity: Entity) -> DomainError {
        DomainError(
            .notFound, code: "not_found", field: nil, zh: "未找到该\(entity.chinese)", en: "\(entity.english) not found")
    }

    public static func forbidden(zh: String, en: String, code: String = "forbidden") -> DomainError {
        DomainError(.forbidden, code: code, zh: zh, en: en)
    }

    public static func staleVersion(current: Int) -> DomainError {
        DomainError(
            .conflict, code: "stale_version", field: "version",
            zh: "该问题已被他人修改（当前版本 \(current)），请刷新后重试",
            en: "the item was changed by someone else (current version \(current)); reload and retry",
            currentVersion: current)
    }
}

extension DomainError {
    /// What a "not found" is about, named in both languages.
    public enum Entity: String, Sendable, CaseIterable {
        case problem, unit, campaign, measure, evidence, user, grant, token, report
        case deadlineChange = "deadline change"
        case round
        case roundReturn = "return"

        public var english: String { rawValue }

        public var chinese: String {
            switch self {
            case .problem: return "问题"
            case .unit: return "单位"
            case .campaign: return "主题教育"
            case .measure: return "整改措施"
            case .evidence: return "佐证材料"
            case .user: return "用户"
            case .grant: return "角色授权"
            case .token: return "令牌"
            case .report: return "简报"
            case .deadlineChange: return "延期申请"
            case .round: return "月调度"
            case .roundReturn: return "月调度报送"
            }
        }
    }
}
