/// Unicode's White_Space characters (PropList.txt), by a switch on the scalar's value.
///
/// `Unicode.Scalar.Properties.isWhitespace` looks the property up in the standard library's
/// tables for every scalar: in a profile of a 100,000-row import check that lookup alone was
/// 9 % of the time, spent on cells that are nearly all Chinese text. The list has 25 code points
/// and has not changed since Unicode 6.3; a test compares it with the property for every scalar.
public enum WhiteSpace {
    @inlinable
    public static func contains(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
            return true
        default:
            return false
        }
    }

    /// Whether the text is empty or only spaces and line breaks.
    public static func isBlank(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy(contains)
    }
}
