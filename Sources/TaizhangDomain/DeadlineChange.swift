import Foundation

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
