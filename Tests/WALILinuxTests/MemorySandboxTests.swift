import XCTest
import WALILinux
#if canImport(Glibc)
import Glibc
/// glibc's resource type as Swift imports it.
let RLIMIT_NOFILE_RESOURCE = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
#endif

/// The memory sandbox through the syscall table, in process: descriptors the engine keeps are
/// not open to the guest, and opens that reach memory are refused whatever the spelling.
final class MemorySandboxTests: XCTestCase {
    var region: UnsafeMutableRawPointer!
    var thread: WALIThread!

    override func setUp() {
        region = mmap(nil, 65536, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)!
        let memory = GuestMemory(base: region, maxByteCount: 65536, currentSize: { 65536 }, grow: { _ in -1 })
        let process = WALIProcess(memory: memory, options: ProcessOptions(arguments: ["test"], environment: []))
        thread = WALIThread(process: process, tid: hostThreadID())
    }

    override func tearDown() { munmap(region, 65536) }

    func call(_ name: String, _ args: [Int64]) throws -> Int64 {
        try ImportBinding.handler(for: "SYS_" + name, arity: args.count)(thread, SyscallArgs(args))
    }

    /// Puts a NUL-terminated string at `address` in guest memory.
    func put(_ s: String, at address: Int) -> Int64 {
        let bytes = Array(s.utf8) + [0]
        (region + address).copyMemory(from: bytes, byteCount: bytes.count)
        return Int64(address)
    }

    func testReservedDescriptorsAreNotOpenToTheGuest() throws {
        var template = Array("/tmp/wali-enginefd.XXXXXX".utf8CString)
        let raw = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        XCTAssertGreaterThanOrEqual(raw, 0)
        let path = String(cString: template)
        defer { unlink(path) }
        let fd = EngineFDs.adopt(raw)
        XCTAssertGreaterThanOrEqual(fd, 1000)
        defer { EngineFDs.release(fd) }
        let n = Int64(fd)
        let EBADF: Int64 = -9

        XCTAssertEqual(try call("read", [n, 64, 8]), EBADF)
        XCTAssertEqual(try call("write", [n, 64, 8]), EBADF)
        XCTAssertEqual(try call("fstat", [n, 64]), EBADF)
        XCTAssertEqual(try call("fcntl", [n, 1, 0]), EBADF)
        XCTAssertEqual(try call("close", [n]), EBADF)
        XCTAssertEqual(try call("dup", [n]), EBADF)
        XCTAssertEqual(try call("dup2", [0, n]), EBADF)
        XCTAssertEqual(try call("dup3", [0, n, 0]), EBADF)
        XCTAssertEqual(try call("fchdir", [n]), EBADF)
        XCTAssertEqual(try call("openat", [n, put("x", at: 512), 0, 0]), EBADF)
        XCTAssertEqual(try call("mmap", [0, 4096, 1, 2, n, 0]), EBADF)
        // The engine's descriptor is still open and still its own.
        XCTAssertEqual(fcntl(fd, F_GETFD), FD_CLOEXEC)

        // poll: POLLNVAL for it, as for a descriptor that is not open; the array is restored.
        region.storeBytes(of: fd, toByteOffset: 128, as: Int32.self)
        region.storeBytes(of: Int16(POLLIN), toByteOffset: 132, as: Int16.self)
        region.storeBytes(of: Int16(0), toByteOffset: 134, as: Int16.self)
        XCTAssertEqual(try call("poll", [128, 1, -1]), 1)
        XCTAssertEqual(region.load(fromByteOffset: 128, as: Int32.self), fd)
        XCTAssertEqual(region.load(fromByteOffset: 134, as: Int16.self), Int16(POLLNVAL))

        // select: EBADF when its bit is set.
        memset(region + 256, 0, 128)
        region.storeBytes(of: UInt8(1 << (fd % 8)), toByteOffset: 256 + Int(fd) / 8, as: UInt8.self)
        XCTAssertEqual(try call("select", [n + 1, 256, 0, 0, 0]), EBADF)

        // SCM_RIGHTS: passing it is EBADF; passing a descriptor of the guest's works.
        var pair: [Int32] = [-1, -1]
        XCTAssertEqual(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &pair), 0)
        defer { close(pair[0]); close(pair[1]) }
        func sendRights(_ passed: Int32) throws -> Int64 {
            let msg = 2048, iov = 2100, control = 2200, data = 2300
            memset(region + msg, 0, 36)
            region.storeBytes(of: UInt32(iov), toByteOffset: msg + 8, as: UInt32.self)
            region.storeBytes(of: UInt32(1), toByteOffset: msg + 12, as: UInt32.self)
            region.storeBytes(of: UInt32(control), toByteOffset: msg + 20, as: UInt32.self)
            region.storeBytes(of: UInt32(24), toByteOffset: msg + 24, as: UInt32.self)
            region.storeBytes(of: UInt32(data), toByteOffset: iov, as: UInt32.self)
            region.storeBytes(of: UInt32(1), toByteOffset: iov + 4, as: UInt32.self)
            memset(region + control, 0, 24)
            region.storeBytes(of: UInt32(20), toByteOffset: control, as: UInt32.self) // cmsg_len
            region.storeBytes(of: Int32(1), toByteOffset: control + 8, as: Int32.self) // SOL_SOCKET
            region.storeBytes(of: Int32(1), toByteOffset: control + 12, as: Int32.self) // SCM_RIGHTS
            region.storeBytes(of: passed, toByteOffset: control + 16, as: Int32.self)
            return try call("sendmsg", [Int64(pair[0]), Int64(msg), 0])
        }
        XCTAssertEqual(try sendRights(fd), EBADF)
        XCTAssertEqual(try sendRights(0), 1)

        // Re-opening it through /proc/self/fd/N is refused; the guest's own re-opens are not.
        XCTAssertEqual(try call("openat", [-100, put("/proc/self/fd/\(fd)", at: 512), 0, 0]), -13)
        let own = try call("openat", [-100, put(path, at: 512), 0, 0])
        XCTAssertEqual(own, -13, "the engine's file is the engine's, by any path")
        let devnull = try call("openat", [-100, put("/dev/null", at: 512), 0, 0])
        XCTAssertGreaterThanOrEqual(devnull, 0)
        XCTAssertEqual(try call("close", [devnull]), 0)
    }

    /// A soft RLIMIT_NOFILE below the engine's range is raised (within the hard limit) to adopt.
    func testAdoptRaisesALowDescriptorLimit() throws {
        var saved = rlimit()
        XCTAssertEqual(getrlimit(RLIMIT_NOFILE_RESOURCE, &saved), 0)
        try XCTSkipIf(saved.rlim_max < 1100, "the hard limit leaves no room for the engine's range")
        defer { var back = saved; setrlimit(RLIMIT_NOFILE_RESOURCE, &back) }
        var low = saved
        low.rlim_cur = 900
        XCTAssertEqual(setrlimit(RLIMIT_NOFILE_RESOURCE, &low), 0)
        let fd = EngineFDs.adopt(open("/dev/null", O_RDONLY))
        XCTAssertGreaterThanOrEqual(fd, 1000)
        EngineFDs.release(fd)
    }

    func testOpensReachingMemoryAreRefused() throws {
        let EACCES: Int64 = -13
        for spelling in ["/proc/self/mem", "/proc/\(getpid())/mem", "/proc/thread-self/maps", "/proc/self/../self/pagemap",
                         "/proc/self/task/\(hostThreadID())/mem", "/proc/self/auxv", "/proc/self/map_files"] {
            XCTAssertEqual(try call("open", [put(spelling, at: 1024), 0, 0]), EACCES, spelling)
            XCTAssertEqual(try call("open", [put(spelling, at: 1024), 0o10000000, 0]), EACCES, spelling + " O_PATH")
        }
        let status = try call("open", [put("/proc/self/status", at: 1024), 0, 0])
        XCTAssertGreaterThanOrEqual(status, 0)
        XCTAssertEqual(try call("close", [status]), 0)
        // chroot never reaches the host; its lookup errors come first.
        XCTAssertEqual(try call("chroot", [put("/", at: 1024)]), -1)
        XCTAssertEqual(try call("chroot", [put("/nonexistent-wali", at: 1024)]), -2)
    }
}
