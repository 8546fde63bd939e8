import XCTest
import CWALIHost
import WALILinux
#if canImport(Glibc)
import Glibc
#endif

/// Host helpers the fork and start-up paths rely on.
final class HostHelpersTests: XCTestCase {
    /// wali_read_checked reads through the kernel: a mapped address is copied, an unmapped or
    /// inaccessible one is -1 instead of a fault (Interpreter.valueAddress probes a candidate
    /// pointer with it).
    func testReadCheckedCopiesMappedBytesAndRefusesBadAddresses() throws {
        let page = try XCTUnwrap(mmap(nil, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0))
        XCTAssertNotEqual(page, MAP_FAILED)
        defer { munmap(page, 8192) }
        page.storeBytes(of: 0x1234_5678 as UInt32, as: UInt32.self)
        var value: UInt32 = 0
        XCTAssertEqual(wali_read_checked(page, &value, 4), 0)
        XCTAssertEqual(value, 0x1234_5678)

        let guardPage = page + 4096
        XCTAssertEqual(mprotect(guardPage, 4096, PROT_NONE), 0)
        value = 7
        XCTAssertEqual(wali_read_checked(guardPage, &value, 4), -1)
        XCTAssertEqual(value, 7, "nothing is copied from a bad address")
        XCTAssertEqual(wali_read_checked(UnsafeRawPointer(bitPattern: 16), &value, 4), -1)
        // A read that starts mapped and runs into the inaccessible page fails as a whole.
        XCTAssertEqual(wali_read_checked(guardPage - 2, &value, 4), -1)
    }

    /// SyscallArgs keeps six values by index; other indices read 0 and are not stored.
    func testSyscallArgsIndices() {
        var args = SyscallArgs()
        for i in 0..<6 { args[i] = Int64(i + 1) * -1_000_000_007 }
        for i in 0..<6 { XCTAssertEqual(args[i], Int64(i + 1) * -1_000_000_007) }
        args[6] = 99
        args[-1] = 99
        XCTAssertEqual(args[6], 0)
        XCTAssertEqual(args[-1], 0)
        XCTAssertEqual(SyscallArgs([1, 2, 3, 4, 5, 6, 7]).long(5), 6)
        XCTAssertEqual(SyscallArgs([-1]).int(0), -1)
        XCTAssertEqual(SyscallArgs([-1]).ptr(0), UInt32.max)
    }

    /// The stdio check the fork child's exit uses instead of fflush(NULL): it sees buffered
    /// output and no longer sees it once flushed. (stdout is buffered, a pipe or a terminal.)
    func testStdioPendingOutput() {
        fflush(nil)
        XCTAssertEqual(wali_stdio_has_pending_output(), 0)
        fputs(" ", stdout)
        XCTAssertEqual(wali_stdio_has_pending_output(), 1)
        HostIO.flushStandardStreams()
        XCTAssertEqual(wali_stdio_has_pending_output(), 0)
    }
}
