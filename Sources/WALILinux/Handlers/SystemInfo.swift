import CWALIHost
#if canImport(Glibc)
import Glibc
#endif

/// System information and resource limits: the host's, except that RLIMIT_AS and RLIMIT_DATA
/// describe the guest's linear memory (see `MemoryMappings.limit(resource:)`).
public enum SystemInfo {
    static let RLIMIT_DATA: Int32 = 2, RLIMIT_AS: Int32 = 9
    /// Linux's RLIM_NLIMITS.
    static let resourceCount: Int32 = 16

    /// The host's utsname, as Linux reports it (machine is the host's: x86_64, aarch64, ...).
    public static func uname(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        try GuestKernelRecord.fill(t.memory, a.ptr(0), size: GuestKernelRecord.utsnameSize) {
            try Host.syscall(HOST_NR_uname, Host.arg($0))
        }
    }

    public static func sysinfo(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        try GuestKernelRecord.fill(t.memory, a.ptr(0), size: GuestKernelRecord.sysinfoSize) {
            try Host.syscall(HOST_NR_sysinfo, Host.arg($0))
        }
    }

    public static func getrusage(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        try GuestKernelRecord.fill(t.memory, a.ptr(1), size: GuestKernelRecord.rusageSize) {
            try Host.syscall(HOST_NR_getrusage, Int(a.int(0)), Host.arg($0))
        }
    }

    public static func getrlimit(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        try limits(t, pid: 0, resource: a.int(0), new: 0, old: a.ptr(1), oldRequired: true)
    }

    public static func setrlimit(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        // setrlimit(res, NULL) is EFAULT, unlike prlimit64 where NULL means "no change".
        if a.ptr(1) == 0 { throw Errno.EFAULT }
        return try limits(t, pid: 0, resource: a.int(0), new: a.ptr(1), old: 0, oldRequired: false)
    }

    /// prlimit64: for the calling process (pid 0 or its own pid) as get/setrlimit. For another
    /// process the host decides (ESRCH, EPERM, ...), except that its RLIMIT_AS / RLIMIT_DATA are
    /// not changed from here (EPERM): that process may be an engine whose limits are virtual.
    public static func prlimit64(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        try limits(t, pid: a.int(0), resource: a.int(1), new: a.ptr(2), old: a.ptr(3), oldRequired: false)
    }

    private static func limits(_ t: WALIThread, pid: Int32, resource: Int32, new: UInt32, old: UInt32, oldRequired: Bool) throws -> Int64 {
        guard resource >= 0, resource < resourceCount else { throw Errno.EINVAL }
        let newValue = try t.memory.optionalPtr(new, to: GuestRLimit.self)?.load()
        let isSelf = pid == 0 || pid == getpid()
        let virtualLimit = resource == RLIMIT_AS || resource == RLIMIT_DATA
        if virtualLimit && isSelf {
            let mappings = t.process.mappings
            let current = mappings.limit(resource: resource)!
            let oldPointer = try oldLimit(t, old, required: oldRequired)
            if let newValue { try mappings.setLimit(resource: resource, (newValue.cur, newValue.max)) }
            oldPointer?.store(GuestRLimit(cur: current.cur, max: current.max))
            return 0
        }
        if virtualLimit && newValue != nil { throw Errno.EPERM }
        var hostNew = rlimit(rlim_cur: 0, rlim_max: 0)
        var hostOld = rlimit(rlim_cur: 0, rlim_max: 0)
        let policy = t.process.policyGuard
        var requested = newValue.map { (cur: $0.cur, max: $0.max) }
        if let policy, let value = requested {
            requested = try policy.checkSetLimit(t, resource: resource, isSelf: isSelf, value)
        }
        if let requested { hostNew = rlimit(rlim_cur: rlim_t(requested.cur), rlim_max: rlim_t(requested.max)) }
        let oldPointer = try oldLimit(t, old, required: oldRequired)
        _ = try withUnsafeMutablePointer(to: &hostNew) { np in
            try withUnsafeMutablePointer(to: &hostOld) { op in
                try Host.syscall(HOST_NR_prlimit64, Int(pid), Int(resource),
                                 newValue != nil ? Host.arg(np) : 0, old != 0 ? Host.arg(op) : 0)
            }
        }
        var reported = (cur: UInt64(hostOld.rlim_cur), max: UInt64(hostOld.rlim_max))
        if let policy, isSelf { reported = policy.virtualLimit(resource, host: reported) }
        oldPointer?.store(GuestRLimit(cur: reported.cur, max: reported.max))
        return 0
    }

    /// Where the old limit goes, checked before anything changes (getrlimit's NULL is EFAULT).
    private static func oldLimit(_ t: WALIThread, _ address: UInt32, required: Bool) throws -> GuestPtr<GuestRLimit>? {
        if required { return try t.memory.ptr(address) }
        return try t.memory.optionalPtr(address)
    }

    /// getrandom: the host fills the guest's buffer directly; it can block until the pool is ready.
    public static func getrandom(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        let count = a.size(1)
        let buffer = try t.memory.pointer(a.ptr(0), count: count)
        let flags = Int(a.uint(2))
        return try t.blocking { try Host.syscall(HOST_NR_getrandom, Host.arg(buffer), count, flags) }
    }
}
