import XCTest
import WALILinux
#if canImport(Glibc)
import Glibc
#endif

/// --strace decodes arguments the way strace prints them.
final class StraceTests: XCTestCase {
    func testArgumentFormats() throws {
        let region = mmap(nil, 65536, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)!
        defer { munmap(region, 65536) }
        let memory = GuestMemory(base: region, maxByteCount: 65536, currentSize: { 65536 }, grow: { _ in -1 })
        let path = Array("/etc/passwd\n\0".utf8)
        (region + 64).copyMemory(from: path, byteCount: path.count)

        XCTAssertEqual(Strace.format(.openFlags, 0o2000101, memory), "O_WRONLY|O_CREAT|O_CLOEXEC")
        XCTAssertEqual(Strace.format(.openFlags, 0, memory), "O_RDONLY")
        XCTAssertEqual(Strace.format(.mmapProt, 3, memory), "PROT_READ|PROT_WRITE")
        XCTAssertEqual(Strace.format(.mmapProt, 0, memory), "PROT_NONE")
        XCTAssertEqual(Strace.format(.mmapFlags, 0x22, memory), "MAP_PRIVATE|MAP_ANONYMOUS")
        XCTAssertEqual(Strace.format(.mmapFlags, 0x1_0000_0011, memory), "MAP_SHARED|MAP_FIXED")
        XCTAssertEqual(Strace.format(.dirfd, Int64(UInt32(bitPattern: -100)), memory), "AT_FDCWD")
        XCTAssertEqual(Strace.format(.path, 64, memory), "\"/etc/passwd\\n\"")
        XCTAssertEqual(Strace.format(.path, 0, memory), "NULL")
        XCTAssertEqual(Strace.format(.path, 0xFFFF_0000, memory), "0xffff0000")
        XCTAssertEqual(Strace.format(.octal, 0o644, memory), "0644")
    }
}
