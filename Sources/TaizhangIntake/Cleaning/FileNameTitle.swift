/// A first line that is a file name (`43山西省…开展.txt`) gives the title, less its number and extension.
enum FileNameTitle {
    private static let extensions = [".txt", ".docx", ".doc", ".html", ".htm", ".md", ".pdf", ".wps"]

    static func title(_ line: Scalars) -> String? {
        let s = line.string
        guard let ext = extensions.first(where: { s.lowercased().hasSuffix($0) }) else { return nil }
        var t = scalarArray(String(s.dropLast(ext.count)))
        var i = 0
        while i < t.count && (t[i].isDigitLike || t[i] == "_" || t[i] == "-" || t[i] == "." || t[i].isSpaceLike) {
            i += 1
        }
        // 2019年工作总结.txt keeps its year: the number is part of the title when a date word follows
        if i > 0, i < t.count, "年月日届".unicodeScalars.contains(t[i]) { i = 0 }
        t = Array(t[i...]).trimmed()
        return t.isEmpty ? nil : t.string
    }
}
