/// How alike two problem statements are, for "looks like 问题 2019-0134" suggestions.
///
/// Chinese has no spaces, so words are approximated by character bigrams; filler that every
/// problem statement shares (问题, 存在, 不够 …) is dropped first so it cannot make two
/// unrelated problems look alike.
public struct TextSimilarity: Sendable {
    public let bigrams: Set<UInt64>

    public init(_ text: String) {
        var scalars: [Unicode.Scalar] = []
        for s in text.unicodeScalars where s.properties.isAlphabetic || s.properties.numericType != nil {
            scalars.append(s)
        }
        var cleaned = String(String.UnicodeScalarView(scalars))
        for filler in Self.filler { cleaned = cleaned.replacingOccurrences(of: filler, with: "|") }
        var grams = Set<UInt64>()
        var previous: UInt32?
        for s in cleaned.unicodeScalars {
            if s == "|" {
                previous = nil
                continue
            }
            if let p = previous { grams.insert(UInt64(p) << 32 | UInt64(s.value)) }
            previous = s.value
        }
        bigrams = grams
    }

    /// Dice coefficient of the two bigram sets, 0…1.
    public func similarity(to other: TextSimilarity) -> Double {
        let total = bigrams.count + other.bigrams.count
        guard total > 0 else { return 0 }
        let shared = bigrams.count < other.bigrams.count
            ? bigrams.filter(other.bigrams.contains).count : other.bigrams.filter(bigrams.contains).count
        return 2 * Double(shared) / Double(total)
    }

    /// From this score on, a found problem is offered as a likely duplicate.
    public static let duplicateThreshold = 0.45

    static let filler = [
        "存在的问题", "等问题", "问题", "存在", "方面", "不够", "不到位", "有待", "进一步", "加强", "有关", "相关", "工作", "情况",
        "的", "了", "和", "及", "等",
    ]
}
