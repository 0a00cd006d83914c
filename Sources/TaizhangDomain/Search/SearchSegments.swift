/// A text cut into what search matches: runs of Chinese characters (joined across white space,
/// so a title broken over two lines is still one run) and words of letters and digits.
struct SearchSegment: Equatable {
    enum Kind: Equatable { case han, word }
    var kind: Kind
    /// Folded scalars.
    var scalars: [Unicode.Scalar]
    var text: String { String(String.UnicodeScalarView(scalars)) }
}

enum SearchSegments {
    /// Words longer than this are cut: nobody types 65 letters, and the index stays bounded.
    static let maxWord = 64

    static func of(_ text: String) -> [SearchSegment] {
        var segments: [SearchSegment] = []
        var current: SearchSegment?
        // White space seen since the current segment's last character: it ends a word, and it
        // ends a Chinese run only when what follows is not Chinese.
        var pendingSpace = false
        func flush() {
            if let c = current { segments.append(c) }
            current = nil
        }
        for raw in text.unicodeScalars {
            let (u, kind) = SearchFold.foldAndClassify(raw)
            switch kind {
            case .han:
                if current?.kind == .han {
                    current!.scalars.append(u)
                } else {
                    flush()
                    current = SearchSegment(kind: .han, scalars: [u])
                }
                pendingSpace = false
            case .word:
                if current?.kind == .word && !pendingSpace {
                    if current!.scalars.count < maxWord { current!.scalars.append(u) }
                } else {
                    flush()
                    current = SearchSegment(kind: .word, scalars: [u])
                }
                pendingSpace = false
            case .space:
                if current?.kind == .word { flush() }
                pendingSpace = true
            case .separator:
                flush()
                pendingSpace = false
            }
        }
        flush()
        return segments
    }
}
