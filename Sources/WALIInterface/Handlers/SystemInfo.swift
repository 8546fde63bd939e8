/// SystemInfo syscalls.
public enum SystemInfo {
    public static func uname(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 { throw Errno.ENOSYS }
    public static func getrlimit(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 { throw Errno.ENOSYS }
    public static func getrusage(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 { throw Errno.ENOSYS }
    public static func sysinfo(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 { throw Errno.ENOSYS }
    public static func setrlimit(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 { throw Errno.ENOSYS }
    public static func prlimit64(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 { throw Errno.ENOSYS }
    public static func getrandom(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 { throw Errno.ENOSYS }
}
