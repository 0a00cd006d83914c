import Foundation
import SQLKit
import TaizhangDomain

/// Column readers that turn storage types back into domain values, failing loudly on corrupt rows.
extension SQLRow {
    func string(_ column: String) throws -> String { try decode(column: column, as: String.self) }
    func optionalString(_ column: String) throws -> String? { try decode(column: column, as: String?.self) }
    func int64(_ column: String) throws -> Int64 { try decode(column: column, as: Int64.self) }
    func optionalInt64(_ column: String) throws -> Int64? { try decode(column: column, as: Int64?.self) }
    func int(_ column: String) throws -> Int { Int(try decode(column: column, as: Int64.self)) }

    func date(_ column: String) throws -> Date {
        let text = try string(column)
        guard let date = Timestamp.parse(text) else { throw CorruptRow(column: column, value: text) }
        return date
    }

    func optionalDate(_ column: String) throws -> Date? {
        try optionalString(column).flatMap(Timestamp.parse)
    }

    func localDate(_ column: String) throws -> LocalDate {
        let text = try string(column)
        guard let date = LocalDate(text) else { throw CorruptRow(column: column, value: text) }
        return date
    }

    func optionalLocalDate(_ column: String) throws -> LocalDate? {
        try optionalString(column).flatMap { LocalDate($0) }
    }

    func enumValue<E: RawRepresentable>(_ column: String, as: E.Type) throws -> E where E.RawValue == String {
        let text = try string(column)
        guard let value = E(rawValue: text) else { throw CorruptRow(column: column, value: text) }
        return value
    }
}

/// A stored value that does not read back as its type: a bug or a hand-edited database, never user input.
struct CorruptRow: Error, CustomStringConvertible {
    let column: String
    let value: String
    var description: String { "stored value \(value) in column \(column) cannot be read" }
}

/// A statement that must return a row returned none: a storage failure, named, never a trap.
struct MissingRow: Error, CustomStringConvertible {
    let statement: String
    var description: String { "the statement \(statement) returned no row" }
}

extension SQLRawBuilder {
    /// The first row of a statement that always returns one (`RETURNING`, `COUNT(*)`); throws,
    /// naming `statement`, if it did not.
    func one(_ statement: String) async throws -> any SQLRow {
        guard let row = try await first() else { throw MissingRow(statement: statement) }
        return row
    }
}
