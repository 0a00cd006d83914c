/// Traditional characters to simplified ones, scalar for scalar (one-to-one, so offsets line up).
/// Used by the report reader (which reads a report in traditional characters by the same rules)
/// and by search (養老 finds 养老).
public enum Simplified {
    private static let base: UInt32 = 0x3400
    private static let table: [UInt32] = {
        var t = [UInt32](repeating: 0, count: Int(0xA000 - base))
        let trad = traditionalCharacters.unicodeScalars.filter { $0 != "\n" }
        let simp = simplifiedCharacters.unicodeScalars.filter { $0 != "\n" }
        for (a, b) in zip(trad, simp) { t[Int(a.value - base)] = b.value }
        // Variant forms the table leaves out but captured pages use (陜西, 爲).
        for (a, b) in [("陜", "陕"), ("爲", "为"), ("衆", "众"), ("綫", "线"), ("麽", "么"), ("裏", "里"), ("牆", "墙")] {
            for (u, s) in zip(a.unicodeScalars, b.unicodeScalars) where t[Int(u.value - base)] == 0 {
                t[Int(u.value - base)] = s.value
            }
        }
        return t
    }()

    /// The simplified form of one scalar (itself when it has none).
    public static func scalar(_ u: Unicode.Scalar) -> Unicode.Scalar {
        let v = u.value
        guard v >= base && v < 0xA000 else { return u }
        let m = table[Int(v - base)]
        return m == 0 ? u : (Unicode.Scalar(m) ?? u)
    }
}
