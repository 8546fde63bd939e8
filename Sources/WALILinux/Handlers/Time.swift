import CWALIHost
#if canImport(Glibc)
import Glibc
#endif

/// Time syscalls: host clocks; sleeps go through `t.blocking` and report the time left on EINTR.
public enum Time {
    public static func nanosleep(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        var remaining = try t.memory.load(a.ptr(0), as: timespec.self)
        let remAddress = a.ptr(1)
        return try t.blocking {
            try sleepOnce(t, &remaining, remAddress) { req, left in
                try Host.syscall(HOST_NR_nanosleep, Host.arg(req), Host.arg(left))
            }
        }
    }

    public static func clock_nanosleep(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        let clock = Int(a.int(0)), flags = a.int(1)
        let absolute = flags & 1 /* TIMER_ABSTIME */ != 0
        var remaining = try t.memory.load(a.ptr(2), as: timespec.self)
        // An absolute sleep restarts with the same deadline and never reports a remainder.
        let remAddress: UInt32 = absolute ? 0 : a.ptr(3)
        return try t.blocking {
            try sleepOnce(t, &remaining, remAddress, absolute: absolute) { req, left in
                try Host.syscall(HOST_NR_clock_nanosleep, clock, Int(flags), Host.arg(req), Host.arg(left))
            }
        }
    }

    /// One host sleep for `remaining`. On EINTR the time left becomes the next request (so a
    /// restart sleeps only what is left; an absolute deadline stays) and is written to the
    /// guest's `rem`, if given.
    private static func sleepOnce(_ t: WALIThread, _ remaining: inout timespec, _ remAddress: UInt32, absolute: Bool = false,
                                  _ call: (UnsafeMutableRawPointer, UnsafeMutableRawPointer) throws -> Int64) throws -> Int64 {
        var req = remaining
        var left = timespec()
        do {
            return try withUnsafeMutablePointer(to: &req) { r in
                try withUnsafeMutablePointer(to: &left) { l in try call(UnsafeMutableRawPointer(r), UnsafeMutableRawPointer(l)) }
            }
        } catch let e as Errno where e == .EINTR {
            if !absolute { remaining = left }
            if remAddress != 0 { try t.memory.store(remAddress, left) }
            throw e
        }
    }

    public static func gettimeofday(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        var tv = timeval()
        var tz = (Int32(0), Int32(0))
        _ = try withUnsafeMutablePointer(to: &tv) { tvp in
            try withUnsafeMutablePointer(to: &tz) { tzp in
                try Host.syscall(HOST_NR_gettimeofday, Host.arg(tvp), Host.arg(tzp))
            }
        }
        try t.memory.optionalPtr(a.ptr(0), to: timeval.self)?.store(tv)
        try t.memory.optionalPtr(a.ptr(1), to: GuestTimezone.self)?.store(GuestTimezone(minutesWest: tz.0, dstTime: tz.1))
        return 0
    }

    public static func clock_gettime(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        var ts = timespec()
        _ = try withUnsafeMutablePointer(to: &ts) { try Host.syscall(HOST_NR_clock_gettime, Int(a.int(0)), Host.arg($0)) }
        try t.memory.store(a.ptr(1), ts)
        return 0
    }

    public static func clock_getres(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        var ts = timespec()
        _ = try withUnsafeMutablePointer(to: &ts) { try Host.syscall(HOST_NR_clock_getres, Int(a.int(0)), Host.arg($0)) }
        try t.memory.optionalPtr(a.ptr(1), to: timespec.self)?.store(ts)
        return 0
    }

    public static func timerfd_create(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        // TFD_CLOEXEC / TFD_NONBLOCK have the same values on every Linux host.
        try Host.syscall(HOST_NR_timerfd_create, Int(a.int(0)), Int(a.int(1)))
    }

    public static func timerfd_settime(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        var new = try t.memory.load(a.ptr(2), as: itimerspec.self)
        var old = itimerspec()
        _ = try withUnsafeMutablePointer(to: &new) { np in
            try withUnsafeMutablePointer(to: &old) { op in
                try Host.syscall(HOST_NR_timerfd_settime, Int(a.int(0)), Int(a.int(1)), Host.arg(np),
                                 a.ptr(3) != 0 ? Host.arg(op) : 0)
            }
        }
        try t.memory.optionalPtr(a.ptr(3), to: itimerspec.self)?.store(old)
        return 0
    }
}
