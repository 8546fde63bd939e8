/// Directories syscalls.
public enum Directories {
    public static func getcwd(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 { throw Errno.ENOSYS }
    public static func chdir(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 { throw Errno.ENOSYS }
    public static func fchdir(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 { throw Errno.ENOSYS }
    public static func rename(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 { throw Errno.ENOSYS }
    public static func mkdir(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 { throw Errno.ENOSYS }
    public static func rmdir(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 { throw Errno.ENOSYS }
    public static func link(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 { throw Errno.ENOSYS }
    public static func unlink(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 { throw Errno.ENOSYS }
    public static func symlink(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 { throw Errno.ENOSYS }
    public static func chroot(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 { throw Errno.ENOSYS }
    public static func getdents64(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 { throw Errno.ENOSYS }
    public static func mkdirat(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 { throw Errno.ENOSYS }
    public static func unlinkat(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 { throw Errno.ENOSYS }
    public static func linkat(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 { throw Errno.ENOSYS }
    public static func symlinkat(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 { throw Errno.ENOSYS }
    public static func renameat2(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 { throw Errno.ENOSYS }
}
