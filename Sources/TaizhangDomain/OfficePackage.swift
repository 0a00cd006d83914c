import TaizhangZip

/// An Office Open XML file (.docx, .xlsx, .pptx) is a zip with a `[Content_Types].xml` and the main
/// part its extension promises. Anything else renamed to .docx (an executable in a zip, a zip bomb)
/// is refused before it is stored.
public enum OfficePackage {
    /// Bounds for evidence: real documents stay far below these.
    public static let limits = ZipArchive.Limits(maxEntries: 5_000, maxExpandedBytes: 512 << 20)

    static let mainPart = ["docx": "word/document.xml", "xlsx": "xl/workbook.xml", "pptx": "ppt/presentation.xml"]

    public static func check(_ bytes: [UInt8], extension ext: String) throws(DomainError) {
        let archive: ZipArchive
        do { archive = try ZipArchive(bytes, limits: limits) } catch {
            throw refusal(zh: "文件不是完整的 Office 文档（\(error.description)）", en: "not a sound Office document (\(error))")
        }
        guard archive.entry(named: "[Content_Types].xml") != nil else {
            throw refusal(
                zh: "文件不是 Office 文档：缺少 [Content_Types].xml", en: "not an Office document: no [Content_Types].xml")
        }
        if let part = mainPart[ext], archive.entry(named: part) == nil {
            throw refusal(
                zh: "文件扩展名为 .\(ext)，但内容不是这种文档（缺少 \(part)）", en: "the file is named .\(ext) but has no \(part)")
        }
    }

    static func refusal(zh: String, en: String) -> DomainError {
        DomainError(.unsupportedMedia, code: "not_office_document", field: "file", zh: zh, en: en)
    }
}
