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

    // Each legacy call is its *at form with AT_FDCWD (and flags 0).

    public static func mkdir(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        try mkdirAt(t, dirfd: AT_FDCWD, path: a.ptr(0), mode: Int(a.uint(1)))
    }
    public static func mkdirat(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        try mkdirAt(t, dirfd: i(a, 0), path: a.ptr(1), mode: Int(a.uint(2)))
    }
    static func mkdirAt(_ t: WALIThread, dirfd: Int, path: UInt32, mode: Int) throws -> Int64 {
        if let r = try t.underPolicy({ try $0.mkdir(t, dirfd: dirfd, path: path, mode: mode) }) { return r }
        return try Files.withPath(t, path) { try Host.syscall(HOST_NR_mkdirat, dirfd, $0, mode) }
    }

    public static func rmdir(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        try unlinkAt(t, dirfd: AT_FDCWD, path: a.ptr(0), flags: AT_REMOVEDIR)
    }
    public static func unlink(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        try unlinkAt(t, dirfd: AT_FDCWD, path: a.ptr(0), flags: 0)
    }
    public static func unlinkat(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        try unlinkAt(t, dirfd: i(a, 0), path: a.ptr(1), flags: i(a, 2))
    }
    static func unlinkAt(_ t: WALIThread, dirfd: Int, path: UInt32, flags: Int) throws -> Int64 {
        if let r = try t.underPolicy({ try $0.unlink(t, dirfd: dirfd, path: path, flags: flags) }) { return r }
        return try Files.withPath(t, path) { try Host.syscall(HOST_NR_unlinkat, dirfd, $0, flags) }
    }

    public static func rename(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        try renameAt(t, fromDir: AT_FDCWD, from: a.ptr(0), toDir: AT_FDCWD, to: a.ptr(1), flags: 0)
    }
    public static func renameat2(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        try renameAt(t, fromDir: i(a, 0), from: a.ptr(1), toDir: i(a, 2), to: a.ptr(3), flags: i(a, 4))
    }
    static func renameAt(_ t: WALIThread, fromDir: Int, from: UInt32, toDir: Int, to: UInt32, flags: Int) throws -> Int64 {
        if let r = try t.underPolicy({ try $0.rename(t, fromDir: fromDir, from: from, toDir: toDir, to: to, flags: flags) }) { return r }
        return try withPaths(t, from, to) { try Host.syscall(HOST_NR_renameat2, fromDir, $0, toDir, $1, flags) }
    }

    public static func link(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        try linkAt(t, fromDir: AT_FDCWD, from: a.ptr(0), toDir: AT_FDCWD, to: a.ptr(1), flags: 0)
    }
    public static func linkat(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        try linkAt(t, fromDir: i(a, 0), from: a.ptr(1), toDir: i(a, 2), to: a.ptr(3), flags: i(a, 4))
    }
    static func linkAt(_ t: WALIThread, fromDir: Int, from: UInt32, toDir: Int, to: UInt32, flags: Int) throws -> Int64 {
        if let r = try t.underPolicy({ try $0.link(t, fromDir: fromDir, from: from, toDir: toDir, to: to, flags: flags) }) { return r }
        return try withPaths(t, from, to) { try Host.syscall(HOST_NR_linkat, fromDir, $0, toDir, $1, flags) }
    }

    public static func symlink(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        try symlinkAt(t, target: a.ptr(0), dirfd: AT_FDCWD, path: a.ptr(1))
    }
    public static func symlinkat(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        try symlinkAt(t, target: a.ptr(0), dirfd: i(a, 1), path: a.ptr(2))
    }
    static func symlinkAt(_ t: WALIThread, target: UInt32, dirfd: Int, path: UInt32) throws -> Int64 {
        if let r = try t.underPolicy({ try $0.symlink(t, target: target, dirfd: dirfd, path: path) }) { return r }
        return try withPaths(t, target, path) { try Host.syscall(HOST_NR_symlinkat, $0, dirfd, $1) }
    }

    /// `struct linux_dirent64` holds no pointers and has the same layout everywhere, so the
    /// host kernel fills the guest buffer directly. The count is the kernel's unsigned int.
    public static func getdents64(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        let count = Int(a.uint(2))
        let buf = t.memory.kernelBuffer(a.ptr(1), count: count)
        return try Host.syscall(HOST_NR_getdents64, i(a, 0), buf, count)
    }
}
