/// A campaign (主题教育 / 专项行动) with its period and participating units.
public struct Campaign: Sendable, Equatable, Codable {
    public var id: Int64
    public var name: String
    /// Prefix of problem numbers in this campaign, e.g. `2019` in 2019-0134.
    public var code: String
    public var startsOn: LocalDate
    public var endsOn: LocalDate?
    public var participants: [Participant]

    public init(
        id: Int64, name: String, code: String, startsOn: LocalDate, endsOn: LocalDate?, participants: [Participant]
    ) {
        self.id = id
        self.name = name
        self.code = code
        self.startsOn = startsOn
        self.endsOn = endsOn
        self.participants = participants
    }

    /// A unit taking part, with its batch (第一批, 第二批 …).
    public struct Participant: Sendable, Equatable, Codable {
        public var unitID: Int64
        public var batch: Int

        public init(unitID: Int64, batch: Int) {
            self.unitID = unitID
            self.batch = batch
        }
    }

    /// The human-readable problem number (问题编号) for the n-th problem, e.g. 2019-0134.
    public func problemNumber(_ sequence: Int) -> String {
        code + "-" + (sequence < 10000 ? String(String(sequence + 10000).dropFirst()) : String(sequence))
    }
}
