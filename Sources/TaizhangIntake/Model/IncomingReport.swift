/// What the reader found in one file: its articles, in order.
public struct IncomingReport: Sendable, Codable, Equatable {
    public var file: String?
    public var articles: [Article]

    public init(file: String? = nil, articles: [Article]) {
        self.file = file
        self.articles = articles
    }
}

/// One article of a report: its metadata, clean body and the findings in it.
public struct Article: Sendable, Codable, Equatable {
    public var title: String?
    public var source: String?
    /// ISO 8601: `2019-07-28T09:57:47`, or a date `2019-07-28`.
    public var published: String?
    public var author: String?
    public var tags: [String]
    /// The clean text, one paragraph a line.
    public var body: String
    public var problems: [ProblemFinding]
    public var quantities: [Quantity]
    public var deadlines: [Deadline]
    public var dates: [String]
    public var organizations: [String]
    public var tallies: [StatusTally]

    public init(
        title: String? = nil, source: String? = nil, published: String? = nil, author: String? = nil,
        tags: [String] = [], body: String = "", problems: [ProblemFinding] = [], quantities: [Quantity] = [],
        deadlines: [Deadline] = [], dates: [String] = [], organizations: [String] = [], tallies: [StatusTally] = []
    ) {
        self.title = title
        self.source = source
        self.published = published
        self.author = author
        self.tags = tags
        self.body = body
        self.problems = problems
        self.quantities = quantities
        self.deadlines = deadlines
        self.dates = dates
        self.organizations = organizations
        self.tallies = tallies
    }

    enum CodingKeys: String, CodingKey {
        case title, source, published, author, tags, body, problems, quantities, deadlines, dates, organizations,
            tallies
    }

    // Written by hand so that a missing title or source is an explicit `null`, as score.py's shape has it.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(title, forKey: .title)
        try c.encode(source, forKey: .source)
        try c.encode(published, forKey: .published)
        try c.encode(author, forKey: .author)
        try c.encode(tags, forKey: .tags)
        try c.encode(body, forKey: .body)
        try c.encode(problems, forKey: .problems)
        try c.encode(quantities, forKey: .quantities)
        try c.encode(deadlines, forKey: .deadlines)
        try c.encode(dates, forKey: .dates)
        try c.encode(organizations, forKey: .organizations)
        try c.encode(tallies, forKey: .tallies)
    }
}
