import Foundation
import TaizhangDomain
import TestSupport
import Testing

/// What comes in as text or as a file is kept exactly or refused with the field named: never cut, never disguised.
@Suite struct FilesAndTextTests {
    /// "code@field" of the refusal, or nil when `body` succeeded.
    func code(_ body: () throws -> Void) -> String? {
        do { try body() } catch let error as DomainError { return error.code + "@" + (error.field ?? "") } catch {
            return "\(error)"
        }
        return nil
    }

    /// Dates are read strictly as YYYY-MM-DD: anything else is not a date, never a guess.
    @Test func datesAreReadStrictly() {
        #expect(LocalDate("2019-07-28") == LocalDate(year: 2019, month: 7, day: 28))
        #expect(LocalDate("2020-02-29") != nil)
        for bad in [
            "2019-02-29", "2019-7-28", "2019-+7-28", "2019/07/28", "２０１９-07-28", "2019-07-28 ", "", "0000-00-00",
        ] {
            #expect(LocalDate(bad) == nil, "\(bad)")
        }
    }

    /// Escaping cuts between the special characters; a combining mark right after a quote must not
    /// bring the quote back (a string's own subscript would round the cut to a whole character).
    @Test func htmlEscapingLeavesNoSpecialCharacterWhateverFollowsIt() {
        #expect(HTMLEscape.escape("a\"\u{301}b<c") == "a&quot;\u{301}b&lt;c")
        #expect(HTMLEscape.escape("/ledger?unit=1&state=open") == "/ledger?unit=1&amp;state=open")
        #expect(HTMLEscape.escape("整改'&'\u{20DD}>") == "整改&#39;&amp;&#39;\u{20DD}&gt;")
        #expect(HTMLEscape.escape("无需转义的文字") == "无需转义的文字")
        // Random mixes of special characters, Chinese, combining marks and emoji: nothing special
        // survives, and the rest is the text as it was.
        var rng = SystemRandomNumberGenerator()
        let pieces = ["&", "<", ">", "\"", "'", "整改", "\u{301}", "\u{20DD}", "👍🏽", "a", " "]
        for _ in 0..<500 {
            let text = (0..<12).map { _ in pieces[Int(rng.next() % UInt64(pieces.count))] }.joined()
            let escaped = HTMLEscape.escape(text)
            #expect(!escaped.unicodeScalars.contains { "<>\"'".unicodeScalars.contains($0) }, "\(text)")
            // The oracle: each scalar replaced by itself or its entity, scalar by scalar.
            var expected = String.UnicodeScalarView()
            for scalar in text.unicodeScalars {
                let entity = ["&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;"][scalar]
                expected.append(contentsOf: entity.map { $0.unicodeScalars } ?? String(scalar).unicodeScalars)
            }
            #expect(escaped.unicodeScalars.elementsEqual(expected), "\(text)")
        }
    }

    @Test func controlCharactersAreRefusedWithTheField() {
        #expect(code { try Limits.text("a\u{0}b 空字符", field: "text", max: 100) } == "control_character@text")
        #expect(
            code { try Limits.text("\u{0}", field: "title", max: 100, required: true) } == "control_character@title")
        #expect(code { try Limits.text("响铃\u{7}", field: "owner", max: 100) } == "control_character@owner")
        #expect(code { try Limits.text("一行\r\n二行\t制表", field: "text", max: 100) } == nil)
        let draft = ProblemDraft(
            campaignID: 1, title: "\u{0}", sourceChannel: .inspection, leadUnitID: 1, foundOn: LocalDate("2026-01-01")!,
            deadline: nil, rectificationType: .immediate)
        #expect(code { try draft.validate() } == "control_character@title")
        #expect(code { try ProgressNote.validate(text: "好", figures: ["已建\u{1}成": 3]) } == "control_character@figures")
    }

    @Test func fileNamesCannotWalkHideOrDisguise() throws {
        for bad in [
            "..", ".", "../../etc/passwd", "a/b.pdf", "a\\b.pdf", "报告\u{202E}fdp.exe", "报告\u{200B}.pdf", "a\u{0}.pdf",
            "x.pdf.", "   ",
        ] {
            #expect(
                code { _ = try FileName.checked(bad) } != nil, "\(bad.unicodeScalars.map { $0.value }) was accepted")
        }
        #expect(try FileName.checked(" 整改 报告（终稿）.pdf ") == "整改 报告（终稿）.pdf")
        #expect(FileName.extension(of: "台账.XLSX") == "xlsx")
        #expect(FileName.extension(of: ".bashrc") == "")
    }

    @Test func officeFilesMustBeRealPackages() throws {
        let docx = ZipFixture.docx()
        #expect(
            try EvidencePolicy.check(fileName: "整改报告.docx", declaredType: nil, bytes: docx).type.contains(
                "wordprocessingml"))
        let executable = ZipFixture.stored([("整改报告.exe", [0x4D, 0x5A, 0x90, 0x00])])
        #expect(
            code { _ = try EvidencePolicy.check(fileName: "整改报告.docx", declaredType: nil, bytes: executable) }
                == "not_office_document@file")
        #expect(
            code { _ = try EvidencePolicy.check(fileName: "台账.xlsx", declaredType: nil, bytes: docx) }
                == "not_office_document@file")
        #expect(
            code {
                _ = try EvidencePolicy.check(
                    fileName: "整改报告.docx", declaredType: nil, bytes: [0x50, 0x4B, 0x03, 0x04, 0, 0])
            } == "not_office_document@file")
        let many = ZipFixture.stored([("[Content_Types].xml", [])] + (0..<5_001).map { ("word/p\($0).xml", [UInt8]()) })
        #expect(
            code { _ = try EvidencePolicy.check(fileName: "多.docx", declaredType: nil, bytes: many) }
                == "not_office_document@file")
        #expect(
            code { _ = try EvidencePolicy.check(fileName: "报告\u{202E}xcod.exe", declaredType: nil, bytes: docx) }
                == "bad_file_name@name")
    }
}
