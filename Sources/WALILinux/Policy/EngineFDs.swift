import CWALIHost
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// File descriptors the engine keeps open while a guest runs (directory grants, locks, ...).
/// They are the engine's: the guest can neither use, close nor replace them. `adopt` moves a
/// descriptor out of the range the guest allocates from; fd-taking syscalls refuse reserved ones.
///
/// Enforcement: `checkArguments` (every table argument of kind .fd/.dirfd, once, in dispatch),
/// `checkSet` (select's fd_sets, SCM_RIGHTS), `hidingReserved` (poll's arrays: POLLNVAL), and
/// `isEngineFile` (a /proc/self/fd/N re-open of an engine file is refused by MemorySandbox).
/// In the default mode (no policy) the engine holds no descriptor while the guest runs.
public enum EngineFDs {
    /// Reserved descriptors are numbered from here up (close-on-exec).
    static let base: Int32 = 1000
    /// What each reserved descriptor is, for recognising a re-open of it (device, inode, mode).
    nonisolated(unsafe) private static var reserved = [Int32: (device: UInt64, inode: UInt64, mode: UInt32)]()
    private static let lock = Mutex()
    /// How many are reserved: the fast path of every check (none in the default mode).
    private static let reservedCount = Atomic<Int>(0)

    /// Moves `fd` into the engine's range (closing the original) and reserves it. Returns the
    /// new number, or -1 with errno set.
    public static func adopt(_ fd: Int32) -> Int32 {
        var moved = fcntl(fd, F_DUPFD_CLOEXEC, base)
        if moved < 0 && errno == EINVAL {
            // The soft RLIMIT_NOFILE is below the engine's range (the guest's limit, e.g.
            // --max-fds): raise it just for this dup, as far as the hard limit allows, then put
            // it back. A descriptor above the soft limit stays valid; the guest's limit holds.
            var limit = (cur: UInt64(0), max: UInt64(0)) // struct rlimit64
            let nofile = 7
            withUnsafeMutableBytes(of: &limit) { l in
                guard wali_host_syscall(HOST_NR_prlimit64, 0, nofile, 0, Host.arg(l.baseAddress), 0, 0) == 0 else { return }
            }
            var raised = (cur: min(limit.max, UInt64(base) + 64), max: limit.max)
            if raised.cur > limit.cur {
                _ = withUnsafeMutableBytes(of: &raised) { wali_host_syscall(HOST_NR_prlimit64, 0, nofile, Host.arg($0.baseAddress), 0, 0, 0) }
                moved = fcntl(fd, F_DUPFD_CLOEXEC, base)
                _ = withUnsafeMutableBytes(of: &limit) { wali_host_syscall(HOST_NR_prlimit64, 0, nofile, Host.arg($0.baseAddress), 0, 0, 0) }
            }
        }
        if moved < 0 { return -1 }
        close(fd)
        var st = stat()
        let identity = fstat(moved, &st) == 0 ? (UInt64(st.st_dev), UInt64(st.st_ino), UInt32(st.st_mode)) : (0, 0, 0)
        lock.withLock {
            reserved[moved] = identity
            reservedCount.store(reserved.count, ordering: .releasing)
        }
        return moved
    }

    /// Closes a reserved descriptor and gives its number back.
    public static func release(_ fd: Int32) {
        lock.withLock {
            reserved[fd] = nil
            reservedCount.store(reserved.count, ordering: .releasing)
        }
        close(fd)
    }

    /// Whether `fd` is one of the engine's own.
    public static func contains(_ fd: Int32) -> Bool {
        // Reserved descriptors are all at `base` or above: the guest's own need no lock.
        if fd < base || reservedCount.load(ordering: .acquiring) == 0 { return false }
        return lock.withLock { reserved[fd] != nil }
    }

    /// Whether any descriptor is reserved.
    @inline(__always) public static var isActive: Bool { reservedCount.load(ordering: .acquiring) != 0 }

    /// EBADF if a descriptor argument of the call (by the table's argument kinds) is reserved:
    /// to the guest, the engine's descriptors are not open.
    @inline(__always)
    public static func checkArguments(name: String, kinds: [ArgKind], _ args: SyscallArgs) throws {
        if !isActive { return }
        for (i, kind) in kinds.enumerated() where kind == .fd || kind == .dirfd {
            // mmap ignores its fd for MAP_ANONYMOUS.
            if contains(args.int(i)) && !(name == "mmap" && args.int(3) & 0x20 != 0) { throw Errno.EBADF }
        }
    }

    /// EBADF if any of `fds` is reserved (SCM_RIGHTS payloads, select's sets).
    public static func checkSet(_ fds: some Sequence<Int32>) throws {
        if !isActive { return }
        for fd in fds where contains(fd) { throw Errno.EBADF }
    }

    /// select/pselect6: EBADF when a reserved descriptor below `count` is set in any of the
    /// given fd_sets (host addresses, 0 for an absent set), as Linux for one that is not open.
    public static func checkSelectSets(_ sets: [Int], count: Int) throws {
        if !isActive { return }
        let numbers = lock.withLock { reserved.keys.filter { Int($0) < count } }
        for set in sets where set != 0 {
            guard let p = UnsafeRawPointer(bitPattern: set) else { continue }
            for fd in numbers where p.load(fromByteOffset: Int(fd) / 8, as: UInt8.self) & (UInt8(1) << UInt8(fd % 8)) != 0 {
                throw Errno.EBADF
            }
        }
    }

    /// sendmsg: EBADF when an SCM_RIGHTS control message (host copy, header at `offset`, its
    /// cmsg_len `length`; 16-byte header: len u64, level i32, type i32) passes a reserved one.
    static func checkRights(_ control: [UInt8], at offset: Int, length: Int) throws {
        if !isActive { return }
        func int32(_ at: Int) -> Int32 {
            Int32(bitPattern: UInt32(control[at]) | UInt32(control[at + 1]) << 8 | UInt32(control[at + 2]) << 16 | UInt32(control[at + 3]) << 24)
        }
        guard int32(offset + 8) == 1 /* SOL_SOCKET */, int32(offset + 12) == 1 /* SCM_RIGHTS */ else { return }
        var at = offset + 16
        while at + 4 <= min(offset + length, control.count) {
            if contains(int32(at)) { throw Errno.EBADF }
            at += 4
        }
    }

    /// Runs a poll over `count` pollfd records (8 bytes: fd, events, revents) in place, with
    /// reserved descriptors hidden from the host and reported POLLNVAL, as Linux reports a
    /// descriptor that is not open. POLLNVAL is an event, so then the rest is only polled (no
    /// wait), as Linux returns at once; otherwise `wait` runs as given.
    public static func hidingReserved(in records: UnsafeMutableRawPointer, count: Int, _ wait: () throws -> Int64) throws -> Int64 {
        if !isActive { return try wait() }
        var hidden: [(index: Int, fd: Int32)] = []
        for i in 0..<count {
            let fd = Int32(littleEndian: records.loadUnaligned(fromByteOffset: i * 8, as: Int32.self))
            if contains(fd) {
                hidden.append((i, fd))
                records.storeBytes(of: Int32(-1).littleEndian, toByteOffset: i * 8, as: Int32.self) // skipped by the host
            }
        }
        if hidden.isEmpty { return try wait() }
        defer {
            for h in hidden { records.storeBytes(of: h.fd.littleEndian, toByteOffset: h.index * 8, as: Int32.self) }
        }
        var zero = timespec(tv_sec: 0, tv_nsec: 0)
        let ready = try withUnsafeMutablePointer(to: &zero) {
            try Host.syscall(HOST_NR_ppoll, Host.arg(records), count, Host.arg(UnsafeMutableRawPointer($0)), 0, 0)
        }
        for h in hidden {
            records.storeBytes(of: Int16(0x20 /* POLLNVAL */).littleEndian, toByteOffset: h.index * 8 + 6, as: Int16.self)
        }
        return ready + Int64(hidden.count)
    }

    /// Whether an opened file is one the engine keeps open and not a directory (directories
    /// are grants the guest reaches by its paths anyway): a re-open through /proc/self/fd/N.
    static func isEngineFile(device: UInt64, inode: UInt64, mode: UInt32) -> Bool {
        if !isActive || mode & UInt32(S_IFMT) == UInt32(S_IFDIR) { return false }
        return lock.withLock { reserved.values.contains { $0.device == device && $0.inode == inode } }
    }
}
