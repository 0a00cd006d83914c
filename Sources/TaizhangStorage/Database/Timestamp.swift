import Foundation
import TaizhangDomain

/// Instants are stored as UTC ISO 8601 text with milliseconds: readable, sortable, the same in both databases.
public enum Timestamp {
    public static func format(_ date: Date) -> String {
        // Whole microseconds first: 65,145,050.474 s times 1,000 is 65,145,050,473.99… in binary,
        // and cut down to milliseconds it was written …50.473: an instant read back and written
        // again lost a millisecond (the test against Foundation's formatter caught it).
        let micros = Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
        let ms = micros >= 0 ? micros / 1000 : (micros - 999) / 1000
        let seconds = ms >= 0 ? ms / 1000 : (ms - 999) / 1000
        let millis = ms - seconds * 1000
        let days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400
        let secOfDay = seconds - days * 86400
        let (y, m, d) = civil(fromDays: days)
        if (0...9999).contains(y) {
            // Written digit by digit into the string's own storage: joined from fourteen pieces, the
            // timestamps of a list page were a twentieth of its CPU (profiled, scenario (a)).
            return String(unsafeUninitializedCapacity: 24) { out in
                var at = 0
                // A field of `width` digits, then the character that follows it.
                func put(_ value: Int, _ width: Int, _ then: Unicode.Scalar) {
                    var rest = value
                    for i in stride(from: at + width - 1, through: at, by: -1) {
                        out[i] = UInt8(48 + rest % 10)
                        rest /= 10
                    }
                    out[at + width] = UInt8(then.value)
                    at += width + 1
                }
                put(y, 4, "-")
                put(m, 2, "-")
                put(d, 2, "T")
                put(Int(secOfDay / 3600), 2, ":")
                put(Int(secOfDay / 60 % 60), 2, ":")
                put(Int(secOfDay % 60), 2, ".")
                put(Int(millis), 3, "Z")
                return at
            }
        }
        return Digits.padded(y, 4) + "-" + Digits.padded(m, 2) + "-" + Digits.padded(d, 2) + "T"
            + Digits.padded(Int(secOfDay / 3600), 2) + ":" + Digits.padded(Int(secOfDay / 60 % 60), 2) + ":"
            + Digits.padded(Int(secOfDay % 60), 2) + "." + Digits.padded(Int(millis), 3) + "Z"
    }

    public static func parse(_ text: String) -> Date? {
        let u = Array(text.utf8)
        guard u.count >= 20 else { return nil }
        func num(_ from: Int, _ len: Int) -> Int? {
            var v = 0
            for i in from..<(from + len) {
                guard i < u.count, u[i] >= 48, u[i] <= 57 else { return nil }
                v = v * 10 + Int(u[i] - 48)
            }
            return v
        }
        guard let y = num(0, 4), let mo = num(5, 2), let d = num(8, 2), let h = num(11, 2), let mi = num(14, 2),
            let s = num(17, 2)
        else { return nil }
        let ms = u.count >= 23 && u[19] == UInt8(ascii: ".") ? (num(20, 3) ?? 0) : 0
        let days = daysFromCivil(y, mo, d)
        let total = Double(days * 86400 + Int64(h * 3600 + mi * 60 + s)) + Double(ms) / 1000
        return Date(timeIntervalSince1970: total)
    }

    // Howard Hinnant's civil-from-days, so formatting needs no Calendar on the hot path.
    private static func civil(fromDays z0: Int64) -> (Int, Int, Int) {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (Int(m <= 2 ? y + 1 : y), Int(m), Int(d))
    }

    private static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int64 {
        let y = Int64(m <= 2 ? y0 - 1 : y0)
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = Int64(m > 2 ? m - 3 : m + 9)
        let doy = (153 * mp + 2) / 5 + Int64(d) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }
}

/// The stored form of an optional deadline: a far-future day stands for "none", so ordering
/// and keyset paging by deadline work on a plain index in both databases.
enum StoredDeadline {
    static let none = "9999-12-31"

    static func encode(_ date: LocalDate?) -> String { date?.description ?? none }

    static func decode(_ text: String) -> LocalDate? { text == none ? nil : LocalDate(text) }
}
