import CWALIHost
#if canImport(Glibc)
import Glibc
#endif

/// Directory and name syscalls. The legacy path calls go through their *at forms (the only
/// ones an aarch64 host has). The working directory and root are the engine process's own,
/// which is the guest process's.
public enum Directories {
    static let AT_FDCWD = Files.AT_FDCWD
    static let AT_REMOVEDIR = 0x200

    @inline(__always) static func i(_ a: SyscallArgs, _ n: Int) -> Int { Int(a.int(n)) }

    /// Runs `body` with host copies of two guest paths, read in argument order.
    static func withPaths<R>(_ t: WALIThread, _ first: UInt32, _ second: UInt32, _ body: (Int, Int) throws -> R) throws -> R {
        try Files.withPath(t, first) { p in try Files.withPath(t, second) { q in try body(p, q) } }
    }

    /// getcwd returns the length including the NUL; ERANGE when the buffer is too small.
    public static func getcwd(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        if let r = try t.underPolicy({ try $0.getcwd(t, buffer: a.ptr(0), size: a.size(1)) }) { return r }
        let buf = t.memory.kernelBuffer(a.ptr(0), count: a.size(1))
        return try Host.syscall(HOST_NR_getcwd, buf, a.size(1))
    }
    public static func chdir(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        if let r = try t.underPolicy({ try $0.chdir(t, path: a.ptr(0)) }) { return r }
        return try Files.withPath(t, a.ptr(0)) { try Host.syscall(HOST_NR_chdir, $0) }
    }
    public static func fchdir(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        if let r = try t.underPolicy({ try $0.fchdir(t, fd: a.int(0)) }) { return r }
        return try Host.syscall(HOST_NR_fchdir, i(a, 0))
    }
    /// Refused as Linux refuses it without CAP_SYS_CHROOT (EPERM), privileged or not: it would
    /// change the root of the whole engine (the paths it opens itself, exec of modules). Linux
    /// looks the directory up and checks search permission first, so those errors come first.
    public static func chroot(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        if let r = try t.underPolicy({ fs in try fs.deny(t, .EPERM, "chroot under a policy") }) { return r }
        try Files.withPath(t, a.ptr(0)) { path in
            let fd = try Host.syscall(HOST_NR_openat, AT_FDCWD, path, Int(OpenFlags.toHost(0o10000000 | 0o200000 | 0o2000000 /* O_PATH|O_DIRECTORY|O_CLOEXEC */)))
            _ = try? Host.syscall(HOST_NR_close, Int(fd))
            _ = try Host.syscall(HOST_NR_faccessat, AT_FDCWD, path, Int(X_OK))
        }
        throw PolicyDenial(.EPERM, "memory sandbox: chroot would change the engine's root")
    }

    public static func mkdir(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        if let r = try t.underPolicy({ try $0.mkdir(t, dirfd: AT_FDCWD, path: a.ptr(0), mode: Int(a.uint(1))) }) { return r }
        return try Files.withPath(t, a.ptr(0)) { try Host.syscall(HOST_NR_mkdirat, AT_FDCWD, $0, Int(a.uint(1))) }
    }
    public static func mkdirat(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        if let r = try t.underPolicy({ try $0.mkdir(t, dirfd: i(a, 0), path: a.ptr(1), mode: Int(a.uint(2))) }) { return r }
        return try Files.withPath(t, a.ptr(1)) { try Host.syscall(HOST_NR_mkdirat, i(a, 0), $0, Int(a.uint(2))) }
    }
    public static func rmdir(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        if let r = try t.underPolicy({ try $0.unlink(t, dirfd: AT_FDCWD, path: a.ptr(0), flags: AT_REMOVEDIR) }) { return r }
        return try Files.withPath(t, a.ptr(0)) { try Host.syscall(HOST_NR_unlinkat, AT_FDCWD, $0, AT_REMOVEDIR) }
    }
    public static func unlink(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        if let r = try t.underPolicy({ try $0.unlink(t, dirfd: AT_FDCWD, path: a.ptr(0), flags: 0) }) { return r }
        return try Files.withPath(t, a.ptr(0)) { try Host.syscall(HOST_NR_unlinkat, AT_FDCWD, $0, 0) }
    }
    public static func unlinkat(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        if let r = try t.underPolicy({ try $0.unlink(t, dirfd: i(a, 0), path: a.ptr(1), flags: i(a, 2)) }) { return r }
        return try Files.withPath(t, a.ptr(1)) { try Host.syscall(HOST_NR_unlinkat, i(a, 0), $0, i(a, 2)) }
    }

    public static func rename(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        if let r = try t.underPolicy({ try $0.rename(t, fromDir: AT_FDCWD, from: a.ptr(0), toDir: AT_FDCWD, to: a.ptr(1), flags: 0) }) { return r }
        return try withPaths(t, a.ptr(0), a.ptr(1)) { try Host.syscall(HOST_NR_renameat2, AT_FDCWD, $0, AT_FDCWD, $1, 0) }
    }
    public static func renameat2(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        if let r = try t.underPolicy({ try $0.rename(t, fromDir: i(a, 0), from: a.ptr(1), toDir: i(a, 2), to: a.ptr(3), flags: i(a, 4)) }) { return r }
        return try withPaths(t, a.ptr(1), a.ptr(3)) { try Host.syscall(HOST_NR_renameat2, i(a, 0), $0, i(a, 2), $1, i(a, 4)) }
    }
    public static func link(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        if let r = try t.underPolicy({ try $0.link(t, fromDir: AT_FDCWD, from: a.ptr(0), toDir: AT_FDCWD, to: a.ptr(1), flags: 0) }) { return r }
        return try withPaths(t, a.ptr(0), a.ptr(1)) { try Host.syscall(HOST_NR_linkat, AT_FDCWD, $0, AT_FDCWD, $1, 0) }
    }
    public static func linkat(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        if let r = try t.underPolicy({ try $0.link(t, fromDir: i(a, 0), from: a.ptr(1), toDir: i(a, 2), to: a.ptr(3), flags: i(a, 4)) }) { return r }
        return try withPaths(t, a.ptr(1), a.ptr(3)) { try Host.syscall(HOST_NR_linkat, i(a, 0), $0, i(a, 2), $1, i(a, 4)) }
    }
    public static func symlink(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        if let r = try t.underPolicy({ try $0.symlink(t, target: a.ptr(0), dirfd: AT_FDCWD, path: a.ptr(1)) }) { return r }
        return try withPaths(t, a.ptr(0), a.ptr(1)) { try Host.syscall(HOST_NR_symlinkat, $0, AT_FDCWD, $1) }
    }
    public static func symlinkat(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        if let r = try t.underPolicy({ try $0.symlink(t, target: a.ptr(0), dirfd: i(a, 1), path: a.ptr(2)) }) { return r }
        return try withPaths(t, a.ptr(0), a.ptr(2)) { try Host.syscall(HOST_NR_symlinkat, $0, i(a, 1), $1) }
    }

    /// `struct linux_dirent64` holds no pointers and has the same layout everywhere, so the
    /// host kernel fills the guest buffer directly. The count is the kernel's unsigned int.
    public static func getdents64(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        let count = Int(a.uint(2))
        let buf = t.memory.kernelBuffer(a.ptr(1), count: count)
        return try Host.syscall(HOST_NR_getdents64, i(a, 0), buf, count)
    }
}
