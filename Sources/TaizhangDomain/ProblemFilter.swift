/// What a ledger list asks for: filters, one sort, and a page.
public struct ProblemFilter: Sendable, Equatable {
    /// Only problems whose lead unit is this unit or below it.
    public var unitID: Int64?
    public var campaignID: Int64?
    public var states: [ProblemState] = []
    public var sourceChannels: [SourceChannel] = []
    public var category: String?
    /// true: only overdue; false: only not overdue; nil: both.
    public var overdue: Bool?
    public var deadlineFrom: LocalDate?
    public var deadlineTo: LocalDate?
    /// What to search for (see `SearchQuery`): every term in the title, number, description,
    /// source reference, measures or notes.
    public var text: String?
    /// Instead of the problems the scope leads: those that units in the scope support (配合).
    public var supported = false
    /// The order asked for; nil: by deadline, or by relevance when searching (`order`).
    public var sort: ProblemSort?
    public var limit: Int = 25
    /// Opaque position after which the page starts (keyset pagination).
    public var cursor: String?

    public init() {}

    /// The order the list takes.
    public var order: ProblemSort {
        sort ?? (text.map { !$0.allSatisfy(\.isWhitespace) } == true ? .relevance : .deadline)
    }

    public static let maxLimit = 200
}

/// Orders a list supports; each is backed by an index and paged by (key, id).
public enum ProblemSort: String, Sendable, CaseIterable {
    case deadline
    case deadlineDesc = "-deadline"
    case found
    case foundDesc = "-found"
    case updatedDesc = "-updated"
    case number
    /// Problems whose title holds every term first, then the newest (only with a search).
    case relevance

    public var column: String {
        switch self {
        case .deadline, .deadlineDesc: return "deadline"
        case .found, .foundDesc: return "found_on"
        case .updatedDesc: return "updated_at"
        case .number, .relevance: return "id"
        }
    }

    public var descending: Bool { self == .deadlineDesc || self == .foundDesc || self == .updatedDesc }
}

/// Counts by state, and how many are overdue, for a subtree.
public struct ProblemCounts: Sendable, Equatable, Codable {
    public var unitID: Int64
    public var total: Int
    /// Every state, zero where none (encoded as an object keyed by the state's name).
    public var byState: [ProblemState: Int]
    public var overdue: Int

    public init(unitID: Int64, total: Int, byState: [ProblemState: Int], overdue: Int) {
        self.unitID = unitID
        self.total = total
        self.byState = byState
        self.overdue = overdue
    }

    enum CodingKeys: String, CodingKey {
        case unitID = "unitId"
        case total, byState, overdue
    }
}

extension ProblemCounts {
    /// Problems still with the unit: not yet claimed, claimed, or waiting for verification.
    public var open: Int { byState[.draft, default: 0] + byState[.open, default: 0] + byState[.submitted, default: 0] }
    /// Problems that still count: all but the merged and the dismissed.
    public var live: Int { total - byState[.merged, default: 0] - byState[.dismissed, default: 0] }
}
