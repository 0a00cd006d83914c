#if canImport(Glibc)
    import Glibc
#endif

/// Hands memory the process has freed back to the system, between the phases of a bulk job.
///
/// Why: glibc keeps freed memory in its arenas, and after an import's reading and checking
/// (cells, parsed rows, a whole sheet's XML) most of it sits in the middle of an arena, where
/// the arena's top cannot be trimmed. Seen with `malloc_stats` six seconds into a 100,000-row
/// import: 410 MB taken from the system, 269 MB in use. `malloc_trim` also gives back whole free
/// pages inside an arena. It walks the free lists once (milliseconds), so it is called a few
/// dozen times in an import, never per row or per request.
public enum FreedMemory {
    public static func giveBack() {
        _ = trim?(0)
    }

    /// Keeps blocks of 128 KiB and more in their own mappings, given back whole when freed.
    ///
    /// Why: glibc starts with that threshold but raises it to the size of each large block freed
    /// (up to 32 MiB), so after an import has freed its file (11 MB) and its plan's arrays, every
    /// buffer below that size comes from the arenas and is left there in pieces. Measured on a
    /// 100,000-row import: peak RSS 325 → 310 MB at the same time. For a process that runs one bulk
    /// job (the command line); a server keeps glibc's default.
    public static func keepLargeBlocksMapped() {
        _ = options?(mmapThreshold, 128 << 10)
    }

    /// `M_MMAP_THRESHOLD` in <malloc.h>.
    private static let mmapThreshold: Int32 = -3

    private static let options: (@convention(c) (Int32, Int32) -> Int32)? = {
        #if canImport(Glibc)
            guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return nil }
            return unsafeBitCast(symbol, to: (@convention(c) (Int32, Int32) -> Int32).self)
        #else
            return nil
        #endif
    }()

    /// glibc's `malloc_trim`, looked up once (Glibc's module does not export <malloc.h>; another
    /// C library has no such call, and then nothing is done).
    private static let trim: (@convention(c) (Int) -> Int32)? = {
        #if canImport(Glibc)
            guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return nil }
            return unsafeBitCast(symbol, to: (@convention(c) (Int) -> Int32).self)
        #else
            return nil
        #endif
    }()
}
