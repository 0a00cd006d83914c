import TaizhangDomain

/// Builds a province-shaped unit tree of about `count` units: the leading group at the root,
/// provincial departments and enterprises, cities, counties, and city bureaus and county
/// towns and bureaus filling the rest, as in the Shanxi reports.
enum DemoUnits {
    static func make(count: Int, rng: inout SplitMix) -> [OrgUnit] {
        var units: [OrgUnit] = []
        func add(_ name: String, _ short: String, _ kind: UnitKind, parent: OrgUnit?) -> OrgUnit {
            let id = Int64(units.count + 1)
            let unit = OrgUnit(
                id: id, parentID: parent?.id, name: name, shortName: short, kind: kind,
                path: parent?.path.child(id) ?? UnitPath.root(id))
            units.append(unit)
            return unit
        }
        let root = add(DemoText.provinceName, "省领导小组", .province, parent: nil)
        var budget = max(count - 1, 0)
        func take(_ n: Int) -> Int {
            let k = min(n, budget)
            budget -= k
            return k
        }
        var cities: [OrgUnit] = []
        for name in DemoText.cities.prefix(take(DemoText.cities.count)) {
            cities.append(add("\(name)市", "\(name)市", .city, parent: root))
        }
        var counties: [OrgUnit] = []
        if !cities.isEmpty {
            for (i, stem) in DemoText.countyStems.prefix(take(DemoText.countyStems.count)).enumerated() {
                let suffix = DemoText.countySuffixes[i % 7 == 3 ? 1 : (i % 11 == 5 ? 2 : 0)]
                counties.append(add(stem + suffix, stem + suffix, .county, parent: cities[i % cities.count]))
            }
        }
        for (name, short) in DemoText.departments.prefix(take(DemoText.departments.count)) {
            _ = add(name, short, .department, parent: root)
        }
        for (name, short) in DemoText.soes.prefix(take(DemoText.soes.count)) {
            _ = add(name, short, .soe, parent: root)
        }
        for (name, short) in DemoText.financial.prefix(take(DemoText.financial.count)) {
            _ = add(name, short, .financial, parent: root)
        }
        // The rest: each city its bureaus, then each county towns and bureaus, round-robin.
        var i = 0
        let parents = cities + counties
        while budget > 0 && !parents.isEmpty {
            let parent = parents[i % parents.count]
            let round = i / parents.count
            if parent.kind == .city {
                let bureau = DemoText.bureaus[round % DemoText.bureaus.count]
                _ = add(parent.shortName + bureau, parent.shortName + bureau, .office, parent: parent)
            } else if round % 3 == 2 {
                let bureau = DemoText.bureaus[(round / 3) % DemoText.bureaus.count]
                _ = add(parent.shortName + bureau, parent.shortName + bureau, .office, parent: parent)
            } else {
                let stem = rng.pick(DemoText.townStems)
                let suffix = DemoText.townSuffixes[round % DemoText.townSuffixes.count]
                _ = add(stem + suffix, stem + suffix, .office, parent: parent)
            }
            budget -= 1
            i += 1
        }
        return units
    }
}
