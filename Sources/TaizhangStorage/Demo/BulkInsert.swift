import SQLKit
import SQLiteNIO

/// Many rows inserted with every value bound: on SQLite one single-row statement run for each
/// row in one call (`SQLiteSQL.runEach`); on PostgreSQL multi-row INSERTs sized to stay under its
/// bind limit, since every statement there is a round trip.
struct BulkInsert {
    let table: String
    let columns: [String]
    /// SQL after the VALUES (an upsert's ON CONFLICT clause), written as it is.
    let suffix: String
    /// PostgreSQL: rows per statement; nil: as many as stay under its bind limit.
    let perStatement: Int?
    var rows: [[any Encodable & Sendable]] = []
    /// Rows already turned into SQLite's values (`bindForSQLite`).
    private(set) var sqliteRows: [[SQLiteData]] = []

    init(
        _ table: String, _ columns: [String], suffix: String = "", perStatement: Int? = nil
    ) {
        self.table = table
        self.columns = columns
        self.suffix = suffix
        self.perStatement = perStatement
    }

    mutating func add(_ row: [any Encodable & Sendable]) { rows.append(row) }

    /// Column names as SQL identifiers, comma-separated (our own names: nothing to escape).
    static func quoted(_ columns: [String]) -> String {
        columns.map { "\"" + $0 + "\"" }.joined(separator: ", ")
    }

    /// Turns the rows into SQLite's values now, where there is time to spare (an import makes the
    /// next slice while the database writes this one), rather than on the way to the database.
    mutating func bindForSQLite() throws {
        sqliteRows += try rows.map { try $0.map(SQLiteSQL.data(of:)) }
        rows = []
    }

    func run(on db: any SQLDatabase) async throws {
        if rows.isEmpty && sqliteRows.isEmpty { return }
        if let sqlite = db as? SQLiteSQL {
            let names = Self.quoted(columns)
            let marks = Array(repeating: "?", count: columns.count).joined(separator: ", ")
            let values = try sqliteRows + rows.map { try $0.map(SQLiteSQL.data(of:)) }
            try await sqlite.runEach("INSERT INTO \"\(table)\" (\(names)) VALUES (\(marks))" + suffix, values)
            return
        }
        guard sqliteRows.isEmpty else { throw UnsupportedBind(type: "SQLite values on another database") }
        // PostgreSQL allows 65,535 bound values per statement.
        let perStatement = min(self.perStatement ?? .max, max(1, 30_000 / columns.count))
        var start = 0
        while start < rows.count {
            let chunk = rows[start..<min(start + perStatement, rows.count)]
            let query: SQLQueryString =
                "INSERT INTO \(ident: table) (\(idents: columns, joinedBy: ", ")) VALUES \(BulkRows(rows: chunk))\(unsafeRaw: suffix)"
            try await db.raw(query).run()
            start += perStatement
        }
    }
}

/// The rows of a multi-row VALUES list, written straight into the statement and its binds.
///
/// Why: built as interpolated strings, every value became an expression of its own and every row
/// a list of them; serialising those was a seventh of a 100,000-row import.
struct BulkRows: SQLExpression {
    let rows: ArraySlice<[any Encodable & Sendable]>

    func serialize(to serializer: inout SQLSerializer) {
        var firstRow = true
        for row in rows {
            serializer.write(firstRow ? "(" : ", (")
            firstRow = false
            var firstValue = true
            for value in row {
                if !firstValue { serializer.write(", ") }
                firstValue = false
                serializer.write(bind: value)
            }
            serializer.write(")")
        }
    }
}
