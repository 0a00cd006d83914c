import SQLKit

/// Multi-row INSERTs with every value bound, sized to stay under both databases' bind limits.
struct BulkInsert {
    let table: String
    let columns: [String]
    var rows: [[any Encodable & Sendable]] = []

    init(_ table: String, _ columns: [String]) {
        self.table = table
        self.columns = columns
    }

    mutating func add(_ row: [any Encodable & Sendable]) { rows.append(row) }

    func run(on db: any SQLDatabase) async throws {
        // SQLite allows 32,766 bound values per statement, PostgreSQL 65,535.
        let perStatement = max(1, 30_000 / columns.count)
        var start = 0
        while start < rows.count {
            let chunk = rows[start..<min(start + perStatement, rows.count)]
            let values = chunk.map { row -> SQLQueryString in "(\(binds: row))" }
            let query: SQLQueryString =
                "INSERT INTO \(ident: table) (\(idents: columns, joinedBy: ", ")) VALUES "
                + values.joined(separator: ", ")
            try await db.raw(query).run()
            start += perStatement
        }
    }
}
