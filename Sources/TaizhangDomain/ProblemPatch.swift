/// An edit of a problem's descriptive fields. State and deadline are not here: they change
/// only through transitions and approved deadline changes.
public struct ProblemPatch: Sendable, Equatable {
    public var title: String?
    public var description: String?
    public var sourceChannel: SourceChannel?
    public var sourceRef: String?
    public var category: String?
    public var responsibleLeader: String?
    public var responsiblePerson: String?
    public var foundOn: LocalDate?
    public var rectificationType: RectificationType?
    public var supportingUnitIDs: [Int64]?
    /// Set when the caller tried to edit the deadline here, which is refused with a pointer to the right way.
    public var triesDeadline = false

    public init() {}

    public var isEmpty: Bool { self == ProblemPatch() }

    /// The problem with the patch applied, validated as a whole.
    public func applied(to problem: Problem) throws(DomainError) -> Problem {
        if triesDeadline {
            throw .invalid(
                "deadline", zh: "整改时限须通过延期申请调整（POST /problems/{id}/deadline-changes）",
                en: "deadlines change through a deadline change request (POST /problems/{id}/deadline-changes)",
                code: "deadline_via_request")
        }
        var p = problem
        if let title { p.title = title }
        if let description { p.description = description }
        if let sourceChannel { p.sourceChannel = sourceChannel }
        if let sourceRef { p.sourceRef = sourceRef }
        if let category { p.category = category }
        if let responsibleLeader { p.responsibleLeader = responsibleLeader }
        if let responsiblePerson { p.responsiblePerson = responsiblePerson }
        if let foundOn { p.foundOn = foundOn }
        if let rectificationType { p.rectificationType = rectificationType }
        if let supportingUnitIDs { p.supportingUnitIDs = supportingUnitIDs }
        try ProblemDraft(
            campaignID: p.campaignID, title: p.title, description: p.description, sourceChannel: p.sourceChannel,
            sourceRef: p.sourceRef, category: p.category, leadUnitID: p.leadUnitID,
            supportingUnitIDs: p.supportingUnitIDs, responsibleLeader: p.responsibleLeader,
            responsiblePerson: p.responsiblePerson, foundOn: p.foundOn, deadline: p.deadline,
            rectificationType: p.rectificationType
        ).validate()
        return p
    }
}

extension Problem {
    /// The fields the audit trail records, as text.
    public var auditFields: [String: String?] {
        [
            "title": title, "description": description, "sourceChannel": sourceChannel.rawValue,
            "sourceRef": sourceRef, "category": category, "leadUnitId": String(leadUnitID),
            "supportingUnitIds": supportingUnitIDs.map(String.init).joined(separator: ","),
            "responsibleLeader": responsibleLeader, "responsiblePerson": responsiblePerson,
            "foundOn": foundOn.description, "deadline": deadline?.description,
            "rectificationType": rectificationType.rawValue, "state": state.rawValue,
            "mergedIntoId": mergedIntoID.map(String.init), "stateReason": stateReason,
            "closedOn": closedOn?.description, "version": String(version),
        ]
    }
}
