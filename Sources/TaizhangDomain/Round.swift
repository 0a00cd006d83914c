import Foundation

/// A reporting round (月调度): an office asks the units below it to report on a month by a date.
/// Each unit that must report has one `RoundReturn` in it.
public struct Round: Sendable, Equatable, Codable {
    public var id: Int64
    public var campaignID: Int64
    /// The unit whose office opened the round; its office (or supervision team) accepts or
    /// returns what the units file.
    public var unitID: Int64
    public var unitPath: UnitPath
    /// The month reported on.
    public var period: RoundPeriod
    public var title: String
    /// The day returns are due.
    public var dueOn: LocalDate
    public var openedBy: Int64?
    public var openedAt: Date

    public init(
        id: Int64, campaignID: Int64, unitID: Int64, unitPath: UnitPath, period: RoundPeriod, title: String,
        dueOn: LocalDate, openedBy: Int64?, openedAt: Date
    ) {
        self.id = id
        self.campaignID = campaignID
        self.unitID = unitID
        self.unitPath = unitPath
        self.period = period
        self.title = title
        self.dueOn = dueOn
        self.openedBy = openedBy
        self.openedAt = openedAt
    }
}

/// The month a round reports on, written `2026-11`.
public struct RoundPeriod: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let year: Int
    public let month: Int

    public init?(year: Int, month: Int) {
        guard (2000...2100).contains(year), (1...12).contains(month) else { return nil }
        self.year = year
        self.month = month
    }

    /// `2026-11` (a form's `<input type="month">` sends this), or `2026-11-…` cut to its month.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3, parts[0].count == 4, parts[1].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1])
        else { return nil }
        self.init(year: year, month: month)
    }

    public init(_ date: LocalDate) {
        year = date.year
        month = date.month
    }

    public var description: String { "\(year)-" + (month < 10 ? "0" : "") + "\(month)" }

    /// `2026年11月`.
    public var chinese: String { "\(year)年\(month)月" }

    public var firstDay: LocalDate { LocalDate(year: year, month: month, day: 1)! }

    /// The month after this one.
    public var next: RoundPeriod {
        month == 12 ? RoundPeriod(year: year + 1, month: 1)! : RoundPeriod(year: year, month: month + 1)!
    }

    /// When a month's returns are due unless the office says otherwise: the 5th of the next month.
    public var usualDueDay: LocalDate { next.firstDay.adding(days: 4) }

    public static func < (a: RoundPeriod, b: RoundPeriod) -> Bool { (a.year, a.month) < (b.year, b.month) }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let period = RoundPeriod(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a month"))
        }
        self = period
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}

/// Where a unit's return stands in its round.
public enum ReturnState: String, Sendable, Codable, CaseIterable {
    /// 未报送: nothing filed yet (the unit may have saved a draft).
    case notFiled = "not_filed"
    /// 已报送: signed off by the unit leader, waiting for the office.
    case filed
    /// 已退回: sent back by the office with a reason; the unit files again.
    case returned
    /// 已通过: accepted by the office; final.
    case accepted

    public var chinese: String {
        switch self {
        case .notFiled: return "未报送"
        case .filed: return "已报送"
        case .returned: return "已退回"
        case .accepted: return "已通过"
        }
    }

    public var english: String {
        switch self {
        case .notFiled: return "not filed"
        case .filed: return "filed"
        case .returned: return "returned"
        case .accepted: return "accepted"
        }
    }

    /// The unit still owes a filing.
    public var owed: Bool { self == .notFiled || self == .returned }
}

/// One unit's filing in a round (报送): what it did this month and plans next, the ledger's own
/// figures for the unit when it was filed, and who filed and decided it.
public struct RoundReturn: Sendable, Equatable, Codable {
    public var id: Int64
    public var roundID: Int64
    public var unitID: Int64
    public var unitPath: UnitPath
    public var state: ReturnState
    /// 本月工作进展.
    public var summary: String
    /// 下步工作打算.
    public var nextSteps: String
    /// The unit's problems in the round's campaign when filed: taken from the ledger, not typed.
    public var figures: ReturnFigures?
    public var filedBy: Int64?
    public var filedAt: Date?
    public var decidedBy: Int64?
    public var decidedAt: Date?
    /// Why the office sent it back (the latest return).
    public var reason: String?
    public var version: Int
    public var updatedAt: Date

    public init(
        id: Int64, roundID: Int64, unitID: Int64, unitPath: UnitPath, state: ReturnState, summary: String,
        nextSteps: String, figures: ReturnFigures?, filedBy: Int64?, filedAt: Date?, decidedBy: Int64?,
        decidedAt: Date?, reason: String?, version: Int, updatedAt: Date
    ) {
        self.id = id
        self.roundID = roundID
        self.unitID = unitID
        self.unitPath = unitPath
        self.state = state
        self.summary = summary
        self.nextSteps = nextSteps
        self.figures = figures
        self.filedBy = filedBy
        self.filedAt = filedAt
        self.decidedBy = decidedBy
        self.decidedAt = decidedAt
        self.reason = reason
        self.version = version
        self.updatedAt = updatedAt
    }

    /// Owed and past the round's due day.
    public func late(in round: Round, today: LocalDate) -> Bool { state.owed && today > round.dueOn }
}

/// A unit's ledger at the moment it filed: how many problems, closed, still open, overdue.
public struct ReturnFigures: Sendable, Equatable, Codable {
    public var total: Int
    public var closed: Int
    public var open: Int
    public var overdue: Int

    public init(total: Int, closed: Int, open: Int, overdue: Int) {
        self.total = total
        self.closed = closed
        self.open = open
        self.overdue = overdue
    }

    public init(_ counts: ProblemCounts) {
        self.init(
            total: counts.live, closed: counts.byState[.closed, default: 0], open: counts.open, overdue: counts.overdue)
    }
}
