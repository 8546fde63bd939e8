/// Polling syscalls.
public enum Polling {
    public static func poll(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 { throw Errno.ENOSYS }
    public static func select(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 { throw Errno.ENOSYS }
    public static func epoll_ctl(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 { throw Errno.ENOSYS }
    public static func pselect6(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 { throw Errno.ENOSYS }
    public static func ppoll(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 { throw Errno.ENOSYS }
    public static func epoll_pwait(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 { throw Errno.ENOSYS }
    public static func eventfd(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 { throw Errno.ENOSYS }
    public static func eventfd2(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 { throw Errno.ENOSYS }
    public static func epoll_create1(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 { throw Errno.ENOSYS }
    public static func epoll_create(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 { throw Errno.ENOSYS }
    public static func epoll_wait(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 { throw Errno.ENOSYS }
}
