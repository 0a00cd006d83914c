/// The name a person gives an uploaded file: shown in lists and sent back on download, so it
/// must not hide its real extension, walk out of a folder or carry invisible characters.
public enum FileName {
    public static let maxLength = 255

    /// The name as it will be kept (outer spaces trimmed), or the refusal naming `field`.
    public static func checked(_ raw: String, field: String = "name") throws(DomainError) -> String {
        let name = raw.trimmingCharacters(in: .whitespaces)
        try Limits.text(name, field: field, max: maxLength, required: true)
        if name.contains("/") || name.contains("\\") {
            throw .invalid(
                field, zh: "文件名不能包含路径（/ 或 \\）", en: "the file name cannot contain a path", code: "bad_file_name")
        }
        if name.allSatisfy({ $0 == "." }) || name.hasSuffix(".") {
            throw .invalid(
                field, zh: "文件名不能是 . 或 .. 或以点结尾", en: "the file name cannot be dots or end with a dot",
                code: "bad_file_name")
        }
        if let hidden = name.unicodeScalars.first(where: isFormatting) {
            throw .invalid(
                field, zh: "文件名含有改变文字方向或不可见的字符（U+\(Limits.hex(hidden))），可能伪装扩展名",
                en: "the file name contains an invisible or direction-changing character (U+\(Limits.hex(hidden)))",
                code: "bad_file_name")
        }
        return name
    }

    /// Bidirectional overrides and embeddings (which can show `报告\u{202E}fdp.exe` as `报告exe.pdf`),
    /// zero-width characters and the byte-order mark.
    static func isFormatting(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x061C, 0x200B...0x200F, 0x202A...0x202E, 0x2060...0x2069, 0xFEFF: return true
        default: return false
        }
    }

    /// The extension, lower-cased ("" when there is none).
    public static func `extension`(of name: String) -> String {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "" }
        return name[name.index(after: dot)...].lowercased()
    }
}
