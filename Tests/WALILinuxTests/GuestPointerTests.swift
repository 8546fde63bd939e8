import XCTest
import WALILinux
#if canImport(Glibc)
import Glibc
#endif

/// Typed guest pointers (GuestPtr, GuestArray) and the structure layouts under Layouts/.
final class GuestPointerTests: XCTestCase {
    var region: UnsafeMutableRawPointer!
    var memory: GuestMemory!
    let committed = 65536

    override func setUp() {
        region = mmap(nil, 1 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
        let size = committed
        memory = GuestMemory(base: region, maxByteCount: 1 << 20, currentSize: { size }, grow: { _ in -1 })
    }

    override func tearDown() { munmap(region, 1 << 20) }

    func errno(_ body: () throws -> Void) -> Errno? {
        do { try body() } catch let e as Errno { return e } catch { XCTFail("unexpected \(error)") }
        return nil
    }

    func bytes(_ address: Int, _ count: Int) -> [UInt8] {
        Array(UnsafeRawBufferPointer(start: region + address, count: count))
    }

    // MARK: GuestPtr

    func testPointersAreCheckedForTheirWholeSizeAtTheEndOfMemory() throws {
        XCTAssertEqual(try memory.ptr(UInt32(committed - 8), to: UInt64.self).host, region + committed - 8)
        XCTAssertEqual(errno { _ = try memory.ptr(UInt32(committed - 7), to: UInt64.self) }, .EFAULT)
        XCTAssertNoThrow(try memory.ptr(UInt32(committed - 16), to: timespec.self))
        XCTAssertEqual(errno { _ = try memory.ptr(UInt32(committed - 15), to: timespec.self) }, .EFAULT)
        XCTAssertEqual(errno { _ = try memory.ptr(UInt32(committed), to: UInt8.self) }, .EFAULT)
        XCTAssertEqual(errno { _ = try memory.ptr(UInt32.max, to: UInt32.self) }, .EFAULT)
    }

    func testNullIsEFAULTUnlessOptional() throws {
        XCTAssertEqual(errno { _ = try memory.ptr(0, to: UInt32.self) }, .EFAULT)
        XCTAssertNil(try memory.optionalPtr(0, to: timespec.self))
        XCTAssertEqual(try memory.optionalPtr(64, to: timespec.self)?.address, 64)
        XCTAssertEqual(errno { _ = try memory.optionalPtr(UInt32(committed - 4), to: timespec.self) }, .EFAULT)
    }

    func testMisalignedStructuresAreAcceptedAsOnLinux() throws {
        let p = try memory.ptr(1003, to: timespec.self)
        p.store(timespec(tv_sec: -5, tv_nsec: 123_456_789))
        XCTAssertEqual(p.load().tv_sec, -5)
        XCTAssertEqual(p.load().tv_nsec, 123_456_789)
        XCTAssertEqual(bytes(1003, 8), [0xFB, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF])
        // Alignment is recorded, for the few calls Linux checks it in (futex words).
        XCTAssertFalse(UInt32.isGuestAligned(1003))
        XCTAssertTrue(UInt32.isGuestAligned(1004))
        XCTAssertEqual(timespec.guestAlignment, 8)
    }

    func testTypedLoadsAndStoresGoThroughTheLayout() throws {
        try memory.store(200, GuestRLimit(cur: 7, max: UInt64.max))
        XCTAssertEqual(bytes(200, 9), [7, 0, 0, 0, 0, 0, 0, 0, 0xFF])
        XCTAssertEqual(try memory.load(200, as: GuestRLimit.self), GuestRLimit(cur: 7, max: UInt64.max))
        XCTAssertEqual(errno { try memory.store(UInt32(committed - 8), GuestRLimit(cur: 0, max: 0)) }, .EFAULT)
    }

    func testFieldsAreSubPointersOfTheCheckedRecord() throws {
        let frame = try memory.ptr(4096, to: GuestSignalFrame.self)
        XCTAssertEqual(frame.context.address, 4096 + 128)
        XCTAssertEqual(frame.context.sigmask.address, 4096 + 128 + 280)
        XCTAssertEqual(frame.context.sigmask.host, region + 4096 + 128 + 280)
    }

    // MARK: GuestArray

    func testArraysAreCheckedAsAWhole() throws {
        let array = try memory.array(UInt32(committed - 16), count: 2, of: UInt64.self)
        array.store([1, 2])
        XCTAssertEqual(array.loadAll(), [1, 2])
        XCTAssertEqual(array[1].address, UInt32(committed - 8))
        XCTAssertEqual(array.byteCount, 16)
        XCTAssertEqual(errno { _ = try memory.array(UInt32(committed - 16), count: 3, of: UInt64.self) }, .EFAULT)
    }

    func testEmptyArraysAreValidAnywhereAndNullOtherwiseEFAULT() throws {
        XCTAssertEqual(try memory.array(0, count: 0, of: GuestIOVec.self).count, 0)
        XCTAssertEqual(try memory.array(UInt32.max, count: 0, of: GuestIOVec.self).loadAll(), [])
        XCTAssertEqual(errno { _ = try memory.array(0, count: 1, of: GuestIOVec.self) }, .EFAULT)
        XCTAssertNil(try memory.optionalArray(0, count: 2, of: timeval.self))
    }

    func testArraySizesThatOverflowAreEFAULT() {
        // count * size overflows Int.
        XCTAssertEqual(errno { _ = try memory.array(16, count: Int.max / 4, of: UInt64.self) }, .EFAULT)
        // count * size fits, but address + size does not.
        XCTAssertEqual(errno { _ = try memory.array(16, count: Int.max / 8, of: UInt64.self) }, .EFAULT)
        XCTAssertEqual(errno { _ = try memory.array(16, count: -1, of: UInt8.self) }, .EFAULT)
        XCTAssertEqual(errno { _ = try memory.pointer(16, count: Int.max) }, .EFAULT)
    }

    // MARK: Layouts

    func testSigactionRecordIsTheReferenceEnginesPackedLayout() throws {
        var action = SignalState.Action()
        action.handler = 0x1122_3344
        action.flags = 0x0102_0304_0506_0708
        action.restorer = 0xAABB_CCDD
        action.mask = 0xF0F0_0000_0000_0001
        try memory.store(300, action)
        XCTAssertEqual(SignalState.Action.guestSize, 24)
        XCTAssertEqual(bytes(300, 4), [0x44, 0x33, 0x22, 0x11])
        XCTAssertEqual(bytes(304, 8), [8, 7, 6, 5, 4, 3, 2, 1]) // u64 flags unaligned at +4
        XCTAssertEqual(bytes(312, 4), [0xDD, 0xCC, 0xBB, 0xAA])
        XCTAssertEqual(bytes(316, 8), [1, 0, 0, 0, 0, 0, 0xF0, 0xF0])
        XCTAssertEqual(try memory.load(300, as: SignalState.Action.self), action)
    }

    func testStackAndTimeRecords() throws {
        try memory.store(400, GuestStack(sp: 0x1000, flags: GuestStack.SS_DISABLE, size: 8192))
        XCTAssertEqual(bytes(400, 12), [0, 0x10, 0, 0, 2, 0, 0, 0, 0, 0x20, 0, 0])
        let interval = itimerval(it_interval: timeval(tv_sec: 1, tv_usec: 2), it_value: timeval(tv_sec: 3, tv_usec: 4))
        try memory.store(500, interval)
        XCTAssertEqual(try memory.load(500 + 16, as: timeval.self).tv_sec, 3)
        XCTAssertEqual(try memory.load(500 + 24, as: Int64.self), 4)
        try memory.store(600, GuestTimezone(minutesWest: -60, dstTime: 1))
        XCTAssertEqual(try memory.load(600, as: Int32.self), -60)
        XCTAssertEqual(try memory.load(604, as: Int32.self), 1)
    }

    func testSignalFrameLayout() throws {
        memset(region + 8192, 0xEE, GuestSignalFrame.guestSize)
        let info = [UInt8](repeating: 0x5A, count: 128)
        let stack = GuestStack(sp: 0x2000, flags: 1, size: 4096)
        try memory.store(8192, GuestSignalFrame(info: info, context: GuestUContext(stack: stack, sigmask: 0x8000_0001)))
        XCTAssertEqual(bytes(8192, 128), info)
        XCTAssertEqual(bytes(8192 + 128, 12), [UInt8](repeating: 0, count: 12)) // uc_flags, uc_link
        XCTAssertEqual(try memory.load(8192 + 128 + 12, as: GuestStack.self), stack)
        XCTAssertEqual(try memory.load(8192 + 128 + 280, as: UInt64.self), 0x8000_0001)
        XCTAssertEqual(bytes(8192 + 128 + 288, GuestSignalFrame.guestSize - 128 - 288),
                       [UInt8](repeating: 0, count: GuestSignalFrame.guestSize - 128 - 288))
        XCTAssertEqual(GuestSignalFrame.maxDepth, 60)
    }

    func testEpollEventsConvertBetweenThePackedGuestAndEitherHostLayout() throws {
        let event = GuestEpollEvent(events: 0x19, data: 0x1122_3344_5566_7788)
        try memory.store(700, event)
        XCTAssertEqual(bytes(704, 2), [0x88, 0x77])
        var host = [UInt8](repeating: 0xEE, count: 16)
        host.withUnsafeMutableBytes { EpollEventLayout.aligned.write(event, to: $0.baseAddress!) }
        XCTAssertEqual(Array(host[4..<8]), [0, 0, 0, 0])
        XCTAssertEqual(host.withUnsafeBytes { EpollEventLayout.aligned.read(from: $0.baseAddress!) }, event)
        XCTAssertEqual(host.withUnsafeBytes { EpollEventLayout.packed.read(from: $0.baseAddress!) }.events, 0x19)
    }
}
