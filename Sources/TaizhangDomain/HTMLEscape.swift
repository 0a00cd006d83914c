/// Text made safe to place in HTML, in an element or a quoted attribute: the one escaping the
/// search snippets (made here) and the pages (made in the web module) share.
public enum HTMLEscape {
    public static func escape(_ value: String, into out: inout String) {
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
