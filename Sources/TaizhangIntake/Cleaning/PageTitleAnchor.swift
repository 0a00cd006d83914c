/// On a captured web page the article starts at its heading: navigation menus and
/// breadcrumbs come before it. The page's `<h1>` or `<title>` names that heading.
enum PageTitleAnchor {
    /// The index of the line that repeats the page's heading, when one does.
    static func titleLine(in lines: [Scalars], anchors: [String]) -> Int? {
        let wanted = anchors.map(squashed).filter { $0.count >= 4 }
        guard !wanted.isEmpty else { return nil }
        for (k, line) in lines.enumerated() where !line.isEmpty && line.count <= 120 {
            let l = squashed(line.string)
            if wanted.contains(where: { $0 == l || ($0.hasPrefix(l) && l.count * 3 >= $0.count * 2) }) { return k }
        }
        return nil
    }
}
