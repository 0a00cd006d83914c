#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The text layer of a PDF, page by page in reading order, through poppler (Debian's
/// `libpoppler-glib8`, loaded when first needed, so the server builds and runs without it and
/// says what to install when a PDF arrives).
public enum PDFText {
    public enum Failure: Error, Equatable, Sendable {
        /// poppler is not installed on this machine.
        case unavailable
        /// Not a PDF poppler can open (damaged, or encrypted with a password).
        case unreadable(String)
        /// Pages but no text on them: a scan.
        case noTextLayer(pages: Int)
    }

    /// Whether poppler can be loaded here.
    public static var isAvailable: Bool { Poppler.shared != nil }

    /// The text of every page, pages separated by a blank line.
    public static func extract(_ bytes: [UInt8]) throws(Failure) -> String {
        guard let poppler = Poppler.shared else { throw .unavailable }
        return try poppler.text(of: bytes)
    }
}

/// The few poppler-glib functions the reader needs, looked up once.
final class Poppler: @unchecked Sendable {
    typealias NewFromData =
        @convention(c) (
            UnsafeMutablePointer<CChar>?, Int32, UnsafePointer<CChar>?, UnsafeMutablePointer<UnsafeMutableRawPointer?>?
        ) -> UnsafeMutableRawPointer?
    typealias PageCount = @convention(c) (UnsafeMutableRawPointer?) -> Int32
    typealias GetPage = @convention(c) (UnsafeMutableRawPointer?, Int32) -> UnsafeMutableRawPointer?
    typealias PageText = @convention(c) (UnsafeMutableRawPointer?) -> UnsafeMutablePointer<CChar>?
    typealias Release = @convention(c) (UnsafeMutableRawPointer?) -> Void

    let newFromData: NewFromData
    let pageCount: PageCount
    let getPage: GetPage
    let pageText: PageText
    let unref: Release
    let free: Release
    let errorFree: Release

    /// Loaded once; nil when the library is missing. (Read-only after that: safe to share.)
    static let shared: Poppler? = Poppler()

    private init?() {
        let names = ["libpoppler-glib.so.8", "libpoppler-glib.so", "libpoppler-glib.dylib"]
        guard let handle = names.lazy.compactMap({ dlopen($0, RTLD_NOW | RTLD_GLOBAL) }).first else { return nil }
        func symbol<T>(_ name: String, as type: T.Type) -> T? {
            guard let p = dlsym(handle, name) else { return nil }
            return unsafeBitCast(p, to: type)
        }
        guard let newFromData = symbol("poppler_document_new_from_data", as: NewFromData.self),
            let pageCount = symbol("poppler_document_get_n_pages", as: PageCount.self),
            let getPage = symbol("poppler_document_get_page", as: GetPage.self),
            let pageText = symbol("poppler_page_get_text", as: PageText.self),
            let unref = symbol("g_object_unref", as: Release.self),
            let free = symbol("g_free", as: Release.self),
            let errorFree = symbol("g_error_free", as: Release.self)
        else { return nil }
        self.newFromData = newFromData
        self.pageCount = pageCount
        self.getPage = getPage
        self.pageText = pageText
        self.unref = unref
        self.free = free
        self.errorFree = errorFree
    }

    func text(of bytes: [UInt8]) throws(PDFText.Failure) -> String {
        guard bytes.count < Int(Int32.max) else { throw .unreadable("the file is too large") }
        // poppler reads the buffer in place for the document's lifetime: keep our own copy alive.
        let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: max(bytes.count, 1))
        defer { buffer.deallocate() }
        bytes.withUnsafeBufferPointer { source in
            source.withMemoryRebound(to: CChar.self) { buffer.initialize(from: $0.baseAddress!, count: bytes.count) }
        }
        var error: UnsafeMutableRawPointer? = nil
        guard let document = newFromData(buffer, Int32(bytes.count), nil, &error) else {
            var why = "damaged or protected with a password"
            if let error {
                // GError { GQuark domain; gint code; gchar *message; }
                let message = error.load(fromByteOffset: 8, as: UnsafePointer<CChar>?.self)
                if let message { why = String(cString: message) }
                errorFree(error)
            }
            throw .unreadable(why)
        }
        defer { unref(document) }
        let pages = Int(pageCount(document))
        var texts: [String] = []
        for index in 0..<pages {
            guard let page = getPage(document, Int32(index)) else { continue }
            if let text = pageText(page) {
                texts.append(String(cString: text))
                free(UnsafeMutableRawPointer(text))
            }
            unref(page)
        }
        let joined = texts.joined(separator: "\n\n")
        if joined.unicodeScalars.allSatisfy({ $0.properties.isWhitespace }) { throw .noTextLayer(pages: pages) }
        return joined
    }
}
