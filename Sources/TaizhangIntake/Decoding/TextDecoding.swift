import Foundation

/// Turns the bytes of a text file into a string: UTF-8, UTF-16 with a byte-order mark, or GBK.
enum TextDecoding {
    /// Reports bigger than this are refused rather than read slowly into memory.
    static let byteLimit = 256 << 20

    /// GB 18030, a superset of GBK and GB 2312; corelibs Foundation decodes it on Linux too.
    static let gb18030 = String.Encoding(rawValue: 0x8000_0632)

    static func decode(_ data: Data) throws(IncomingReportReadError) -> String {
        if data.isEmpty { throw .empty }
        if data.count > byteLimit { throw .tooLarge(bytes: data.count, limit: byteLimit) }
        let bytes = [UInt8](data.prefix(8))
        // An OLE2 compound file: Word 97–2003 (.doc), WPS (.wps) and old Excel keep text in it.
        if bytes.starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) { throw .oldOffice }
        if let kind = binaryKind(bytes) { throw .binary(kind: kind) }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            guard let s = String(data: data, encoding: .utf16) else { throw .undecodable }
            try checkText(s)
            // Random bytes after a byte-order mark decode to scattered code points, not text.
            let sample = s.unicodeScalars.prefix(4096)
            let plain = sample.filter {
                $0.value < 0x80 || $0.isHan || ($0.value >= 0x3000 && $0.value <= 0x303F)
                    || ($0.value >= 0xFF00 && $0.value <= 0xFFEF)
            }
            guard plain.count * 10 >= sample.count * 9 else { throw .undecodable }
            return s
        }
        var body = data
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { body = data.dropFirst(3) }
        if body.prefix(65_536).contains(0) { throw .binary(kind: "contains NUL bytes") }
        if let s = String(validating: body, as: UTF8.self) {
            try checkText(s)
            return s
        }
        // Mostly UTF-8 with a few damaged bytes: read it, marking the damage with U+FFFD.
        // (Checked before GBK: UTF-8 Chinese read as GBK also yields Chinese-looking text.)
        let lossy = String(decoding: body, as: UTF8.self)
        let damaged = lossy.unicodeScalars.lazy.filter { $0 == "\u{FFFD}" }.count
        if damaged <= max(2, lossy.unicodeScalars.count / 100) {
            try checkText(lossy)
            return lossy
        }
        if let s = String(data: body, encoding: gb18030), looksLikeChinese(s) {
            return s
        }
        throw .undecodable
    }

    /// Formats that are certainly not report text, known by their first bytes.
    static func binaryKind(_ b: [UInt8]) -> String? {
        if b.starts(with: Array("%PDF".utf8)) { return "PDF" }
        if b.starts(with: [0x89, 0x50, 0x4E, 0x47]) { return "PNG image" }
        if b.starts(with: [0xFF, 0xD8, 0xFF]) { return "JPEG image" }
        if b.starts(with: Array("GIF8".utf8)) { return "GIF image" }
        if b.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) { return "old Office document (.doc/.xls)" }
        if b.starts(with: [0x1F, 0x8B]) { return "gzip archive" }
        if b.starts(with: [0x7F, 0x45, 0x4C, 0x46]) { return "executable" }
        return nil
    }

    /// Valid UTF-8 can still be binary (control bytes everywhere); such input is refused.
    static func checkText(_ s: String) throws(IncomingReportReadError) {
        var controls = 0
        var total = 0
        for u in s.unicodeScalars.prefix(65_536) {
            total += 1
            if u.value < 0x20 && u != "\n" && u != "\r" && u != "\t" && u != "\u{0C}" { controls += 1 }
        }
        if total > 0 && controls * 20 > total { throw .binary(kind: "control characters") }
    }

    /// A GBK reading is trusted when most non-ASCII characters it yields are Chinese.
    static func looksLikeChinese(_ s: String) -> Bool {
        var han = 0
        var other = 0
        for u in s.unicodeScalars.prefix(65_536) where u.value >= 0x80 {
            if u.isHan || (u.value >= 0x3000 && u.value <= 0x303F) || (u.value >= 0xFF00 && u.value <= 0xFFEF) {
                han += 1
            } else {
                other += 1
            }
        }
        return han > 0 && other * 4 < han
    }
}
