import TaizhangText

/// How search sees one character: folded (full-width → half-width, Latin lowercased, traditional →
/// simplified) and classed. Folding is scalar for scalar, so offsets in the folded text are offsets
/// in the original (the snippet relies on it).
enum SearchFold {
    enum Class: UInt8, Equatable {
        /// A Chinese character: matched by overlapping bigrams.
        case han
        /// A letter or digit of any other script: part of a word matched whole.
        case word
        case space
        /// Punctuation, symbols, emoji: they separate, and are never searched.
        case separator
    }

    /// `fold` and then `classify`, by a table for the Basic Multilingual Plane (where nearly every
    /// character of a ledger lies). Asking Unicode for a character's properties (punctuation such
    /// as 。 and “ falls through to them) and the range tests took a tenth of a note's CPU, which
    /// re-indexes the whole problem's texts (profiled).
    @inline(__always)
    static func foldAndClassify(_ u: Unicode.Scalar) -> (Unicode.Scalar, Class) {
        let v = u.value
        guard v < 0x10000 else {
            let folded = fold(u)
            return (folded, classify(folded))
        }
        let entry = basicPlane[Int(v)]
        return (
            Unicode.Scalar(entry & 0xFF_FFFF).unsafelyUnwrapped, Class(rawValue: UInt8(entry >> 24)).unsafelyUnwrapped
        )
    }

    /// For each scalar below U+10000: its folded scalar in the low 24 bits, the folded scalar's
    /// class above them. Surrogate code points are not scalars and never looked up.
    static let basicPlane: [UInt32] = (0..<0x10000).map { v -> UInt32 in
        guard let u = Unicode.Scalar(UInt32(v)) else { return UInt32(v) | UInt32(Class.separator.rawValue) << 24 }
        let folded = fold(u)
        return folded.value | UInt32(classify(folded).rawValue) << 24
    }

    static func fold(_ u: Unicode.Scalar) -> Unicode.Scalar {
        var v = u.value
        if (0xFF01...0xFF5E).contains(v) { v -= 0xFEE0 } else if v == 0x3000 { v = 0x20 }
        if (0x41...0x5A).contains(v) { return Unicode.Scalar(v + 0x20)! }
        let scalar = Unicode.Scalar(v)!
        if v < 0x80 { return scalar }
        // Chinese characters and punctuation have no case: straight to the table (asking Unicode
        // for the case of every character was a twelfth of a note's CPU).
        if v >= 0x3000 && v < 0xA000 { return Simplified.scalar(scalar) }
        if scalar.properties.isUppercase, let lower = scalar.properties.lowercaseMapping.unicodeScalars.first,
            scalar.properties.lowercaseMapping.unicodeScalars.count == 1
        {
            return lower
        }
        return Simplified.scalar(scalar)
    }

    static func classify(_ u: Unicode.Scalar) -> Class {
        let v = u.value
        if v < 0x80 {
            if (0x30...0x39).contains(v) || (0x61...0x7A).contains(v) || (0x41...0x5A).contains(v) { return .word }
            return v == 0x20 || v == 0x09 || v == 0x0A || v == 0x0D ? .space : .separator
        }
        if (0x4E00...0x9FFF).contains(v) || (0x3400...0x4DBF).contains(v) || (0x20000...0x3134F).contains(v)
            || (0xF900...0xFAFF).contains(v) || v == 0x3007
        {
            return .han
        }
        if WhiteSpace.contains(u) { return .space }
        if u.properties.isAlphabetic || u.properties.numericType != nil { return .word }
        return .separator
    }
}
