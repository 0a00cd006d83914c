import Foundation

/// A calendar day as people in China write it, without time or zone (`2019-07-28`).
///
/// Deadlines and found dates are days, not instants; comparing them as strings of
/// fixed width is also how the databases compare them.
public struct LocalDate: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    public init?(year: Int, month: Int, day: Int) {
        guard (1900...2999).contains(year), (1...12).contains(month),
            (1...LocalDate.daysIn(month: month, year: year)).contains(day)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD` strictly.
    ///
    /// On the bytes: every date read from the database comes through here (six a problem), and
    /// splitting the text into substrings was a sixteenth of a 100,000-problem export (profiled).
    public init?(_ text: String) {
        var text = text
        guard
            let (y, m, d) = text.withUTF8({ b -> (Int, Int, Int)? in
                guard b.count == 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-") else { return nil }
                func number(_ range: Range<Int>) -> Int? {
                    var value = 0
                    for i in range {
                        let digit = b[i] &- UInt8(ascii: "0")
                        guard digit < 10 else { return nil }
                        value = value * 10 + Int(digit)
                    }
                    return value
                }
                guard let y = number(0..<4), let m = number(5..<7), let d = number(8..<10) else { return nil }
                return (y, m, d)
            })
        else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// The day an instant falls on in the given zone (Asia/Shanghai by default).
    public init(_ instant: Date, in zone: TimeZone = .shanghai) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let c = calendar.dateComponents([.year, .month, .day], from: instant)
        self.year = c.year!
        self.month = c.month!
        self.day = c.day!
    }

    public var description: String {
        Digits.padded(year, 4) + "-" + Digits.padded(month, 2) + "-" + Digits.padded(day, 2)
    }

    /// How the interface writes it: 2019年7月28日.
    public var chinese: String { "\(year)年\(month)月\(day)日" }

    public static func < (a: LocalDate, b: LocalDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    public func adding(days: Int) -> LocalDate { LocalDate(dayNumber: dayNumber + days) }

    /// Whole days from `other` to this date.
    public func daysSince(_ other: LocalDate) -> Int { dayNumber - other.dayNumber }

    /// Days since 1970-01-01 (Howard Hinnant's days-from-civil): date arithmetic without a Calendar.
    public var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    public init(dayNumber: Int) {
        let z = dayNumber + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let m = mp < 10 ? mp + 3 : mp - 9
        self.year = yoe + era * 400 + (m <= 2 ? 1 : 0)
        self.month = m
        self.day = doy - (153 * mp + 2) / 5 + 1
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = LocalDate(text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "expected a date YYYY-MM-DD, got \(text)"))
        }
        self = value
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}

extension TimeZone {
    /// The campaign offices' zone; "today" and "overdue" are decided here.
    public static let shanghai = TimeZone(identifier: "Asia/Shanghai")!
}
