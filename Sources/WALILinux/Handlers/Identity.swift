import CWALIHost
#if canImport(Glibc)
import Glibc
#endif

/// Identity syscalls: the host's credentials, passed through. These are the kernel calls, so a
/// set* call changes the calling thread only; the guest's libc makes it process-wide as on Linux.
public enum Identity {
    public static func umask(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        try Host.syscall(HOST_NR_umask, Int(a.uint(0)))
    }
    public static func getuid(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 { try Host.syscall(HOST_NR_getuid) }
    public static func getgid(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 { try Host.syscall(HOST_NR_getgid) }
    public static func geteuid(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 { try Host.syscall(HOST_NR_geteuid) }
    public static func getegid(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 { try Host.syscall(HOST_NR_getegid) }

    public static func setuid(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        try Host.syscall(HOST_NR_setuid, Int(a.uint(0)))
    }
    public static func setgid(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        try Host.syscall(HOST_NR_setgid, Int(a.uint(0)))
    }
    public static func setreuid(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        try Host.syscall(HOST_NR_setreuid, Int(a.uint(0)), Int(a.uint(1)))
    }
    public static func setregid(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        try Host.syscall(HOST_NR_setregid, Int(a.uint(0)), Int(a.uint(1)))
    }
    public static func setresuid(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        try Host.syscall(HOST_NR_setresuid, Int(a.uint(0)), Int(a.uint(1)), Int(a.uint(2)))
    }
    public static func setresgid(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        try Host.syscall(HOST_NR_setresgid, Int(a.uint(0)), Int(a.uint(1)), Int(a.uint(2)))
    }

    /// Linux's NGROUPS_MAX.
    static let maxGroups = 65536

    /// getgroups(size, list): the host fills a scratch list; only the entries written are copied,
    /// so (as on Linux) only that part of the guest's buffer has to be valid.
    public static func getgroups(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        let size = a.int(0)
        guard size >= 0 else { throw Errno.EINVAL }
        if size == 0 { return try Host.syscall(HOST_NR_getgroups, 0, 0) }
        var list = [UInt32](repeating: 0, count: min(Int(size), maxGroups))
        let n = try list.withUnsafeMutableBufferPointer {
            try Host.syscall(HOST_NR_getgroups, $0.count, Host.arg(UnsafeMutableRawPointer($0.baseAddress!)))
        }
        try t.memory.array(a.ptr(1), count: Int(n), of: UInt32.self).store(Array(list[0..<Int(n)]))
        return n
    }

    public static func setgroups(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        let size = a.int(0)
        guard size >= 0, Int(size) <= maxGroups else { throw Errno.EINVAL }
        var list = try t.memory.array(a.ptr(1), count: Int(size), of: UInt32.self).loadAll()
        return try list.withUnsafeMutableBufferPointer {
            try Host.syscall(HOST_NR_setgroups, Int(size), size > 0 ? Host.arg(UnsafeMutableRawPointer($0.baseAddress!)) : 0)
        }
    }
}
