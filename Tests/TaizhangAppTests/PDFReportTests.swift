import Foundation
import TaizhangApp
import TaizhangDomain
import TaizhangPDF
import Testing

/// Reports that arrive as PDF (through poppler) and as old Office files.
@Suite struct PDFReportTests {
    @Test(.enabled(if: PDFText.isAvailable, "poppler (libpoppler-glib8) is not installed"))
    func aPDFsTextLayerIsReadInOrderAcrossPages() throws {
        let pdf = TestPDF.make(pages: [
            ["关于巡察反馈问题整改情况的通报", "一、存在问题", "1.村级财务公开不及时：部分村未按季度公开。"],
            ["二、整改措施", "1.建立按季公开制度，镇纪委定期抽查。"],
        ])
        let report = try ReportIntake.readNow(pdf, fileName: "通报.pdf")
        let article = try #require(report.articles.first)
        #expect(article.title == "关于巡察反馈问题整改情况的通报")
        #expect(article.body.contains("部分村未按季度公开"))
        let order = try #require(article.body.range(of: "存在问题")).lowerBound
        #expect(order < (try #require(article.body.range(of: "整改措施")).lowerBound))
        #expect(
            article.problems.contains {
                $0.problem.contains("村级财务公开不及时") && $0.measures.contains { $0.hasPrefix("建立按季公开制度") }
            })
    }

    @Test(.enabled(if: PDFText.isAvailable, "poppler (libpoppler-glib8) is not installed"))
    func aScanWithoutTextAndADamagedFileAreRefusedClearly() throws {
        let scan = TestPDF.make(pages: [[], []])
        #expect(throws: DomainError.self) { try ReportIntake.readNow(scan, fileName: "扫描件.pdf") }
        do {
            _ = try ReportIntake.readNow(scan, fileName: "扫描件.pdf")
        } catch let error as DomainError {
            #expect(error.code == "scanned_pdf")
            #expect(error.zh.contains("扫描件") && error.zh.contains("2 页"))
        }
        do {
            _ = try ReportIntake.readNow(Array("%PDF-1.4 broken".utf8), fileName: "坏.pdf")
        } catch let error as DomainError {
            #expect(error.code == "unreadable_report")
        }
    }

    @Test func anOldWordOrWPSFileSaysWhatToSaveItAs() throws {
        var doc: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]
        doc += [UInt8](repeating: 0, count: 504)
        do {
            _ = try ReportIntake.readNow(doc, fileName: "整改报告.wps")
            Issue.record("an old Office file was read")
        } catch let error as DomainError {
            #expect(error.code == "old_office_format")
            #expect(error.zh.contains(".docx") && error.en.contains(".docx"))
        }
    }
}
