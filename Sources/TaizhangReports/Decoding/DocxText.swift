import Foundation

/// Reads the text of a .docx package: finds word/document.xml in the zip, inflates it and
/// keeps the runs' text with a line break per paragraph.
enum DocxText {
    static func extract(from data: Data) throws(ReportReadError) -> String {
        let bytes = [UInt8](data)
        guard let xml = try entry(named: "word/document.xml", in: bytes) else {
            throw .badDocx("no word/document.xml: not a Word document")
        }
        return text(ofDocumentXML: xml)
    }

    private static func u16(_ b: [UInt8], _ i: Int) -> Int { Int(b[i]) | Int(b[i + 1]) << 8 }
    private static func u32(_ b: [UInt8], _ i: Int) -> Int { u16(b, i) | u16(b, i + 2) << 16 }

    /// The inflated bytes of a zip entry, found through the central directory.
    static func entry(named name: String, in b: [UInt8]) throws(ReportReadError) -> [UInt8]? {
        guard b.count >= 22 else { throw .badDocx("too short for a zip file") }
        var eocd = b.count - 22
        while eocd >= max(0, b.count - 65_557)
            && !(b[eocd] == 0x50 && b[eocd + 1] == 0x4B && b[eocd + 2] == 5 && b[eocd + 3] == 6)
        {
            eocd -= 1
        }
        guard eocd >= 0, eocd >= max(0, b.count - 65_557) else { throw .badDocx("no zip directory") }
        let entries = u16(b, eocd + 10)
        var p = u32(b, eocd + 16)
        let wanted = Array(name.utf8)
        for _ in 0..<entries {
            guard p + 46 <= b.count, u32(b, p) == 0x0201_4B50 else { throw .badDocx("damaged zip directory") }
            let method = u16(b, p + 10)
            let compressed = u32(b, p + 20)
            let nameLength = u16(b, p + 28)
            let skip = nameLength + u16(b, p + 30) + u16(b, p + 32)
            let local = u32(b, p + 42)
            guard p + 46 + nameLength <= b.count else { throw .badDocx("damaged zip directory") }
            if Array(b[(p + 46)..<(p + 46 + nameLength)]) == wanted {
                guard local + 30 <= b.count, u32(b, local) == 0x0403_4B50 else { throw .badDocx("damaged zip entry") }
                let start = local + 30 + u16(b, local + 26) + u16(b, local + 28)
                guard start + compressed <= b.count else { throw .badDocx("truncated zip entry") }
                let raw = Array(b[start..<(start + compressed)])
                switch method {
                case 0: return raw
                case 8:
                    do { return try Inflate.inflate(raw) } catch { throw .badDocx("damaged compressed data") }
                default: throw .badDocx("unsupported compression method \(method)")
                }
            }
            p += 46 + skip
        }
        return nil
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
