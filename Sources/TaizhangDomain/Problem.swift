import Foundation

/// A problem (问题) on the ledger, with everything PRODUCT.md says it carries.
public struct Problem: Sendable, Equatable, Codable {
    public var id: Int64
    public var campaignID: Int64
    /// 问题编号, unique in its campaign, e.g. 2019-0134.
    public var number: String
    public var title: String
    public var description: String
    public var sourceChannel: SourceChannel
    /// Where in the source, e.g. 巡视反馈第3条.
    public var sourceRef: String
    /// The special rectification area (专项整治) it belongs to.
    public var category: String
    public var leadUnitID: Int64
    /// The lead unit's path, kept on the problem so scope and subtree filters are one range.
    public var unitPath: UnitPath
    public var supportingUnitIDs: [Int64]
    /// The supporting units' paths: people there see the problem and add notes to it (配合单位).
    /// Loaded with the problem whenever the caller's access depends on them.
    public var supportingUnitPaths: [UnitPath] = []
    public var responsibleLeader: String
    public var responsiblePerson: String
    public var foundOn: LocalDate
    public var deadline: LocalDate?
    public var rectificationType: RectificationType
    public var state: ProblemState
    /// For a merged problem: the surviving one.
    public var mergedIntoID: Int64?
    /// The reason given for the last return, reopen, merge, dismissal or long-term approval.
    public var stateReason: String?
    /// Who asked for closure; the verifier must be someone else.
    public var submittedBy: Int64?
    public var closedOn: LocalDate?
    public var version: Int
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: Int64, campaignID: Int64, number: String, title: String, description: String, sourceChannel: SourceChannel,
        sourceRef: String, category: String, leadUnitID: Int64, unitPath: UnitPath, supportingUnitIDs: [Int64],
        responsibleLeader: String, responsiblePerson: String, foundOn: LocalDate, deadline: LocalDate?,
        rectificationType: RectificationType, state: ProblemState, mergedIntoID: Int64?, stateReason: String?,
        submittedBy: Int64?, closedOn: LocalDate?, version: Int, createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.campaignID = campaignID
        self.number = number
        self.title = title
        self.description = description
        self.sourceChannel = sourceChannel
        self.sourceRef = sourceRef
        self.category = category
        self.leadUnitID = leadUnitID
        self.unitPath = unitPath
        self.supportingUnitIDs = supportingUnitIDs
        self.responsibleLeader = responsibleLeader
        self.responsiblePerson = responsiblePerson
        self.foundOn = foundOn
        self.deadline = deadline
        self.rectificationType = rectificationType
        self.state = state
        self.mergedIntoID = mergedIntoID
        self.stateReason = stateReason
        self.submittedBy = submittedBy
        self.closedOn = closedOn
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// Overdue = deadline binds in this state and the deadline is before today. Never stored.
    public func isOverdue(today: LocalDate) -> Bool {
        guard state.deadlineBinds, let deadline else { return false }
        return deadline < today
    }
}
