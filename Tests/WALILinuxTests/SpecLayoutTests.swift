import XCTest
import WALILinux
#if canImport(Glibc)
import Glibc
#endif

/// The engine's guest structure layouts against the spec's byte-exact ones (SpecLayouts.swift,
/// generated from wali.spec.TypeRegistry by scripts/generate).
final class SpecLayoutTests: XCTestCase {
    func spec(_ name: String) throws -> SpecLayouts.Layout {
        try XCTUnwrap(SpecLayouts.structs[name], "the spec has no \(name)")
    }

    /// (offset, size) of `field`, or of `field.member` inside a nested structure.
    func field(_ layout: SpecLayouts.Layout, _ name: String, member: (String, String)? = nil) throws -> (Int, Int) {
        let f = try XCTUnwrap(layout.fields[name], "no field \(name)")
        guard let (structName, memberName) = member else { return (f.offset, f.size) }
        let m = try XCTUnwrap(try spec(structName).fields[memberName])
        return (f.offset + m.offset, m.size)
    }

    func testStat() throws {
        let stat = try spec("struct stat")
        XCTAssertEqual(GuestStat.size, stat.size)
        for table in [GuestStat.x86_64, GuestStat.generic] {
            XCTAssertEqual(table.guestSize, stat.size)
            for f in table.fields {
                // Our names follow <sys/stat.h>'s macros: st_atime = st_atim.tv_sec, ...
                let expected: (Int, Int)
                if let time = ["st_atime": "st_atim", "st_mtime": "st_mtim", "st_ctime": "st_ctim"][f.name] {
                    expected = try field(stat, time, member: ("struct timespec", "tv_sec"))
                } else if f.name.hasSuffix("_nsec") {
                    let time = String(f.name.dropLast("e_nsec".count))  // st_atime_nsec -> st_atim
                    expected = try field(stat, time, member: ("struct timespec", "tv_nsec"))
                } else {
                    expected = try field(stat, f.name)
                }
                XCTAssertEqual(f.guestOffset, expected.0, "struct stat.\(f.name) offset")
                XCTAssertEqual(f.guestSize, expected.1, "struct stat.\(f.name) size")
            }
        }
    }

    func testStatfs() throws {
        let statfs = try spec("struct statfs")
        XCTAssertEqual(GuestStatfs.size, statfs.size)
        XCTAssertEqual(GuestStatfs.sixtyFourBit.guestSize, statfs.size)
        for f in GuestStatfs.sixtyFourBit.fields {
            let expected = try field(statfs, f.name)
            XCTAssertEqual(f.guestOffset, expected.0, "struct statfs.\(f.name) offset")
            XCTAssertEqual(f.guestSize, expected.1, "struct statfs.\(f.name) size")
        }
    }

    func testPassedThroughAndSimpleRecords() throws {
        XCTAssertEqual(timespec.guestSize, try spec("struct timespec").size)
        XCTAssertEqual(timeval.guestSize, try spec("struct timeval").size)
        XCTAssertEqual(GuestRLimit.guestSize, try spec("struct rlimit").size)
        XCTAssertEqual(GuestIOVec.guestSize, try spec("struct iovec").size)
        XCTAssertEqual(GuestStatx.size, try spec("struct statx").size)
        XCTAssertEqual(GuestKernelRecord.utsnameSize, try spec("struct utsname").size)
        let epoll = try spec("struct epoll_event")
        XCTAssertEqual(GuestEpollEvent.guestSize, epoll.size)
        XCTAssertEqual(EpollEventLayout.packed.dataOffset, try field(epoll, "data").0)
    }

    /// The engine writes the kernel's record, a prefix of the libc's larger structure: every
    /// field before the spec's reserved space, at the spec's offsets.
    func testKernelRecordsArePrefixesOfTheSpecs() throws {
        let rusage = try spec("struct rusage")
        XCTAssertEqual(GuestKernelRecord.rusageSize, try field(rusage, "reserved").0)
        let sysinfo = try spec("struct sysinfo")
        let memUnit = try field(sysinfo, "mem_unit")
        XCTAssertGreaterThanOrEqual(GuestKernelRecord.sysinfoSize, memUnit.0 + memUnit.1)
        XCTAssertLessThanOrEqual(GuestKernelRecord.sysinfoSize, sysinfo.size)
    }

    /// rt_sigaction reads the spec's packed struct k_sigaction: a record written at the spec's
    /// offsets becomes the disposition the engine records (SIG_IGN, so nothing runs on the host).
    func testRtSigactionReadsTheSpecsKSigaction() throws {
        let k = try spec("struct k_sigaction")
        let region = mmap(nil, 65536, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)!
        defer { munmap(region, 65536) }
        let memory = GuestMemory(base: region, maxByteCount: 65536, currentSize: { 65536 }, grow: { _ in -1 })
        let thread = WALIThread(process: WALIProcess(memory: memory, options: ProcessOptions(arguments: ["t"], environment: [])), tid: 1)
        let record = region + 1024
        let flags = SignalState.SA_RESTART | SignalState.SA_SIGINFO
        let mask = SignalState.bit(Int(SIGUSR2)) | SignalState.bit(Int(SIGTERM))
        record.storeBytes(of: SignalState.SIG_IGN.littleEndian, toByteOffset: try field(k, "handler").0, as: UInt32.self)
        record.storeBytes(of: flags.littleEndian, toByteOffset: try field(k, "flags").0, as: UInt64.self)
        record.storeBytes(of: UInt32(77).littleEndian, toByteOffset: try field(k, "restorer").0, as: UInt32.self)
        record.storeBytes(of: mask.littleEndian, toByteOffset: try field(k, "mask").0, as: UInt64.self)
        let previous = thread.process.signals.action(Int(SIGUSR1))
        defer { thread.process.signals.setAction(Int(SIGUSR1), previous) }
        XCTAssertEqual(try Signals.rt_sigaction(thread, SyscallArgs([Int64(SIGUSR1), 1024, 0, 8])), 0)
        let action = thread.process.signals.action(Int(SIGUSR1))
        XCTAssertEqual(action.handler, SignalState.SIG_IGN)
        XCTAssertEqual(action.flags, flags)
        XCTAssertEqual(action.restorer, 77)
        XCTAssertEqual(action.mask, mask)
    }
}
