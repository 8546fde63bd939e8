import CWALIHost
#if canImport(Glibc)
import Glibc
#endif

/// The process model shared by all tiers: the thread registry, thread and process ends, and
/// the process state fork must fix up.
extension WALIProcess {
    /// Registers the thread the process starts with, and takes over the signal state inherited
    /// from the host (ignored dispositions, blocked mask).
    public func startMainThread(_ thread: WALIThread) {
        MemorySandbox.protectEngineProcess()
        thread.isMain = true
        signals.inheritHostDispositions()
        thread.signalMask = wali_signal_get_host_mask() & ~SignalState.unblockable
        register(thread)
        do {
            try policyGuard?.startGuest()
        } catch {
            let message = "wali: the sandbox policy cannot be applied\n"
            _ = message.withCString { write(2, $0, strlen($0)) }
            fflush(nil)
            _exit(125)
        }
    }

    /// Called on the new thread's own host thread before it runs guest code.
    public func register(_ thread: WALIThread) {
        thread.hostSignalState = wali_signal_thread_state()
        lock.withLock { threads.append(thread) }
    }

    public var liveThreadCount: Int { lock.withLock { threads.count } }

    func thread(tid: Int32) -> WALIThread? { lock.withLock { threads.first { $0.tid == tid } } }

    /// The end of a spawned thread (SYS_exit, or its entry function returned): as
    /// CLONE_CHILD_CLEARTID, leave the registry, then clear the set_tid_address word and wake
    /// its futex: a joined thread no longer counts (`--max-threads`), so a thread created right
    /// after pthread_join fits. The last thread ending ends the process (if the main thread is
    /// waiting for it, the main thread finishes it).
    public func endThread(_ thread: WALIThread, status: Int32, clearTid: Bool = true) {
        let (last, mainWaits) = unregister(thread, status: status)
        if clearTid { clearChildTid(thread) }
        if last && !mainWaits { finish(GuestExit(scope: .process, status: status)) }
    }

    /// SYS_exit on the main thread: returns the end of the process, after waiting for the other
    /// threads if there are any (as on Linux, the process lives on until its last thread ends,
    /// and the status is that of the last thread to exit). Blocks every signal on this host thread meanwhile, so
    /// the kernel hands them to live threads.
    public func mainThreadEnded(_ thread: WALIThread, _ exit: GuestExit) -> GuestExit {
        clearChildTid(thread)
        _ = wali_signal_set_host_mask(~0)
        return lock.withLock {
            threads.removeAll { $0 === thread }
            thread.hostSignalState = nil
            mainThreadExit = exit
            while !threads.isEmpty && endRequest == nil { threadsDone.wait(lock) }
            return endRequest ?? GuestExit(scope: .process, status: lastThreadStatus ?? exit.status)
        }
    }

    func clearChildTid(_ thread: WALIThread) {
        let address = thread.clearChildTid
        guard UInt32.isGuestAligned(address), let word = try? memory.ptr(address, to: UInt32.self) else { return }
        word.store(0) // the wake syscall below is a full barrier
        // The kernel wakes with a shared futex key; private waiters (FUTEX_PRIVATE_FLAG) hash
        // differently, so wake both.
        _ = wali_host_syscall(HOST_NR_futex, Int(bitPattern: word.host), 1 /* FUTEX_WAKE */, 1, 0, 0, 0)
        _ = wali_host_syscall(HOST_NR_futex, Int(bitPattern: word.host), 129 /* FUTEX_WAKE_PRIVATE */, 1, 0, 0, 0)
    }

    /// Removes a thread; returns whether it was the last one and whether the main thread waits.
    func unregister(_ thread: WALIThread, status: Int32) -> (last: Bool, mainWaits: Bool) {
        lock.withLock {
            threads.removeAll { $0 === thread }
            if threads.isEmpty { lastThreadStatus = status }
            thread.hostSignalState = nil
            if thread.signalArea != 0 {
                freeSignalAreas.append(thread.signalArea)
                thread.signalArea = 0
            }
            if threads.isEmpty { threadsDone.broadcast() }
            return (threads.isEmpty, mainThreadExit != nil)
        }
    }

    /// For an embedder (the host process survives the guest): asks every thread to stop at its
    /// next `wali` call with `exit`.
    public func requestEnd(_ exit: GuestExit) {
        lock.withLock {
            if endRequest == nil { endRequest = exit }
            endRequested = true
            threadsDone.broadcast()
        }
    }

    /// The pending end request, if any; checked by dispatch.
    @inline(__always) var pendingEnd: GuestExit? {
        guard endRequested else { return nil }
        return lock.withLock { endRequest }
    }

    /// Runs `body` (the host fork) with the process's locks held, so the child never inherits
    /// a lock held by a thread that does not exist there (it would wait for it forever, or, for
    /// a Synchronization.Mutex, crash: FUTEX_LOCK_PI on another process's owner fails). The
    /// memory map's lock and the growth lock are taken last: under them no other lock is taken.
    ///
    /// Not for a CLI process that never started a second thread (`forksAlone`): no other thread
    /// could hold them, and every lock word written around fork is a page the parent and the
    /// child each copy. (An embedder's own threads may call in, so an embedded process always
    /// locks.)
    func withForkLocks<T>(_ body: () throws -> T) rethrows -> T {
        if forksAlone { return try body() }
        return try lock.withLock {
            try signals.withLockHeld {
                try fileSystem?.withLockHeld { try mappings.withLockHeld(body) } ?? mappings.withLockHeld(body)
            }
        }
    }

    /// Forks after which `forkNow` shares the engine's relocated read-only data: the move costs
    /// about as much as 20 forks save.
    static let forksBeforeSharingRelro = 16

    /// Whether this process forks without the fork locks, and with `_Fork` (see wali_fork).
    var forksAlone: Bool { options.exitHostProcess && !startedThreads }

    /// The host fork (fork without --max-procs): the child's pid, 0 in the child, or -errno.
    /// When alone, no closure: a reference count taken before the fork and dropped after it
    /// would be a page written in both processes.
    func forkHost(_ thread: WALIThread) -> Int32 {
        if forksAlone { return forkNow(thread, alone: true) }
        return withForkLocks { forkNow(thread, alone: false) }
    }

    @inline(never)
    func forkNow(_ thread: WALIThread, alone: Bool) -> Int32 {
        prepareForkChildPath(thread)
        hostForks += 1
        // A process that forks often: its relocated read-only data becomes a shared mapping,
        // which fork does not copy (wali_share_relro). Only the CLI's own binary.
        if hostForks == WALIProcess.forksBeforeSharingRelro && options.exitHostProcess { _ = wali_share_relro() }
        let pid = wali_fork(alone ? 1 : 0)
        if pid == 0 { becomeForkChild(thread) }
        return pid
    }

    /// Before fork (the fork locks held): runs the child's thread-table code once in the parent.
    /// Swift looks generic types up by mangled name on first use at each site and caches the
    /// answer there; a site first reached in a child fills only the child's copy of that cache,
    /// so every child paid the lookup again, with the page faults and copies it causes (a third
    /// of fork+exit+wait).
    /// The same holds for the usual end of a child, exit_group: the first throw of a
    /// `GuestExit` instantiates its `Error` witness table and the first cast from `any Error`
    /// looks the existential's metadata up by name (demangling); both are done here once.
    func prepareForkChildPath(_ thread: WALIThread) {
        if forkChildPathReady { return }
        var table = [thread, thread]
        WALIProcess.keepOnly(thread, in: &table)
        _ = WALIProcess.classifyEnd(GuestExit(scope: .process, status: 0))
        forkChildPathReady = true
    }

    /// The casts `dispatch` makes on a thrown error, on an error built as a guest exit is
    /// (unoptimized, so that they stay runtime casts).
    @inline(never) @_optimize(none)
    static func classifyEnd(_ error: any Error) -> Int {
        if error is Errno { return 1 }
        if error is PolicyDenial { return 2 }
        if let exit = error as? GuestExit { return exit.scope == .process ? 3 : 4 }
        return 0
    }

    /// Leaves `thread` as the only entry.
    @inline(never)
    static func keepOnly(_ thread: WALIThread, in table: inout [WALIThread]) {
        table = [thread]
    }

    /// In the child of fork: only the forking thread exists, with a new tid and no pending signals.
    /// Nothing is written that already holds its value: each page the child writes is a page
    /// copied, and the usual child (of a process with one thread) then writes only the tid.
    func becomeForkChild(_ thread: WALIThread) {
        wali_signal_clear_all()
        thread.tid = hostThreadID()
        if environmentFile != nil { environmentFile = nil } // the parent removes it
        if threads.count != 1 || threads[0] !== thread { WALIProcess.keepOnly(thread, in: &threads) }
        if mainThreadExit != nil { mainThreadExit = nil }
        if startedThreads { startedThreads = false }
    }

    /// A linear-memory area for signal frames: reused from ended threads, else one fresh Wasm
    /// page grown at the top of memory (the memory map treats it like any growth it did not make).
    func signalFrameArea() throws -> UInt32 {
        if let reused = lock.withLock({ freeSignalAreas.popLast() }) { return reused }
        let old = memory.grow(pages: 1)
        guard old >= 0 else { throw Errno.ENOMEM }
        return UInt32(old * GuestMemory.wasmPageSize)
    }
}

