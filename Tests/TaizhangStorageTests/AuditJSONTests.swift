import Foundation
import Testing

@testable import TaizhangStorage

/// The audit trail's JSON is written by hand (for speed); it must read back as the very fields.
@Suite struct AuditJSONTests {
    @Test func fieldsReadBackExactlyWhateverTheyHold() throws {
        let fields: [String: String?] = [
            "title": "低保 \"审核\" \\ 不严 / 第3条", "note": "一行\n二行\r\t制表\u{01}控制", "closedOn": nil,
            "emoji": "👍🏽", "empty": "", "z": "last", "A": "upper first",
        ]
        let text = AuditLog.json(fields)
        let back = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
        #expect(back?.count == fields.count)
        for (key, value) in fields {
            if let value {
                #expect(back?[key] as? String == value, "\(key)")
            } else {
                #expect(back?[key] is NSNull, "\(key)")
            }
        }
        // Keys in order, so equal fields give equal text.
        #expect(text.hasPrefix("{\"A\":"))
        #expect(AuditLog.json([:]) == "{}")
    }
}
