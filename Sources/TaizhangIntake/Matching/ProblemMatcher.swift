/// Suggests which existing problems a newly found one may restate ("looks like 问题 2019-0134"),
/// so the same problem is not entered twice. Pure: texts in, ranked candidates out.
///
/// Two problems are compared by the character pairs they share (Dice coefficient over
/// bigrams of the simplified text, with function words and rectification boilerplate
/// removed): Chinese restatements keep most two-character words (干部队伍, 结构) even when
/// the wording around them changes, and no word segmentation is needed.
public struct ProblemMatcher: Sendable {
    /// A problem already in the ledger.
    public struct Candidate: Sendable, Equatable {
        public var id: String
        public var text: String

        public init(id: String, text: String) {
            self.id = id
            self.text = text
        }
    }

    /// A likely duplicate with its similarity, 0…1.
    public struct Match: Sendable, Equatable {
        public var id: String
        public var score: Double
    }

    private let candidates: [(id: String, grams: Set<UInt64>)]
    /// Matches below this similarity are not suggested.
    public let threshold: Double

    public init(existing: [Candidate], threshold: Double = 0.4) {
        self.candidates = existing.map { ($0.id, Self.bigrams($0.text)) }
        self.threshold = threshold
    }

    /// The existing problems `text` likely restates, most similar first.
    public func duplicates(of text: String, limit: Int = 5) -> [Match] {
        let grams = Self.bigrams(text)
        guard !grams.isEmpty else { return [] }
        var matches: [Match] = []
        for c in candidates where !c.grams.isEmpty {
            let shared = grams.intersection(c.grams).count
            let score = 2 * Double(shared) / Double(grams.count + c.grams.count)
            if score >= threshold { matches.append(Match(id: c.id, score: score)) }
        }
        return Array(matches.sorted { $0.score > $1.score || ($0.score == $1.score && $0.id < $1.id) }.prefix(limit))
    }

    /// Similarity of two problem texts, 0…1.
    public static func similarity(_ a: String, _ b: String) -> Double {
        let x = bigrams(a)
        let y = bigrams(b)
        guard !x.isEmpty, !y.isEmpty else { return 0 }
        return 2 * Double(x.intersection(y).count) / Double(x.count + y.count)
    }

    /// Words that say nothing about which problem it is.
    private static let boilerplate: [Scalars] = ["存在的", "问题", "方面", "不够", "不到位", "有待", "进一步", "突出", "关于"].map(
        scalarArray)
    private static let ignored = Set("的了和与及等在对是把被之也都还又、，,。；;：:“”‘’\"'《》（）() \n\t".unicodeScalars)

    static func bigrams(_ text: String) -> Set<UInt64> {
        var s = Simplifier.simplify(scalarArray(text))
        for word in boilerplate {
            var out = Scalars()
            var i = 0
            while i < s.count {
                if s.has(word, at: i) {
                    out.append(" ")
                    i += word.count
                } else {
                    out.append(s[i])
                    i += 1
                }
            }
            s = out
        }
        var grams = Set<UInt64>()
        var previous: Unicode.Scalar? = nil
        for u in s {
            if ignored.contains(u) || u.isSpaceLike {
                previous = nil
                continue
            }
            if let p = previous { grams.insert(UInt64(p.value) << 32 | UInt64(u.value)) }
            previous = u
        }
        return grams
    }
}
