import Foundation
import TaizhangDomain
import TaizhangStorage

/// A problem as the API shows it: domain fields plus the computed `overdue` and Chinese labels.
struct ProblemDTO: Encodable {
    let id: Int64
    let number: String
    let campaignId: Int64
    let title: String
    let description: String
    let sourceChannel: String
    let sourceChannelLabel: String
    let sourceRef: String
    let category: String
    let leadUnitId: Int64
    let supportingUnitIds: [Int64]?
    let responsibleLeader: String
    let responsiblePerson: String
    let foundOn: String
    let deadline: String?
    let rectificationType: String
    let rectificationTypeLabel: String
    let state: String
    let stateLabel: String
    let overdue: Bool
    let mergedIntoId: Int64?
    let stateReason: String?
    let submittedBy: Int64?
    let closedOn: String?
    let version: Int
    let createdAt: String
    let updatedAt: String
    /// In a search's results: the words around the first hit, HTML-escaped, the hit in `<mark>`.
    let snippet: String?

    /// `withSupporting` is false in lists, where supporting units are not loaded.
    init(_ p: Problem, today: LocalDate, withSupporting: Bool = true, snippet: String? = nil) {
        self.snippet = snippet
        id = p.id
        number = p.number
        campaignId = p.campaignID
        title = p.title
        description = p.description
        sourceChannel = p.sourceChannel.rawValue
        sourceChannelLabel = p.sourceChannel.chinese
        sourceRef = p.sourceRef
        category = p.category
        leadUnitId = p.leadUnitID
        supportingUnitIds = withSupporting ? p.supportingUnitIDs : nil
        responsibleLeader = p.responsibleLeader
        responsiblePerson = p.responsiblePerson
        foundOn = p.foundOn.description
        deadline = p.deadline?.description
        rectificationType = p.rectificationType.rawValue
        rectificationTypeLabel = p.rectificationType.chinese
        state = p.state.rawValue
        stateLabel = p.state.chinese
        overdue = p.isOverdue(today: today)
        mergedIntoId = p.mergedIntoID
        stateReason = p.stateReason
        submittedBy = p.submittedBy
        closedOn = p.closedOn?.description
        version = p.version
        createdAt = Timestamp.format(p.createdAt)
        updatedAt = Timestamp.format(p.updatedAt)
    }
}

/// One page of problems.
struct ProblemPageDTO: Encodable {
    let items: [ProblemDTO]
    let nextCursor: String?
}

/// A problem with its measures, notes, evidence, deadline changes and history, flattened into one object.
struct ProblemDetailDTO: Encodable {
    let problem: ProblemDTO
    let measures: [MeasureDTO]
    let notes: [NoteDTO]
    let evidence: [EvidenceDTO]
    let deadlineChanges: [DeadlineChangeDTO]
    let history: [AuditEventDTO]
    let moreNotesBefore: Int64?
    let moreHistoryBefore: Int64?

    init(_ d: ProblemDetail, today: LocalDate) {
        problem = ProblemDTO(d.problem, today: today)
        measures = d.measures.map(MeasureDTO.init)
        notes = d.notes.map(NoteDTO.init)
        evidence = d.evidence.map(EvidenceDTO.init)
        deadlineChanges = d.deadlineChanges.map(DeadlineChangeDTO.init)
        history = d.history.map(AuditEventDTO.init)
        moreNotesBefore = d.moreNotesBefore
        moreHistoryBefore = d.moreHistoryBefore
    }

    enum Keys: String, CodingKey {
        case measures, notes, evidence, deadlineChanges, history, moreNotesBefore, moreHistoryBefore
    }

    func encode(to encoder: any Encoder) throws {
        try problem.encode(to: encoder)
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(measures, forKey: .measures)
        try c.encode(notes, forKey: .notes)
        try c.encode(evidence, forKey: .evidence)
        try c.encode(deadlineChanges, forKey: .deadlineChanges)
        try c.encode(history, forKey: .history)
        try c.encodeIfPresent(moreNotesBefore, forKey: .moreNotesBefore)
        try c.encodeIfPresent(moreHistoryBefore, forKey: .moreHistoryBefore)
    }
}

/// A page of notes or history, oldest first; `nextBefore` continues with older ones.
struct TrailPageDTO<T: Encodable>: Encodable {
    let items: [T]
    let nextBefore: Int64?
}

extension ProblemDTO: JSONWritable {
    /// The fields in declaration order, as the synthesised `Encodable` writes them.
    func write(to json: inout JSONWriter) {
        json.beginObject()
        writeFields(to: &json)
        json.endObject()
    }

    func writeFields(to json: inout JSONWriter) {
        json.field("id", id)
        json.field("number", number)
        json.field("campaignId", campaignId)
        json.field("title", title)
        json.field("description", description)
        json.field("sourceChannel", sourceChannel)
        json.field("sourceChannelLabel", sourceChannelLabel)
        json.field("sourceRef", sourceRef)
        json.field("category", category)
        json.field("leadUnitId", leadUnitId)
        json.field("supportingUnitIds", supportingUnitIds)
        json.field("responsibleLeader", responsibleLeader)
        json.field("responsiblePerson", responsiblePerson)
        json.field("foundOn", foundOn)
        json.field("deadline", deadline)
        json.field("rectificationType", rectificationType)
        json.field("rectificationTypeLabel", rectificationTypeLabel)
        json.field("state", state)
        json.field("stateLabel", stateLabel)
        json.field("overdue", overdue)
        json.field("mergedIntoId", mergedIntoId)
        json.field("stateReason", stateReason)
        json.field("submittedBy", submittedBy)
        json.field("closedOn", closedOn)
        json.field("version", version)
        json.field("createdAt", createdAt)
        json.field("updatedAt", updatedAt)
        json.field("snippet", snippet)
    }
}

extension ProblemPageDTO: JSONWritable {
    func write(to json: inout JSONWriter) {
        json.beginObject()
        json.beginArray("items")
        for item in items { item.write(to: &json) }
        json.endArray()
        json.field("nextCursor", nextCursor)
        json.endObject()
    }
}

extension ProblemDetailDTO: JSONWritable {
    /// The problem's own fields written by hand; its trail (smaller, and varied) through the encoder.
    func write(to json: inout JSONWriter) throws {
        json.beginObject()
        problem.writeFields(to: &json)
        try json.field("measures", encoded: measures)
        try json.field("notes", encoded: notes)
        try json.field("evidence", encoded: evidence)
        try json.field("deadlineChanges", encoded: deadlineChanges)
        try json.field("history", encoded: history)
        json.field("moreNotesBefore", moreNotesBefore)
        json.field("moreHistoryBefore", moreHistoryBefore)
        json.endObject()
    }
}
