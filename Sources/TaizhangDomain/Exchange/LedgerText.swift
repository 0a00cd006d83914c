import Foundation
import TaizhangSheet

/// How a problem's fields are written in a spreadsheet cell, and read back: the same functions on
/// both sides, so a file exported and imported unchanged changes nothing.
public enum LedgerText {
    /// 问题描述: the title, and the description below it when there is one.
    public static func description(title: String, description: String) -> String {
        description.isEmpty ? title : title + "\n" + description
    }

    /// The title and description a 问题描述 cell holds: the first line is the title; a first line
    /// too long for a title gives its first sentence as the title and stays whole below.
    public static func split(_ text: String) -> (title: String, description: String) {
        let scalars = text.unicodeScalars
        let breakAt = scalars.firstIndex(of: "\n")
        let first = trimmed(String(scalars[..<(breakAt ?? scalars.endIndex)]))
        let rest = breakAt.map { trimmed(String(scalars[scalars.index(after: $0)...])) } ?? ""
        if !Limits.exceeds(first, maxTitle) { return (first, rest) }
        let sentence = first.prefix { !"。；;！？".contains($0) }
        let title = String(sentence.prefix(maxTitle))
        return (title, trimmed(text))
    }

    static let maxTitle = 120

    /// 整改措施: one line per measure, numbered when there are several.
    public static func measures(_ texts: [String]) -> String {
        texts.count == 1
            ? texts[0] : texts.enumerated().map { "\($0.offset + 1). \($0.element)" }.joined(separator: "\n")
    }

    /// The measures a cell lists: one per line, numbering (1. 1、 (1) （一） 一、) removed.
    ///
    /// Split on line-break scalars, not characters: the same places (a grapheme always breaks
    /// after a line break; the empty piece inside a CRLF is dropped with the other empty ones)
    /// without segmenting the whole cell into graphemes first.
    public static func measureLines(_ text: String) -> [String] {
        text.unicodeScalars.split(whereSeparator: isLineBreak).map { stripNumbering(String($0)) }.filter {
            !$0.isEmpty
        }
    }

    /// The scalars `Character.isNewline` is true of.
    static func isLineBreak(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x0A...0x0D, 0x85, 0x2028, 0x2029: return true
        default: return false
        }
    }

    static let numerals = Set("0123456789０１２３４５６７８９一二三四五六七八九十")
    static let closers = Set(".、)）．:：")

    static func stripNumbering(_ line: String) -> String {
        var s = Substring(trimmed(line))
        guard let head = s.first, head == "(" || head == "（" || numerals.contains(head) else { return String(s) }
        if let open = s.first, open == "(" || open == "（" {
            let inner = s.dropFirst().prefix { numerals.contains($0) }
            let after = s.dropFirst(1 + inner.count)
            if !inner.isEmpty, let close = after.first, close == ")" || close == "）" { s = after.dropFirst() }
        } else {
            let digits = s.prefix { numerals.contains($0) }
            let after = s.dropFirst(digits.count)
            if !digits.isEmpty, digits.count <= 3, let close = after.first, closers.contains(close) {
                s = after.dropFirst()
            }
        }
        return trimmed(String(s))
    }

    /// Unit names in one cell: separated by 、，, ；; or line breaks.
    public static func names(_ text: String) -> [String] {
        text.split { "、，,；;\n\r".contains($0) }.map { trimmed(String($0)) }.filter { !$0.isEmpty }
    }

    public static func source(_ text: String) -> SourceChannel? {
        let t = UnitMatcher.key(text)
        if let exact = SourceChannel.allCases.first(where: { $0.chinese == t || $0.rawValue == t }) { return exact }
        let words: [(String, SourceChannel)] = [
            ("巡视", .inspection), ("巡察", .inspection), ("信访", .petition), ("举报", .petition), ("审计", .audit),
            ("督查", .supervision), ("督导", .supervision), ("调研", .research), ("调查", .research),
            ("暗访", .undercover), ("征求", .opinion), ("座谈", .opinion), ("自查", .selfReview), ("检视", .selfReview),
            ("简报", .report), ("来文", .report),
        ]
        return words.first { t.contains($0.0) }?.1
    }

    public static func type(_ text: String) -> RectificationType? {
        let t = UnitMatcher.key(text)
        if let exact = RectificationType.allCases.first(where: { $0.chinese == t || $0.rawValue == t }) { return exact }
        if t.contains("立行") || t.contains("立即") { return .immediate }
        if t.contains("限期") { return .timeBound }
        if t.contains("长期") || t.contains("持续") { return .ongoing }
        return nil
    }

    /// What a cell holds, as text: numbers without a needless ".0", dates as 2019-07-28.
    public static func text(_ value: CellValue, date1904: Bool) -> String {
        switch value {
        case .text(let s): return trimmed(s)
        case .number(let d):
            if d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) }
            return String(d)
        case .date(let serial): return SheetDate.fromSerial(serial, date1904: date1904)?.description ?? String(serial)
        case .bool(let b): return b ? "是" : "否"
        case .error(let e): return e
        }
    }

    /// Spaces of every width (全角 too) and line breaks off both ends; inside, the text is kept.
    ///
    /// On scalars directly: Foundation's `trimmingCharacters` was a quarter of a 100,000-row import
    /// check (profiled), and most cells need no trimming at all.
    public static func trimmed(_ s: String) -> String {
        let scalars = s.unicodeScalars
        guard let first = scalars.first, let last = scalars.last else { return s }
        if !WhiteSpace.contains(first) && !WhiteSpace.contains(last) { return s }
        guard let start = scalars.firstIndex(where: { !WhiteSpace.contains($0) }),
            let end = scalars.lastIndex(where: { !WhiteSpace.contains($0) })
        else { return "" }
        return String(scalars[start...end])
    }
}
