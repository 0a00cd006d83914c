import Foundation

/// A rectification measure (整改措施): what will be done, by whom, by when, and when it was done.
public struct Measure: Sendable, Equatable, Codable {
    public var id: Int64
    public var problemID: Int64
    public var text: String
    public var owner: String
    public var deadline: LocalDate?
    public var doneOn: LocalDate?
    public var version: Int
    public var createdAt: Date

    public var isDone: Bool { doneOn != nil }

    public init(
        id: Int64, problemID: Int64, text: String, owner: String, deadline: LocalDate?, doneOn: LocalDate?,
        version: Int, createdAt: Date
    ) {
        self.id = id
        self.problemID = problemID
        self.text = text
        self.owner = owner
        self.deadline = deadline
        self.doneOn = doneOn
        self.version = version
        self.createdAt = createdAt
    }

    public static func validate(text: String, owner: String) throws(DomainError) {
        try Limits.text(text, field: "text", max: Limits.descriptionLength, required: true)
        try Limits.text(owner, field: "owner", max: Limits.shortText)
    }
}
