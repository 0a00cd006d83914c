import Foundation

/// Dates as they arrive in offices' spreadsheets: real date cells (serial numbers in the 1900 or
/// 1904 system), and text typed by people: 2019-08-31, 2019/8/31, 2019.8.31, 2019年8月31日,
/// 20190831, in full-width digits too, and without a year (8月底, 8月31日) when the campaign's
/// year tells which one is meant.
public enum SheetDate {
    public enum Reading: Sendable, Equatable {
        case date(LocalDate)
        /// A day without a year, read in the given year: shown to the importer before anything is written.
        case assumedYear(LocalDate, text: String)
        /// 长期坚持 / 长期 written where a deadline goes.
        case longTerm
        case invalid
    }

    /// A serial day number of Excel's 1900 system (with its fictitious 1900-02-29) or the 1904 system.
    public static func fromSerial(_ serial: Double, date1904: Bool) -> LocalDate? {
        guard serial.isFinite, serial >= 1, serial < 2_958_466 else { return nil }
        let whole = Int(serial.rounded(.down))
        // 1970-01-01 is serial 25569 in the 1900 system (past the fake leap day) and 24107 in 1904.
        let days: Int
        if date1904 {
            days = whole - 24_107
        } else if whole >= 61 {
            days = whole - 25_569
        } else if whole == 60 {
            return nil  // 1900-02-29 never existed
        } else {
            days = whole - 25_568
        }
        let date = LocalDate(dayNumber: days)
        return (1900...2999).contains(date.year) ? date : nil
    }

    /// The serial number (1900 system) a writer stores for a day.
    public static func serial(_ date: LocalDate) -> Double { Double(date.dayNumber + 25_569) }

    /// Reads typed text; `year` is the campaign's, used only when the text has none.
    public static func parse(_ raw: String, year: Int?) -> Reading {
        let text = fold(raw)
        if text.isEmpty { return .invalid }
        if text == "长期坚持" || text == "长期" || text == "持续整改" { return .longTerm }
        if text.count == 8, text.allSatisfy(\.isASCIIDigit), let n = Int(text) {
            return LocalDate(year: n / 10_000, month: n / 100 % 100, day: n % 100).map(Reading.date) ?? .invalid
        }
        var numbers: [Int] = []
        var current: Int?
        var endOfMonth = false
        var rest = ""
        for ch in text {
            if let d = ch.wholeNumberValue, ch.isASCIIDigit {
                current = (current ?? 0) * 10 + d
                if (current ?? 0) > 9_999 { return .invalid }
                continue
            }
            if let c = current { numbers.append(c) }
            current = nil
            switch ch {
            case "-", "/", ".", "年", "月", "日", "号": continue
            case "底", "末": endOfMonth = true
            default: rest.append(ch)
            }
        }
        if let c = current { numbers.append(c) }
        // Time of day after a date (2019-08-31 00:00:00) is allowed and ignored.
        if !rest.isEmpty && !(rest.allSatisfy { $0 == " " || $0 == ":" || $0 == "T" } && numbers.count >= 3) {
            return .invalid
        }
        if numbers.count > 3 { numbers = Array(numbers.prefix(3)) }
        switch (numbers.count, endOfMonth) {
        case (3, false):
            return LocalDate(year: numbers[0], month: numbers[1], day: numbers[2]).map(Reading.date) ?? .invalid
        case (2, true) where numbers[0] >= 1900:
            return monthEnd(numbers[0], numbers[1]).map(Reading.date) ?? .invalid
        case (2, false) where numbers[0] >= 1900:
            // 2019年8月: the month's last day is what an office means by a month deadline.
            return monthEnd(numbers[0], numbers[1]).map(Reading.date) ?? .invalid
        case (2, false) where numbers[0] <= 12:
            guard let year, let d = LocalDate(year: year, month: numbers[0], day: numbers[1]) else { return .invalid }
            return .assumedYear(d, text: raw)
        case (1, true),
            (1, false) where text.hasSuffix("月") || endOfMonth:
            guard let year, let d = monthEnd(year, numbers[0]) else { return .invalid }
            return .assumedYear(d, text: raw)
        default:
            return .invalid
        }
    }

    static func monthEnd(_ year: Int, _ month: Int) -> LocalDate? {
        guard (1...12).contains(month) else { return nil }
        return LocalDate(year: year, month: month, day: LocalDate.daysIn(month: month, year: year))
    }

    /// Full-width digits and punctuation to ASCII; spaces of any width dropped at the ends.
    static func fold(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for s in text.unicodeScalars {
            switch s.value {
            case 0xFF01...0xFF5E: out.append(Unicode.Scalar(s.value - 0xFEE0)!)
            case 0x3000: out.append(" ")
            default: out.append(s)
            }
        }
        return LedgerText.trimmed(String(out))
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
