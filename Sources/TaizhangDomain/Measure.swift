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

/// A request to move a deadline, approved or rejected by someone else; history is never edited.
public struct DeadlineChange: Sendable, Equatable, Codable {
    public enum Status: String, Sendable, Codable { case pending, approved, rejected }

    public var id: Int64
    public var problemID: Int64
    public var oldDeadline: LocalDate?
    public var newDeadline: LocalDate
    public var reason: String
    public var requestedBy: Int64
    public var requestedAt: Date
    public var status: Status
    public var decidedBy: Int64?
    public var decidedAt: Date?

    public init(
        id: Int64, problemID: Int64, oldDeadline: LocalDate?, newDeadline: LocalDate, reason: String,
        requestedBy: Int64, requestedAt: Date, status: Status, decidedBy: Int64?, decidedAt: Date?
    ) {
        self.id = id
        self.problemID = problemID
        self.oldDeadline = oldDeadline
        self.newDeadline = newDeadline
        self.reason = reason
        self.requestedBy = requestedBy
        self.requestedAt = requestedAt
        self.status = status
        self.decidedBy = decidedBy
        self.decidedAt = decidedAt
    }
}

/// An append-only audit event (留痕): who did what, when, from what to what.
public struct AuditEvent: Sendable, Equatable, Codable {
    public var id: Int64
    public var at: Date
    public var actorID: Int64?
    public var entity: String
    public var entityID: Int64
    public var problemID: Int64?
    public var action: String
    /// JSON objects of the changed fields before and after.
    public var old: String?
    public var new: String?

    public init(
        id: Int64, at: Date, actorID: Int64?, entity: String, entityID: Int64, problemID: Int64?, action: String,
        old: String?, new: String?
    ) {
        self.id = id
        self.at = at
        self.actorID = actorID
        self.entity = entity
        self.entityID = entityID
        self.problemID = problemID
        self.action = action
        self.old = old
        self.new = new
    }
}
