import NIOCore
import SQLKit

/// A database whose statements run through async/await (`SQLiteSQL`, `PostgresSQL`). SQLKit also
/// asks for a future-based `execute`; here it is the async one, bridged once for both. A conformer
/// must implement the async `execute` itself (SQLKit's default for it calls this one back).
protocol AsyncSQLDatabase: SQLDatabase {}

extension AsyncSQLDatabase {
    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void)
        -> EventLoopFuture<Void>
    {
        eventLoop.makeFutureWithTask { try await self.execute(sql: query, onRow) }
    }
}
