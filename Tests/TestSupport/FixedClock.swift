import Foundation
import Synchronization
import TaizhangDomain

/// A clock tests set by hand, so "today" and overdue never depend on when the suite runs.
public final class FixedClock: Clock {
    private let instant: Mutex<Date>

    /// Noon in Shanghai on the given day.
    public init(_ day: String = "2026-11-23") {
        let d = LocalDate(day)!
        instant = Mutex(Date(timeIntervalSince1970: Double(d.dayNumber) * 86400 + 4 * 3600))
    }

    public func now() -> Date { instant.withLock { $0 } }

    public func advance(days: Int) { instant.withLock { $0 += Double(days) * 86400 } }
}
