import Foundation

/// An append-only audit event (留痕): who did what, when, from what to what.
public struct AuditEvent: Sendable, Equatable, Codable {
    public var id: Int64
    public var at: Date
    public var actorID: Int64?
    public var entity: AuditEntity
    public var entityID: Int64
    public var problemID: Int64?
    public var action: AuditAction
    /// JSON objects of the changed fields before and after.
    public var old: String?
    public var new: String?

    public init(
        id: Int64, at: Date, actorID: Int64?, entity: AuditEntity, entityID: Int64, problemID: Int64?,
        action: AuditAction,
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

/// What an audit event is about. The raw values are what the trail stores.
public enum AuditEntity: String, Sendable, Codable, CaseIterable {
    case problem
    case measure
    case progressNote = "progress_note"
    case evidence
    case deadlineChange = "deadline_change"
    case report
    case unit
    case campaign
    case user
    case grant
    case token
    case round
    case roundReturn = "round_return"
}

/// What was done. Transitions keep their API names; the raw values are what the trail stores.
public enum AuditAction: String, Sendable, Codable, CaseIterable {
    case create
    case update
    case claim
    case requestClosure = "request-closure"
    case verify
    case returnToUnit = "return"
    case reopen
    case markOngoing = "mark-ongoing"
    case merge
    case dismiss
    /// A deadline change was asked for, approved or rejected (entity `deadline_change`).
    case request, approve, reject
    /// The problem's deadline moved by an approved change (entity `problem`).
    case changeDeadline = "deadline-change"
    case grant
    /// A grant taken away, a token revoked.
    case revoke
    case disable
    case enable
    /// Created or changed by a spreadsheet import; the event names the file and its SHA-256.
    case importRows = "import"
    /// A unit leader filed a round's return (报送); the office accepted it (`returnToUnit` sends it back).
    case file
    case accept

    public init(_ transition: ProblemAction) {
        switch transition {
        case .claim: self = .claim
        case .requestClosure: self = .requestClosure
        case .verify: self = .verify
        case .returnToUnit: self = .returnToUnit
        case .reopen: self = .reopen
        case .markOngoing: self = .markOngoing
        case .merge: self = .merge
        case .dismiss: self = .dismiss
        }
    }
}
