/// Removes markup from an HTML fragment or page, leaving text with a line break where a block ended.
///
/// A single forward pass with no tree and no recursion, so deeply nested or broken markup
/// costs the same as flat markup; every search for a closing `>` or tag reuses the last
/// answer, which keeps the pass linear even on `<<<<…` garbage.
struct HTMLStripper {
    /// The text of the page's `<title>`, when it had one.
    var pageTitle: String?
    /// The text of the page's first `<h1>`, when it had one.
    var heading: String?

    /// Whether the text has markup worth stripping.
    static func looksLikeHTML(_ s: Scalars) -> Bool {
        var i = 0
        let n = min(s.count, 1 << 20)
        while i + 1 < n {
            if s[i] == "<" {
                let c = s[i + 1]
                if c.isASCIILetter || c == "/" || c == "!" { return true }
            } else if s[i] == "&" && entityHints.contains(where: { s.has($0, at: i) }) {
                return true
            }
            i += 1
        }
        return false
    }

    private static let commentOpen = scalarArray("<!--")
    private static let commentClose = scalarArray("-->")
    private static let entityHints = [scalarArray("&nbsp;"), scalarArray("&amp;")]

    /// A tag name packed into an integer (lower-cased ASCII, 8 characters at most): hashing
    /// and comparing these is far cheaper than building a `String` for every tag.
    static func key(_ name: some Collection<Unicode.Scalar>) -> UInt64 {
        var k: UInt64 = 0
        for u in name.prefix(8) { k = k << 8 | UInt64(u.value | (u.isASCIILetter ? 0x20 : 0)) }
        return name.count > 8 ? k | 1 << 63 : k
    }

    private static func keys(_ names: [String]) -> Set<UInt64> { Set(names.map { key($0.unicodeScalars) }) }
    private static let titleKey = key("title".unicodeScalars)
    private static let h1Key = key("h1".unicodeScalars)
    private static let cellKeys = keys(["td", "th"])

    private static let blockTags: Set<UInt64> = keys([
        "p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "section",
        "article", "header", "footer", "nav", "blockquote", "hr", "dd", "dt", "dl", "pre", "form", "title",
        "body", "html", "aside", "figure", "figcaption", "center", "tbody", "thead",
    ])
    /// Elements whose content is never text for a reader.
    private static let skippedNames = [
        "script", "style", "noscript", "iframe", "svg", "template", "select", "button", "object",
    ]
    private static let skippedTags: [UInt64: String] = Dictionary(
        uniqueKeysWithValues: skippedNames.map { (key($0.unicodeScalars), $0) })

    mutating func strip(_ s: Scalars) -> Scalars {
        var out = Scalars()
        out.reserveCapacity(s.count)
        var i = 0
        var nextGT = -1  // index of the next '>' at or after the last search start, or s.count
        var titleStart: Int? = nil
        var headingStart: Int? = nil
        let n = s.count
        while i < n {
            let c = s[i]
            if c == "<" {
                if s.has(Self.commentOpen, at: i) {
                    i = (s.find(Self.commentClose, from: i + 4).map { $0 + 3 }) ?? n
                    continue
                }
                var j = i + 1
                let closing = j < n && s[j] == "/"
                if closing { j += 1 }
                let nameStart = j
                while j < n && (s[j].isASCIILetter || s[j].isASCIIDigit) { j += 1 }
                let isTag = j > nameStart || (j < n && s[j] == "!")
                if !isTag {
                    out.append(c)
                    i += 1
                    continue
                }
                if nextGT < j {
                    nextGT = j
                    while nextGT < n && s[nextGT] != ">" { nextGT += 1 }
                }
                if nextGT >= n {  // an unterminated tag: the rest is not text
                    break
                }
                let name = Self.key(s[nameStart..<j])
                i = nextGT + 1
                if !closing, let skipped = Self.skippedTags[name] {
                    i = Self.endOfElement(skipped, in: s, from: i)
                    continue
                }
                if name == Self.titleKey {
                    if closing, let t = titleStart {
                        pageTitle = Array(out[t..<out.count]).filter { $0 != "\n" }.trimmed().string
                        out.removeSubrange(t..<out.count)
                    } else if !closing {
                        titleStart = out.count
                    }
                }
                if name == Self.h1Key && heading == nil {
                    if !closing {
                        headingStart = out.count
                    } else if let h = headingStart {
                        heading = Array(out[h..<out.count]).filter { $0 != "\n" }.trimmed().string
                    }
                }
                if Self.blockTags.contains(name) { out.append("\n") }
                if Self.cellKeys.contains(name) { out.append(" ") }
                continue
            }
            if c == "&", let (decoded, length) = Entities.decode(s, at: i) {
                out.append(contentsOf: decoded)
                i += length
                continue
            }
            out.append(c)
            i += 1
        }
        return out
    }

    /// Index just past `</name…>`, or the end of the text when the element is never closed.
    private static func endOfElement(_ name: String, in s: Scalars, from: Int) -> Int {
        let close = scalarArray("</" + name)
        let upper = scalarArray("</" + name.uppercased())
        var i = from
        while i < s.count {
            if s[i] == "<" && (s.has(close, at: i) || s.has(upper, at: i)) {
                var j = i + close.count
                while j < s.count && s[j] != ">" { j += 1 }
                return min(j + 1, s.count)
            }
            i += 1
        }
        return s.count
    }
}
