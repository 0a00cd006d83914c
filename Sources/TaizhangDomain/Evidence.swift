import Foundation

/// A piece of evidence (佐证材料): metadata here, bytes on disk addressed by SHA-256.
public struct Evidence: Sendable, Equatable, Codable {
    public var id: Int64
    public var problemID: Int64
    public var fileName: String
    public var contentType: String
    public var size: Int64
    public var sha256: String
    public var uploadedBy: Int64
    public var createdAt: Date

    public init(
        id: Int64, problemID: Int64, fileName: String, contentType: String, size: Int64, sha256: String,
        uploadedBy: Int64, createdAt: Date
    ) {
        self.id = id
        self.problemID = problemID
        self.fileName = fileName
        self.contentType = contentType
        self.size = size
        self.sha256 = sha256
        self.uploadedBy = uploadedBy
        self.createdAt = createdAt
    }
}

/// What files are accepted as evidence, judged by their bytes, not by the name or header they arrive with.
public enum EvidencePolicy {
    public static let maxBytes = 20 * 1024 * 1024

    /// The content type the bytes really are and the name to keep, or the refusal.
    public static func check(fileName: String, declaredType: String?, bytes: some Collection<UInt8>) throws(DomainError)
        -> (type: String, fileName: String)
    {
        if bytes.isEmpty {
            throw .invalid("file", zh: "文件为空", en: "the file is empty", code: "empty_file")
        }
        if bytes.count > maxBytes {
            throw DomainError(
                .tooLarge, code: "file_too_large", field: "file",
                zh: "文件超过 \(maxBytes / 1024 / 1024) MB", en: "the file is larger than \(maxBytes / 1024 / 1024) MB")
        }
        let fileName = try FileName.checked(fileName)
        guard let sniffed = sniff(bytes) else {
            throw DomainError(
                .unsupportedMedia, code: "unsupported_type", field: "file",
                zh: "只接受 PDF、图片（PNG/JPEG/GIF/WebP）和 Office 文档（doc/docx/xls/xlsx/ppt/pptx）",
                en: "only PDF, images (PNG/JPEG/GIF/WebP) and office documents are accepted")
        }
        if let declared = declaredType?.split(separator: ";").first.map({
            $0.trimmingCharacters(in: .whitespaces).lowercased()
        }),
            declared != "application/octet-stream", !declared.isEmpty, !compatible(declared: declared, sniffed: sniffed)
        {
            throw DomainError(
                .unsupportedMedia, code: "type_mismatch", field: "file",
                zh: "文件内容是 \(sniffed)，与声明的类型 \(declared) 不符",
                en: "the file's bytes are \(sniffed), not the declared \(declared)")
        }
        let type = refine(sniffed, fileName: fileName)
        // A bare zip or OLE container that is not an office document could carry anything.
        if type == "application/zip" || type == "application/x-ole-storage" {
            throw DomainError(
                .unsupportedMedia, code: "unsupported_type", field: "file",
                zh: "压缩包或未知容器文件不能作为佐证材料，请上传 Office 文档、PDF 或图片",
                en: "archives are not accepted; upload an office document, PDF or image")
        }
        if type.contains("openxmlformats") {
            try OfficePackage.check(Array(bytes), extension: FileName.extension(of: fileName))
        }
        return (type, fileName)
    }

    /// Recognises the allowed formats by their magic numbers.
    static func sniff(_ bytes: some Collection<UInt8>) -> String? {
        let head = Array(bytes.prefix(12))
        func starts(_ magic: [UInt8]) -> Bool { head.starts(with: magic) }
        if starts([0x25, 0x50, 0x44, 0x46, 0x2D]) { return "application/pdf" }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return "image/png" }
        if starts([0xFF, 0xD8, 0xFF]) { return "image/jpeg" }
        if starts(Array("GIF87a".utf8)) || starts(Array("GIF89a".utf8)) { return "image/gif" }
        if starts(Array("RIFF".utf8)) && head.count >= 12 && Array(head[8..<12]) == Array("WEBP".utf8) {
            return "image/webp"
        }
        if starts([0x50, 0x4B, 0x03, 0x04]) { return "application/zip" }
        if starts([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) { return "application/x-ole-storage" }
        return nil
    }

    /// Zip and OLE containers are office documents; the extension says which one.
    static func refine(_ sniffed: String, fileName: String) -> String {
        let ext = fileName.split(separator: ".").last.map { $0.lowercased() } ?? ""
        switch (sniffed, ext) {
        case ("application/zip", "docx"):
            return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        case ("application/zip", "xlsx"): return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        case ("application/zip", "pptx"):
            return "application/vnd.openxmlformats-officedocument.presentationml.presentation"
        case ("application/x-ole-storage", "doc"): return "application/msword"
        case ("application/x-ole-storage", "xls"): return "application/vnd.ms-excel"
        case ("application/x-ole-storage", "ppt"): return "application/vnd.ms-powerpoint"
        default: return sniffed
        }
    }

    static func compatible(declared: String, sniffed: String) -> Bool {
        if declared == sniffed { return true }
        switch sniffed {
        case "application/zip":
            return declared.contains("openxmlformats") || declared == "application/x-zip-compressed"
        case "application/x-ole-storage":
            return declared == "application/msword" || declared.contains("ms-excel")
                || declared.contains("ms-powerpoint")
        case "image/jpeg":
            return declared == "image/jpg" || declared == "image/pjpeg"
        default:
            return false
        }
    }
}
