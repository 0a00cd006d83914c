import SQLKit
import Synchronization
import TaizhangDomain

/// Units by id, for the scope check at the start of every list and count.
///
/// A unit's id and path never change (nothing moves a unit: its problems carry the path), so a
/// unit once read stays right; one cache per store, as ids mean different units in different databases.
final class UnitCache: Sendable {
    static let capacity = 100_000
    private let units = Mutex<[Int64: OrgUnit]>([:])

    func unit(_ db: any SQLDatabase, id: Int64) async throws -> OrgUnit? {
        if let known = units.withLock({ $0[id] }) { return known }
        guard let unit = try await UnitRepository.find(db, id: id) else { return nil }
        units.withLock { u in
            if u.count >= Self.capacity { u.removeAll(keepingCapacity: true) }
            u[id] = unit
        }
        return unit
    }

    /// All of these units if every one is already known, without touching the database.
    func cached(_ ids: Set<Int64>) -> [Int64: OrgUnit]? {
        units.withLock { u in
            var found: [Int64: OrgUnit] = [:]
            for id in ids {
                guard let unit = u[id] else { return nil }
                found[id] = unit
            }
            return found
        }
    }
}
