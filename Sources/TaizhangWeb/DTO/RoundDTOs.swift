import Foundation
import TaizhangDomain
import TaizhangStorage

struct RoundDTO: Encodable {
    let id: Int64
    let campaignId: Int64
    let unitId: Int64
    let period: String
    let title: String
    let dueOn: String
    let openedBy: Int64?
    let openedAt: String

    init(_ r: Round) {
        id = r.id
        campaignId = r.campaignID
        unitId = r.unitID
        period = r.period.description
        title = r.title
        dueOn = r.dueOn.description
        openedBy = r.openedBy
        openedAt = Timestamp.format(r.openedAt)
    }
}

/// A round in a list: its counts of returns by state, within the caller's scope.
struct RoundSummaryDTO: Encodable {
    let round: RoundDTO
    let unitName: String
    let returns: [String: Int]

    init(_ s: RoundSummary) {
        round = RoundDTO(s.round)
        unitName = s.openingUnit
        returns = Dictionary(uniqueKeysWithValues: ReturnState.allCases.map { ($0.rawValue, s.counts[$0, default: 0]) })
    }
}

struct ReturnDTO: Encodable {
    let id: Int64
    let roundId: Int64
    let unitId: Int64
    let unitName: String?
    let state: String
    let stateLabel: String
    let summary: String
    let nextSteps: String
    let figures: ReturnFigures?
    let filedBy: Int64?
    let filedAt: String?
    let decidedBy: Int64?
    let decidedAt: String?
    let reason: String?
    let version: Int
    let updatedAt: String

    init(_ r: RoundReturn, unitName: String? = nil) {
        id = r.id
        roundId = r.roundID
        unitId = r.unitID
        self.unitName = unitName
        state = r.state.rawValue
        stateLabel = r.state.chinese
        summary = r.summary
        nextSteps = r.nextSteps
        figures = r.figures
        filedBy = r.filedBy
        filedAt = r.filedAt.map(Timestamp.format)
        decidedBy = r.decidedBy
        decidedAt = r.decidedAt.map(Timestamp.format)
        reason = r.reason
        version = r.version
        updatedAt = Timestamp.format(r.updatedAt)
    }
}

struct RoundDetailDTO: Encodable {
    let round: RoundDTO
    let unitName: String
    let returns: [ReturnDTO]

    init(_ d: RoundDetail) {
        round = RoundDTO(d.round)
        unitName = d.openingUnit.name
        returns = d.returns.map { ReturnDTO($0.item, unitName: $0.unit.name) }
    }
}
