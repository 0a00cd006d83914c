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
        for scalar in value.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(scalar)
            }
        }
    }

    public static func escape(_ value: String) -> String {
        var out = ""
        out.reserveCapacity(value.utf8.count)
        escape(value, into: &out)
        return out
    }
}
