/// Text made safe to place in HTML, in an element or a quoted attribute: the one escaping the
/// search snippets (made here) and the pages (made in the web module) share.
public enum HTMLEscape {
    public static func escape(_ value: String, into out: inout String) {
        // Most values need nothing escaped: append them whole (found on the UTF-8 bytes, cheaply).
        let special = value.utf8.contains {
            $0 == UInt8(ascii: "&") || $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">") || $0 == UInt8(ascii: "\"")
                || $0 == UInt8(ascii: "'")
        }
        guard special else {
            out += value
            return
        }
        // Runs between the special characters are appended whole: a link's `&` between its query
        // items made this append scalar by scalar, a tenth of a dashboard's time (profiled). The
        // special characters are ASCII, so every cut falls between scalars (a substring keeps
        // such bounds as they are: a combining mark after a quote does not bring the quote back,
        // which `htmlEscapingLeavesNoSpecialCharacterWhateverFollowsIt` checks).
        let utf8 = value.utf8
        var start = utf8.startIndex
        var i = start
        while i != utf8.endIndex {
            let entity: String?
            switch utf8[i] {
            case UInt8(ascii: "&"): entity = "&amp;"
            case UInt8(ascii: "<"): entity = "&lt;"
            case UInt8(ascii: ">"): entity = "&gt;"
            case UInt8(ascii: "\""): entity = "&quot;"
            case UInt8(ascii: "'"): entity = "&#39;"
            default: entity = nil
            }
            if let entity {
                out += value[start..<i]
                out += entity
                start = utf8.index(after: i)
            }
            i = utf8.index(after: i)
        }
        out += value[start..<utf8.endIndex]
    }

    public static func escape(_ value: String) -> String {
        var out = ""
        out.reserveCapacity(value.utf8.count)
        escape(value, into: &out)
        return out
    }
}
