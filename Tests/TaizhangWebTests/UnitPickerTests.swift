import TaizhangDomain
import Testing

@testable import TaizhangWeb

/// The unit picker of the forms: the whole scope however deep, in tree order, and when it is too
/// long, whole levels left out from the bottom.
@Suite struct UnitPickerTests {
    static func unit(_ id: Int64, _ parent: OrgUnit?, _ name: String) -> OrgUnit {
        OrgUnit(
            id: id, parentID: parent?.id, name: name, shortName: name, kind: .office,
            path: parent.map { $0.path.child(id) } ?? .root(id))
    }

    @Test func aScopeFourLevelsDeepIsShownWholeInTreeOrder() {
        let province = Self.unit(1, nil, "省")
        let city = Self.unit(2, province, "太原市")
        let county = Self.unit(3, city, "清徐县")
        let town = Self.unit(12, county, "清源镇")
        let office = Self.unit(13, town, "民政办")
        let otherCity = Self.unit(4, province, "大同市")
        // Read by path, as the repository gives them: "/1/12/…" sorts before "/1/2/…" as text.
        let byPath = [province, city, county, town, office, otherCity].sorted { $0.path.value < $1.path.value }
        let picked = UnitTreeOrder.picker(byPath, limit: 100)
        #expect(picked.map(\.unit.name) == ["省", "太原市", "清徐县", "清源镇", "民政办", "大同市"])
        #expect(picked.map(\.depth) == [0, 1, 2, 3, 4, 1])

        let trimmed = UnitTreeOrder.picker(byPath, limit: 5)
        #expect(trimmed.map(\.unit.name) == ["省", "太原市", "清徐县", "清源镇", "大同市"], "the deepest level goes whole")
        #expect(UnitTreeOrder.picker(byPath, limit: 2).map(\.unit.name) == ["省"])
    }

    @Test func aLiaisonsScopeStartsAtTheirCounty() {
        let province = Self.unit(1, nil, "省")
        let county = Self.unit(3, Self.unit(2, province, "太原市"), "清徐县")
        let town = Self.unit(12, county, "清源镇")
        let picked = UnitTreeOrder.picker([county, town], limit: 100)
        #expect(picked.map(\.unit.name) == ["清徐县", "清源镇"])
        #expect(picked.map(\.depth) == [0, 1])
    }
}
