import CWALIHost
#if canImport(Glibc)
import Glibc
#endif

/// How a guest run ended.
public enum GuestTermination: Equatable {
    case exited(Int32)
    /// A trap, reported like the native program's crash: a message and the signal it raises.
    case trapped(message: String, signal: Int32)
}

extension WALIProcess {
    /// The main thread's life, the same on every tier: `run` instantiates the module on the
    /// calling thread and runs `_start`. Returning from `_start` ends the process with status 0
    /// (as the reference engines do); SYS_exit ends only the main thread (the process lives on
    /// until its last thread ends); exit_group ends the process; anything else is a trap that
    /// `describeTrap` turns into a message and a signal, and the process ends with it.
    public func runMainThread(
        _ run: (WALIThread) throws -> Void,
        describeTrap: (Error) -> (message: String, signal: Int32)
    ) -> GuestTermination {
        let thread = WALIThread(process: self, tid: hostThreadID())
        confineHost()
        startMainThread(thread)
        do {
            try run(thread)
            let exit = GuestExit(scope: .process, status: 0)
            finish(exit)
            return .exited(0)
        } catch let exit as GuestExit where exit.scope == .thread {
            let end = mainThreadEnded(thread, exit)
            finish(end)
            return .exited(end.status)
        } catch let exit as GuestExit {
            return .exited(exit.status)
        } catch {
            let (message, signal) = describeTrap(error)
            requestEnd(GuestExit(scope: .process, status: 128 + signal))
            return .trapped(message: message, signal: signal)
        }
    }

    /// The tier-independent part of `__wasm_thread_spawn`: a host thread (8 MiB stack) with a
    /// registered WALIThread whose mask is its creator's (as after clone). The tier supplies how
    /// to build the thread's instance and run its entry, and how to describe a trap. Returns the
    /// new thread's host tid once the thread is ready, or throws EAGAIN.
    ///
    /// Endings: returning or SYS_exit ends the thread (clearing its set_tid_address word);
    /// exit_group ends the process; a trap in any thread ends the whole process with the
    /// fault's signal, as natively.
    public func startGuestThread<Context>(
        label: String,
        prepare: @escaping (WALIThread) throws -> Context,
        run: @escaping (WALIThread, Context) throws -> Void,
        release: @escaping (Context) -> Void = { _ in },
        describeTrap: @escaping (Error) -> (message: String, signal: Int32)
    ) throws -> Int32 {
        startedThreads = true
        let handshake = SpawnHandshake()
        let body = ThreadBody { [self] in
            let thread = WALIThread(process: self, tid: hostThreadID())
            thread.signalMask = wali_signal_get_host_mask() & ~SignalState.unblockable
            register(thread)
            Strace.threadCount = max(Strace.threadCount, liveThreadCount)
            let context: Context
            do {
                context = try prepare(thread)
            } catch {
                endThread(thread, status: 0, clearTid: false)
                handshake.report(-Errno.EAGAIN.rawValue)
                return
            }
            handshake.report(thread.tid)
            defer { release(context) }
            do {
                try run(thread, context)
                endThread(thread, status: 0)
            } catch let exit as GuestExit where exit.scope == .thread {
                endThread(thread, status: exit.status)
            } catch is GuestExit {
                // exit_group: the CLI's host process is already gone; an embedder's threads stop
                // at their next call (requestEnd), this one here.
                endThread(thread, status: 0, clearTid: false)
            } catch {
                let (message, signal) = describeTrap(error)
                if options.exitHostProcess {
                    let line = "wali: \(label): trap in thread \(thread.tid): \(message)\n"
                    _ = line.withCString { write(2, $0, strlen($0)) }
                    terminate(bySignal: signal)
                }
                requestEnd(GuestExit(scope: .process, status: 128 + signal))
                endThread(thread, status: 0, clearTid: false)
            }
        }
        let context = Unmanaged.passRetained(body).toOpaque()
        let err = wali_start_thread({ raw in
            Unmanaged<ThreadBody>.fromOpaque(raw!).takeRetainedValue().run()
        }, context, 8 << 20)
        if err != 0 {
            Unmanaged<ThreadBody>.fromOpaque(context).release()
            throw Errno.EAGAIN
        }
        let tid = handshake.wait()
        if tid < 0 { throw Errno(-tid) }
        return tid
    }
}

private final class ThreadBody {
    let run: () -> Void
    init(_ run: @escaping () -> Void) { self.run = run }
}

/// The spawner waits until the new thread reports its tid (or -errno) once registered.
private final class SpawnHandshake {
    private var semaphore = sem_t()
    private var result: Int32 = 0
    init() { sem_init(&semaphore, 0, 0) }
    deinit { sem_destroy(&semaphore) }

    func report(_ tid: Int32) {
        result = tid
        sem_post(&semaphore)
    }

    func wait() -> Int32 {
        while sem_wait(&semaphore) != 0 && errno == EINTR {}
        return result
    }
}
