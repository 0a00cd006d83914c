import Foundation

/// Where "now" comes from, injected so tests can fix it.
public protocol Clock: Sendable {
    func now() -> Date
}

extension Clock {
    /// Today in Asia/Shanghai, which decides whether an item is overdue.
    public func today() -> LocalDate { LocalDate(now()) }
}

/// The wall clock.
public struct SystemClock: Clock {
    public init() {}
    public func now() -> Date { Date() }
}
