/// Identity syscalls.
public enum Identity {
    public static func umask(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 { throw Errno.ENOSYS }
    public static func getuid(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 { throw Errno.ENOSYS }
    public static func getgid(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 { throw Errno.ENOSYS }
    public static func setuid(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 { throw Errno.ENOSYS }
    public static func setgid(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 { throw Errno.ENOSYS }
    public static func geteuid(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 { throw Errno.ENOSYS }
    public static func getegid(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 { throw Errno.ENOSYS }
    public static func setreuid(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 { throw Errno.ENOSYS }
    public static func setregid(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 { throw Errno.ENOSYS }
    public static func getgroups(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 { throw Errno.ENOSYS }
    public static func setgroups(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 { throw Errno.ENOSYS }
    public static func setresuid(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 { throw Errno.ENOSYS }
    public static func setresgid(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 { throw Errno.ENOSYS }
}
