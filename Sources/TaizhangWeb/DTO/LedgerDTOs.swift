import Foundation
import TaizhangDomain
import TaizhangStorage

struct MeasureDTO: Encodable {
    let id: Int64
    let problemId: Int64
    let text: String
    let owner: String
    let deadline: String?
    let doneOn: String?
    let done: Bool
    let version: Int
    let createdAt: String

    init(_ m: Measure) {
        id = m.id
        problemId = m.problemID
        text = m.text
        owner = m.owner
        deadline = m.deadline?.description
        doneOn = m.doneOn?.description
        done = m.isDone
        version = m.version
        createdAt = Timestamp.format(m.createdAt)
    }
}

struct NoteDTO: Encodable {
    let id: Int64
    let problemId: Int64
    let notedOn: String
    let text: String
    let figures: [String: Double]
    let authorId: Int64
    let createdAt: String

    init(_ n: ProgressNote) {
        id = n.id
        problemId = n.problemID
        notedOn = n.notedOn.description
        text = n.text
        figures = n.figures
        authorId = n.authorID
        createdAt = Timestamp.format(n.createdAt)
    }
}

struct EvidenceDTO: Encodable {
    let id: Int64
    let problemId: Int64
    let fileName: String
    let contentType: String
    let size: Int64
    let sha256: String
    let uploadedBy: Int64
    let createdAt: String
    let downloadUrl: String

    init(_ e: Evidence) {
        id = e.id
        problemId = e.problemID
        fileName = e.fileName
        contentType = e.contentType
        size = e.size
        sha256 = e.sha256
        uploadedBy = e.uploadedBy
        createdAt = Timestamp.format(e.createdAt)
        downloadUrl = "/api/v1/problems/\(e.problemID)/evidence/\(e.id)"
    }
}

struct DeadlineChangeDTO: Encodable {
    let id: Int64
    let problemId: Int64
    let oldDeadline: String?
    let newDeadline: String
    let reason: String
    let requestedBy: Int64
    let requestedAt: String
    let status: String
    let decidedBy: Int64?
    let decidedAt: String?

    init(_ c: DeadlineChange) {
        id = c.id
        problemId = c.problemID
        oldDeadline = c.oldDeadline?.description
        newDeadline = c.newDeadline.description
        reason = c.reason
        requestedBy = c.requestedBy
        requestedAt = Timestamp.format(c.requestedAt)
        status = c.status.rawValue
        decidedBy = c.decidedBy
        decidedAt = c.decidedAt.map(Timestamp.format)
    }
}

struct AuditEventDTO: Encodable {
    let id: Int64
    let at: String
    let actorId: Int64?
    let entity: String
    let entityId: Int64
    let action: String
    let old: String?
    let new: String?

    init(_ e: AuditEvent) {
        id = e.id
        at = Timestamp.format(e.at)
        actorId = e.actorID
        entity = e.entity.rawValue
        entityId = e.entityID
        action = e.action.rawValue
        old = e.old
        new = e.new
    }
}

struct UnitDTO: Encodable {
    let id: Int64
    let parentId: Int64?
    let name: String
    let shortName: String
    let kind: String
    let kindLabel: String
    let path: String

    init(_ u: OrgUnit) {
        id = u.id
        parentId = u.parentID
        name = u.name
        shortName = u.shortName
        kind = u.kind.rawValue
        kindLabel = u.kind.chinese
        path = u.path.value
    }
}

struct CampaignDTO: Encodable {
    struct Participant: Encodable {
        let unitId: Int64
        let batch: Int
    }
    let id: Int64
    let name: String
    let code: String
    let startsOn: String
    let endsOn: String?
    let participants: [Participant]

    init(_ c: Campaign) {
        id = c.id
        name = c.name
        code = c.code
        startsOn = c.startsOn.description
        endsOn = c.endsOn?.description
        participants = c.participants.map { Participant(unitId: $0.unitID, batch: $0.batch) }
    }
}

/// A list wrapper, so lists can grow paging fields without breaking clients.
struct ItemsDTO<T: Encodable>: Encodable {
    let items: [T]
}
