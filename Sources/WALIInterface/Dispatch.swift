import CWALIHost
#if canImport(Glibc)
import Glibc
#endif

extension WALIThread {
    /// Runs one `wali` syscall import: the handler, errno mapping, tracing, and the signal safe
    /// point every call return is.
    @inline(__always)
    public func dispatch(_ entry: SyscallEntry, _ args: SyscallArgs) throws -> Int64 {
        let result: Int64
        do {
            result = try entry.handler(self, args)
        } catch let e as Errno {
            result = -Int64(e.rawValue)
        } catch let exit as GuestExit {
            if process.tracing { Strace.record(self, entry.name, entry.args, args, result: nil) }
            process.finish(exit)
            throw exit
        }
        if process.tracing { Strace.record(self, entry.name, entry.args, args, result: result) }
        try deliverPendingSignals()
        return result
    }

    /// Runs an import that the interface does not know: -ENOSYS, and --strace says so.
    public func dispatchUnknown(_ name: String, _ args: SyscallArgs, arity: Int) -> Int64 {
        if process.tracing {
            Strace.record(self, name, Array(repeating: .hex, count: arity), args, result: -Int64(Errno.ENOSYS.rawValue),
                          note: "not implemented")
        }
        return -Int64(Errno.ENOSYS.rawValue)
    }

    /// Delivers signals that arrived while the guest ran. Issue 3 fills in handler invocation.
    @inline(__always)
    public func deliverPendingSignals() throws {
        if wali_signal_peek_pending() & ~signalMask == 0 { return }
        try deliverSignalsSlow()
    }

    @inline(never)
    func deliverSignalsSlow() throws {
        let pending = wali_signal_take_pending(~signalMask)
        guard pending != 0 else { return }
        for signo in 1...64 where pending & (1 << UInt64(signo - 1)) != 0 {
            try deliver(signal: signo)
        }
    }

    /// Runs the guest's handler for `signo`.
    func deliver(signal signo: Int) throws {
        let action = process.signals.action(signo)
        guard action.handler != SignalState.SIG_DFL, action.handler != SignalState.SIG_IGN,
              let runtime = process.runtime else { return }
        let savedMask = signalMask
        signalMask |= action.mask
        if action.flags & 0x4000_0000 == 0 /* SA_NODEFER */ { signalMask |= 1 << UInt64(signo - 1) }
        defer { signalMask = savedMask }
        try runtime.callTableFunction(thread: self, index: action.handler, arguments: [UInt32(signo)])
    }
}

extension WALIThread {
    /// The one place a host call that can block meets signals. When the host call is
    /// interrupted (EINTR), pending guest signals are delivered; the call is then restarted if
    /// every delivered handler had SA_RESTART, else the guest sees EINTR, as on Linux.
    @inline(__always)
    public func blocking(_ call: () throws -> Int64) throws -> Int64 {
        while true {
            do {
                return try call()
            } catch let e as Errno where e == .EINTR {
                if try !deliverForRestart() { throw e }
            }
        }
    }

    /// Delivers pending signals; true if the interrupted call should be restarted.
    func deliverForRestart() throws -> Bool {
        let pending = wali_signal_take_pending(~signalMask)
        guard pending != 0 else { return true } // a signal the guest ignores: keep waiting
        var restart = true
        for signo in 1...64 where pending & (1 << UInt64(signo - 1)) != 0 {
            let action = process.signals.action(signo)
            if action.handler != SignalState.SIG_DFL && action.handler != SignalState.SIG_IGN
                && action.flags & 0x1000_0000 == 0 /* SA_RESTART */ {
                restart = false
            }
            try deliver(signal: signo)
        }
        return restart
    }
}
