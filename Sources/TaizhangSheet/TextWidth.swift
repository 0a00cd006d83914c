/// How wide text shows in a monospaced grid, for sizing spreadsheet columns: East Asian Wide and
/// Fullwidth characters (CJK ideographs and punctuation, fullwidth forms, Hangul, kana, most emoji)
/// take two columns, others one, marks that join (combining accents, variation selectors,
/// zero-width joiners and what they join) none. Multi-line text is as wide as its widest line.
///
/// Counted on Unicode scalars, not grapheme clusters: an exporter sizes columns from every cell,
/// so this is on its hot path, and the ranges below get the clusters that matter right.
public enum TextWidth {
    public static func columns(_ s: String) -> Int {
        // Read on the UTF-8 bytes: iterating unicodeScalars costs several times as much.
        if let width = s.utf8.withContiguousStorageIfAvailable({ columns(utf8: $0) }) { return width }
        return Array(s.utf8).withUnsafeBufferPointer { columns(utf8: $0) }
    }

    /// The same on valid UTF-8 (a String's own): each scalar is decoded from its bytes.
    static func columns(utf8 p: UnsafeBufferPointer<UInt8>) -> Int {
        var widest = 0
        var line = 0
        var afterJoiner = false
        var i = 0
        let n = p.count
        while i < n {
            let lead = p[i]
            if lead < 0x80 {
                i += 1
                if lead == 0x0A || lead == 0x0D {
                    // CR LF ends one line, not two.
                    if lead == 0x0D && i < n && p[i] == 0x0A { i += 1 }
                    widest = max(widest, line)
                    line = 0
                    afterJoiner = false
                } else if afterJoiner {
                    afterJoiner = false
                } else if lead >= 0x20 && lead != 0x7F {
                    line += 1
                }
                continue
            }
            let v: UInt32
            if lead >= 0xE0 && lead < 0xF0 && i + 2 < n {
                // Three bytes: all of the BMP past U+07FF, so all CJK.
                v = UInt32(lead & 0x0F) << 12 | UInt32(p[i + 1] & 0x3F) << 6 | UInt32(p[i + 2] & 0x3F)
                i += 3
            } else if lead < 0xE0 && i + 1 < n {
                v = UInt32(lead & 0x1F) << 6 | UInt32(p[i + 1] & 0x3F)
                i += 2
            } else if i + 3 < n {
                v =
                    UInt32(lead & 0x07) << 18 | UInt32(p[i + 1] & 0x3F) << 12 | UInt32(p[i + 2] & 0x3F) << 6
                    | UInt32(p[i + 3] & 0x3F)
                i += 4
            } else {
                break
            }
            if afterJoiner {
                // The scalar after a zero-width joiner draws into the cluster before it (👩‍💻).
                afterJoiner = false
            } else if v == 0x200D {
                afterJoiner = true
            } else if v >= 0x3000 && v <= 0x9FFF && v != 0x303F && !(v >= 0x4DC0 && v <= 0x4DFF) {
                line += 2  // CJK punctuation, kana, ideographs: most of what the ledger holds
            } else if (v >= 0xFF01 && v <= 0xFF60) || (v >= 0xFFE0 && v <= 0xFFE6) {
                line += 2  // fullwidth forms: ，（）：
            } else {
                line += width(v)
            }
        }
        return max(widest, line)
    }

    /// 0, 1 or 2 columns for one scalar, after Unicode's EastAsianWidth (W and F as 2).
    static func width(_ v: UInt32) -> Int {
        if v < 0x300 { return v < 0x20 || (v >= 0x7F && v < 0xA0) ? 0 : 1 }
        if isZeroWidth(v) { return 0 }
        return isWide(v) ? 2 : 1
    }

    private static func isZeroWidth(_ v: UInt32) -> Bool {
        switch v {
        case 0x0300...0x036F, 0x0483...0x0489, 0x0591...0x05BD, 0x0610...0x061A, 0x064B...0x065F,
            0x1AB0...0x1AFF, 0x1DC0...0x1DFF, 0x200B...0x200F, 0x2028...0x202E, 0x2060...0x2064,
            0x20D0...0x20FF, 0x302A...0x302D, 0x3099...0x309A, 0xFE00...0xFE0F, 0xFE20...0xFE2F, 0xFEFF,
            0x1F3FB...0x1F3FF, 0xE0000...0xE0FFF:
            return true
        default:
            return false
        }
    }

    private static func isWide(_ v: UInt32) -> Bool {
        switch v {
        case 0x1100...0x115F,  // Hangul Jamo leading consonants
            0x231A...0x231B, 0x2329...0x232A, 0x23E9...0x23EC, 0x23F0, 0x23F3, 0x25FD...0x25FE,
            0x2614...0x2615, 0x2648...0x2653, 0x267F, 0x2693, 0x26A1, 0x26AA...0x26AB, 0x26BD...0x26BE,
            0x26C4...0x26C5, 0x26CE, 0x26D4, 0x26EA, 0x26F2...0x26F3, 0x26F5, 0x26FA, 0x26FD, 0x2705,
            0x270A...0x270B, 0x2728, 0x274C, 0x274E, 0x2753...0x2755, 0x2757, 0x2795...0x2797, 0x27B0,
            0x27BF, 0x2B1B...0x2B1C, 0x2B50, 0x2B55,  // emoji presentation symbols
            0x2E80...0x303E,  // CJK radicals, Kangxi, ideographic description, CJK symbols and punctuation
            0x3041...0x33FF,  // kana, Bopomofo, Hangul compatibility Jamo, Kanbun, CJK strokes, enclosed, compatibility
            0x3400...0x4DBF,  // CJK extension A
            0x4E00...0x9FFF,  // CJK unified ideographs
            0xA000...0xA4CF,  // Yi
            0xA960...0xA97F,  // Hangul Jamo extended A
            0xAC00...0xD7A3,  // Hangul syllables
            0xF900...0xFAFF,  // CJK compatibility ideographs
            0xFE10...0xFE19,  // vertical forms
            0xFE30...0xFE6F,  // CJK compatibility forms, small form variants
            0xFF00...0xFF60, 0xFFE0...0xFFE6,  // fullwidth forms
            0x16FE0...0x18AFF, 0x1B000...0x1B2FF,  // Tangut, kana supplements
            0x1F004, 0x1F0CF, 0x1F18E, 0x1F191...0x1F19A, 0x1F200...0x1F251,
            0x1F300...0x1F64F,  // pictographs, emoticons
            0x1F680...0x1F6FF,  // transport and map
            0x1F7E0...0x1F7EB, 0x1F90C...0x1F9FF, 0x1FA70...0x1FAFF,
            0x20000...0x3FFFD:  // CJK extensions B and later
            return true
        default:
            return false
        }
    }
}
