import Foundation
import TaizhangStorage
import Testing

/// Instants are stored as `yyyy-MM-ddTHH:mm:ss.SSSZ` in UTC, the same text on both engines.
@Suite struct TimestampTests {
    @Test func formattedAsISO8601WithMillisecondsInUTC() {
        let reference = ISO8601DateFormatter()
        reference.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        reference.timeZone = TimeZone(identifier: "UTC")
        var seed: UInt64 = 0x7157
        var checked = 0
        for _ in 0..<20_000 {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            // Whole milliseconds from 1900 to 2200.
            let ms = Int64(seed >> 20) % 9_467_280_000_000 - 2_208_988_800_000
            let date = Date(timeIntervalSince1970: Double(ms) / 1000)
            let text = Timestamp.format(date)
            #expect(text == reference.string(from: date), "\(ms)")
            #expect(Timestamp.parse(text).map { Int64(($0.timeIntervalSince1970 * 1000).rounded()) } == ms)
            checked += 1
        }
        #expect(checked == 20_000)
        #expect(Timestamp.format(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00.000Z")
        #expect(Timestamp.format(Date(timeIntervalSince1970: 1_764_547_199.999)) == "2025-11-30T23:59:59.999Z")
        #expect(Timestamp.format(Date(timeIntervalSince1970: -0.001)) == "1969-12-31T23:59:59.999Z")
        #expect(Timestamp.format(Date(timeIntervalSince1970: 0.0004)) == "1970-01-01T00:00:00.000Z")
        #expect(Timestamp.format(Date(timeIntervalSince1970: 253_402_300_799)) == "9999-12-31T23:59:59.000Z")
    }
}
