/// Processes syscalls.
public enum Processes {
    public static func sched_yield(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 { throw Errno.ENOSYS }
    public static func getpid(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 { throw Errno.ENOSYS }
    public static func fork(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 { throw Errno.ENOSYS }
    public static func execve(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 { throw Errno.ENOSYS }
    /// Ends the calling thread; the last thread ending ends the process.
    public static func exit(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        throw GuestExit(scope: .thread, status: a.int(0))
    }
    public static func wait4(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 { throw Errno.ENOSYS }
    public static func setpgid(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 { throw Errno.ENOSYS }
    public static func getppid(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 { throw Errno.ENOSYS }
    public static func setsid(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 { throw Errno.ENOSYS }
    public static func getpgid(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 { throw Errno.ENOSYS }
    public static func getsid(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 { throw Errno.ENOSYS }
    public static func prctl(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 { throw Errno.ENOSYS }
    public static func sched_getaffinity(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 { throw Errno.ENOSYS }
    public static func exit_group(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        throw t.process.exitProcess(status: a.int(0))
    }
    public static func sched_setscheduler(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 { throw Errno.ENOSYS }
}
