import Hummingbird
import TaizhangDomain

/// The ledger's filter as query parameters: read the same way by the API's list and the ledger
/// page, and written back into links (so a filtered view is a URL to bookmark and send).
extension ProblemFilter {
    init(query request: Request) throws {
        self.init()
        let request = QueryValues(request)
        unitID = try request.int("unit")
        campaignID = try request.int("campaign")
        states = try request.enums("state", as: ProblemState.self)
        sourceChannels = try request.enums("source", as: SourceChannel.self)
        category = try request.string("category")
        overdue = try request.bool("overdue")
        deadlineFrom = try request.date("deadlineFrom")
        deadlineTo = try request.date("deadlineTo")
        text = try request.string("q")
        supported = try request.bool("supported") ?? false
        if let sort = try request.string("sort") {
            guard let value = ProblemSort(rawValue: sort) else {
                throw DomainError.invalid(
                    "sort", zh: "排序方式 \(sort) 无效",
                    en: "sort must be one of \(ProblemSort.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            self.sort = value
        }
        limit = try request.limit(default: limit, max: ProblemFilter.maxLimit)
        cursor = try request.string("cursor")
    }

    /// The parameters that reproduce this filter (defaults left out).
    /// The page size a filter has when none is asked for (a link leaves it out).
    static let defaultLimit = ProblemFilter().limit

    var queryItems: [(String, String)] {
        var items: [(String, String)] = []
        items.reserveCapacity(4)
        if let text, !text.isEmpty { items.append(("q", text)) }
        if let unitID { items.append(("unit", String(unitID))) }
        if let campaignID { items.append(("campaign", String(campaignID))) }
        if !states.isEmpty { items.append(("state", states.map(\.rawValue).joined(separator: ","))) }
        if !sourceChannels.isEmpty { items.append(("source", sourceChannels.map(\.rawValue).joined(separator: ","))) }
        if let category { items.append(("category", category)) }
        if let overdue { items.append(("overdue", overdue ? "true" : "false")) }
        if let deadlineFrom { items.append(("deadlineFrom", deadlineFrom.description)) }
        if let deadlineTo { items.append(("deadlineTo", deadlineTo.description)) }
        if supported { items.append(("supported", "true")) }
        if let sort { items.append(("sort", sort.rawValue)) }
        if limit != Self.defaultLimit { items.append(("limit", String(limit))) }
        if let cursor { items.append(("cursor", cursor)) }
        return items
    }
}
