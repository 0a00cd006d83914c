import Foundation
import SQLKit
import TaizhangDomain

/// Counters carried across batches: problem numbers per campaign and the roll-ups.
struct DemoState {
    var sequences: [Int64: Int] = [:]
    var states: [Rollup.Key: Int] = [:]
    var deadlines: [Rollup.Key: Int] = [:]

    mutating func count(_ p: Problem) {
        for unit in p.unitPath.ids {
            states[.init(unit: unit, campaign: p.campaignID, value: p.state.rawValue), default: 0] += 1
            if p.state.deadlineBinds, let d = p.deadline {
                deadlines[.init(unit: unit, campaign: p.campaignID, value: d.description), default: 0] += 1
            }
        }
    }

    func rollupRows() -> (BulkInsert, BulkInsert) {
        var s = BulkInsert("rollup_states", ["unit_id", "campaign_id", "state", "n"])
        for (k, n) in states.sorted(by: {
            ($0.key.unit, $0.key.campaign, $0.key.value) < ($1.key.unit, $1.key.campaign, $1.key.value)
        }) {
            s.add([k.unit, k.campaign, k.value, Int64(n)])
        }
        var d = BulkInsert("rollup_deadlines", ["unit_id", "deadline", "campaign_id", "n"])
        for (k, n) in deadlines.sorted(by: {
            ($0.key.unit, $0.key.value, $0.key.campaign) < ($1.key.unit, $1.key.value, $1.key.campaign)
        }) {
            d.add([k.unit, k.value, k.campaign, Int64(n)])
        }
        return (s, d)
    }
}

/// The action the trail records for a demo problem that went straight from draft to `state`.
extension DemoProblemWriter {
    static func arrival(_ state: ProblemState) -> AuditAction {
        switch state {
        case .draft, .open: return .claim
        case .submitted: return .requestClosure
        case .closed: return .verify
        case .ongoing: return .markOngoing
        case .merged: return .merge
        case .dismissed: return .dismiss
        }
    }
}

/// One batch of generated rows, inserted in one transaction.
struct DemoBatch {
    var problems = BulkInsert(
        "problems",
        [
            "id", "campaign_id", "seq", "number", "title", "description", "source_channel", "source_ref", "category",
            "lead_unit_id", "unit_path", "responsible_leader", "responsible_person", "found_on", "deadline",
            "rectification_type", "state", "submitted_by", "closed_on", "state_reason", "version", "created_at",
            "updated_at",
        ])
    var measures = BulkInsert(
        "measures", ["problem_id", "text", "owner", "deadline", "done_on", "version", "created_at"])
    var notes = BulkInsert("progress_notes", ["problem_id", "noted_on", "text", "figures", "author_id", "created_at"])
    var evidence = BulkInsert(
        "evidence", ["problem_id", "file_name", "content_type", "size", "sha256", "uploaded_by", "created_at"])
    var audit = BulkInsert(
        "audit_events", ["at", "actor_id", "entity", "entity_id", "problem_id", "action", "old_values", "new_values"])

    func run(on db: any SQLDatabase) async throws {
        try await problems.run(on: db)
        try await measures.run(on: db)
        try await notes.run(on: db)
        try await evidence.run(on: db)
        try await audit.run(on: db)
    }
}

/// Writes problems the way the reports describe them, spread over channels, categories, states and deadlines.
struct DemoProblemWriter {
    let units: [OrgUnit]
    let campaigns: [Campaign]
    let today: LocalDate
    let stamp: String
    let evidenceSHA: String

    // Office (user 1) creates and verifies, the county unit leader (user 6) and liaison (user 5) report.
    static let office: Int64 = 1
    static let liaison: Int64 = 5
    static let unitLeader: Int64 = 6

    func make(from start: Int, count: Int, rng: inout SplitMix, state: inout DemoState) -> DemoBatch {
        var batch = DemoBatch()
        for i in start..<(start + count) {
            let id = Int64(i + 1)
            let unit = units.isEmpty ? nil : units[Int(rng.next() % UInt64(units.count))]
            let campaign = rng.chance(0.7) ? campaigns[0] : campaigns[1]
            let seq = (state.sequences[campaign.id] ?? 0) + 1
            state.sequences[campaign.id] = seq
            let span = max(1, today.daysSince(campaign.startsOn) - 20)
            let found = campaign.startsOn.adding(days: rng.int(0...span))
            let type: RectificationType = rng.chance(0.25) ? .immediate : (rng.chance(0.8) ? .timeBound : .ongoing)
            let deadline: LocalDate? = type == .ongoing && rng.chance(0.5) ? nil : found.adding(days: rng.int(15...420))
            let problemState = pickState(&rng, type: type)
            let subject = rng.pick(DemoText.subjects)
            let defect = rng.pick(DemoText.defects)
            let category = rng.pick(DemoText.categories)
            let channel = rng.pick(SourceChannel.allCases)
            let title = "\(subject)\(defect)问题"
            // What it concerns, in words drawn by how often they come up (DemoVocabulary).
            let about = (0..<rng.int(1...3)).map { _ in DemoVocabulary.draw(&rng) }
            let description =
                "经\(channel.chinese)发现，\(unit?.shortName ?? "")\(subject)\(defect)，涉及\(about.joined(separator: "、"))等方面，群众反映较多，需\(type.chinese)。"
            let closedOn = problemState == .closed ? min(deadline ?? today, today) : nil
            let p = Problem(
                id: id, campaignID: campaign.id, number: campaign.problemNumber(seq), title: title,
                description: description, sourceChannel: channel,
                sourceRef: String(format: rng.pick(DemoText.references), rng.int(1...40)), category: category,
                leadUnitID: unit?.id ?? 1, unitPath: unit?.path ?? UnitPath.root(1), supportingUnitIDs: [],
                responsibleLeader: rng.pick(DemoText.people), responsiblePerson: rng.pick(DemoText.people),
                foundOn: found, deadline: deadline, rectificationType: type, state: problemState, mergedIntoID: nil,
                stateReason: problemState == .dismissed ? "经核实不属于本单位职责范围" : nil,
                submittedBy: problemState == .submitted || problemState == .closed ? Self.unitLeader : nil,
                closedOn: closedOn, version: 1, createdAt: Date(), updatedAt: Date())
            state.count(p)
            batch.problems.add([
                p.id, p.campaignID, Int64(seq), p.number, p.title, p.description, channel.rawValue, p.sourceRef,
                category,
                p.leadUnitID, p.unitPath.value, p.responsibleLeader, p.responsiblePerson, found.description,
                StoredDeadline.encode(deadline), type.rawValue, problemState.rawValue, p.submittedBy,
                closedOn?.description, p.stateReason, Int64(1), stamp, stamp,
            ])
            batch.audit.add([
                stamp, Self.office, "problem", id, id, "create", String?.none,
                AuditLog.json(["number": p.number, "title": title, "state": "draft"]),
            ])
            if problemState != .draft {
                batch.audit.add([
                    stamp, Self.liaison, "problem", id, id, Self.arrival(problemState).rawValue,
                    AuditLog.json(["state": "draft"]),
                    AuditLog.json(["state": problemState.rawValue]),
                ])
            }
            let finished = problemState == .submitted || problemState == .closed
            for m in 0..<rng.int(1...3) {
                let done: LocalDate? =
                    finished || rng.chance(0.4) ? min(found.adding(days: rng.int(5...120)), today) : nil
                let text = rng.pick(DemoText.measures)
                batch.measures.add([
                    id, text, rng.pick(DemoText.people), deadline?.description, done?.description, Int64(1), stamp,
                ])
                batch.audit.add([
                    stamp, Self.liaison, "measure", id * 10 + Int64(m), id, "create", String?.none,
                    AuditLog.json(["text": text]),
                ])
            }
            if problemState != .draft {
                for _ in 0..<rng.int(0...2) {
                    let template = rng.pick(DemoText.notes)
                    let text = String(format: template, rng.int(3...300), rng.int(1...20))
                    let noted = min(found.adding(days: rng.int(1...200)), today)
                    batch.notes.add([id, noted.description, text, "{}", Self.liaison, stamp])
                    batch.audit.add([
                        stamp, Self.liaison, "progress_note", id, id, "create", String?.none,
                        AuditLog.json(["text": text]),
                    ])
                }
            }
            if finished {
                batch.evidence.add([
                    id, "整改佐证材料-\(p.number).pdf", "application/pdf", Int64(DemoEvidence.pdf.utf8.count), evidenceSHA,
                    Self.liaison, stamp,
                ])
            }
        }
        return batch
    }

    private func pickState(_ rng: inout SplitMix, type: RectificationType) -> ProblemState {
        let x = Double(rng.next() % 1000) / 1000
        switch x {
        case ..<0.05: return .draft
        case ..<0.50: return type == .ongoing && rng.chance(0.5) ? .ongoing : .open
        case ..<0.55: return .submitted
        case ..<0.95: return .closed
        case ..<0.98: return .dismissed
        default: return .open
        }
    }
}
