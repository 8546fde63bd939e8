import CWALIHost
#if canImport(Glibc)
import Glibc
#endif

extension WALIThread {
    /// Runs one `wali` syscall import: the handler, errno mapping, tracing, and the signal safe
    /// point every call return is.
    @inline(__always)
    public func dispatch(_ entry: SyscallEntry, _ args: SyscallArgs) throws -> Int64 {
        try dispatch(name: entry.name, kinds: entry.args, handler: entry.handler, args, isSafePoint: true)
    }

    /// Runs one `wali` import, a syscall or an auxiliary one: errno mapping, policy refusals,
    /// tracing, carrying out an exit, and (for syscalls) the signal safe point.
    @inline(__always)
    func dispatch(name: String, kinds: [ArgKind], handler: SyscallHandler, _ args: SyscallArgs,
                  isSafePoint: Bool) throws -> Int64 {
        let result: Int64
        var note: String? = nil
        do {
            try EngineFDs.checkArguments(name: name, kinds: kinds, args)
            result = try handler(self, args)
        } catch let e as Errno {
            result = -Int64(e.rawValue)
        } catch let denial as PolicyDenial {
            result = -Int64(denial.errno.rawValue)
            note = "denied by policy: " + denial.reason
        } catch let exit as GuestExit {
            if process.tracing { Strace.record(self, name, kinds, args, result: nil) }
            process.finish(exit)
            if exit.scope == .process { process.requestEnd(exit) }
            throw exit
        }
        if process.tracing { Strace.record(self, name, kinds, args, result: result, note: note) }
        if isSafePoint { try safePoint() }
        return result
    }

    /// The one place the policy refuses a call: throws a `PolicyDenial` (the guest sees its errno,
    /// `--strace` marks it), or under `--policy-audit` logs what would have been refused and lets
    /// the call go on.
    @inline(__always)
    public func enforce(_ allowed: Bool, _ errno: Errno, _ reason: @autoclosure () -> String) throws {
        if allowed { return }
        try refuse(errno, reason())
    }

    @inline(never)
    func refuse(_ errno: Errno, _ reason: String) throws {
        if process.options.policy?.auditOnly == true {
            let line = "wali: policy-audit: pid \(tid): would deny (\(errno.name)): \(reason)\n"
            Strace.lock.withLock { _ = line.withCString { write(2, $0, strlen($0)) } }
            return
        }
        throw PolicyDenial(errno, reason)
    }

    /// Runs an import that the interface does not know: -ENOSYS, and --strace says so.
    public func dispatchUnknown(_ name: String, _ args: SyscallArgs, arity: Int) -> Int64 {
        if process.tracing {
            Strace.record(self, name, Array(repeating: .hex, count: arity), args, result: -Int64(Errno.ENOSYS.rawValue),
                          note: "not implemented")
        }
        return -Int64(Errno.ENOSYS.rawValue)
    }

    /// What happens when a `wali` call returns: the process may be ending (an embedder's
    /// exit_group from another thread), and pending signals run their handlers.
    @inline(__always)
    public func safePoint() throws {
        if process.endRequested, let end = process.pendingEnd { throw end }
        try deliverPendingSignals()
    }

    /// Delivers signals that arrived while the guest ran (or during the call just made).
    @inline(__always)
    public func deliverPendingSignals() throws {
        if wali_signal_peek_pending() & ~signalMask == 0 { return }
        _ = try deliverSignalsSlow()
    }

    /// Delivers every deliverable pending signal, lowest first. Returns whether the interrupted
    /// call may be restarted: false once a handler without SA_RESTART ran.
    @inline(never)
    func deliverSignalsSlow() throws -> Bool {
        try deliverAfterInterruption().allRestart
    }

    /// Sets the guest's blocked mask and mirrors it on the host thread, so that the kernel keeps
    /// blocked signals pending (rt_sigpending, sigsuspend and exec see them) exactly as natively.
    public func setSignalMask(_ mask: UInt64) {
        signalMask = mask & ~SignalState.unblockable
        _ = wali_signal_set_host_mask(signalMask)
    }

    /// Carries out one signal: the guest's handler (with sa_mask, SA_NODEFER, SA_RESETHAND and,
    /// for SA_SIGINFO, a siginfo and ucontext in linear memory), or the default action.
    func deliver(signal signo: Int, info: [UInt8]) throws -> (handled: Bool, restart: Bool) {
        let action = process.signals.action(signo)
        if action.isIgnored { return (false, true) }
        if action.isDefault {
            // Host-caught signals reach here only if the disposition changed after they arrived;
            // virtual ones (SIGSEGV/SIGBUS/32/33 posted in-process) always do.
            switch SignalState.defaultAction(signo) {
            case .ignore, .continue:
                return (false, true)
            case .stop:
                _ = Glibc.kill(getpid(), SIGSTOP)
                return (false, true)
            case .terminate:
                try terminateByDefaultAction(Int32(signo))
            }
        }
        guard let runtime = process.runtime else { return (false, true) }
        // The frame first: when there is no room for it the process ends with its state untouched.
        let frame = action.flags & SignalState.SA_SIGINFO != 0 ? try pushSignalFrame() : nil
        defer { if frame != nil { signalDepth -= 1 } }
        let saved = signalMask
        var during = saved | action.mask
        if action.flags & SignalState.SA_NODEFER == 0 { during |= SignalState.bit(signo) }
        if action.flags & SignalState.SA_RESETHAND != 0 { process.signals.resetToDefault(signo, ifStill: action) }
        setSignalMask(during)
        var restored = saved
        if let frame {
            frame.store(GuestSignalFrame(info: info, context: GuestUContext(stack: altStack, sigmask: saved)))
            try runtime.callTableFunction(thread: self, index: action.handler,
                                          arguments: [UInt32(signo), frame.address, frame.context.address])
            // As sigreturn does, the mask comes back from the ucontext (the handler may edit it).
            restored = frame.context.sigmask.load()
        } else {
            try runtime.callTableFunction(thread: self, index: action.handler, arguments: [UInt32(signo)])
        }
        setSignalMask(restored)
        return (true, action.flags & SignalState.SA_RESTART != 0)
    }

    /// Ends the process as a signal's default action does (an embedder's host process survives).
    func terminateByDefaultAction(_ signo: Int32) throws -> Never {
        let exit = GuestExit(scope: .process, status: 128 + signo)
        guard process.options.exitHostProcess else {
            process.finish(exit)
            process.requestEnd(exit)
            throw exit
        }
        process.removeEnvironmentFile()
        process.mappings.syncAll()
        terminate(bySignal: signo)
    }

    /// The next signal frame in the thread's frame page, checked.
    func pushSignalFrame() throws -> GuestPtr<GuestSignalFrame> {
        if signalArea == 0 {
            do {
                signalArea = try process.signalFrameArea()
            } catch {
                // Linux kills a process by SIGSEGV when it has no room for a signal frame.
                let msg = "wali: no room for a signal frame: linear memory is at its maximum\n"
                _ = msg.withCString { write(2, $0, strlen($0)) }
                try terminateByDefaultAction(SIGSEGV)
            }
        }
        guard signalDepth < GuestSignalFrame.maxDepth else {
            // Native code would overflow its stack here.
            let msg = "wali: signal handlers nested too deeply\n"
            _ = msg.withCString { write(2, $0, strlen($0)) }
            terminate(bySignal: SIGSEGV)
        }
        let frame = try memory.ptr(signalArea + UInt32(signalDepth * GuestSignalFrame.guestSize), to: GuestSignalFrame.self)
        signalDepth += 1
        return frame
    }
}

extension WALIThread {
    /// The one place a host call that can block meets signals. A signal that arrived since the
    /// last safe point runs first, as the kernel would run it before the call. When the host
    /// call is interrupted (EINTR), pending guest signals are delivered; the call is then
    /// restarted if it is `restartable` and every handler that ran had SA_RESTART, else the
    /// guest sees EINTR, as on Linux. (A signal landing between the first check and the host
    /// call's start waits for the next safe point: the window is a few instructions.)
    @inline(__always)
    public func blocking(restartable: Bool = true, _ call: () throws -> Int64) throws -> Int64 {
        try deliverPendingSignals()
        while true {
            do {
                return try call()
            } catch let e as Errno where e == .EINTR {
                let outcome = try deliverAfterInterruption()
                if outcome.handledAny && !(outcome.allRestart && restartable) { throw e }
            }
        }
    }

    /// Delivers pending signals after an EINTR. If no handler ran (another thread took the
    /// signal, or it is ignored) the call simply goes on waiting.
    func deliverAfterInterruption() throws -> (handledAny: Bool, allRestart: Bool) {
        var handledAny = false
        var restart = true
        var info = [UInt8](repeating: 0, count: 128)
        while true {
            let signo = info.withUnsafeMutableBytes { wali_signal_take_one(~signalMask, $0.baseAddress) }
            if signo == 0 { break }
            let outcome = try deliver(signal: Int(signo), info: info)
            if outcome.handled {
                handledAny = true
                if !outcome.restart { restart = false }
            }
        }
        return (handledAny, restart)
    }
}

/// How each `wali` import runs, whatever the tier: syscalls through the table, auxiliary imports
/// through `AuxImports`, anything else as -ENOSYS (shown by --strace). Tiers only adapt values.
public enum ImportBinding {
    public static func handler(for name: String, arity: Int) -> SyscallHandler {
        if name.hasPrefix("SYS_"), let entry = SyscallTable.entry(named: name.dropFirst(4)) {
            return { thread, args in try thread.dispatch(entry, args) }
        }
        if let aux = AuxImports.entry(named: name) {
            // Not safe points: the legacy longjmp must reach its landing site with nothing between.
            let kinds = [ArgKind](repeating: .int, count: arity)
            return { thread, args in
                try thread.dispatch(name: aux.name, kinds: kinds, handler: aux.handler, args, isSafePoint: false)
            }
        }
        return { thread, args in thread.dispatchUnknown(name, args, arity: arity) }
    }
}
