import Foundation

/// What a caller supplies to put a problem on the ledger; validated before anything is written.
public struct ProblemDraft: Sendable, Equatable {
    public var campaignID: Int64
    public var title: String
    public var description: String
    public var sourceChannel: SourceChannel
    public var sourceRef: String
    public var category: String
    public var leadUnitID: Int64
    public var supportingUnitIDs: [Int64]
    public var responsibleLeader: String
    public var responsiblePerson: String
    public var foundOn: LocalDate
    public var deadline: LocalDate?
    public var rectificationType: RectificationType

    public init(
        campaignID: Int64, title: String, description: String = "", sourceChannel: SourceChannel,
        sourceRef: String = "", category: String = "", leadUnitID: Int64, supportingUnitIDs: [Int64] = [],
        responsibleLeader: String = "", responsiblePerson: String = "", foundOn: LocalDate,
        deadline: LocalDate?, rectificationType: RectificationType
    ) {
        self.campaignID = campaignID
        self.title = title
        self.description = description
        self.sourceChannel = sourceChannel
        self.sourceRef = sourceRef
        self.category = category
        self.leadUnitID = leadUnitID
        self.supportingUnitIDs = supportingUnitIDs
        self.responsibleLeader = responsibleLeader
        self.responsiblePerson = responsiblePerson
        self.foundOn = foundOn
        self.deadline = deadline
        self.rectificationType = rectificationType
    }

    /// Checks the fields a person types; the first problem found is reported with its field.
    public func validate() throws(DomainError) {
        try Limits.text(title, field: "title", max: Limits.titleLength, required: true)
        try Limits.text(description, field: "description", max: Limits.descriptionLength)
        try Limits.text(sourceRef, field: "sourceRef", max: Limits.shortText)
        try Limits.text(category, field: "category", max: Limits.shortText)
        try Limits.text(responsibleLeader, field: "responsibleLeader", max: Limits.shortText)
        try Limits.text(responsiblePerson, field: "responsiblePerson", max: Limits.shortText)
        if rectificationType == .timeBound && deadline == nil {
            throw .invalid(
                "deadline", zh: "限期整改的问题必须填写整改时限", en: "a time-bound problem needs a deadline",
                code: "deadline_required")
        }
        if let deadline, deadline < foundOn {
            throw .invalid(
                "deadline", zh: "整改时限不能早于发现日期", en: "the deadline cannot be before the date found",
                code: "deadline_before_found")
        }
        if supportingUnitIDs.contains(leadUnitID) {
            throw .invalid(
                "supportingUnitIds", zh: "配合单位不能与牵头单位相同", en: "a supporting unit cannot be the lead unit")
        }
    }
}

/// Sizes people can type, chosen so a pasted paragraph fits and a pasted book does not.
public enum Limits {
    public static let titleLength = 500
    public static let descriptionLength = 20_000
    public static let shortText = 200
    public static let noteLength = 20_000
    public static let reasonLength = 2_000

    /// Refuses text that is missing, too long, or carries control characters.
    ///
    /// Control characters other than tab and line breaks are refused, not stripped: SQLite cuts a
    /// string at NUL, so `"a\u{0}b"` would be stored as `"a"` while the history kept the whole.
    public static func text(_ value: String, field: String, max: Int, required: Bool = false) throws(DomainError) {
        if let bad = value.unicodeScalars.first(where: isForbiddenControl) {
            throw .invalid(
                field, zh: "\(field) 含有不可见的控制字符（U+\(hex(bad))），请删除后重试",
                en: "\(field) contains a control character (U+\(hex(bad)))", code: "control_character")
        }
        if required && WhiteSpace.isBlank(value) {
            throw .required(field)
        }
        if exceeds(value, max) {
            throw .invalid(
                field, zh: "\(field) 超过 \(max) 个字符", en: "\(field) is longer than \(max) characters",
                code: "too_long")
        }
    }
}

extension Limits {
    /// Whether `text` has more than `max` characters (grapheme clusters, as a person counts them).
    /// Bytes and scalars are upper bounds of the characters and cheap to count, so the grapheme
    /// count is only taken when they cannot settle it.
    public static func exceeds(_ text: String, _ max: Int) -> Bool {
        if text.utf8.count <= max || text.unicodeScalars.count <= max { return false }
        return text.count > max
    }

    /// C0 and C1 controls and DEL, except tab, line feed and carriage return (what a textarea sends).
    public static func isForbiddenControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D: return false
        case 0x00...0x1F, 0x7F...0x9F: return true
        default: return false
        }
    }

    static func hex(_ scalar: Unicode.Scalar) -> String {
        let digits = String(scalar.value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
