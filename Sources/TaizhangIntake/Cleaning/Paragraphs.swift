/// Joins lines that were broken in the middle of a sentence, across blank lines too.
enum Paragraphs {
    /// Lines (blank ones as empty arrays) become paragraphs.
    static func join(_ lines: [Scalars], wrapThreshold: Int? = nil) -> [Scalars] {
        var paragraphs: [Scalars] = []
        var previousLine: Scalars = []
        for line in lines where !line.isEmpty {
            // Decide from the previous line alone: looking at the whole paragraph would cost its
            // length on every line, and holding it would copy it on every append.
            let wrapped =
                wrapThreshold.map { displayWidth(previousLine) >= $0 && SectionMarker.length(line) == nil } ?? false
            let joins = !paragraphs.isEmpty && (wrapped || continues(previousLine, with: line))
            if joins {
                // English words broken at a line end get their space back; a figure (4|39个) does not
                if let a = previousLine.last, let b = line.first, a.isASCIILetter, b.isASCIILetter {
                    paragraphs[paragraphs.count - 1].append(" ")
                }
                paragraphs[paragraphs.count - 1].append(contentsOf: line)
            } else {
                paragraphs.append(line)
            }
            previousLine = line
        }
        return paragraphs
    }

    /// Whether `next` carries on the sentence that `previous` left unfinished.
    ///
    /// A line that ends without closing punctuation continues, unless it is short enough to be
    /// a heading or the next line opens a numbered section.
    static func continues(_ previous: Scalars, with next: Scalars) -> Bool {
        guard let end = previous.last else { return false }
        if SectionMarker.length(next) != nil { return false }
        if endsSentence(previous) { return false }
        let commaEnd = end == "，" || end == "," || end == "、"
        if !commaEnd && SectionMarker.length(previous) != nil { return false }  // a numbered heading
        if end == "，" || end == "," || end == "、" || end == "（" || end == "(" || end == "“" { return true }
        let hasComma = previous.contains("，") || previous.contains(",")
        if previous.count < 24 && !hasComma { return false }  // a heading or a list item
        return end.isHan || end.isASCIILetter || end.isASCIIDigit || end == "”" || end == "》" || end == "）"
            || end == ")"
    }

    /// Columns a line takes on screen: two for Chinese and full-width forms, one for ASCII.
    static func displayWidth(_ line: Scalars) -> Int {
        line.reduce(0) { $0 + ($1.value < 0x1100 ? 1 : 2) }
    }

    /// When most long lines of a text are nearly the same width, the text was wrapped at that
    /// width; returns the width from which a line is taken to go on.
    static func wrapThreshold(_ lines: [Scalars]) -> Int? {
        let widths = lines.compactMap { $0.count >= 12 ? displayWidth($0) : nil }.sorted()
        guard widths.count >= 6 else { return nil }
        var best = 0
        var bestTop = 0
        var lo = 0
        for hi in widths.indices {
            while widths[hi] - widths[lo] > 6 { lo += 1 }
            if hi - lo + 1 >= best {
                best = hi - lo + 1
                bestTop = widths[hi]
            }
        }
        // the band must hold most lines and be the longest lines (a wrap width is a maximum)
        guard best * 2 >= widths.count, let longest = widths.last, longest <= bestTop + 8 else { return nil }
        return bestTop - 8
    }

    static func endsSentence(_ s: Scalars) -> Bool {
        var i = s.count - 1
        // closing quotes and brackets after a full stop still end the sentence
        while i >= 0 && (s[i] == "”" || s[i] == "’" || s[i] == "）" || s[i] == ")" || s[i] == "」" || s[i] == "』") {
            i -= 1
        }
        guard i >= 0 else { return false }
        let u = s[i]
        if u.isSentenceEnd || u == "：" || u == ":" { return true }
        return u == "—" && i > 0 && s[i - 1] == "—"
    }
}

/// Numbered section markers at the start of a line: 一、 （一） 1. 1、 (1) ① 第一条.
enum SectionMarker {
    static let chineseNumerals = Set("一二三四五六七八九十百零〇两".unicodeScalars)

    /// The length of the marker opening `s`, if it has one.
    static func length(_ s: Scalars) -> Int? {
        guard let first = s.first else { return nil }
        if first.value >= 0x2460 && first.value <= 0x2473 { return 1 }  // ① … ⑳
        var i = 0
        if first == "（" || first == "(" {
            i = 1
            let start = i
            while i < s.count && (chineseNumerals.contains(s[i]) || s[i].isDigitLike) && i - start < 3 { i += 1 }
            guard i > start, i < s.count, s[i] == "）" || s[i] == ")" else { return nil }
            return i + 1
        }
        if first == "第" {
            i = 1
            while i < s.count && chineseNumerals.contains(s[i]) && i < 5 { i += 1 }
            guard i > 1, i < s.count, "条章部分节".unicodeScalars.contains(s[i]) else { return nil }
            return s[i] == "部" ? (s.count > i + 1 && s[i + 1] == "分" ? i + 2 : nil) : i + 1
        }
        if chineseNumerals.contains(first) {
            while i < s.count && chineseNumerals.contains(s[i]) && i < 3 { i += 1 }
            guard i < s.count, s[i] == "、" else { return nil }
            return i + 1
        }
        if first.isDigitLike {
            while i < s.count && s[i].isDigitLike && i < 2 { i += 1 }
            guard i < s.count, s[i] == "." || s[i] == "、" || s[i] == "．" else { return nil }
            // 1.5亿 is a number, not a marker
            if s[i] != "、", i + 1 < s.count, s[i + 1].isDigitLike { return nil }
            return i + 1
        }
        return nil
    }
}
