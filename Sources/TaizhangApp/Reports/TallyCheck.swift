import TaizhangDomain
import TaizhangIntake

/// The ledger's own counts for a report's unit and campaign, in the words a tally uses.
public struct LedgerTally: Sendable, Equatable, Encodable {
    public let closed: Int
    public let open: Int
    public let ongoing: Int
    public let total: Int

    public init(_ counts: ProblemCounts) {
        closed = counts.byState[.closed, default: 0]
        open = counts.open
        ongoing = counts.byState[.ongoing, default: 0]
        total = counts.live
    }

    /// The ledger's figure for what a tally phrase counts.
    public subscript(state: TallyState) -> Int {
        switch state {
        case .closed: closed
        case .open: open
        case .ongoing: ongoing
        }
    }

    /// True when a figure the report states differs from the ledger: an office should look.
    public func disagrees(with tally: StatusTally) -> Bool {
        tally.counts.contains { self[$0.key] != $0.value } || (tally.total.map { $0 != total } ?? false)
    }
}
