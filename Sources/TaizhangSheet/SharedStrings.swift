/// The shared string table (`xl/sharedStrings.xml`): cells with `t="s"` hold an index into it.
enum SharedStrings {
    /// One String per `<si>`: its `<t>`, or its rich-text runs `<r><t>…</t></r>` joined; the phonetic
    /// guide `<rPh>` (furigana / pinyin above the text) is not part of the text and is left out.
    static func read(_ scanner: inout XMLScanner) throws(SheetError) -> [String] {
        let si = XMLName("si")
        let t = XMLName("t")
        let rPh = XMLName("rPh")
        var strings: [String] = []
        var text = TextCollector()
        var inItem = false
        var inText = false
        var phonetic = 0
        while true {
            switch try scanner.next() {
            case .start:
                if scanner.isNamed(si) {
                    inItem = true
                    inText = false
                    phonetic = 0
                    text.reset()
                } else if inItem && scanner.isNamed(rPh) {
                    phonetic += 1
                } else if inItem && phonetic == 0 && scanner.isNamed(t) {
                    inText = true
                }
            case .text:
                if inText { try text.add(scanner) }
            case .end:
                if scanner.isNamed(t) {
                    inText = false
                } else if scanner.isNamed(rPh) {
                    phonetic = max(0, phonetic - 1)
                } else if inItem && scanner.isNamed(si) {
                    strings.append(text.string())
                    inItem = false
                }
            case .endOfDocument: return strings
            }
        }
    }
}
