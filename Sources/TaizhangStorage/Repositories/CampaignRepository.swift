import Foundation
import SQLKit
import TaizhangDomain

/// Campaigns and the units taking part in them.
public struct CampaignRepository: Sendable {
    let store: any SQLStore
    let clock: any Clock

    public init(store: any SQLStore, clock: any Clock) {
        self.store = store
        self.clock = clock
    }

    /// Sets up a campaign; `actor` nil is the command line.
    public func create(
        name: String, code: String, startsOn: LocalDate, endsOn: LocalDate?, participants: [Campaign.Participant],
        by actor: Principal?
    ) async throws -> Campaign {
        try Limits.text(name, field: "name", max: Limits.shortText, required: true)
        try Limits.text(code, field: "code", max: 20, required: true)
        if !code.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic || ("0"..."9").contains($0) }) {
            throw DomainError.invalid("code", zh: "编号前缀只能包含字母和数字", en: "the code may hold letters and digits only")
        }
        if let endsOn, endsOn < startsOn {
            throw DomainError.invalid("endsOn", zh: "结束日期不能早于开始日期", en: "the end cannot be before the start")
        }
        if let actor {
            guard actor.grants.contains(where: { Policy.manageCampaigns.contains($0.role) && $0.unitPath.depth == 0 })
            else {
                throw DomainError.forbidden(
                    zh: "只有顶级领导小组办公室可以设立主题教育", en: "only the top-level office may set up a campaign")
            }
        }
        let now = clock.now()
        return try await store.write { db in
            if try await db.raw("SELECT id FROM campaigns WHERE code = \(bind: code)").first() != nil {
                throw DomainError(
                    .conflict, code: "code_taken", field: "code", zh: "编号前缀 \(code) 已被使用",
                    en: "campaign code \(code) is already used")
            }
            let id = try await db.raw(
                """
                INSERT INTO campaigns (name, code, starts_on, ends_on, next_seq, created_at)
                VALUES (\(bind: name), \(bind: code), \(bind: startsOn.description), \(bind: endsOn?.description), 0,
                        \(bind: Timestamp.format(now)))
                RETURNING id
                """
            ).one("INSERT INTO campaigns").int64("id")
            for (index, p) in participants.enumerated() {
                guard try await UnitRepository.find(db, id: p.unitID) != nil else {
                    throw DomainError.invalid(
                        "participants[\(index)].unitId", zh: "参加单位 \(p.unitID) 不存在",
                        en: "unit \(p.unitID) does not exist")
                }
                try await db.raw(
                    """
                    INSERT INTO campaign_units (campaign_id, unit_id, batch) VALUES (\(bind: id), \(bind: p.unitID), \(bind: p.batch))
                    ON CONFLICT (campaign_id, unit_id) DO NOTHING
                    """
                ).run()
            }
            try await AuditLog.record(
                db, actor: actor?.userID, entity: .campaign, entityID: id, problemID: nil, action: .create,
                new: ["name": name, "code": code, "startsOn": startsOn.description, "endsOn": endsOn?.description],
                at: now)
            return Campaign(
                id: id, name: name, code: code, startsOn: startsOn, endsOn: endsOn, participants: participants)
        }
    }

    public func campaign(_ id: Int64) async throws -> Campaign {
        try await store.read { db in
            guard let c = try await Self.find(db, id: id) else { throw DomainError.notFound(.campaign) }
            return c
        }
    }

    /// Every campaign; campaigns are not scoped, their problems are.
    public func all() async throws -> [Campaign] {
        try await store.read { db in
            let ids = try await db.raw("SELECT id FROM campaigns ORDER BY id").all().map { try $0.int64("id") }
            var result: [Campaign] = []
            for id in ids { if let c = try await Self.find(db, id: id) { result.append(c) } }
            return result
        }
    }

    static func find(_ db: any SQLDatabase, id: Int64) async throws -> Campaign? {
        guard
            let row = try await db.raw(
                "SELECT id, name, code, starts_on, ends_on FROM campaigns WHERE id = \(bind: id)"
            ).first()
        else { return nil }
        let participants = try await db.raw(
            "SELECT unit_id, batch FROM campaign_units WHERE campaign_id = \(bind: id) ORDER BY unit_id"
        ).all().map { Campaign.Participant(unitID: try $0.int64("unit_id"), batch: try $0.int("batch")) }
        return Campaign(
            id: try row.int64("id"), name: try row.string("name"), code: try row.string("code"),
            startsOn: try row.localDate("starts_on"), endsOn: try row.optionalLocalDate("ends_on"),
            participants: participants)
    }
}
