/// Why a file could not be read as a report.
public enum IncomingReportReadError: Error, Sendable, Equatable, CustomStringConvertible {
    case empty
    case binary(kind: String)
    case undecodable
    case tooLarge(bytes: Int, limit: Int)
    case badDocx(String)
    /// An old binary Office file (.doc, .wps, .xls): it has to be saved in a current format first.
    case oldOffice

    public var description: String {
        switch self {
        case .empty: return "the file is empty"
        case .binary(let kind): return "the file is binary (\(kind)), not a report text"
        case .undecodable: return "the text is neither UTF-8, UTF-16 nor GBK"
        case .tooLarge(let bytes, let limit):
            return "the file has \(bytes) bytes, more than the \(limit) a report may have"
        case .badDocx(let why): return "the .docx file cannot be read: \(why)"
        case .oldOffice:
            return
                "an old Word or WPS file (.doc, .wps) cannot be read: save it as .docx (or export it as PDF) and send that"
        }
    }

    /// The same, in Chinese, for the people who send reports.
    public var chinese: String {
        switch self {
        case .empty: return "文件是空的"
        case .binary(let kind): return "文件不是文字材料（\(kind)）"
        case .undecodable: return "文字编码无法识别（不是 UTF-8、UTF-16 或 GBK）"
        case .tooLarge(let bytes, let limit): return "文件有 \(bytes) 字节，超过简报上限 \(limit) 字节"
        case .badDocx(let why): return "该 .docx 文件无法读取：\(why)"
        case .oldOffice:
            return "旧版 Word / WPS 文件（.doc、.wps）无法直接读取：请在 Word 或 WPS 中“另存为” .docx（或导出为 PDF）后再上传"
        }
    }
}
