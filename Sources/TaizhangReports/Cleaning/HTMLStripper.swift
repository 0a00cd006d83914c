/// Removes markup from an HTML fragment or page, leaving text with a line break where a block ended.
///
/// A single forward pass with no tree and no recursion, so deeply nested or broken markup
/// costs the same as flat markup; every search for a closing `>` or tag reuses the last
/// answer, which keeps the pass linear even on `<<<<…` garbage.
struct HTMLStripper {
    /// The text of the page's `<title>`, when it had one.
    var pageTitle: String?

    /// Whether the text has markup worth stripping.
    static func looksLikeHTML(_ s: Scalars) -> Bool {
        var i = 0
        let n = min(s.count, 1 << 20)
        while i + 1 < n {
            if s[i] == "<" {
                let c = s[i + 1]
                if c.isASCIILetter || c == "/" || c == "!" { return true }
            } else if s[i] == "&" && (s.has(S("&nbsp;"), at: i) || s.has(S("&amp;"), at: i)) {
                return true
            }
            i += 1
        }
        return false
    }

    private static let blockTags: Set<String> = [
        "p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "section",
        "article", "header", "footer", "nav", "blockquote", "hr", "dd", "dt", "dl", "pre", "form", "title",
        "body", "html", "aside", "figure", "figcaption", "center", "tbody", "thead",
    ]
    /// Elements whose content is never text for a reader.
    private static let skippedTags: Set<String> = ["script", "style", "noscript", "iframe", "svg", "template", "select", "button", "object"]

    mutating func strip(_ s: Scalars) -> Scalars {
        var out = Scalars()
        out.reserveCapacity(s.count)
        var i = 0
        var nextGT = -1  // index of the next '>' at or after the last search start, or s.count
        var titleStart: Int? = nil
        let n = s.count
        while i < n {
            let c = s[i]
            if c == "<" {
                if s.has(S("<!--"), at: i) {
                    i = (s.find(S("-->"), from: i + 4).map { $0 + 3 }) ?? n
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
                let name = String(String.UnicodeScalarView(s[nameStart..<j])).lowercased()
                i = nextGT + 1
                if !closing && Self.skippedTags.contains(name) {
                    i = Self.endOfElement(name, in: s, from: i)
                    continue
                }
                if name == "title" {
                    if closing, let t = titleStart {
                        pageTitle = Array(out[t..<out.count]).filter { $0 != "\n" }.trimmed().string
                        out.removeSubrange(t..<out.count)
                    } else if !closing {
                        titleStart = out.count
                    }
                }
                if Self.blockTags.contains(name) { out.append("\n") }
                if name == "td" || name == "th" { out.append(" ") }
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
        let close = S("</" + name)
        let upper = S("</" + name.uppercased())
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
