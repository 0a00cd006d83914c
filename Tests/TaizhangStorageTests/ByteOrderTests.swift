import Testing

@testable import TaizhangStorage

/// Counter rows are taken in one order by every writer (PostgreSQL then cannot deadlock on
/// them): the order must be total and the same whatever order the keys came in.
@Suite struct ByteOrderTests {
    @Test func stringsAreOrderedByTheirBytesAndEqualOnesAreNeither() {
        #expect(ByteOrder.compare("a", "b") == true)
        #expect(ByteOrder.compare("b", "a") == false)
        #expect(ByteOrder.compare("民政", "民政") == nil)
        #expect(ByteOrder.compare("", "") == nil)
        #expect(ByteOrder.compare("民", "民政") == true)
        #expect(ByteOrder.compare("民政", "民") == false)
        #expect(ByteOrder.compare("", "a") == true)
        let words = ["养老", "低保", "b", "a", "殡葬", "", "低保金", "2019"]
        let once = words.sorted { ByteOrder.compare($0, $1) ?? false }
        let again = words.reversed().sorted { ByteOrder.compare($0, $1) ?? false }
        #expect(once == again)
        #expect(once == words.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) })
    }
}
