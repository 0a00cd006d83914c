/// How a page wrote the date an article was published: the ISO date back in the forms pages use
/// (2023-05-26, 2023年5月26日, 2023/05/26, 26.05.2023 …), the first one found in the text.
enum PublicationDate {
    static func written(_ iso: String, in text: String) -> String? {
        let parts = iso.prefix(10).split(separator: "-")
        guard parts.count == 3, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return nil }
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        let forms = [
            "\(y)-\(two(m))-\(two(d))", "\(y)年\(two(m))月\(two(d))日", "\(y)年\(m)月\(d)日", "\(y)/\(two(m))/\(two(d))",
            "\(y)/\(m)/\(d)", "\(y).\(two(m)).\(two(d))", "\(two(d)).\(two(m)).\(y)", "\(y)-\(m)-\(d)",
        ]
        var best: (String.Index, String)?
        for form in forms {
            if let r = text.range(of: form), best == nil || r.lowerBound < best!.0 { best = (r.lowerBound, form) }
        }
        return best?.1
    }
}
