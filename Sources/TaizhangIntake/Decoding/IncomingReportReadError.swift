/// Why a file could not be read as a report.
public enum IncomingReportReadError: Error, Sendable, Equatable, CustomStringConvertible {
    case empty
    case binary(kind: String)
    case undecodable
    case tooLarge(bytes: Int, limit: Int)
    case badDocx(String)

    public var description: String {
        switch self {
        case .empty: return "the file is empty"
        case .binary(let kind): return "the file is binary (\(kind)), not a report text"
        case .undecodable: return "the text is neither UTF-8, UTF-16 nor GBK"
        case .tooLarge(let bytes, let limit):
            return "the file has \(bytes) bytes, more than the \(limit) a report may have"
        case .badDocx(let why): return "the .docx file cannot be read: \(why)"
        }
    }
}
