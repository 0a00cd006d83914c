import TaizhangIntake

/// What the reader found in one article, as stored beside its clean body (JSON in `findings`).
public struct ArticleFindings: Codable, Sendable, Equatable {
    public var tags: [String]
    public var problems: [ProblemFinding]
    public var quantities: [Quantity]
    public var deadlines: [Deadline]
    public var dates: [String]
    public var organizations: [String]
    public var tallies: [StatusTally]

    public init(_ a: Article) {
        tags = a.tags
        problems = a.problems
        quantities = a.quantities
        deadlines = a.deadlines
        dates = a.dates
        organizations = a.organizations
        tallies = a.tallies
    }
}
