import Foundation
import TaizhangZip
import Testing

@testable import TaizhangIntake

@Suite struct DecodingTests {
    let reader = IncomingReportReader()

    @Test func emptyFileIsAnError() {
        #expect(throws: IncomingReportReadError.empty) { try reader.read(data: Data()) }
    }

    @Test func binaryFilesAreRefused() {
        #expect(throws: IncomingReportReadError.binary(kind: "PDF")) {
            try reader.read(data: Data("%PDF-1.4 xxxx".utf8))
        }
        #expect(throws: IncomingReportReadError.self) {
            try reader.read(data: Data([0x00, 0x01, 0x02, 0x03, 0xFF, 0x00, 0x10]))
        }
        var noise = [UInt8](repeating: 0, count: 4096)
        for i in noise.indices { noise[i] = UInt8(truncatingIfNeeded: i &* 7919 &+ 13) | 0x01 }
        #expect(throws: IncomingReportReadError.self) { try reader.read(data: Data(noise)) }
    }

    @Test func gbkIsDecoded() throws {
        // "民政部门整改。" in GBK
        let gbk: [UInt8] = [0xC3, 0xF1, 0xD5, 0xFE, 0xB2, 0xBF, 0xC3, 0xC5, 0xD5, 0xFB, 0xB8, 0xC4, 0xA1, 0xA3]
        let report = try reader.read(data: Data(gbk))
        #expect(report.articles[0].body == "民政部门整改。")
    }

    @Test func utf16WithByteOrderMarkIsDecoded() throws {
        var data = Data([0xFF, 0xFE])
        data.append("标题\n正文。".data(using: .utf16LittleEndian)!)
        let report = try reader.read(data: data)
        #expect(report.articles[0].body == "正文。")
    }

    @Test func garbageAfterAByteOrderMarkIsUndecodable() {
        var bytes: [UInt8] = [0xFF, 0xFE]
        for i in 0..<2000 { bytes.append(UInt8(truncatingIfNeeded: i &* 37 &+ 0x81)) }
        #expect(throws: IncomingReportReadError.self) { try reader.read(data: Data(bytes)) }
    }

    @Test func utf8WithAFewBadBytesIsReadWithReplacements() throws {
        var bytes = Array("标题\n正文内容比较长，足以容纳一个坏字节。".utf8)
        bytes.insert(0xFF, at: 10)
        let report = try reader.read(data: Data(bytes))
        #expect(report.articles[0].body.contains("足以容纳"))
    }

    @Test func invalidBytesThroughoutAreUndecodable() {
        let bytes = [UInt8](repeating: 0xFF, count: 64) + [0x41, 0x42] + [UInt8](repeating: 0xC0, count: 64)
        #expect(throws: IncomingReportReadError.undecodable) { try reader.read(data: Data(bytes)) }
    }

    @Test func largeTextIsReadInOnePass() {
        let paragraph = "针对农村低保领域存在的问题，深入开展专项治理，锁定88项任务，计划8月底前完成。\n"
        let text = String(repeating: paragraph, count: 40_000)  // about 4.4 MB
        let report = reader.read(text: text)
        #expect(report.articles.count == 1)
        #expect(report.articles[0].quantities.count == 1)
    }

    @Test func docxTextIsExtracted() throws {
        let data = try #require(Data(base64Encoded: DocxFixture.base64))
        let report = try reader.read(data: data, fileName: "report.docx")
        #expect(report.articles[0].title == "整改情况通报")
        #expect(report.articles[0].body == "针对养老服务方面存在的问题，新建500个日间照料中心。")
        #expect(report.articles[0].quantities.map(\.text) == ["500个"])
    }

    @Test func zipWithoutDocumentIsABadDocx() {
        let data = try! #require(Data(base64Encoded: DocxFixture.notADocx))
        #expect(throws: IncomingReportReadError.self) { try reader.read(data: data) }
    }

    @Test func inflateRejectsGarbage() {
        #expect(throws: (any Error).self) { try Inflate.inflate([0xFF, 0xFF, 0xFF, 0xFF]) }
    }
}
