/// Sheet names as Excel accepts them, and as formulas and defined names refer to them.
enum XLSXSheetName {
    /// At most 31 characters (UTF-16 units, as Excel counts), none of []:*?/\ (each becomes "_"),
    /// no control characters, not starting or ending with an apostrophe, not "History" (Excel
    /// keeps it), not empty, and unlike every name in `taken` ignoring case (as Excel compares):
    /// a clash gets " (2)", " (3)"….
    static func sanitized(_ raw: String, taken: [String], position: Int) -> String {
        var name = ""
        for scalar in raw.unicodeScalars {
            switch scalar {
            case "[", "]", ":", "*", "?", "/", "\\": name.append("_")
            default:
                if scalar.value < 0x20 || (0x7F..<0xA0).contains(scalar.value) || scalar.value == 0xFFFE
                    || scalar.value == 0xFFFF
                {
                    continue
                }
                name.unicodeScalars.append(scalar)
            }
        }
        name = trimmed(fitted(name, 31))
        if name.isEmpty { name = "Sheet\(position)" }
        if name.lowercased() == "history" { name += "_" }
        let takenLower = Set(taken.map { $0.lowercased() })
        guard takenLower.contains(name.lowercased()) else { return name }
        var n = 2
        while true {
            let suffix = " (\(n))"
            let candidate = trimmed(fitted(name, 31 - suffix.utf16.count)) + suffix
            if !takenLower.contains(candidate.lowercased()) { return candidate }
            n += 1
        }
    }

    /// The name in single quotes, its own apostrophes doubled, as formulas write it: `'单位 A'`.
    static func quoted(_ name: String) -> String {
        var out = "'"
        for character in name {
            out.append(character)
            if character == "'" { out.append(character) }
        }
        return out + "'"
    }

    /// The longest prefix of whole characters within `limit` UTF-16 units.
    private static func fitted(_ s: String, _ limit: Int) -> String {
        guard s.utf16.count > limit else { return s }
        var out = ""
        var used = 0
        for character in s {
            let units = character.utf16.count
            if used + units > limit { break }
            out.append(character)
            used += units
        }
        return out
    }

    private static func trimmed(_ s: String) -> String {
        var characters = Substring(s)
        while characters.first == "'" { characters.removeFirst() }
        while characters.last == "'" { characters.removeLast() }
        return String(characters)
    }
}
