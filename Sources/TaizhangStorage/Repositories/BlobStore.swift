import Crypto
import Foundation
import TaizhangDomain

/// Files on disk under the data directory, addressed by their SHA-256: evidence and the raw bytes
/// of reports. The same file uploaded twice is stored once, and a name can never escape the folder.
public struct BlobStore: Sendable {
    public let root: String

    public init(dataDirectory: String) {
        self.root = dataDirectory + "/evidence"
    }

    public static func digest(_ bytes: [UInt8]) -> String {
        Digits.hex(SHA256.hash(data: bytes))
    }

    func path(for sha256: String) -> String {
        "\(root)/\(sha256.prefix(2))/\(sha256)"
    }

    /// Stores the bytes durably (written, synced, then renamed into place) and returns their digest.
    public func store(_ bytes: [UInt8]) throws -> String {
        let sha = Self.digest(bytes)
        let target = path(for: sha)
        if FileManager.default.fileExists(atPath: target) { return sha }
        let directory = (target as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let temporary = directory + "/.\(sha).\(UUID().uuidString).tmp"
        guard
            let handle = FileHandle(forWritingAtPath: temporary)
                ?? {
                    FileManager.default.createFile(atPath: temporary, contents: nil)
                    return FileHandle(forWritingAtPath: temporary)
                }()
        else { throw CocoaError(.fileWriteUnknown) }
        try handle.write(contentsOf: Data(bytes))
        try handle.synchronize()
        try handle.close()
        if rename(temporary, target) != 0 { throw CocoaError(.fileWriteUnknown) }
        let dir = open(directory, O_RDONLY)
        if dir >= 0 {
            fsync(dir)
            close(dir)
        }
        return sha
    }

    /// Removes the temporary files of writes a crash interrupted (`xx/.SHA.UUID.tmp`); run at start-up,
    /// before any write of this process can have one open. Returns how many were removed.
    @discardableResult
    public func removeLeftovers() -> Int {
        let fm = FileManager.default
        guard let folders = try? fm.contentsOfDirectory(atPath: root) else { return 0 }
        var removed = 0
        for folder in folders {
            let directory = root + "/" + folder
            guard let names = try? fm.contentsOfDirectory(atPath: directory) else { continue }
            for name in names where name.hasPrefix(".") && name.hasSuffix(".tmp") {
                if (try? fm.removeItem(atPath: directory + "/" + name)) != nil { removed += 1 }
            }
        }
        return removed
    }

    /// The stored bytes, or nil when the file is missing.
    public func load(_ sha256: String) -> Data? {
        guard sha256.count == 64, sha256.allSatisfy(\.isHexDigit) else { return nil }
        return FileManager.default.contents(atPath: path(for: sha256))
    }
}
