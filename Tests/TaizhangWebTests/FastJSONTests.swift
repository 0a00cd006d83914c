import Foundation
import TaizhangDomain
import Testing

@testable import TaizhangStorage
@testable import TaizhangWeb

/// The hand-written JSON of the ledger's pages must say exactly what the encoder says.
@Suite struct FastJSONTests {
    /// Text that trips escaping: quotes, backslashes, every control character, a slash, CJK,
    /// emoji, a line separator, and invisible or combining marks.
    static let hostile: [String] = [
        "农村低保对象认定不够精准问题", "", "\"引号\" 和 \\反斜杠\\", "路径/斜杠</script>",
        String((0..<32).map { Character(Unicode.Scalar(UInt8($0))) }) + "\u{7F}", "表情😀👨‍👩‍👧", "行\u{2028}分隔\u{2029}",
        "e\u{301} 組合", "\u{FEFF}零宽\u{200B}", "第1条\r\n第2条\t完",
    ]

    static func problem(_ n: Int) -> Problem {
        let text = hostile[n % hostile.count]
        return Problem(
            id: Int64(n + 1), campaignID: 7, number: "2019-\(n)", title: text,
            description: hostile[(n + 3) % hostile.count],
            sourceChannel: SourceChannel.allCases[n % SourceChannel.allCases.count], sourceRef: text,
            category: "类别\(n)", leadUnitID: 13, unitPath: UnitPath("/1/2/13/"),
            supportingUnitIDs: n % 2 == 0 ? [] : [5, 6], responsibleLeader: text, responsiblePerson: "张三",
            foundOn: LocalDate("2026-10-01")!, deadline: n % 3 == 0 ? nil : LocalDate("2026-11-0\(n % 9 + 1)"),
            rectificationType: RectificationType.allCases[n % RectificationType.allCases.count],
            state: ProblemState.allCases[n % ProblemState.allCases.count], mergedIntoID: n % 4 == 0 ? 3 : nil,
            stateReason: n % 5 == 0 ? text : nil, submittedBy: n % 2 == 0 ? nil : 9,
            closedOn: n % 6 == 0 ? LocalDate("2026-11-20") : nil, version: n + 1,
            createdAt: Date(timeIntervalSince1970: 1_790_000_000 + Double(n)),
            updatedAt: Date(timeIntervalSince1970: 1_790_000_500.25 + Double(n)))
    }

    static func sameJSON<T: JSONWritable>(_ value: T) throws -> (fast: String, encoder: String) {
        var json = JSONWriter()
        try value.write(to: &json)
        let fast = try JSONSerialization.jsonObject(with: Data(json.bytes))
        let slow = try JSONSerialization.jsonObject(with: JSONIO.encoder.encode(value))
        // Compared as parsed values printed with sorted keys, so key order cannot hide a difference.
        func canonical(_ object: Any) throws -> String {
            String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
        }
        return (try canonical(fast), try canonical(slow))
    }

    @Test func aPageOfProblemsReadsTheSameAsTheEncodersOutput() throws {
        let today = LocalDate("2026-11-05")!
        let items = (0..<40).map { n in
            ProblemDTO(
                Self.problem(n), today: today, withSupporting: n % 2 == 0, snippet: n % 3 == 0 ? "<mark>低保</mark>" : nil
            )
        }
        for cursor in [nil, "MjAyNi0xMS0wMXwxMjM"] {
            let both = try Self.sameJSON(ProblemPageDTO(items: items, nextCursor: cursor))
            #expect(both.fast == both.encoder)
        }
        let empty = try Self.sameJSON(ProblemPageDTO(items: [], nextCursor: nil))
        #expect(empty.fast == empty.encoder)
    }

    @Test func aProblemsDetailReadsTheSameAsTheEncodersOutput() throws {
        for n in 0..<12 {
            let detail = ProblemDetail(
                problem: Self.problem(n), measures: [], notes: [], evidence: [], deadlineChanges: [], history: [],
                moreNotesBefore: n % 2 == 0 ? nil : 41, moreHistoryBefore: n % 3 == 0 ? 99 : nil)
            let both = try Self.sameJSON(ProblemDetailDTO(detail, today: LocalDate("2026-11-05")!))
            #expect(both.fast == both.encoder)
        }
    }

    @Test func controlCharactersAreEscapedSoTheBodyStaysValidJSON() throws {
        var json = JSONWriter()
        ProblemDTO(Self.problem(4), today: LocalDate("2026-11-05")!).write(to: &json)
        #expect(!json.bytes.contains { $0 < 0x20 }, "no raw control byte in the body")
        var slashes = JSONWriter()
        ProblemDTO(Self.problem(3), today: LocalDate("2026-11-05")!).write(to: &slashes)
        #expect(String(decoding: slashes.bytes, as: UTF8.self).contains("路径/斜杠"), "slashes are not escaped")
    }
}
