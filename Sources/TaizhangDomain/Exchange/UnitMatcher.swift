import Foundation

/// Finds the unit a spreadsheet names, among the units in the importer's scope, the way people
/// write them: the full name, the short name, or the parent's name before it (清远市民政局 for the
/// 民政局 under 清远市). When nothing matches, the nearest names are offered ("did you mean").
public struct UnitMatcher: Sendable {
    public enum Match: Sendable, Equatable {
        case unit(OrgUnit)
        /// Several units go by this name; their full names tell them apart.
        case ambiguous([String])
        case unknown(suggestions: [String])
    }

    let units: [OrgUnit]
    /// Each unit's position in `units`: a province's 3,000 units are labelled and looked up by id
    /// many times an export or import (a search through them each time was quadratic).
    let positions: [Int64: Int]
    let byName: [String: [Int]]
    let fullNames: [String]
    /// How a suggestion names a unit: with its parent's name when the parent is in scope (清远市民政局).
    let labels: [String]

    /// `units` are those the importer may choose: their own scope.
    public init(units: [OrgUnit]) {
        self.units = units
        self.positions = Dictionary(
            units.enumerated().map { ($0.element.id, $0.offset) }, uniquingKeysWith: { a, _ in a })
        let byID = Dictionary(units.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var byName: [String: [Int]] = [:]
        var fullNames: [String] = []
        var labels: [String] = []
        for (i, unit) in units.enumerated() {
            var names = [unit.name, unit.shortName]
            var label = unit.name
            if let parentID = unit.parentID, let parent = byID[parentID] {
                names += [parent.name + unit.name, parent.shortName + unit.name, parent.name + unit.shortName]
                label = parent.name + unit.name
            }
            labels.append(label)
            let full = Self.fullName(unit, byID)
            fullNames.append(full)
            names.append(full)
            for name in Set(names.map(Self.key)) where !name.isEmpty { byName[name, default: []].append(i) }
        }
        self.byName = byName
        self.fullNames = fullNames
        self.labels = labels
    }

    /// The unit's ancestors' names and its own, as far up as the scope goes: 清远市/民政局.
    static func fullName(_ unit: OrgUnit, _ byID: [Int64: OrgUnit]) -> String {
        var parts = [unit.name]
        var next = unit.parentID
        while let id = next, let parent = byID[id], parts.count < 8 {
            parts.insert(parent.name, at: 0)
            next = parent.parentID
        }
        return parts.joined(separator: "/")
    }

    /// The id in a trailing `#1234`, `(#1234)` or `（#1234）`.
    static func trailingID(_ key: String) -> Int64? {
        var s = Substring(key)
        if s.hasSuffix(")") || s.hasSuffix("）") { s = s.dropLast() }
        let digits = s.reversed().prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, s.dropLast(digits.count).hasSuffix("#") else { return nil }
        return Int64(String(digits.reversed()))
    }

    static func key(_ name: String) -> String {
        String(SheetDate.fold(name).unicodeScalars.filter { !WhiteSpace.contains($0) })
    }

    public func match(_ text: String) -> Match {
        let k = Self.key(text)
        // Units with identical names all the way up are told apart by id: 永安乡（#1234）.
        if let id = Self.trailingID(k) {
            if let i = positions[id] { return .unit(units[i]) }
            return .unknown(suggestions: [])
        }
        if let hits = byName[k] {
            let distinct = Array(Set(hits)).sorted()
            if distinct.count == 1 { return .unit(units[distinct[0]]) }
            return .ambiguous(distinct.map { labels[$0] + "（#\(units[$0].id)）" })
        }
        return .unknown(suggestions: suggestions(for: k))
    }

    /// Up to three names sharing the most two-character pieces with what was written.
    func suggestions(for k: String) -> [String] {
        let grams = Self.bigrams(k)
        guard !grams.isEmpty else { return [] }
        var scored: [(Double, String)] = []
        for (i, unit) in units.enumerated() {
            let candidate = Self.bigrams(Self.key(unit.name)).union(Self.bigrams(Self.key(fullNames[i])))
            let shared = grams.intersection(candidate).count
            guard shared > 0 else { continue }
            let score = Double(shared) / Double(grams.count) + (unit.name.contains(k) ? 1 : 0)
            scored.append((score, labels[i]))
        }
        scored.sort { $0.0 != $1.0 ? $0.0 > $1.0 : $0.1 < $1.1 }
        var seen = Set<String>()
        return scored.map(\.1).filter { seen.insert($0).inserted }.prefix(3).map { $0 }
    }

    static func bigrams(_ s: String) -> Set<String> {
        let chars = Array(s)
        guard chars.count > 1 else { return chars.isEmpty ? [] : [String(chars)] }
        return Set((0..<(chars.count - 1)).map { String(chars[$0...$0 + 1]) })
    }
}
