import CWALIHost
#if canImport(Glibc)
import Glibc
#endif

/// Polling syscalls: poll, select, epoll, eventfd. Every wait goes through the host's
/// ppoll/pselect6/epoll_pwait (present on every Linux host), with the guest's legacy forms
/// emulated on top. Waits are run by `t.blocking`; a relative timeout is kept as a monotonic
/// deadline so a re-run wait only sleeps for what is left. Signal masks given to ppoll,
/// pselect6 and epoll_pwait replace the thread's guest mask for the duration of the wait.
public enum Polling {
        /// Linux clamps select's nfds to the descriptor table size; past any possible table here.
    static let maxSelectDescriptors: Int32 = 1 << 20
    /// Events fetched from the host per epoll wait (fewer than asked for is always allowed).
    static let maxHostEpollEvents = 1024
    static let EPOLL_CTL_DEL: Int32 = 2
    static let RLIMIT_NOFILE = 7

    // MARK: poll

    public static func poll(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        // nfds_t is 64-bit in the guest, but the kernel takes an unsigned int.
        let count = UInt64(UInt32(truncatingIfNeeded: a.long(1)))
        let fds = try pollDescriptors(t, a.ptr(0), count: count)
        let timeout = a.int(2)
        let deadline = timeout >= 0 ? Deadline(milliseconds: timeout) : nil
        return try EngineFDs.hidingReserved(in: fds, count: Int(count)) { try t.blocking(restartable: false) {
            guard let deadline else {
                return try Host.syscall(HOST_NR_ppoll, Host.arg(fds), Int(count), 0, 0, 0)
            }
            var remaining = deadline.remainingTimespec
            return try withUnsafeMutablePointer(to: &remaining) {
                try Host.syscall(HOST_NR_ppoll, Host.arg(fds), Int(count), Host.arg($0), 0, 0)
            }
        } }
    }

    public static func ppoll(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        // nfds_t is 64-bit in the guest, but the kernel takes an unsigned int.
        let count = UInt64(UInt32(truncatingIfNeeded: a.long(1)))
        // Linux's order: timeout (EFAULT, EINVAL), signal mask (EINVAL, EFAULT), descriptors.
        // The host updates the guest's timespec with the time left, as Linux does.
        let timeout = try t.memory.optionalPtr(a.ptr(2), to: timespec.self)
        if let timeout { try PollLayouts.validateTimeout(timeout) }
        let mask = try PollLayouts.signalMask(t.memory, UInt64(a.ptr(3)), size: UInt64(a.uint(4)))
        let fds = try pollDescriptors(t, a.ptr(0), count: count)
        return try EngineFDs.hidingReserved(in: fds, count: Int(count)) {
            try withSignalMask(t, mask) {
                try Host.syscall(HOST_NR_ppoll, Host.arg(fds), Int(count), Host.arg(timeout?.host), 0, 0)
            }
        }
    }

    /// The pollfd array (8 bytes each, the same on every host): EINVAL past RLIMIT_NOFILE as on
    /// Linux, EFAULT for a bad range.
    static func pollDescriptors(_ t: WALIThread, _ address: UInt32, count: UInt64) throws -> UnsafeMutableRawPointer {
        if let fds = try? t.memory.array(address, count: Int(count), of: pollfd.self) {
            return fds.host
        }
        var limit = rlimit()
        _ = try? withUnsafeMutablePointer(to: &limit) {
            try Host.syscall(HOST_NR_prlimit64, 0, RLIMIT_NOFILE, 0, Host.arg($0))
        }
        if count > UInt64(limit.rlim_cur) { throw Errno.EINVAL }
        throw Errno.EFAULT
    }

    // MARK: select

    public static func select(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        let guestTimeout = try t.memory.optionalPtr(a.ptr(4), to: timeval.self)
        var timeout: timespec? = nil
        if let value = guestTimeout?.load() {
            let seconds = Int64(value.tv_sec), microseconds = Int64(value.tv_usec)
            // Linux carries whole seconds out of tv_usec instead of rejecting them.
            let s = seconds &+ microseconds / 1_000_000, ns = microseconds % 1_000_000 * 1000
            guard s >= 0, ns >= 0 else { throw Errno.EINVAL }
            timeout = timespec(tv_sec: Int(s), tv_nsec: Int(ns))
        }
        let zeroTimeout = timeout.map { $0.tv_sec == 0 && $0.tv_nsec == 0 } ?? true
        // Linux writes the time left back as a timeval whatever the outcome (not for a zero
        // timeout).
        defer {
            if let left = timeout, !zeroTimeout {
                guestTimeout?.store(timeval(tv_sec: left.tv_sec, tv_usec: left.tv_nsec / 1000))
            }
        }
        let sets = try fdSets(t, a)
        return try t.blocking(restartable: false) {
            guard timeout != nil else { return try hostSelect(sets, 0) }
            return try withUnsafeMutablePointer(to: &timeout!) { try hostSelect(sets, Host.arg($0)) }
        }
    }

    public static func pselect6(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        // Linux's order: the {set, size} pair (EFAULT), timeout (EFAULT, EINVAL), mask, fd sets.
        let argpack = try PollLayouts.pselectArgpack(t.memory, a.ptr(5))
        let timeout = try t.memory.optionalPtr(a.ptr(4), to: timespec.self)
        if let timeout { try PollLayouts.validateTimeout(timeout) }
        let mask = try PollLayouts.signalMask(t.memory, argpack.set, size: argpack.size)
        let sets = try fdSets(t, a)
        // The host updates the guest's timespec with the time left, as Linux does.
        return try withSignalMask(t, mask) { try hostSelect(sets, Host.arg(timeout?.host)) }
    }

    struct FDSets { let count: Int; let read: Int; let write: Int; let except: Int }

    /// The three optional fd_sets (args 1-3) for nfds (arg 0): bits in whole longs, the same
    /// on every host, passed in place.
    static func fdSets(_ t: WALIThread, _ a: SyscallArgs) throws -> FDSets {
        let n = a.int(0)
        guard n >= 0 else { throw Errno.EINVAL }
        let count = min(n, maxSelectDescriptors)
        let bytes = PollLayouts.fdSetBytes(Int(count))
        func set(_ i: Int) throws -> Int { Host.arg(try t.memory.optionalPointer(a.ptr(i), count: bytes)) }
        let sets = FDSets(count: Int(count), read: try set(1), write: try set(2), except: try set(3))
        try EngineFDs.checkSelectSets([sets.read, sets.write, sets.except], count: Int(count))
        return sets
    }

    static func hostSelect(_ sets: FDSets, _ timeout: Int) throws -> Int64 {
        try Host.syscall(HOST_NR_pselect6, sets.count, sets.read, sets.write, sets.except, timeout, 0)
    }

    // MARK: epoll

    public static func epoll_create(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        guard a.int(0) > 0 else { throw Errno.EINVAL }
        return try Host.syscall(HOST_NR_epoll_create1, 0)
    }

    public static func epoll_create1(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        try Host.syscall(HOST_NR_epoll_create1, Int(a.int(0)))
    }

    public static func epoll_ctl(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        let epfd = a.int(0), op = a.int(1), fd = a.int(2)
        // Linux reads the event first (EFAULT), except for EPOLL_CTL_DEL, which ignores it.
        if op == EPOLL_CTL_DEL {
            return try Host.syscall(HOST_NR_epoll_ctl, Int(epfd), Int(op), Int(fd), 0)
        }
        let event = try t.memory.load(a.ptr(3), as: GuestEpollEvent.self)
        var host = (UInt64(0), UInt64(0))
        return try withUnsafeMutableBytes(of: &host) { buffer in
            EpollEventLayout.host.write(event, to: buffer.baseAddress!)
            return try Host.syscall(HOST_NR_epoll_ctl, Int(epfd), Int(op), Int(fd), Host.arg(buffer.baseAddress!))
        }
    }

    public static func epoll_wait(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        try epollWait(t, epfd: a.int(0), events: a.ptr(1), maxEvents: a.int(2), timeout: a.int(3), mask: nil)
    }

    public static func epoll_pwait(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        // Linux installs the mask (EINVAL, EFAULT) before looking at the other arguments.
        let mask = try PollLayouts.signalMask(t.memory, UInt64(a.ptr(4)), size: UInt64(a.uint(5)))
        return try epollWait(t, epfd: a.int(0), events: a.ptr(1), maxEvents: a.int(2), timeout: a.int(3), mask: mask)
    }

    /// Waits into a host-layout buffer and converts the ready events to the guest's 12-byte
    /// records. As on Linux, the event array is only touched when events are delivered.
    static func epollWait(_ t: WALIThread, epfd: Int32, events: UInt32, maxEvents: Int32, timeout: Int32,
                          mask: UInt64?) throws -> Int64 {
        guard maxEvents > 0, Int(maxEvents) <= Int(Int32.max) / GuestEpollEvent.guestSize else { throw Errno.EINVAL }
        let layout = EpollEventLayout.host
        let hostCount = min(Int(maxEvents), maxHostEpollEvents)
        var host = [UInt8](repeating: 0, count: hostCount * layout.size)
        let deadline = timeout >= 0 ? Deadline(milliseconds: timeout) : nil
        let ready = try withSignalMask(t, mask) {
            let milliseconds = deadline?.remainingMilliseconds ?? -1
            return try host.withUnsafeMutableBytes {
                try Host.syscall(HOST_NR_epoll_pwait, Int(epfd), Host.arg($0.baseAddress!), hostCount, milliseconds, 0,
                                 PollLayouts.sigsetSize)
            }
        }
        if ready > 0 {
            let guest = try t.memory.array(events, count: Int(ready), of: GuestEpollEvent.self)
            host.withUnsafeBytes {
                for i in 0..<guest.count { guest[i].store(layout.read(from: $0.baseAddress! + i * layout.size)) }
            }
        }
        return ready
    }

    // MARK: eventfd

    public static func eventfd(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        try Host.syscall(HOST_NR_eventfd2, Int(a.uint(0)), 0)
    }

    public static func eventfd2(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        try Host.syscall(HOST_NR_eventfd2, Int(a.uint(0)), Int(a.int(1)))
    }

    // MARK: helpers

    /// Runs a wait, which Linux never restarts after a handler ran (signal(7)), whatever
    /// SA_RESTART says. With a guest mask (ppoll, pselect6, epoll_pwait) the thread's mask is
    /// replaced for the duration of the wait, host mask included, and handlers that run during
    /// it see it; a signal it unblocks that is already pending runs at once and the call fails
    /// with EINTR, as on Linux.
    static func withSignalMask(_ t: WALIThread, _ mask: UInt64?, _ wait: () throws -> Int64) throws -> Int64 {
        guard let mask else { return try t.blocking(restartable: false, wait) }
        let saved = t.signalMask
        t.setSignalMask(mask)
        defer { t.setSignalMask(saved) }
        if wali_signal_peek_pending() & ~t.signalMask != 0, try t.deliverAfterInterruption().handledAny {
            throw Errno.EINTR
        }
        return try t.blocking(restartable: false, wait)
    }
}

/// A relative timeout as a CLOCK_MONOTONIC deadline, so a restarted wait sleeps only for the rest.
struct Deadline {
    private let end: Int64

    init(milliseconds: Int32) { end = Deadline.now() + Int64(milliseconds) * 1_000_000 }

    static func now() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
    }

    var remainingNanoseconds: Int64 { max(0, end - Deadline.now()) }

    var remainingTimespec: timespec {
        let left = remainingNanoseconds
        return timespec(tv_sec: Int(left / 1_000_000_000), tv_nsec: Int(left % 1_000_000_000))
    }

    /// Rounded up, so a wait never ends early.
    var remainingMilliseconds: Int { Int((remainingNanoseconds + 999_999) / 1_000_000) }
}
