import TaizhangDomain

/// Units read by path, put in the order a tree is read: each unit followed by its children, the
/// children in the order they were added (by id, as the unit pages list them).
enum UnitTreeOrder {
    static func picker(_ units: [OrgUnit], limit: Int) -> [(unit: OrgUnit, depth: Int)] {
        let ids = Set(units.map(\.id))
        var children: [Int64: [OrgUnit]] = [:]
        var roots: [OrgUnit] = []
        for unit in units {
            if let parent = unit.parentID, ids.contains(parent) {
                children[parent, default: []].append(unit)
            } else {
                roots.append(unit)
            }
        }
        // The deepest level that fits: count units level by level from the roots.
        var levels: [Int] = []
        var level = roots
        while !level.isEmpty {
            levels.append(level.count)
            level = level.flatMap { children[$0.id] ?? [] }
        }
        var maxDepth = -1
        var total = 0
        for (depth, count) in levels.enumerated() {
            guard total + count <= limit else { break }
            total += count
            maxDepth = depth
        }
        var out: [(unit: OrgUnit, depth: Int)] = []
        func walk(_ unit: OrgUnit, depth: Int) {
            guard depth <= maxDepth else { return }
            out.append((unit, depth))
            for child in (children[unit.id] ?? []).sorted(by: { $0.id < $1.id }) { walk(child, depth: depth + 1) }
        }
        for root in roots.sorted(by: { $0.id < $1.id }) { walk(root, depth: 0) }
        return out
    }
}
