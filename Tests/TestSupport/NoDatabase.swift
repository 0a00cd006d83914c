import SQLKit
import TaizhangStorage

/// Listing the route table needs services but no database; any call into it is a test failure.
public struct NoDatabase: SQLStore {
    struct Touched: Error {}
    public let dialect = Dialect.sqlite
    public let authSignal = AuthSignal(markerPath: nil)
    public init() {}
    public func read<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        throw Touched()
    }
    public func write<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        throw Touched()
    }
    public func close() async throws {}
}
