/// A participating unit (单位) in a tree of any depth: province → departments, SOEs, cities → counties.
public struct OrgUnit: Sendable, Equatable, Codable {
    public var id: Int64
    public var parentID: Int64?
    public var name: String
    /// The name people use day to day, e.g. 省人社厅.
    public var shortName: String
    public var kind: UnitKind
    /// Materialised path of ids, `/1/7/42/`: a subtree is one prefix range, never a walk.
    public var path: UnitPath

    public init(id: Int64, parentID: Int64?, name: String, shortName: String, kind: UnitKind, path: UnitPath) {
        self.id = id
        self.parentID = parentID
        self.name = name
        self.shortName = shortName
        self.kind = kind
        self.path = path
    }
}

/// What sort of body a unit is; shapes the demo tree and the reports, not the rules.
public enum UnitKind: String, Sendable, Codable, CaseIterable {
    case province  // 省级领导小组 / 省委
    case department  // 省直部门
    case soe  // 国有企业
    case financial  // 金融企业
    case cultural  // 文化企业
    case university  // 高校
    case city  // 市
    case county  // 县（市、区）
    case office  // 内设机构 / 其他
    case socialOrganisation = "social_organisation"  // 社会组织

    public var chinese: String {
        switch self {
        case .province: return "省级"
        case .department: return "省直部门"
        case .soe: return "国有企业"
        case .financial: return "金融企业"
        case .cultural: return "文化企业"
        case .university: return "高校"
        case .city: return "市"
        case .county: return "县（市、区）"
        case .office: return "内设机构"
        case .socialOrganisation: return "社会组织"
        }
    }
}

/// A unit's materialised path, `/1/7/42/`. Byte-wise order keeps a subtree contiguous.
public struct UnitPath: Sendable, Hashable, Codable, CustomStringConvertible {
    public let value: String

    public init(_ value: String) { self.value = value }

    public static func root(_ id: Int64) -> UnitPath { UnitPath("/\(id)/") }

    public func child(_ id: Int64) -> UnitPath { UnitPath(value + "\(id)/") }

    public var description: String { value }

    /// Depth of the unit: the root is 0.
    public var depth: Int { value.utf8.filter { $0 == UInt8(ascii: "/") }.count - 2 }

    /// Ids from the root down to this unit.
    public var ids: [Int64] { value.split(separator: "/").compactMap { Int64($0) } }

    /// True when `other` is this unit or lies below it.
    public func contains(_ other: UnitPath) -> Bool { other.value.hasPrefix(value) }

    /// The half-open range `[lower, upper)` holding exactly this subtree, for an index range scan.
    ///
    /// `/` is followed by `0` in byte order, so replacing the trailing slash by `0` bounds the prefix.
    public var subtreeRange: (lower: String, upper: String) {
        (value, String(value.dropLast()) + "0")
    }

    public init(from decoder: Decoder) throws {
        value = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(value)
    }
}
