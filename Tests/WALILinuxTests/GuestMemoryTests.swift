import XCTest
import WALILinux
#if canImport(Glibc)
import Glibc
#endif

/// Pointer checking: every guest range is validated against the committed size before the
/// host touches it.
final class GuestMemoryTests: XCTestCase {
    var region: UnsafeMutableRawPointer!
    var committed = 65536
    var memory: GuestMemory!

    override func setUp() {
        region = mmap(nil, 1 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
        committed = 65536
        memory = GuestMemory(base: region, maxByteCount: 1 << 20, currentSize: { [unowned self] in self.committed },
                             grow: { [unowned self] pages in
                                 let old = self.committed / 65536
                                 guard self.committed + pages * 65536 <= 1 << 20 else { return -1 }
                                 self.committed += pages * 65536
                                 return old
                             })
    }

    override func tearDown() { munmap(region, 1 << 20) }

    func errno(_ body: () throws -> Void) -> Errno? {
        do { try body() } catch let e as Errno { return e } catch { XCTFail("unexpected \(error)") }
        return nil
    }

    func testRangesInsideMemoryAreValid() throws {
        XCTAssertEqual(try memory.pointer(16, count: 100), region + 16)
        XCTAssertEqual(try memory.pointer(65536 - 4, count: 4), region + 65532)
    }

    func testRangesCrossingTheEndAreEFAULT() {
        XCTAssertEqual(errno { _ = try memory.pointer(65536 - 3, count: 4) }, .EFAULT)
        XCTAssertEqual(errno { _ = try memory.pointer(0xFFFF_FFFF, count: 2) }, .EFAULT)
        XCTAssertEqual(errno { _ = try memory.pointer(0x8000_0000, count: Int(UInt32.max)) }, .EFAULT)
    }

    func testNullIsEFAULTUnlessEmptyOrOptional() throws {
        XCTAssertEqual(errno { _ = try memory.pointer(0, count: 1) }, .EFAULT)
        XCTAssertNoThrow(try memory.pointer(0, count: 0))
        XCTAssertNil(try memory.optionalPointer(0, count: 8))
    }

    func testGrowthExtendsTheValidRange() throws {
        XCTAssertEqual(errno { _ = try memory.pointer(70000, count: 4) }, .EFAULT)
        try memory.ensureSize(131072)
        XCTAssertEqual(try memory.pointer(70000, count: 4), region + 70000)
        XCTAssertEqual(errno { try memory.ensureSize(2 << 20) }, .ENOMEM)
    }

    func testStringsMustEndInsideMemory() throws {
        let text = Array("hello\0".utf8)
        (region + 100).copyMemory(from: text, byteCount: text.count)
        XCTAssertEqual(try memory.cString(100).count, 6)
        memset(region + 65530, 0x41, 6)
        XCTAssertEqual(errno { _ = try memory.cString(65530) }, .EFAULT)
        memset(region + 1000, 0x41, 5000)
        XCTAssertEqual(errno { _ = try memory.path(1000) }, .ENAMETOOLONG)
    }

    func testLoadsAndStoresAreLittleEndianAndChecked() throws {
        try memory.store(200, UInt32(0x1122_3344))
        XCTAssertEqual((region + 200).load(as: UInt8.self), 0x44)
        XCTAssertEqual(try memory.load(200, as: UInt32.self), 0x1122_3344)
        XCTAssertEqual(errno { try memory.store(65535, UInt16(1)) }, .EFAULT)
    }

    func testIOVecTranslationChecksEveryBuffer() throws {
        // Two iovecs at 300: {400, 10}, {500, 20}
        try memory.store(300, UInt32(400)); try memory.store(304, UInt32(10))
        try memory.store(308, UInt32(500)); try memory.store(312, UInt32(20))
        let iov = try GuestIOVec.host(memory, 300, count: 2)
        XCTAssertEqual(iov.count, 2)
        XCTAssertEqual(iov[1].iov_base, region + 500)
        XCTAssertEqual(iov[1].iov_len, 20)
        try memory.store(312, UInt32(70000))
        XCTAssertEqual(errno { _ = try GuestIOVec.host(memory, 300, count: 2) }, .EFAULT)
        XCTAssertEqual(errno { _ = try GuestIOVec.host(memory, 300, count: -1) }, .EINVAL)
        XCTAssertEqual(errno { _ = try GuestIOVec.host(memory, 300, count: 1025) }, .EINVAL)
    }
}
