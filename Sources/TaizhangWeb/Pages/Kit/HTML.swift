import TaizhangDomain

/// A piece of HTML. Built only by string interpolation, where every interpolated `String` (or
/// number, or optional) is escaped and only other `HTML` values go in as they are: a value typed
/// by a person can never become markup, whichever view forgets to think about it.
struct HTML: Sendable, ExpressibleByStringInterpolation, CustomStringConvertible {
    fileprivate(set) var text: String

    /// Markup made elsewhere and already safe (a search snippet escaped by the domain, an SVG chart
    /// built from numbers). Named so that a reviewer sees every place it is used.
    init(trusted text: String) { self.text = text }

    init(stringLiteral value: String) { self.text = value }

    init(stringInterpolation: StringInterpolation) { self.text = stringInterpolation.text }

    static let empty = HTML(trusted: "")

    var description: String { text }

    /// Joins pieces of HTML.
    static func join(_ parts: [HTML], separator: HTML = .empty) -> HTML {
        HTML(trusted: parts.map(\.text).joined(separator: separator.text))
    }

    struct StringInterpolation: StringInterpolationProtocol {
        var text = ""

        init(literalCapacity: Int, interpolationCount: Int) {
            text.reserveCapacity(literalCapacity + interpolationCount * 16)
        }

        mutating func appendLiteral(_ literal: String) { text += literal }
        mutating func appendInterpolation(_ value: String) { HTML.escape(value, into: &text) }
        mutating func appendInterpolation(_ value: String?) { if let value { HTML.escape(value, into: &text) } }
        mutating func appendInterpolation(_ value: Int) { text += String(value) }
        mutating func appendInterpolation(_ value: Int64) { text += String(value) }
        mutating func appendInterpolation(_ html: HTML) { text += html.text }
        mutating func appendInterpolation(_ parts: [HTML]) { for part in parts { text += part.text } }
        /// A link or form action: the route's URL, escaped for an attribute.
        mutating func appendInterpolation(_ route: PageRoute) { HTML.escape(route.href, into: &text) }
    }

    static func escape(_ value: String, into out: inout String) { HTMLEscape.escape(value, into: &out) }
}
