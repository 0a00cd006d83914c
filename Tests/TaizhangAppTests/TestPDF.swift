import Foundation

/// PDFs made for the tests, byte by byte: each page's lines drawn with a Type0 font whose ToUnicode
/// map gives every glyph its character, which is all a text layer is. No font program is embedded
/// (none is needed to read the text), so Chinese needs no font on the machine.
enum TestPDF {
    static func make(pages: [[String]]) -> [UInt8] {
        var characters: [Unicode.Scalar] = []
        var cid: [Unicode.Scalar: Int] = [:]
        for line in pages.joined() {
            for u in line.unicodeScalars where cid[u] == nil && u.value <= 0xFFFF {
                characters.append(u)
                cid[u] = characters.count
            }
        }
        func hex4(_ v: Int) -> String { String(format: "%04X", v) }
        var objects: [String] = []
        objects.append("<< /Type /Catalog /Pages 2 0 R >>")
        let firstPage = 7
        let kids = (0..<pages.count).map { "\(firstPage + 2 * $0) 0 R" }.joined(separator: " ")
        objects.append("<< /Type /Pages /Kids [\(kids)] /Count \(pages.count) >>")
        objects.append(
            "<< /Type /Font /Subtype /Type0 /BaseFont /TestSong /Encoding /Identity-H /DescendantFonts [4 0 R] /ToUnicode 5 0 R >>"
        )
        objects.append(
            "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /TestSong /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor 6 0 R /DW 1000 /CIDToGIDMap /Identity >>"
        )
        var cmap = """
            /CIDInit /ProcSet findresource begin 12 dict begin begincmap
            /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def
            /CMapName /Adobe-Identity-UCS def /CMapType 2 def
            1 begincodespacerange <0000> <FFFF> endcodespacerange

            """
        for chunk in stride(from: 0, to: characters.count, by: 100) {
            let part = characters[chunk..<min(chunk + 100, characters.count)]
            cmap += "\(part.count) beginbfchar\n"
            for u in part { cmap += "<\(hex4(cid[u]!))> <\(hex4(Int(u.value)))>\n" }
            cmap += "endbfchar\n"
        }
        cmap += "endcmap CMapName currentdict /CMap defineresource pop end end"
        objects.append("<< /Length \(cmap.utf8.count) >>\nstream\n\(cmap)\nendstream")
        objects.append(
            "<< /Type /FontDescriptor /FontName /TestSong /Flags 4 /FontBBox [0 -200 1000 900] /ItalicAngle 0 /Ascent 900 /Descent -200 /CapHeight 700 /StemV 80 >>"
        )
        for (index, lines) in pages.enumerated() {
            var content = "BT /F1 12 Tf 14 TL 40 800 Td\n"
            for line in lines {
                let glyphs = line.unicodeScalars.compactMap { cid[$0].map(hex4) }.joined()
                content += "<\(glyphs)> Tj T*\n"
            }
            content += "ET"
            if lines.isEmpty { content = "q Q" }
            objects.append(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents \(firstPage + 2 * index + 1) 0 R >>"
            )
            objects.append("<< /Length \(content.utf8.count) >>\nstream\n\(content)\nendstream")
        }
        var out = Array("%PDF-1.4\n%\u{E2}\u{E3}\u{CF}\u{D3}\n".utf8)
        var offsets: [Int] = []
        for (n, body) in objects.enumerated() {
            offsets.append(out.count)
            out += Array("\(n + 1) 0 obj\n\(body)\nendobj\n".utf8)
        }
        let xref = out.count
        out += Array("xref\n0 \(objects.count + 1)\n0000000000 65535 f \n".utf8)
        for o in offsets { out += Array(String(format: "%010d 00000 n \n", o).utf8) }
        out += Array("trailer\n<< /Size \(objects.count + 1) /Root 1 0 R >>\nstartxref\n\(xref)\n%%EOF\n".utf8)
        return out
    }
}
