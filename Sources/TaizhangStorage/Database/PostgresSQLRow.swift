import NIOCore
import PostgresKit
import PostgresNIO
import SQLKit
import Synchronization

/// The columns of one result, by name, found once from its first row and shared by every row.
final class PostgresColumns: Sendable {
    private let table = Mutex<[String: Int]?>(nil)

    func index(_ name: String, in row: PostgresRow) -> Int? {
        table.withLock { table in
            if table == nil {
                var names: [String: Int] = [:]
                for (i, cell) in row.enumerated() where names[cell.columnName] == nil { names[cell.columnName] = i }
                table = names
            }
            return table![name]
        }
    }
}

/// A row decoded straight from the wire format.
///
/// Profiled under the list benchmark, decoding 26 problems of 25 columns was a quarter of the
/// server's CPU through PostgresNIO's cells (a dictionary lookup by name and a cell with its
/// column's name made for every value, and a generic decoder behind each). Here the text,
/// integer, float and boolean columns the repositories read are read from their bytes; any other
/// type goes through PostgresKit as before.
struct PostgresSQLRow: SQLRow {
    let row: PostgresRow
    let cells: PostgresRandomAccessRow
    let columns: PostgresColumns

    init(_ row: PostgresRow, columns: PostgresColumns) {
        self.row = row
        self.cells = PostgresRandomAccessRow(row)
        self.columns = columns
    }

    var allColumns: [String] { row.map(\.columnName) }

    func contains(column: String) -> Bool { columns.index(column, in: row) != nil }

    func cell(_ column: String) throws -> PostgresCell {
        guard let index = columns.index(column, in: row) else { throw MissingColumn(column: column) }
        return cells[index]
    }

    func decodeNil(column: String) throws -> Bool { try cell(column).bytes == nil }

    // The types asked for most, compared by identity (an `Optional`'s metadata looked up on every
    // call was 4 % of a list request).
    static let stringType = ObjectIdentifier(String.self)
    static let optionalStringType = ObjectIdentifier(String?.self)
    static let int64Type = ObjectIdentifier(Int64.self)
    static let optionalInt64Type = ObjectIdentifier(Int64?.self)

    func decode<D: Decodable>(column: String, as type: D.Type) throws -> D {
        let cell = try cell(column)
        let asked = ObjectIdentifier(D.self)
        if asked == Self.stringType, let v = try Self.string(cell) { return unsafeBitCast(v, to: D.self) }
        if asked == Self.optionalStringType, cell.bytes == nil || Self.isText(cell) {
            return unsafeBitCast(try Self.string(cell), to: D.self)
        }
        if asked == Self.int64Type, let v = Self.integer(cell) { return unsafeBitCast(v, to: D.self) }
        if asked == Self.optionalInt64Type {
            if cell.bytes == nil { return unsafeBitCast(Int64?.none, to: D.self) }
            if let v = Self.integer(cell) { return unsafeBitCast(Int64?.some(v), to: D.self) }
        }
        let value: Any
        switch type {
        case is String.Type: value = try cell.decode(String.self)
        case is String?.Type: value = try cell.decode(String?.self) as Any
        case is Int64.Type: value = try cell.decode(Int64.self)
        case is Int64?.Type: value = try cell.decode(Int64?.self) as Any
        case is Int.Type: value = try cell.decode(Int.self)
        case is Double.Type: value = try cell.decode(Double.self)
        case is Bool.Type: value = try cell.decode(Bool.self)
        default: return try row.sql().decode(column: column, as: type)
        }
        guard let typed = value as? D else { throw MissingColumn(column: column) }
        return typed
    }

    static func isText(_ cell: PostgresCell) -> Bool {
        cell.dataType == .text || cell.dataType == .varchar || cell.dataType == .name || cell.dataType == .bpchar
    }

    /// A text column's value (its bytes are UTF-8 in both formats); nil when not text or NULL.
    static func string(_ cell: PostgresCell) throws -> String? {
        guard isText(cell), let bytes = cell.bytes else { return nil }
        return String(buffer: bytes)
    }

    /// A binary integer column's value, widened; nil otherwise.
    static func integer(_ cell: PostgresCell) -> Int64? {
        guard cell.format == .binary, let bytes = cell.bytes else { return nil }
        switch (cell.dataType, bytes.readableBytes) {
        case (.int8, 8): return bytes.getInteger(at: bytes.readerIndex, as: Int64.self)
        case (.int4, 4): return bytes.getInteger(at: bytes.readerIndex, as: Int32.self).map(Int64.init)
        case (.int2, 2): return bytes.getInteger(at: bytes.readerIndex, as: Int16.self).map(Int64.init)
        default: return nil
        }
    }
}

struct MissingColumn: Error, CustomStringConvertible {
    let column: String
    var description: String { "the row has no column \(column)" }
}
