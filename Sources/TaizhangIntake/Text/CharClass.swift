/// Flags for the scalars the finders test at every position, in one flat table.
///
/// The finders look at each scalar of a text several times; a `Set` or `Dictionary` lookup
/// there (hashing included) cost more than all the rest of the finding put together.
enum CharClass {
    static let numeral: UInt8 = 1
    static let magnitude: UInt8 = 2
    static let placeMarker: UInt8 = 4
    static let orgStart: UInt8 = 8
    static let orgStop: UInt8 = 16
    static let deadlineStart: UInt8 = 32

    private static let limit = 0xA000

    private static let table: [UInt8] = {
        var t = [UInt8](repeating: 0, count: limit)
        func mark(_ chars: String, _ flag: UInt8) {
            for u in chars.unicodeScalars where Int(u.value) < limit { t[Int(u.value)] |= flag }
        }
        mark("零〇一二两三四五六七八九十百千", numeral)
        mark("万亿", magnitude)
        mark("省市县区州盟旗镇乡", placeMarker)
        mark(String(OrganizationLexicon.central.compactMap { $0.first }), orgStart)
        mark(String(String.UnicodeScalarView(OrganizationLexicon.stops)), orgStop)
        mark("年月今本明当春国元中五清", deadlineStart)
        return t
    }()

    @inline(__always)
    static func has(_ u: Unicode.Scalar, _ flag: UInt8) -> Bool {
        let v = Int(u.value)
        return v < limit && table[v] & flag != 0
    }
}
