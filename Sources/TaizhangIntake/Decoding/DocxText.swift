import Foundation
import TaizhangZip

/// Reads the text of a .docx package: finds word/document.xml in the zip, inflates it and
/// keeps the runs' text with a line break per paragraph.
enum DocxText {
    /// A report's package: a few thousand parts at most, and no more text than a reader should hold.
    static let limits = ZipArchive.Limits(maxEntries: 5_000, maxExpandedBytes: 128 << 20)

    static func extract(from data: Data) throws(IncomingReportReadError) -> String {
        do {
            let archive = try ZipArchive([UInt8](data), limits: limits)
            guard let document = archive.entry(named: "word/document.xml") else {
                throw IncomingReportReadError.badDocx("no word/document.xml: not a Word document")
            }
            return text(ofDocumentXML: try archive.data(of: document))
        } catch let error as IncomingReportReadError {
            throw error
        } catch {
            throw .badDocx(String(describing: error))
        }
    }

    /// Keeps the text of WordprocessingML, one line per paragraph.
    static func text(ofDocumentXML xml: [UInt8]) -> String {
        let s = scalarArray(String(decoding: xml, as: UTF8.self))
        var out = Scalars()
        out.reserveCapacity(s.count / 4)
        var i = 0
        var inText = false
        while i < s.count {
            if s[i] == "<" {
                var j = i + 1
                while j < s.count && s[j] != ">" { j += 1 }
                var nameEnd = i + 1
                while nameEnd < j && !s[nameEnd].isSpaceLike && s[nameEnd] != "/"
                    || (nameEnd == i + 1 && nameEnd < j && s[nameEnd] == "/")
                { nameEnd += 1 }
                let name = s.string((i + 1)..<nameEnd)
                switch name {
                case "w:t": inText = s[j - 1] != "/"
                case "/w:t": inText = false
                case "/w:p", "w:br", "w:cr": out.append("\n")
                case "w:tab": out.append("\t")
                default: break
                }
                i = j + 1
                continue
            }
            if inText {
                if s[i] == "&", let (decoded, length) = Entities.decode(s, at: i) {
                    out.append(contentsOf: decoded)
                    i += length
                    continue
                }
                out.append(s[i])
            }
            i += 1
        }
        return out.string
    }
}
