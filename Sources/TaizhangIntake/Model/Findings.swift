/// A problem the article says was found or targeted, with what was done about it.
public struct ProblemFinding: Sendable, Codable, Equatable {
    /// The span naming the problem, without 针对/聚焦 before it or 问题 after it.
    public var problem: String
    public var measures: [String]

    public init(problem: String, measures: [String]) {
        self.problem = problem
        self.measures = measures
    }
}

/// A figure with its measure word or unit: 88项, 1900多人次, 近12年.
public struct Quantity: Sendable, Codable, Equatable {
    public var text: String
    public var value: Double
    public var unit: String
    /// True for 多/余/近/约.
    public var approx: Bool

    public init(text: String, value: Double, unit: String, approx: Bool) {
        self.text = text
        self.value = value
        self.unit = unit
        self.approx = approx
    }
}

/// A phrase setting when something is due (8月底前), with what is due.
public struct Deadline: Sendable, Codable, Equatable {
    public var text: String
    public var about: String

    public init(text: String, about: String) {
        self.text = text
        self.about = about
    }
}

/// A progress tally such as 反馈25个问题，已完成整改19个、正在整改6个，mapped to ledger states.
public struct StatusTally: Sendable, Codable, Equatable {
    /// The sentence the tally was read from.
    public var text: String
    /// How many problems the tally is about, when it says so.
    public var total: Int?
    /// Counts by ledger state.
    public var counts: [TallyState: Int]
    /// A stated completion rate, 0…1.
    public var completionRate: Double?

    public init(text: String, total: Int? = nil, counts: [TallyState: Int] = [:], completionRate: Double? = nil) {
        self.text = text
        self.total = total
        self.counts = counts
        self.completionRate = completionRate
    }
}

/// The ledger state a tally phrase reports (已完成整改 → closed, 正在整改 → open, 长期坚持 → ongoing).
public enum TallyState: String, Sendable, Codable, CaseIterable, CodingKeyRepresentable {
    case closed
    case open
    case ongoing
}
