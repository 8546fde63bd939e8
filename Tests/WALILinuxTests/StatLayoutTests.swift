import XCTest
import CWALIHost
import WALILinux
#if canImport(Glibc)
import Glibc
#endif

/// The guest's `struct stat` is the x86_64 kernel record (layouts.txt); host records are
/// translated by per-architecture field tables. These tests put known values through the tables
/// and read them back at the layouts.txt offsets.
final class StatLayoutTests: XCTestCase {
    func put<T: FixedWidthInteger>(_ buf: UnsafeMutableRawPointer, _ offset: Int, _ value: T) {
        buf.storeBytes(of: value.littleEndian, toByteOffset: offset, as: T.self)
    }
    func get<T: FixedWidthInteger>(_ buf: UnsafeRawPointer, _ offset: Int, as: T.Type = T.self) -> T {
        T(littleEndian: buf.loadUnaligned(fromByteOffset: offset, as: T.self))
    }

    /// The guest offsets from layouts.txt, `struct stat` (144 bytes).
    let guestOffsets: [String: (Int, Int)] = [
        "st_dev": (0, 8), "st_ino": (8, 8), "st_nlink": (16, 8), "st_mode": (24, 4), "st_uid": (28, 4),
        "st_gid": (32, 4), "st_rdev": (40, 8), "st_size": (48, 8), "st_blksize": (56, 8), "st_blocks": (64, 8),
        "st_atime": (72, 8), "st_atime_nsec": (80, 8), "st_mtime": (88, 8), "st_mtime_nsec": (96, 8),
        "st_ctime": (104, 8), "st_ctime_nsec": (112, 8),
    ]

    func testTablesUseLayoutsTxtGuestOffsets() {
        for table in [GuestStat.x86_64, GuestStat.generic] {
            XCTAssertEqual(table.guestSize, 144)
            for (name, (offset, size)) in guestOffsets {
                let f = table.fields.first { $0.name == name }
                XCTAssertNotNil(f, name)
                XCTAssertEqual(f?.guestOffset, offset, name)
                XCTAssertEqual(f?.guestSize, size, name)
            }
            for f in table.fields {
                XCTAssertLessThanOrEqual(f.guestOffset + f.guestSize, table.guestSize, f.name)
                XCTAssertLessThanOrEqual(f.hostOffset + f.hostSize, table.hostSize, f.name)
            }
        }
        XCTAssertTrue(GuestStat.x86_64.identical)
        XCTAssertFalse(GuestStat.generic.identical)
        XCTAssertEqual(GuestStat.generic.hostSize, 128)
    }

    /// An asm-generic (aarch64) host record with distinct values lands at the x86_64 offsets.
    func testGenericHostRecordTranslation() {
        let host = UnsafeMutableRawPointer.allocate(byteCount: 128, alignment: 16)
        let guest = UnsafeMutableRawPointer.allocate(byteCount: 144, alignment: 16)
        defer { host.deallocate(); guest.deallocate() }
        host.initializeMemory(as: UInt8.self, repeating: 0x5A, count: 128)
        guest.initializeMemory(as: UInt8.self, repeating: 0xAA, count: 144)
        put(host, 0, UInt64(0x0102_0304_0506_0708))  // st_dev
        put(host, 8, UInt64(0x1112_1314_1516_1718))  // st_ino
        put(host, 16, UInt32(0o100644))              // st_mode
        put(host, 20, UInt32(0xFFFF_FFFE))           // st_nlink: zero-extended
        put(host, 24, UInt32(1000))                  // st_uid
        put(host, 28, UInt32(2000))                  // st_gid
        put(host, 32, UInt64(0x0000_0000_0000_0801)) // st_rdev
        put(host, 48, Int64(-5))                     // st_size
        put(host, 56, Int32(-2))                     // st_blksize: sign-extended
        put(host, 64, Int64(77))                     // st_blocks
        put(host, 72, Int64(1_700_000_001)); put(host, 80, UInt64(111))
        put(host, 88, Int64(1_700_000_002)); put(host, 96, UInt64(222))
        put(host, 104, Int64(1_700_000_003)); put(host, 112, UInt64(333))

        GuestStat.generic.toGuest(host: host, guest: guest)

        XCTAssertEqual(get(guest, 0, as: UInt64.self), 0x0102_0304_0506_0708)
        XCTAssertEqual(get(guest, 8, as: UInt64.self), 0x1112_1314_1516_1718)
        XCTAssertEqual(get(guest, 16, as: UInt64.self), 0xFFFF_FFFE)
        XCTAssertEqual(get(guest, 24, as: UInt32.self), 0o100644)
        XCTAssertEqual(get(guest, 28, as: UInt32.self), 1000)
        XCTAssertEqual(get(guest, 32, as: UInt32.self), 2000)
        XCTAssertEqual(get(guest, 36, as: UInt32.self), 0, "pad0")
        XCTAssertEqual(get(guest, 40, as: UInt64.self), 0x801)
        XCTAssertEqual(get(guest, 48, as: Int64.self), -5)
        XCTAssertEqual(get(guest, 56, as: Int64.self), -2)
        XCTAssertEqual(get(guest, 64, as: Int64.self), 77)
        XCTAssertEqual(get(guest, 72, as: Int64.self), 1_700_000_001)
        XCTAssertEqual(get(guest, 80, as: UInt64.self), 111)
        XCTAssertEqual(get(guest, 88, as: Int64.self), 1_700_000_002)
        XCTAssertEqual(get(guest, 96, as: UInt64.self), 222)
        XCTAssertEqual(get(guest, 104, as: Int64.self), 1_700_000_003)
        XCTAssertEqual(get(guest, 112, as: UInt64.self), 333)
        for offset in stride(from: 120, to: 144, by: 8) {
            XCTAssertEqual(get(guest, offset, as: UInt64.self), 0, "unused at \(offset)")
        }
    }

    /// The x86_64 table is a plain copy of all 144 bytes.
    func testX86HostRecordIsCopied() {
        let host = UnsafeMutableRawPointer.allocate(byteCount: 144, alignment: 16)
        let guest = UnsafeMutableRawPointer.allocate(byteCount: 144, alignment: 16)
        defer { host.deallocate(); guest.deallocate() }
        for i in 0..<144 { host.storeBytes(of: UInt8(i), toByteOffset: i, as: UInt8.self) }
        GuestStat.x86_64.toGuest(host: host, guest: guest)
        XCTAssertEqual(memcmp(host, guest, 144), 0)
    }

    /// The table for the running host agrees with the host libc's own `struct stat`.
    func testHostTableMatchesHostKernel() throws {
        let fd = open("/", O_RDONLY | O_DIRECTORY)
        XCTAssertGreaterThanOrEqual(fd, 0)
        defer { close(fd) }
        var reference = Glibc.stat()
        XCTAssertEqual(fstat(fd, &reference), 0)
        let host = UnsafeMutableRawPointer.allocate(byteCount: GuestStat.hostBufferSize, alignment: 16)
        let guest = UnsafeMutableRawPointer.allocate(byteCount: 144, alignment: 16)
        defer { host.deallocate(); guest.deallocate() }
        XCTAssertEqual(try Host.syscall(HOST_NR_fstat, Int(fd), Int(bitPattern: host)), 0)
        GuestStat.host.toGuest(host: host, guest: guest)
        XCTAssertEqual(get(guest, 0, as: UInt64.self), UInt64(reference.st_dev))
        XCTAssertEqual(get(guest, 8, as: UInt64.self), UInt64(reference.st_ino))
        XCTAssertEqual(get(guest, 16, as: UInt64.self), UInt64(reference.st_nlink))
        XCTAssertEqual(get(guest, 24, as: UInt32.self), UInt32(reference.st_mode))
        XCTAssertEqual(get(guest, 28, as: UInt32.self), UInt32(reference.st_uid))
        XCTAssertEqual(get(guest, 32, as: UInt32.self), UInt32(reference.st_gid))
        XCTAssertEqual(get(guest, 48, as: Int64.self), Int64(reference.st_size))
        XCTAssertEqual(get(guest, 56, as: Int64.self), Int64(reference.st_blksize))
        XCTAssertEqual(get(guest, 64, as: Int64.self), Int64(reference.st_blocks))
        XCTAssertEqual(get(guest, 88, as: Int64.self), Int64(reference.st_mtim.tv_sec))
        XCTAssertEqual(get(guest, 96, as: Int64.self), Int64(reference.st_mtim.tv_nsec))
    }

    func testStatfsIsSixtyFourBitWords() {
        XCTAssertEqual(GuestStatfs.size, 120)
        XCTAssertTrue(GuestStatfs.host.identical)
        XCTAssertEqual(GuestStatfs.host.fields.map { $0.guestOffset }, [0, 8, 16, 24, 32, 40, 48, 56, 64, 72, 80, 88])
    }

    /// Open flags on a generic-ABI host: the four differing bits move, the rest stay.
    func testGenericOpenFlagRemap() {
        let table = OpenFlags.genericDifferences
        let x86Directory: Int32 = 0o200000, x86NoFollow: Int32 = 0o400000, cloexec: Int32 = 0o2000000
        let host = OpenFlags.remap(x86Directory | x86NoFollow | cloexec | 2, table, toHost: true)
        XCTAssertEqual(host, 0o40000 | 0o100000 | cloexec | 2)
        XCTAssertEqual(OpenFlags.remap(host, table, toHost: false), x86Directory | x86NoFollow | cloexec | 2)
        let all: Int32 = 0o40000 | 0o100000 | 0o200000 | 0o400000
        XCTAssertEqual(OpenFlags.remap(all, table, toHost: true), all)
        XCTAssertEqual(OpenFlags.toGuest(OpenFlags.toHost(0o1234567)), 0o1234567)
    }
}
