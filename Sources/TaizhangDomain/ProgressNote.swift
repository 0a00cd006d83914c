import Foundation

/// A dated progress note (整改进展) from the unit, optionally with figures.
public struct ProgressNote: Sendable, Equatable, Codable {
    public var id: Int64
    public var problemID: Int64
    public var notedOn: LocalDate
    public var text: String
    /// Named figures reported with the note, e.g. {"已建成": 35}.
    public var figures: [String: Double]
    public var authorID: Int64
    public var createdAt: Date

    public init(
        id: Int64, problemID: Int64, notedOn: LocalDate, text: String, figures: [String: Double], authorID: Int64,
        createdAt: Date
    ) {
        self.id = id
        self.problemID = problemID
        self.notedOn = notedOn
        self.text = text
        self.figures = figures
        self.authorID = authorID
        self.createdAt = createdAt
    }

    public static func validate(text: String, figures: [String: Double]) throws(DomainError) {
        try Limits.text(text, field: "text", max: Limits.noteLength, required: true)
        if figures.count > 50 {
            throw .invalid("figures", zh: "数据项不能超过 50 个", en: "at most 50 figures")
        }
        for (name, value) in figures {
            try Limits.text(name, field: "figures", max: 100, required: true)
            if !value.isFinite {
                throw .invalid("figures.\(name)", zh: "数据必须是有限数值", en: "figures must be finite numbers")
            }
        }
    }
}
