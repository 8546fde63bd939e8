import XCTest
import WALILinux
#if canImport(Glibc)
import Glibc
#endif

/// The mmap range allocator over a memory built like the engine's: a PROT_NONE reservation
/// whose committed part grows with mprotect.
final class MemoryMappingsTests: XCTestCase {
    static let reserved = 64 << 20
    static let initial = 1 << 20
    var region: UnsafeMutableRawPointer!
    var committed = 0
    var memory: GuestMemory!

    let RW: Int32 = 3
    let privateAnon: Int32 = 0x02 | 0x20
    let page = 4096

    override func setUp() {
        region = mmap(nil, Self.reserved, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0)
        XCTAssertNotEqual(region, MAP_FAILED)
        committed = Self.initial
        XCTAssertEqual(mprotect(region, committed, PROT_READ | PROT_WRITE), 0)
        memory = GuestMemory(base: region, maxByteCount: Self.reserved, currentSize: { [unowned self] in self.committed },
                             grow: { [unowned self] pages in
                                 let old = self.committed / 65536
                                 let new = self.committed + pages * 65536
                                 guard new <= Self.reserved,
                                       mprotect(self.region + self.committed, pages * 65536, PROT_READ | PROT_WRITE) == 0
                                 else { return -1 }
                                 self.committed = new
                                 return old
                             })
    }

    override func tearDown() { munmap(region, Self.reserved) }

    func errno(_ body: () throws -> Void) -> Errno? {
        do { try body() } catch let e as Errno { return e } catch { XCTFail("unexpected \(error)") }
        return nil
    }

    func anon(_ m: MemoryMappings, _ length: Int) throws -> Int {
        Int(try m.map(address: 0, length: length, prot: RW, flags: privateAnon, fd: -1, offset: 0))
    }

    func isZero(_ address: Int, _ length: Int) -> Bool {
        let p = (region + address).assumingMemoryBound(to: UInt8.self)
        return (0..<length).allSatisfy { p[$0] == 0 }
    }

    func testMappingsStartAtTheModulesMemoryEnd() throws {
        let m = MemoryMappings(memory: memory)
        XCTAssertEqual(m.floor, Self.initial)
        let a = try anon(m, 100)
        XCTAssertEqual(a, Self.initial)
        XCTAssertEqual(try anon(m, page), Self.initial + page, "lengths round up to 4 KiB pages")
    }

    func testMapUnmapLoopReusesTheSameRange() throws {
        let m = MemoryMappings(memory: memory)
        let first = try anon(m, 1 << 20)
        try m.unmap(address: UInt32(first), length: 1 << 20)
        let sizeAfterFirst = committed
        for i in 0..<2000 {
            let a = try anon(m, 1 << 20)
            XCTAssertEqual(a, first, "iteration \(i)")
            (region + a).storeBytes(of: 0xFF, as: UInt8.self)
            (region + a + (1 << 20) - 1).storeBytes(of: 0xFF, as: UInt8.self)
            try m.unmap(address: UInt32(a), length: 1 << 20)
        }
        XCTAssertEqual(committed, sizeAfterFirst)
        XCTAssertTrue(isZero(first, 1 << 20))
    }

    func testFreedNeighboursCoalesce() throws {
        let m = MemoryMappings(memory: memory)
        let a = try anon(m, 64 << 10), b = try anon(m, 64 << 10), c = try anon(m, 64 << 10)
        XCTAssertEqual(b, a + (64 << 10))
        XCTAssertEqual(c, b + (64 << 10))
        try m.unmap(address: UInt32(b), length: 64 << 10)
        try m.unmap(address: UInt32(a), length: 64 << 10)
        XCTAssertEqual(try anon(m, 128 << 10), a)
        XCTAssertEqual(m.mappedRegions.count, 1, "adjacent anonymous mappings merge")
    }

    func testReusedMemoryIsZero() throws {
        let m = MemoryMappings(memory: memory)
        let a = try anon(m, 5 * page + 100)
        memset(region + a, 0xAB, 6 * page)
        try m.unmap(address: UInt32(a + page), length: 2 * page)
        XCTAssertTrue(isZero(a + page, 2 * page))
        XCTAssertEqual((region + a).load(as: UInt8.self), 0xAB)
        XCTAssertEqual(try anon(m, 2 * page), a + page, "first fit takes the hole")
        try m.unmap(address: UInt32(a), length: 6 * page)
        XCTAssertTrue(isZero(a, 6 * page))
    }

    func testGrowsOnlyWhenNothingFitsAndStopsAtTheMaximum() throws {
        let m = MemoryMappings(memory: memory)
        let before = committed
        _ = try anon(m, 4 * page)
        XCTAssertEqual(committed, before + 65536)
        _ = try anon(m, 4 * page)
        XCTAssertEqual(committed, before + 65536, "the rest of the grown Wasm page is used first")
        XCTAssertEqual(errno { _ = try self.anon(m, Self.reserved) }, .ENOMEM)
        XCTAssertEqual(errno { _ = try m.map(address: 0, length: 0, prot: self.RW, flags: self.privateAnon, fd: -1, offset: 0) }, .EINVAL)
    }

    func testAddressSpaceLimitBoundsGrowth() throws {
        let m = MemoryMappings(memory: memory)
        try m.setLimit(resource: 9, (UInt64(Self.initial + (1 << 20)), UInt64(Self.reserved)))
        _ = try anon(m, 1 << 20)
        XCTAssertEqual(errno { _ = try self.anon(m, self.page) }, .ENOMEM)
        XCTAssertEqual(m.limit(resource: 9)?.cur, UInt64(Self.initial + (1 << 20)))
        XCTAssertEqual(errno { try m.setLimit(resource: 9, (10, 5)) }, .EINVAL)
    }

    func testFixedMappingsReplaceAndNoReplaceRefuses() throws {
        let m = MemoryMappings(memory: memory)
        let a = try anon(m, 4 * page)
        memset(region + a, 0x11, 4 * page)
        let f = try m.map(address: UInt32(a + page), length: page, prot: RW, flags: privateAnon | 0x10, fd: -1, offset: 0)
        XCTAssertEqual(Int(f), a + page)
        XCTAssertTrue(isZero(a + page, page))
        XCTAssertEqual((region + a + 2 * page).load(as: UInt8.self), 0x11)
        XCTAssertEqual(errno { _ = try m.map(address: UInt32(a), length: self.page, prot: self.RW, flags: self.privateAnon | 0x10_0000, fd: -1, offset: 0) }, .EEXIST)
        // Inside the module's own memory: honoured, and the memory is cleared.
        memset(region + 0x20000, 0x22, page)
        XCTAssertEqual(try m.map(address: 0x20000, length: page, prot: RW, flags: privateAnon | 0x10, fd: -1, offset: 0), 0x20000)
        XCTAssertTrue(isZero(0x20000, page))
        XCTAssertEqual(errno { _ = try m.map(address: 0x20000, length: self.page, prot: self.RW, flags: self.privateAnon | 0x10_0000, fd: -1, offset: 0) }, .EEXIST)
        XCTAssertEqual(errno { _ = try m.map(address: 0x1000, length: self.page, prot: self.RW, flags: self.privateAnon | 0x10, fd: -1, offset: 0) }, .EPERM)
        XCTAssertEqual(errno { _ = try m.map(address: 0x20001, length: self.page, prot: self.RW, flags: self.privateAnon | 0x10, fd: -1, offset: 0) }, .EINVAL)
    }

    func testRemapShrinksGrowsInPlaceAndMoves() throws {
        let m = MemoryMappings(memory: memory)
        let a = try anon(m, 2 * page)
        memset(region + a, 0x33, 2 * page)
        XCTAssertEqual(Int(try m.remap(address: UInt32(a), oldLength: 2 * page, newLength: page, flags: 0, newAddress: 0)), a)
        XCTAssertTrue(isZero(a + page, page))
        XCTAssertEqual(Int(try m.remap(address: UInt32(a), oldLength: page, newLength: 3 * page, flags: 0, newAddress: 0)), a,
                       "the following range is free: grows in place")
        let blocker = try anon(m, page)
        XCTAssertEqual(blocker, a + 3 * page)
        XCTAssertEqual(errno { _ = try m.remap(address: UInt32(a), oldLength: 3 * page, newLength: 4 * page, flags: 0, newAddress: 0) }, .ENOMEM)
        let moved = Int(try m.remap(address: UInt32(a), oldLength: 3 * page, newLength: 4 * page, flags: 1, newAddress: 0))
        XCTAssertEqual(moved, blocker + page)
        XCTAssertEqual((region + moved).load(as: UInt8.self), 0x33)
        XCTAssertTrue(isZero(moved + page, 3 * page))
        XCTAssertTrue(isZero(a, 3 * page))
        XCTAssertEqual(errno { _ = try m.remap(address: UInt32(a), oldLength: self.page, newLength: 2 * self.page, flags: 1, newAddress: 0) }, .EFAULT)
        XCTAssertEqual(try anon(m, 3 * page), a, "the old range is free again")
    }

    func testBrkGrowsUntilAMappingIsInTheWay() throws {
        let m = MemoryMappings(memory: memory)
        let start = m.brk(0)
        XCTAssertEqual(Int(start), Self.initial)
        XCTAssertEqual(m.brk(start + 10000), start + 10000)
        memset(region + Int(start), 0x44, 10000)
        XCTAssertEqual(m.brk(start + 100), start + 100)
        XCTAssertTrue(isZero(Int(start) + page, 3 * page), "shrinking frees whole pages")
        let a = try anon(m, page)
        XCTAssertEqual(a, Int(start) + page, "mmap takes the first free page after the heap")
        XCTAssertEqual(m.brk(start + 2 * UInt32(page)), start + 100, "blocked: the break stays")
        XCTAssertEqual(m.brk(5), start + 100)
    }

    func testProtectAdviseAndSyncValidateRanges() throws {
        let m = MemoryMappings(memory: memory)
        let a = try anon(m, 4 * page)
        XCTAssertNoThrow(try m.protect(address: UInt32(a + page), length: page, prot: 1))
        XCTAssertEqual(m.mappedRegions.map(\.prot), [RW, 1, RW])
        XCTAssertNoThrow(try m.protect(address: UInt32(a + page), length: page, prot: RW))
        XCTAssertEqual(m.mappedRegions.count, 1)
        XCTAssertEqual(errno { try m.protect(address: UInt32(a), length: 5 * self.page, prot: 1) }, .ENOMEM)
        XCTAssertEqual(errno { try m.protect(address: UInt32(a) + 1, length: self.page, prot: 1) }, .EINVAL)
        memset(region + a, 0x55, 4 * page)
        try m.advise(address: UInt32(a), length: 4 * page, advice: 4)
        XCTAssertTrue(isZero(a, 4 * page))
        XCTAssertEqual(errno { try m.advise(address: UInt32(a), length: self.page, advice: 77) }, .EINVAL)
        XCTAssertEqual(errno { try m.sync(address: UInt32(a + 4 * self.page), length: self.page, flags: 4) }, .ENOMEM)
        XCTAssertNoThrow(try m.sync(address: UInt32(a), length: page, flags: 4))
    }

    func testSharedFileMappingWritesReachTheFile() throws {
        let m = MemoryMappings(memory: memory)
        var template = Array("/tmp/wali-mm-test.XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        XCTAssertGreaterThanOrEqual(fd, 0)
        defer { close(fd); unlink(String(cString: template)) }
        XCTAssertEqual(ftruncate(fd, off_t(2 * page)), 0)
        let a = Int(try m.map(address: 0, length: 2 * page, prot: RW, flags: 0x01, fd: fd, offset: 0))
        (region + a + 10).storeBytes(of: 0x7A, as: UInt8.self)
        var byte: UInt8 = 0
        XCTAssertEqual(pread(fd, &byte, 1, 10), 1)
        XCTAssertEqual(byte, 0x7A)
        try m.unmap(address: UInt32(a), length: 2 * page)
        XCTAssertTrue(isZero(a, 2 * page), "anonymous memory is back")
        XCTAssertEqual(errno { _ = try m.map(address: 0, length: self.page, prot: self.RW, flags: 0x01, fd: 999, offset: 0) }, .EBADF)
    }

    func testLargeHostPagesAlignHostMappings() throws {
        let m = MemoryMappings(memory: memory, hostPageSize: 16384)
        _ = try anon(m, page)
        let shared = Int(try m.map(address: 0, length: page, prot: RW, flags: 0x01 | 0x20, fd: -1, offset: 0))
        XCTAssertEqual(shared % 16384, 0)
        XCTAssertEqual(m.mappedRegions.last?.end, shared + 16384, "the host mapping covers whole host pages")
        // Anonymous memory is still handed out at 4 KiB granularity and zeroed by hand at the edges.
        let b = try anon(m, 3 * page)
        XCTAssertEqual(b, Self.initial + page)
        memset(region + b, 0x66, 3 * page)
        try m.unmap(address: UInt32(b), length: 3 * page)
        XCTAssertTrue(isZero(b, 3 * page))
    }
}
