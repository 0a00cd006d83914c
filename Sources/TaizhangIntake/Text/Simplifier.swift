/// Maps traditional characters to simplified ones, scalar for scalar.
///
/// The finders run on the simplified shadow of a text and cut their results from the
/// original, so a report in traditional characters is read by the same rules and its
/// findings are quoted as written. The mapping is one-to-one, so indexes line up.
enum Simplifier {
    private static let base: UInt32 = 0x3400
    private static let table: [UInt32] = {
        var t = [UInt32](repeating: 0, count: Int(0xA000 - base))
        let trad = traditionalCharacters.unicodeScalars.filter { $0 != "\n" }
        let simp = simplifiedCharacters.unicodeScalars.filter { $0 != "\n" }
        for (a, b) in zip(trad, simp) { t[Int(a.value - base)] = b.value }
        // variant forms the table leaves out but captured pages use (陜西, 爲)
        for (a, b) in [("陜", "陕"), ("爲", "为"), ("衆", "众"), ("綫", "线"), ("麽", "么"), ("裏", "里"), ("牆", "墙")] {
            let u = a.unicodeScalars.first!
            if t[Int(u.value - base)] == 0 { t[Int(u.value - base)] = b.unicodeScalars.first!.value }
        }
        return t
    }()

    /// The simplified form of one scalar (itself when it has none).
    static func simplify(_ u: Unicode.Scalar) -> Unicode.Scalar {
        let v = u.value
        guard v >= base && v < 0xA000 else { return u }
        let m = table[Int(v - base)]
        return m == 0 ? u : Unicode.Scalar(m)!
    }

    static func simplify(_ s: Scalars) -> Scalars { s.map(simplify) }

    static func simplify(_ s: String) -> String { Scalars(simplify(scalarArray(s))).string }
}
