/// An article body prepared for the finders: the original scalars, their simplified shadow
/// (same length, so an index means the same place in both), and which places are quoted.
struct FindingText {
    let original: Scalars
    /// The simplified shadow; every rule matches against this.
    let s: Scalars
    /// Bit 1: inside “…” or 「…」; bit 2: inside a title 《…》.
    let marks: [UInt8]

    init(_ body: String) {
        original = scalarArray(body)
        s = Simplifier.simplify(original)
        marks = Self.quoteMarks(s)
    }

    var count: Int { s.count }

    func text(_ r: Range<Int>) -> String { original.string(r) }

    func isQuoted(_ i: Int) -> Bool { marks[i] & 1 != 0 }
    func isInTitle(_ i: Int) -> Bool { marks[i] & 2 != 0 }
    func isQuotedOrTitle(_ i: Int) -> Bool { marks[i] != 0 }

    /// Depth counting per paragraph, so one unbalanced quote cannot swallow the rest of the text.
    private static func quoteMarks(_ s: Scalars) -> [UInt8] {
        var marks = [UInt8](repeating: 0, count: s.count)
        var quote = 0
        var title = 0
        var asciiOpen = false
        for i in 0..<s.count {
            let u = s[i]
            switch u {
            case "\n":
                quote = 0
                title = 0
                asciiOpen = false
            case "“", "「", "『", "‘":
                quote += 1
            case "《", "〈":
                title += 1
            case "\"":
                asciiOpen.toggle()
            default:
                break
            }
            var m: UInt8 = 0
            if quote > 0 || asciiOpen { m |= 1 }
            if title > 0 { m |= 2 }
            marks[i] = m
            switch u {
            case "”", "」", "』", "’":
                quote = max(0, quote - 1)
            case "》", "〉":
                title = max(0, title - 1)
            default:
                break
            }
        }
        return marks
    }
}
