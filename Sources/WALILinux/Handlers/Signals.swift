import CWALIHost
#if canImport(Glibc)
import Glibc
#endif

/// Signals syscalls. Dispositions and the blocked mask are the engine's (SignalState,
/// WALIThread.signalMask) mirrored onto the host; handlers run at safe points (Dispatch.swift).
public enum Signals {
    /// The guest's sigset_t as the kernel reads it: 8 bytes.
    static let sigsetSize = 8

    @inline(__always) static func validSignal(_ signo: Int32) -> Bool { signo >= 1 && signo <= 64 }

    /// rt_sigaction with the packed 24-byte WALI record: u32 handler (table index; SIG_DFL 0,
    /// SIG_IGN 0xFFFFFFFE), u64 flags (unaligned, at +4), u32 restorer, u64 mask.
    public static func rt_sigaction(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        let signo = a.int(0)
        guard a.size(3) == sigsetSize else { throw Errno.EINVAL }
        let new = try t.memory.optionalPtr(a.ptr(1), to: SignalState.Action.self)?.load()
        guard validSignal(signo), new == nil || (signo != 9 && signo != 19) else { throw Errno.EINVAL }
        let old = t.process.signals.action(Int(signo))
        if var action = new {
            action.mask &= ~SignalState.unblockable
            t.process.signals.setAction(Int(signo), action)
            // Linux discards a pending signal whose action becomes "ignore".
            if action.isIgnored || (action.isDefault && SignalState.defaultAction(Int(signo)) == .ignore) {
                _ = wali_signal_take_pending(SignalState.bit(Int(signo)))
            }
        }
        try t.memory.optionalPtr(a.ptr(2), to: SignalState.Action.self)?.store(old)
        return 0
    }

    /// rt_sigprocmask: the guest's mask, mirrored on the host thread.
    public static func rt_sigprocmask(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        guard a.size(3) == sigsetSize else { throw Errno.EINVAL }
        // A signal that arrived while the guest ran since the last safe point would have been
        // delivered natively before this call; deliver it before it can be blocked.
        try t.deliverPendingSignals()
        let old = t.signalMask
        if a.ptr(1) != 0 {
            let set: UInt64 = try t.memory.load(a.ptr(1))
            switch a.int(0) {
            case 0: t.setSignalMask(old | set)      // SIG_BLOCK
            case 1: t.setSignalMask(old & ~set)     // SIG_UNBLOCK
            case 2: t.setSignalMask(set)            // SIG_SETMASK
            default: throw Errno.EINVAL
            }
        }
        if a.ptr(2) != 0 { try t.memory.store(a.ptr(2), old) }
        return 0
    }

    /// Handlers return normally into the engine, which restores the interrupted state itself;
    /// there is no frame for a guest-issued rt_sigreturn to unwind.
    public static func rt_sigreturn(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 { throw Errno.ENOSYS }

    /// setitimer: the host's timers (ITIMER_REAL raises the host SIGALRM, recorded like any
    /// signal). struct itimerval is pointer-free (2 timevals, 32 bytes): passed in place.
    public static func setitimer(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        let new = try t.memory.optionalPtr(a.ptr(1), to: itimerval.self)
        let old = try t.memory.optionalPtr(a.ptr(2), to: itimerval.self)
        return try Host.syscall(HOST_NR_setitimer, Int(a.int(0)), Host.arg(new?.host), Host.arg(old?.host))
    }

    /// getitimer: the host's timer as setitimer set it (CPython's signal.getitimer, and
    /// setitimer's callers that read the time left without changing it).
    public static func getitimer(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        let current = try t.memory.ptr(a.ptr(1), to: itimerval.self)
        return try Host.syscall(HOST_NR_getitimer, Int(a.int(0)), Host.arg(current.host))
    }

    /// The host's alarm syscall number, -1 where there is none. Read at run time, so that the
    /// fallback below is compiled (and not warned about as unreachable) on every host.
    static let hostAlarm = Int(HOST_NR_alarm)

    /// alarm, also where the host has no alarm syscall (aarch64): ITIMER_REAL with the kernel's
    /// rounding of the time left.
    public static func alarm(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        if hostAlarm >= 0 { return try Host.syscall(hostAlarm, Int(a.uint(0))) }
        var new = [Int64](repeating: 0, count: 4)
        var old = [Int64](repeating: 0, count: 4)
        new[2] = Int64(a.uint(0))
        _ = try new.withUnsafeMutableBytes { n in
            try old.withUnsafeMutableBytes { o in
                try Host.syscall(HOST_NR_setitimer, 0, Host.arg(n.baseAddress), Host.arg(o.baseAddress))
            }
        }
        var seconds = old[2]
        if (seconds == 0 && old[3] != 0) || old[3] >= 500_000 { seconds += 1 }
        return seconds
    }

    /// kill: the host's (guest pids are host pids). Signals the engine keeps to itself
    /// (SIGSEGV/SIGBUS with a guest handler, 32/33) sent to this very process are posted to
    /// the guest directly.
    public static func kill(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        let pid = a.int(0), signo = a.int(1)
        if validSignal(signo), SignalState.isVirtual(Int(signo)), pid == getpid() {
            if try postVirtual(t, signo: signo, to: nil) { return 0 }
        }
        return try Host.syscall(HOST_NR_kill, Int(pid), Int(signo))
    }

    /// tkill: the host's (guest tids are host tids); the host signal lands on that very thread.
    public static func tkill(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        let tid = a.int(0), signo = a.int(1)
        guard tid > 0 else { throw Errno.EINVAL }
        if validSignal(signo), SignalState.isVirtual(Int(signo)), let target = t.process.thread(tid: tid) {
            if try postVirtual(t, signo: signo, to: target) { return 0 }
        }
        return try Host.syscall(HOST_NR_tkill, Int(tid), Int(signo))
    }

    /// Posts SIGSEGV/SIGBUS/32/33 inside the process without a host signal.
    /// SIGSEGV/SIGBUS at SIG_DFL end the process with that signal, as natively; a host signal
    /// would reach the engine's own fault handlers instead (WasmKit's, then Swift's backtracer).
    static func postVirtual(_ t: WALIThread, signo: Int32, to target: WALIThread?) throws -> Bool {
        let action = t.process.signals.action(Int(signo))
        if (signo == 11 || signo == 7) && action.isDefault { terminate(bySignal: signo) }
        if action.isIgnored { return true }
        let code: Int32 = target == nil ? 0 /* SI_USER */ : -6 /* SI_TKILL */
        wali_signal_post(target?.hostSignalState, signo, code, getpid(), getuid())
        return true
    }

    /// rt_sigpending: blocked signals the kernel holds for us, plus those recorded by the engine
    /// but not yet delivered because the guest blocked them since.
    public static func rt_sigpending(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        guard a.size(1) <= sigsetSize else { throw Errno.EINVAL }
        let set = (wali_signal_host_pending() | wali_signal_peek_pending()) & t.signalMask
        let p = try t.memory.pointer(a.ptr(0), count: a.size(1))
        withUnsafeBytes(of: set.littleEndian) { p.copyMemory(from: $0.baseAddress!, byteCount: a.size(1)) }
        return 0
    }

    /// rt_sigsuspend: waits with the given mask until a signal runs a handler (or ends us), then
    /// returns EINTR with the old mask back, as Linux.
    public static func rt_sigsuspend(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        guard a.size(1) == sigsetSize else { throw Errno.EINVAL }
        let waitMask: UInt64 = try t.memory.load(a.ptr(0)) & ~SignalState.unblockable
        let saved = t.signalMask
        defer { t.setSignalMask(saved) }
        t.signalMask = waitMask
        while true {
            // Block everything on the host while checking, so no signal slips between the check
            // and the wait: rt_sigsuspend unblocks atomically.
            _ = wali_signal_set_host_mask(~0)
            if wali_signal_peek_pending() & ~waitMask == 0 {
                _ = wali_signal_suspend(waitMask)
            }
            _ = wali_signal_set_host_mask(waitMask)
            if try t.deliverSignalsSlowHandled() { throw Errno.EINTR }
        }
    }

    /// sigaltstack with the guest's 12-byte stack_t (`GuestStack`).
    /// Recorded: handlers run on the Wasm stack, and the ucontext reports this stack.
    public static func sigaltstack(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        let old = t.altStack
        if let new = try t.memory.optionalPtr(a.ptr(0), to: GuestStack.self)?.load() {
            let mode = new.flags & ~GuestStack.SS_AUTODISARM
            guard mode == 0 || mode == GuestStack.SS_DISABLE || mode == GuestStack.SS_ONSTACK else { throw Errno.EINVAL }
            if mode == GuestStack.SS_DISABLE {
                t.altStack = .disabled
            } else {
                guard new.size >= 2048 /* MINSIGSTKSZ */ else { throw Errno.ENOMEM }
                t.altStack = GuestStack(sp: new.sp, flags: new.flags & GuestStack.SS_AUTODISARM, size: new.size)
            }
        }
        try t.memory.optionalPtr(a.ptr(1), to: GuestStack.self)?.store(old)
        return 0
    }

    /// signalfd/signalfd4: the host's, with the 8-byte mask (the guest blocks the signals it
    /// reads this way, and its mask is the host thread's).
    public static func signalfd(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        try signalfd4(t, SyscallArgs([a[0], a[1], a[2], 0]))
    }

    public static func signalfd4(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        guard a.size(2) == sigsetSize else { throw Errno.EINVAL }
        var mask: UInt64 = try t.memory.load(a.ptr(1))
        return try withUnsafeMutableBytes(of: &mask) {
            try Host.syscall(HOST_NR_signalfd4, Int(a.int(0)), Host.arg($0.baseAddress), sigsetSize, Int(a.int(3)))
        }
    }
}

extension WALIThread {
    /// Delivers deliverable pending signals; true if a handler ran.
    func deliverSignalsSlowHandled() throws -> Bool {
        var handled = false
        var info = [UInt8](repeating: 0, count: 128)
        while true {
            let signo = info.withUnsafeMutableBytes { wali_signal_take_one(~signalMask, $0.baseAddress) }
            if signo == 0 { break }
            if try deliver(signal: Int(signo), info: info).handled { handled = true }
        }
        return handled
    }
}
