import CWALIHost
#if canImport(Glibc)
import Glibc
#endif

/// File-descriptor syscalls: I/O, metadata, descriptors. Buffers are checked against linear
/// memory, then handed to the host kernel in place (no copies). Legacy calls an aarch64 host
/// lacks (open, stat, access, pipe, dup2, ...) go through their *at / modern forms everywhere,
/// so one code path serves every host.
public enum Files {
    static let AT_FDCWD = -100
    static let AT_SYMLINK_NOFOLLOW = 0x100
    static let AT_EMPTY_PATH = 0x1000

    // MARK: Shared helpers

    /// Runs `body` with a host copy of the guest path at `address` (NUL-terminated).
    @inline(__always)
    static func withPath<R>(_ t: WALIThread, _ address: UInt32, _ body: (Int) throws -> R) throws -> R {
        let path = try t.memory.path(address)
        return try path.withUnsafeBufferPointer { try body(Int(bitPattern: $0.baseAddress)) }
    }

    /// Like `withPath`, but when `nullable` a NULL path is passed on as NULL (calls that then
    /// act on the dirfd).
    @inline(__always)
    static func withPath<R>(_ t: WALIThread, _ address: UInt32, nullable: Bool, _ body: (Int) throws -> R) throws -> R {
        if nullable && address == 0 { return try body(0) }
        return try withPath(t, address, body)
    }

    /// A C `int` argument (fd, dirfd, flags) as a raw host argument (sign-extended).
    @inline(__always) static func i(_ a: SyscallArgs, _ n: Int) -> Int { Int(a.int(n)) }
    /// A C `unsigned int` argument (mode, uid) as a raw host argument.
    @inline(__always) static func u(_ a: SyscallArgs, _ n: Int) -> Int { Int(a.uint(n)) }

    /// Runs a host call that fills a kernel `struct stat`, then writes the guest's x86_64 record.
    /// The guest buffer is checked after the call, as Linux copies out after the lookup.
    @inline(__always)
    static func stat(_ t: WALIThread, into guest: UInt32, _ call: (Int) throws -> Int64) throws -> Int64 {
        try withUnsafeTemporaryAllocation(byteCount: GuestStat.hostBufferSize, alignment: 16) { host in
            _ = try call(Host.arg(host.baseAddress!))
            let out = try t.memory.pointer(guest, count: GuestStat.size)
            GuestStat.host.toGuest(host: UnsafeRawPointer(host.baseAddress!), guest: out)
            return 0
        }
    }

    static func statfs(_ t: WALIThread, into guest: UInt32, _ call: (Int) throws -> Int64) throws -> Int64 {
        try withUnsafeTemporaryAllocation(byteCount: GuestStatfs.hostBufferSize, alignment: 16) { host in
            _ = try call(Host.arg(host.baseAddress!))
            let out = try t.memory.pointer(guest, count: GuestStatfs.size)
            GuestStatfs.host.toGuest(host: UnsafeRawPointer(host.baseAddress!), guest: out)
            return 0
        }
    }

    /// Runs a vectored I/O call over the guest's iovec array. When the array cannot be
    /// translated, the host kernel is asked with an unreachable array so that its own earlier
    /// checks (EBADF, ESPIPE, negative offset) win over EFAULT/EINVAL, as on Linux.
    static func vectored(_ t: WALIThread, _ a: SyscallArgs, _ call: (Int, Int) throws -> Int64) throws -> Int64 {
        let count = a.int(2)
        let iov: [iovec]
        do {
            iov = try GuestIOVec.host(t.memory, a.ptr(1), count: count)
        } catch let e as Errno {
            do { _ = try call(GuestMemory.unreachableAddress, Int(count)) } catch let k as Errno where k != .EFAULT { throw k }
            throw e
        }
        return try iov.withUnsafeBufferPointer { buf in
            try t.blocking { try call(Int(bitPattern: buf.baseAddress), Int(count)) }
        }
    }

    // MARK: Read and write

    public static func read(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        let buf = t.memory.kernelBuffer(a.ptr(1), count: a.size(2))
        return try t.blocking { try Host.syscall(HOST_NR_read, i(a, 0), buf, a.size(2)) }
    }
    public static func write(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        let buf = t.memory.kernelBuffer(a.ptr(1), count: a.size(2))
        return try t.blocking { try Host.syscall(HOST_NR_write, i(a, 0), buf, a.size(2)) }
    }
    public static func pread64(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        let buf = t.memory.kernelBuffer(a.ptr(1), count: a.size(2))
        return try t.blocking { try Host.syscall(HOST_NR_pread64, i(a, 0), buf, a.size(2), Int(a.long(3))) }
    }
    public static func pwrite64(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        let buf = t.memory.kernelBuffer(a.ptr(1), count: a.size(2))
        return try t.blocking { try Host.syscall(HOST_NR_pwrite64, i(a, 0), buf, a.size(2), Int(a.long(3))) }
    }
    public static func readv(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        try vectored(t, a) { iov, n in try Host.syscall(HOST_NR_readv, i(a, 0), iov, n) }
    }
    public static func writev(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        try vectored(t, a) { iov, n in try Host.syscall(HOST_NR_writev, i(a, 0), iov, n) }
    }
    /// preadv(fd, iov, count, pos_l, pos_h): with 64-bit `long` the offset is all in pos_l and
    /// the kernel ignores pos_h; both are passed on unchanged.
    public static func preadv(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        try vectored(t, a) { iov, n in
            try Host.syscall(HOST_NR_preadv, i(a, 0), iov, n, Int(a.long(3)), Int(a.long(4)))
        }
    }
    /// sendfile(out_fd, in_fd, offset, count): the optional offset is a guest off_t (i64, the
    /// host's layout), read and updated by the kernel in place.
    public static func sendfile(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        let offset = try t.memory.optionalPointer(a.ptr(2), count: 8)
        return try t.blocking {
            try Host.syscall(HOST_NR_sendfile, i(a, 0), i(a, 1), Int(bitPattern: offset), a.size(3))
        }
    }
    /// copy_file_range(fd_in, off_in, fd_out, off_out, len, flags): offsets as sendfile's.
    public static func copy_file_range(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        let offIn = try t.memory.optionalPointer(a.ptr(1), count: 8)
        let offOut = try t.memory.optionalPointer(a.ptr(3), count: 8)
        return try t.blocking {
            try Host.syscall(HOST_NR_copy_file_range, i(a, 0), Int(bitPattern: offIn), i(a, 2),
                             Int(bitPattern: offOut), a.size(4), Int(a.uint(5)))
        }
    }
    public static func lseek(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        try Host.syscall(HOST_NR_lseek, i(a, 0), Int(a.long(1)), i(a, 2))
    }

    // MARK: Open and close

    public static func open(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        try openAt(t, dirfd: AT_FDCWD, path: a.ptr(0), flags: a.int(1), mode: a.uint(2))
    }
    public static func openat(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        try openAt(t, dirfd: i(a, 0), path: a.ptr(1), flags: a.int(2), mode: a.uint(3))
    }
    static func openAt(_ t: WALIThread, dirfd: Int, path: UInt32, flags: Int32, mode: UInt32) throws -> Int64 {
        if let fd = try t.underPolicy({ try $0.open(t, dirfd: dirfd, path: path, flags: flags, mode: mode) }) {
            // A grant may reach /proc (e.g. --dir /): the memory sandbox vets every opened file.
            try MemorySandbox.vetOpened(fd)
            return fd
        }
        let bytes = try t.memory.path(path)
        let hostFlags = Int(OpenFlags.toHost(flags))
        let fd = try bytes.withUnsafeBufferPointer { p in
            // Opening a FIFO blocks until the other end opens.
            try t.blocking { try Host.syscall(HOST_NR_openat, dirfd, Int(bitPattern: p.baseAddress), hostFlags, Int(mode)) }
        }
        try MemorySandbox.vetOpened(fd)
        t.process.didOpen(path: bytes)
        return fd
    }
    /// Not restarted: Linux releases the descriptor even when close reports EINTR.
    public static func close(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        try Host.syscall(HOST_NR_close, i(a, 0))
    }

    // MARK: Metadata

    public static func stat(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        try statAt(t, dirfd: AT_FDCWD, path: a.ptr(0), flags: 0, into: a.ptr(1))
    }
    public static func lstat(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        try statAt(t, dirfd: AT_FDCWD, path: a.ptr(0), flags: AT_SYMLINK_NOFOLLOW, into: a.ptr(1))
    }
    public static func fstat(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        try stat(t, into: a.ptr(1)) { try Host.syscall(HOST_NR_fstat, i(a, 0), $0) }
    }
    public static func newfstatat(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        try statAt(t, dirfd: i(a, 0), path: a.ptr(1), flags: i(a, 3), into: a.ptr(2))
    }
    /// A NULL path with AT_EMPTY_PATH is passed on (Linux 6.11 accepts it).
    static func statAt(_ t: WALIThread, dirfd: Int, path: UInt32, flags: Int, into buffer: UInt32) throws -> Int64 {
        let nullOK = path == 0 && flags & AT_EMPTY_PATH != 0
        if !nullOK, let r = try t.underPolicy({ try $0.stat(t, dirfd: dirfd, path: path, flags: flags, into: buffer) }) { return r }
        return try withPath(t, path, nullable: nullOK) { p in
            try stat(t, into: buffer) { try Host.syscall(HOST_NR_newfstatat, dirfd, p, $0, flags) }
        }
    }
    /// statx's record is the same on every architecture; it is still filled on the host side
    /// first so a bad buffer is reported after the lookup, as Linux does.
    public static func statx(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        let flags = i(a, 2)
        let nullOK = a.ptr(1) == 0 && flags & AT_EMPTY_PATH != 0
        if !nullOK, let r = try t.underPolicy({ try $0.statx(t, dirfd: i(a, 0), path: a.ptr(1), flags: flags, mask: u(a, 3), into: a.ptr(4)) }) { return r }
        return try withPath(t, a.ptr(1), nullable: nullOK) { path in
            try withUnsafeTemporaryAllocation(byteCount: GuestStatx.size, alignment: 16) { host in
                _ = try Host.syscall(HOST_NR_statx, i(a, 0), path, flags, u(a, 3), Host.arg(host.baseAddress!))
                let out = try t.memory.pointer(a.ptr(4), count: GuestStatx.size)
                out.copyMemory(from: host.baseAddress!, byteCount: GuestStatx.size)
                return 0
            }
        }
    }
    public static func statfs(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        if let r = try t.underPolicy({ try $0.statfs(t, path: a.ptr(0), into: a.ptr(1)) }) { return r }
        return try withPath(t, a.ptr(0)) { path in
            try statfs(t, into: a.ptr(1)) { try Host.syscall(HOST_NR_statfs, path, $0) }
        }
    }
    public static func fstatfs(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        try statfs(t, into: a.ptr(1)) { try Host.syscall(HOST_NR_fstatfs, i(a, 0), $0) }
    }

    public static func access(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        try accessAt(t, dirfd: AT_FDCWD, path: a.ptr(0), mode: i(a, 1), flags: nil)
    }
    /// The faccessat system call has no flags argument (libc emulates them or uses
    /// faccessat2); like the kernel, the fourth argument is ignored.
    public static func faccessat(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        try accessAt(t, dirfd: i(a, 0), path: a.ptr(1), mode: i(a, 2), flags: nil)
    }
    public static func faccessat2(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        try accessAt(t, dirfd: i(a, 0), path: a.ptr(1), mode: i(a, 2), flags: i(a, 3))
    }
    /// `flags` nil: the host's faccessat, which has none.
    static func accessAt(_ t: WALIThread, dirfd: Int, path: UInt32, mode: Int, flags: Int?) throws -> Int64 {
        if let r = try t.underPolicy({ try $0.access(t, dirfd: dirfd, path: path, mode: mode, flags: flags ?? 0) }) { return r }
        return try withPath(t, path) { p in
            if let flags { return try Host.syscall(HOST_NR_faccessat2, dirfd, p, mode, flags) }
            return try Host.syscall(HOST_NR_faccessat, dirfd, p, mode)
        }
    }

    public static func readlink(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        try readlinkAt(t, dirfd: AT_FDCWD, path: a.ptr(0), buf: a.ptr(1), size: a.uint(2))
    }
    public static func readlinkat(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        try readlinkAt(t, dirfd: i(a, 0), path: a.ptr(1), buf: a.ptr(2), size: a.uint(3))
    }
    static func readlinkAt(_ t: WALIThread, dirfd: Int, path: UInt32, buf: UInt32, size: UInt32) throws -> Int64 {
        // The kernel reads the size as an int and rejects <= 0 before anything else.
        guard Int32(bitPattern: size) > 0 else { throw Errno.EINVAL }
        if let r = try t.underPolicy({ try $0.readlink(t, dirfd: dirfd, path: path, buffer: buf, size: size) }) { return r }
        let out = t.memory.kernelBuffer(buf, count: Int(size))
        return try withPath(t, path) { try Host.syscall(HOST_NR_readlinkat, dirfd, $0, out, Int(size)) }
    }

    public static func chmod(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        try chmodAt(t, dirfd: AT_FDCWD, path: a.ptr(0), mode: u(a, 1))
    }
    public static func fchmod(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        try t.checkWritableUnderPolicy(a.int(0))
        return try Host.syscall(HOST_NR_fchmod, i(a, 0), u(a, 1))
    }
    /// Like faccessat, the fchmodat system call has no flags argument; it is ignored.
    public static func fchmodat(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        try chmodAt(t, dirfd: i(a, 0), path: a.ptr(1), mode: u(a, 2))
    }
    static func chmodAt(_ t: WALIThread, dirfd: Int, path: UInt32, mode: Int) throws -> Int64 {
        if let r = try t.underPolicy({ try $0.chmod(t, dirfd: dirfd, path: path, mode: mode) }) { return r }
        return try withPath(t, path) { try Host.syscall(HOST_NR_fchmodat, dirfd, $0, mode) }
    }
    public static func chown(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        try chownAt(t, dirfd: AT_FDCWD, path: a.ptr(0), owner: u(a, 1), group: u(a, 2), flags: 0)
    }
    public static func fchown(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        try t.checkWritableUnderPolicy(a.int(0))
        return try Host.syscall(HOST_NR_fchown, i(a, 0), u(a, 1), u(a, 2))
    }
    public static func fchownat(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        try chownAt(t, dirfd: i(a, 0), path: a.ptr(1), owner: u(a, 2), group: u(a, 3), flags: i(a, 4))
    }
    static func chownAt(_ t: WALIThread, dirfd: Int, path: UInt32, owner: Int, group: Int, flags: Int) throws -> Int64 {
        if let r = try t.underPolicy({ try $0.chown(t, dirfd: dirfd, path: path, owner: owner, group: group, flags: flags) }) { return r }
        return try withPath(t, path) { try Host.syscall(HOST_NR_fchownat, dirfd, $0, owner, group, flags) }
    }

    public static func truncate(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        if let r = try t.underPolicy({ try $0.truncate(t, path: a.ptr(0), length: Int(a.long(1))) }) { return r }
        return try withPath(t, a.ptr(0)) { path in try t.blocking { try Host.syscall(HOST_NR_truncate, path, Int(a.long(1))) } }
    }
    public static func ftruncate(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        try t.blocking { try Host.syscall(HOST_NR_ftruncate, i(a, 0), Int(a.long(1))) }
    }

    /// utimensat(dirfd, path, times[2], flags): `struct timespec` has the same layout on every
    /// 64-bit host. A NULL path acts on dirfd itself, as on Linux.
    public static func utimensat(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        let times = try t.memory.optionalArray(a.ptr(2), count: 2, of: timespec.self)
        if let r = try t.underPolicy({ try $0.utimens(t, dirfd: i(a, 0), path: a.ptr(1), times: Host.arg(times?.host), flags: i(a, 3)) }) { return r }
        return try withPath(t, a.ptr(1), nullable: true) {
            try Host.syscall(HOST_NR_utimensat, i(a, 0), $0, Host.arg(times?.host), i(a, 3))
        }
    }
    public static func utimes(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        try utimesAt(t, dirfd: AT_FDCWD, path: a.ptr(0), times: a.ptr(1), pathOptional: false)
    }
    public static func futimesat(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        try utimesAt(t, dirfd: i(a, 0), path: a.ptr(1), times: a.ptr(2), pathOptional: true)
    }
    /// utimes/futimesat take two `struct timeval`; carried out by utimensat (which aarch64 has)
    /// after the kernel's own checks: times are read first, microseconds must be in range.
    static func utimesAt(_ t: WALIThread, dirfd: Int, path: UInt32, times: UInt32, pathOptional: Bool) throws -> Int64 {
        var spec = [Int64](repeating: 0, count: 4)
        if let guestTimes = try t.memory.optionalArray(times, count: 2, of: timeval.self) {
            for (k, time) in guestTimes.loadAll().enumerated() {
                guard time.tv_usec >= 0, time.tv_usec < 1_000_000 else { throw Errno.EINVAL }
                spec[2 * k] = Int64(time.tv_sec)
                spec[2 * k + 1] = Int64(time.tv_usec) * 1000
            }
        }
        return try spec.withUnsafeBufferPointer { ts in
            let tsArg = times == 0 ? 0 : Int(bitPattern: ts.baseAddress)
            if path != 0 || pathOptional,
               let r = try t.underPolicy({ try $0.utimens(t, dirfd: dirfd, path: path, times: tsArg, flags: 0) }) { return r }
            return try withPath(t, path, nullable: pathOptional) {
                try Host.syscall(HOST_NR_utimensat, dirfd, $0, tsArg, 0)
            }
        }
    }

    // MARK: Descriptors

    public static func dup(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        try Host.syscall(HOST_NR_dup, i(a, 0))
    }
    /// dup2 is dup3 without flags, except that dup2(fd, fd) checks fd and returns it.
    public static func dup2(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        let old = i(a, 0), new = i(a, 1)
        if old == new {
            _ = try Host.syscall(HOST_NR_fcntl, old, Int(F_GETFD))
            return Int64(old)
        }
        return try Host.syscall(HOST_NR_dup3, old, new, 0)
    }
    /// O_CLOEXEC, the only flag, has the same value on every host.
    public static func dup3(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        try Host.syscall(HOST_NR_dup3, i(a, 0), i(a, 1), i(a, 2))
    }

    public static func pipe(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        try makePipe(t, a.ptr(0), flags: 0)
    }
    public static func pipe2(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        try makePipe(t, a.ptr(0), flags: OpenFlags.toHost(a.int(1)))
    }
    static func makePipe(_ t: WALIThread, _ address: UInt32, flags: Int32) throws -> Int64 {
        var fds: (Int32, Int32) = (-1, -1)
        _ = try withUnsafeMutablePointer(to: &fds) { try Host.syscall(HOST_NR_pipe2, Host.arg(UnsafeMutableRawPointer($0)), Int(flags)) }
        do {
            try t.memory.array(address, count: 2, of: Int32.self).store([fds.0, fds.1])
        } catch {
            // As Linux: the new descriptors are released when they cannot be handed out.
            _ = try? Host.syscall(HOST_NR_close, Int(fds.0))
            _ = try? Host.syscall(HOST_NR_close, Int(fds.1))
            throw error
        }
        return 0
    }

    /// How `fcntl` uses its `unsigned long` argument.
    enum FcntlArg {
        case value, blockingLock, lock, openFlags, record(Int)
    }
    /// Commands by x86_64 number (the generic 64-bit ABI uses the same numbers).
    static let fcntlCommands: [Int32: FcntlArg] = [
        0: .value,     // F_DUPFD
        1: .value,     // F_GETFD
        2: .value,     // F_SETFD
        3: .openFlags, // F_GETFL
        4: .openFlags, // F_SETFL
        5: .lock,      // F_GETLK
        6: .lock,      // F_SETLK
        7: .blockingLock, // F_SETLKW
        8: .value,     // F_SETOWN
        9: .value,     // F_GETOWN
        10: .value,    // F_SETSIG
        11: .value,    // F_GETSIG
        15: .record(8), // F_SETOWN_EX: struct f_owner_ex { int type; pid_t pid; }
        16: .record(8), // F_GETOWN_EX
        17: .record(8), // F_GETOWNER_UIDS: uid_t[2]
        36: .lock,     // F_OFD_GETLK
        37: .lock,     // F_OFD_SETLK
        38: .blockingLock, // F_OFD_SETLKW
        1024: .value,  // F_SETLEASE
        1025: .value,  // F_GETLEASE
        1026: .value,  // F_NOTIFY
        1027: .value,  // F_DUPFD_QUERY
        1028: .value,  // F_CREATED_QUERY
        1030: .value,  // F_DUPFD_CLOEXEC
        1031: .value,  // F_SETPIPE_SZ
        1032: .value,  // F_GETPIPE_SZ
        1033: .value,  // F_ADD_SEALS
        1034: .value,  // F_GET_SEALS
        1035: .record(8), // F_GET_RW_HINT: u64
        1036: .record(8), // F_SET_RW_HINT
        1037: .record(8), // F_GET_FILE_RW_HINT
        1038: .record(8), // F_SET_FILE_RW_HINT
    ]

    public static func fcntl(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        let fd = i(a, 0), cmd = a.int(1), arg = a.long(2)
        guard let kind = fcntlCommands[cmd] else {
            _ = try Host.syscall(HOST_NR_fcntl, fd, Int(F_GETFD)) // EBADF comes first
            throw Errno.EINVAL
        }
        /// A pointer argument: only the low 32 bits can address linear memory.
        func record(_ size: Int) -> Int {
            arg >= 0 && arg <= Int64(UInt32.max) ? t.memory.kernelBuffer(UInt32(arg), count: size) : GuestMemory.unreachableAddress
        }
        switch kind {
        case .value:
            return try Host.syscall(HOST_NR_fcntl, fd, Int(cmd), Int(arg))
        case .openFlags:
            if cmd == 3 {
                let flags = try Host.syscall(HOST_NR_fcntl, fd, Int(cmd))
                return Int64(OpenFlags.toGuest(Int32(truncatingIfNeeded: flags)))
            }
            let flags = OpenFlags.toHost(Int32(truncatingIfNeeded: arg))
            return try Host.syscall(HOST_NR_fcntl, fd, Int(cmd), Int(flags))
        case .lock:
            return try Host.syscall(HOST_NR_fcntl, fd, Int(cmd), record(GuestFlock.size))
        case .blockingLock:
            let p = record(GuestFlock.size)
            return try t.blocking { try Host.syscall(HOST_NR_fcntl, fd, Int(cmd), p) }
        case .record(let size):
            return try Host.syscall(HOST_NR_fcntl, fd, Int(cmd), record(size))
        }
    }

    public static func flock(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        try t.blocking { try Host.syscall(HOST_NR_flock, i(a, 0), i(a, 1)) }
    }
    public static func fsync(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        try Host.syscall(HOST_NR_fsync, i(a, 0))
    }
    public static func fdatasync(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        try Host.syscall(HOST_NR_fdatasync, i(a, 0))
    }
    /// The advice values are the same on x86_64 and the generic ABI; the host's libc picks the
    /// right system call (fadvise64 / fadvise64_64) and returns the error number directly.
    public static func fadvise(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        let r = posix_fadvise(a.int(0), off_t(a.long(1)), off_t(a.long(2)), a.int(3))
        if r != 0 { throw Errno(r) }
        return 0
    }

    // MARK: ioctl

    /// How a known ioctl request uses its argument.
    enum IoctlArg {
        /// Ignored.
        case none
        /// An integer passed by value.
        case value
        /// Open flags passed by value (TIOCGPTPEER).
        case openFlags
        /// A pointer to a pointer-free record of this size, same layout on every host.
        case record(Int)
    }

    /// Terminal, file and socket-interface requests by their x86_64 number (the same on the generic ABI).
    /// `struct termios` is the kernel's 36-byte one, `termios2` 44, `termio` 18, `winsize` 8.
    static let ioctlRequests: [UInt32: IoctlArg] = [
        0x5401: .record(36), // TCGETS
        0x5402: .record(36), // TCSETS
        0x5403: .record(36), // TCSETSW
        0x5404: .record(36), // TCSETSF
        0x5405: .record(18), // TCGETA
        0x5406: .record(18), // TCSETA
        0x5407: .record(18), // TCSETAW
        0x5408: .record(18), // TCSETAF
        0x5409: .value,      // TCSBRK
        0x540A: .value,      // TCXONC
        0x540B: .value,      // TCFLSH
        0x540C: .none,       // TIOCEXCL
        0x540D: .none,       // TIOCNXCL
        0x540E: .value,      // TIOCSCTTY
        0x540F: .record(4),  // TIOCGPGRP
        0x5410: .record(4),  // TIOCSPGRP
        0x5411: .record(4),  // TIOCOUTQ
        0x5412: .record(1),  // TIOCSTI
        0x5413: .record(8),  // TIOCGWINSZ
        0x5414: .record(8),  // TIOCSWINSZ
        0x5415: .record(4),  // TIOCMGET
        0x5416: .record(4),  // TIOCMBIS
        0x5417: .record(4),  // TIOCMBIC
        0x5418: .record(4),  // TIOCMSET
        0x5419: .record(4),  // TIOCGSOFTCAR
        0x541A: .record(4),  // TIOCSSOFTCAR
        0x541B: .record(4),  // FIONREAD / TIOCINQ
        0x541D: .none,       // TIOCCONS
        0x5420: .record(4),  // TIOCPKT
        0x5421: .record(4),  // FIONBIO
        0x5422: .none,       // TIOCNOTTY
        0x5423: .record(4),  // TIOCSETD
        0x5424: .record(4),  // TIOCGETD
        0x5425: .value,      // TCSBRKP
        0x5427: .none,       // TIOCSBRK
        0x5428: .none,       // TIOCCBRK
        0x5429: .record(4),  // TIOCGSID
        0x802C_542A: .record(44), // TCGETS2
        0x402C_542B: .record(44), // TCSETS2
        0x402C_542C: .record(44), // TCSETSW2
        0x402C_542D: .record(44), // TCSETSF2
        0x8004_5430: .record(4),  // TIOCGPTN
        0x4004_5431: .record(4),  // TIOCSPTLCK
        0x8004_5432: .record(4),  // TIOCGDEV
        0x5437: .none,            // TIOCVHANGUP
        0x8004_5438: .record(4),  // TIOCGPKT
        0x8004_5439: .record(4),  // TIOCGPTLCK
        0x8004_5440: .record(4),  // TIOCGEXCL
        0x5441: .openFlags,       // TIOCGPTPEER
        0x5450: .none,            // FIONCLEX
        0x5451: .none,            // FIOCLEX
        0x5452: .record(4),       // FIOASYNC
        0x5460: .record(8),       // FIOQSIZE
        0x0002: .record(4),       // FIGETBSZ
        0x8008_6601: .record(8),  // FS_IOC_GETFLAGS
        0x4008_6602: .record(8),  // FS_IOC_SETFLAGS
        0x4004_9409: .value,      // FICLONE
        0x4020_940D: .record(32), // FICLONERANGE
        0x1268: .record(4),       // BLKSSZGET
        0x8008_1272: .record(8),  // BLKGETSIZE64
        // Socket requests on one interface: `struct ifreq` is 40 bytes for the guest too (its
        // `long` is 64-bit), a name and a union without pointers for these requests, and the
        // kernel copies all of it in and out. if_nametoindex/if_indextoname use the first two.
        0x8905: .record(4),       // SIOCATMARK
        0x8910: .record(40),      // SIOCGIFNAME
        0x8913: .record(40),      // SIOCGIFFLAGS
        0x8915: .record(40),      // SIOCGIFADDR
        0x8917: .record(40),      // SIOCGIFDSTADDR
        0x8919: .record(40),      // SIOCGIFBRDADDR
        0x891B: .record(40),      // SIOCGIFNETMASK
        0x8921: .record(40),      // SIOCGIFMTU
        0x8927: .record(40),      // SIOCGIFHWADDR
        0x8933: .record(40),      // SIOCGIFINDEX
    ]

    /// Requests that put bytes into a terminal's input or take over the console: a confined
    /// guest must not type commands into the shell that started it. Under a policy they are
    /// EPERM (as for a process that is not allowed to); in the default mode TIOCSTI and TIOCCONS
    /// go to the host as for the native program (Linux 6.2+ refuses TIOCSTI unless
    /// `dev.tty.legacy_tiocsti` is set or the caller has CAP_SYS_ADMIN), and TIOCLINUX is not
    /// supported (ENOTTY).
    static let terminalInjection: [UInt32: String] = [0x5412: "TIOCSTI", 0x541C: "TIOCLINUX", 0x541D: "TIOCCONS"]

    /// Known requests go to the host with their argument checked by the size the request
    /// implies. Unknown ones may carry pointers of unknown extent, so they are refused with
    /// ENOTTY, which Linux gives for a request the file does not support.
    public static func ioctl(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        let fd = i(a, 0), request = a.uint(1), argp = a.ptr(2)
        if t.process.policyGuard != nil, let name = terminalInjection[request] {
            _ = try Host.syscall(HOST_NR_fcntl, fd, Int(F_GETFD)) // EBADF comes first
            try t.enforce(false, .EPERM, "ioctl \(name) (terminal input injection) under a policy")
        }
        guard let kind = ioctlRequests[request] else {
            _ = try Host.syscall(HOST_NR_fcntl, fd, Int(F_GETFD)) // EBADF comes first
            throw Errno.ENOTTY
        }
        let arg: Int
        switch kind {
        case .none: arg = 0
        case .value: arg = Int(argp)
        case .openFlags: arg = Int(OpenFlags.toHost(Int32(bitPattern: argp)))
        case .record(let size): arg = t.memory.kernelBuffer(argp, count: size)
        }
        // TCSETSW/TCSETSF and TCSBRK wait for output to drain.
        return try t.blocking { try Host.syscall(HOST_NR_ioctl, fd, Int(request), arg) }
    }
}
