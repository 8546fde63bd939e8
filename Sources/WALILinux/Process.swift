import CWALIHost
#if canImport(Glibc)
import Glibc
#endif

/// What an execution tier must provide that the Linux interface cannot do by itself.
public protocol GuestRuntime: AnyObject {
    /// Starts a new thread running `table[function](tid, argument)` in a new instance over the
    /// same memory. Returns the new thread's tid.
    func spawnThread(process: WALIProcess, function: UInt32, argument: UInt32) throws -> Int32
    /// Calls a guest function through the module's table (signal handlers).
    func callTableFunction(thread: WALIThread, index: UInt32, arguments: [UInt32]) throws
}

/// Configuration of a guest process fixed at start.
public struct ProcessOptions {
    public var arguments: [String]
    /// The environment exactly: `KEY=VALUE` entries of any bytes but NUL (newlines too).
    public var environmentBytes: [[UInt8]]
    /// The environment as text (entries that are not UTF-8 are repaired when read this way).
    public var environment: [String] {
        get { environmentBytes.map { String(decoding: $0, as: UTF8.self) } }
        set { environmentBytes = newValue.map { Array($0.utf8) } }
    }
    /// The module's path, when `arguments[0]` (the guest's argv[0]) is not it.
    public var modulePath: String?
    /// `--strace`: print each `wali` call to stderr.
    public var trace: Bool
    /// When true (the CLI), `exit_group` from any thread ends the host process directly, as the
    /// kernel would; an embedder keeps its process and gets a `GuestExit` instead.
    public var exitHostProcess: Bool
    /// What the guest may touch; nil keeps Linux semantics (the memory sandbox always holds).
    public var policy: SandboxPolicy?
    /// Engine flags (the tier, background compiles) that an engine running an exec'd WALI
    /// module gets from this one rather than from the guest's environment.
    public var engineFlags: [String]
    /// Directories the engine itself uses under a policy (the compile cache), which Landlock
    /// must leave reachable for an exec'd WALI module (writable: all rights, else read/execute).
    public var engineDirectories: [(path: String, writable: Bool)] = []
    /// Only the variables the user set (`--env`, `--env-file`), when `environment` also holds
    /// the host's: a WASI module gets these alone, as WASI runtimes give no ambient environment.
    public var explicitEnvironment: [String]?

    public init(arguments: [String], environment: [String], trace: Bool = false, exitHostProcess: Bool = false,
                policy: SandboxPolicy? = nil, engineFlags: [String] = []) {
        self.arguments = arguments
        self.environmentBytes = environment.map { Array($0.utf8) }
        self.trace = trace
        self.exitHostProcess = exitHostProcess
        self.policy = policy
        self.engineFlags = engineFlags
    }
}

/// One guest process: its memory and the kernel-side state the interface keeps for it.
public final class WALIProcess: @unchecked Sendable {
    public let memory: GuestMemory
    public var options: ProcessOptions
    public weak var runtime: GuestRuntime?
    public let mappings: MemoryMappings
    public let signals = SignalState()
    /// The sandbox policy in force (nil in default mode).
    public let policyGuard: PolicyGuard?
    let lock = Mutex()

    // Threads (see ProcessModel.swift). Guarded by `lock`.
    var threads: [WALIThread] = []
    /// Whether a second guest thread was ever started (set before it starts, so every later
    /// thread sees it; cleared in a fork child, where one thread is left). Read without the lock
    /// by `withForkLocks`: while it is false, the reader is the only thread that could set it.
    var startedThreads = false
    var mainThreadExit: GuestExit?
    var lastThreadStatus: Int32?
    let threadsDone = Condition()
    /// Set when the process is ending (exit_group, a trap in a thread) for an embedder, whose
    /// host process lives on: every thread stops at its next `wali` call.
    var endRequest: GuestExit?
    var endRequested = false
    /// Whether `prepareForkChildPath` ran (guarded by the fork locks).
    var forkChildPathReady = false
    /// Host forks made by this process and its ancestors (see `forkNow`).
    var hostForks = 0
    /// Free signal-frame areas of threads that ended, for reuse.
    var freeSignalAreas: [UInt32] = []

    /// PR_GET/SET_DUMPABLE as the guest sees it: virtual, since the engine itself stays
    /// non-dumpable (MemorySandbox.protectEngineProcess). 1 at start, as after a plain exec.
    var dumpable: Int32 = 1

    /// Whether the guest's libc reads NUL-terminated environment records (its module exports
    /// `__wali_env_nul_records`), so that values may hold newlines; else lines are written and
    /// an entry with a newline is left out (it would become two).
    public var environmentNULRecords = false

    /// The file holding the initial environment, handed to the guest by `__get_init_envfile`
    /// and removed as soon as the guest has opened it (or at exit).
    var environmentFile: String?
    /// The guest's view of the filesystem under a policy; nil keeps the host's.
    public let fileSystem: GuestFileSystem?

    public init(memory: GuestMemory, options: ProcessOptions) {
        self.memory = memory
        self.options = options
        fileSystem = options.policy.map { GuestFileSystem(policy: $0, modulePath: options.modulePath ?? options.arguments.first) }
        self.mappings = MemoryMappings(memory: memory)
        self.policyGuard = options.policy.map(PolicyGuard.init)
    }

    deinit { removeEnvironmentFile() }

    public var tracing: Bool { options.trace }

    func removeEnvironmentFile() {
        guard environmentFile != nil else { return } // as in didOpen: set once, before the guest runs
        lock.withLock {
            if let path = environmentFile {
                unlink(path)
                environmentFile = nil
            }
        }
    }

    /// Called by open handlers after a successful open: the environment file has served its
    /// purpose once the guest's libc has opened it, so it is removed right away.
    public func didOpen(path: [CChar]) {
        guard environmentFile != nil else { return }
        lock.withLock {
            if let envPath = environmentFile, envPath.utf8CString.elementsEqual(path) {
                unlink(envPath)
                environmentFile = nil
            }
        }
    }

    /// Writes the environment to a private temporary file and returns its path.
    func makeEnvironmentFile() throws -> String {
        if let fileSystem { return try fileSystem.environmentFile(environmentFileContents()) }
        if let existing = lock.withLock({ environmentFile }) { return existing }
        var template = Array("/tmp/wali-env.XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw Errno(errno) }
        defer { close(fd) }
        let path = String(cString: template)
        do {
            try environmentFileContents().withUnsafeBytes { try HostIO.writeAll(fd, $0) }
        } catch {
            unlink(path)
            throw error
        }
        lock.withLock { environmentFile = path }
        return path
    }

    /// The environment file's bytes: KEY=VALUE lines, or (for a libc that reads them) a NUL and
    /// then NUL-terminated records.
    func environmentFileContents() -> [UInt8] {
        var text: [UInt8] = []
        let newline = UInt8(ascii: "\n")
        if environmentNULRecords {
            text.append(0)
            for entry in options.environmentBytes where !entry.contains(0) { text += entry + [0] }
        } else {
            for entry in options.environmentBytes where !entry.contains(newline) && !entry.contains(0) { text += entry + [newline] }
        }
        return text
    }

    /// The end of the process with `status`, as `exit_group` does; thrown by the handler.
    public func exitProcess(status: Int32) -> GuestExit {
        GuestExit(scope: .process, status: status)
    }

    /// Carries out a process exit once it has been traced: flushes shared mappings, removes
    /// temporary files, and (for the CLI) ends the host process at once, as the kernel would end
    /// every thread.
    public func finish(_ exit: GuestExit) {
        guard exit.scope == .process else { return }
        removeEnvironmentFile()
        mappings.syncAll()
        ProcessTree.leave()
        if options.exitHostProcess {
            HostIO.flushStandardStreams()
            wali_exit_group(exit.status)
        }
    }
}

/// One guest thread (one engine instance) and the per-thread kernel state.
public final class WALIThread: @unchecked Sendable {
    public let process: WALIProcess
    public let memory: GuestMemory
    public var tid: Int32
    /// Guest address to clear and futex-wake when this thread exits (set_tid_address).
    public var clearChildTid: UInt32 = 0
    /// Blocked-signal mask (bit n-1 for signal n).
    public var signalMask: UInt64 = 0
    /// Alternate signal stack (sigaltstack), as the guest gave it.
    public var altStack = GuestStack.disabled
    /// The guest's robust futex list head (set_robust_list), recorded only.
    public var robustList: (head: UInt32, length: UInt32) = (0, 0)
    /// The execution tier's per-thread state (its instance).
    public var engineContext: AnyObject?
    /// The host thread's pending-signal slots (CWALIHost), for signals posted by other threads.
    public var hostSignalState: UnsafeMutableRawPointer?
    /// Linear-memory area where signal frames (siginfo, ucontext) are built; 0 until needed.
    var signalArea: UInt32 = 0
    var signalDepth = 0
    /// The thread the process started with (its exit does not end the process while others run).
    public internal(set) var isMain = false
    /// This thread's copy of the guest cwd's path under a policy (GuestFileSystem.withAbsolute).
    let cwdCopy = CwdCopy()

    public init(process: WALIProcess, tid: Int32) {
        self.process = process
        self.memory = process.memory
        self.tid = tid
    }
}

/// A small pthread mutex wrapper (Foundation-free).
/// The mutex lives in its own allocation: a stable address, and no exclusivity check per use
/// (an inout access to a class's stored property is checked at run time).
final class Mutex: @unchecked Sendable {
    private let m: UnsafeMutablePointer<pthread_mutex_t>
    init() {
        m = .allocate(capacity: 1)
        m.initialize(to: pthread_mutex_t())
        pthread_mutex_init(m, nil)
    }
    deinit {
        pthread_mutex_destroy(m)
        m.deallocate()
    }
    /// For a condition wait: `body` gets the raw mutex, which the caller already holds.
    func withRaw(_ body: (UnsafeMutablePointer<pthread_mutex_t>) -> Void) { body(m) }
    @inline(__always) func withLock<T>(_ body: () throws -> T) rethrows -> T {
        pthread_mutex_lock(m)
        defer { pthread_mutex_unlock(m) }
        return try body()
    }
}

/// A pthread condition variable used with a `Mutex`.
final class Condition: @unchecked Sendable {
    private var c = pthread_cond_t()
    init() { pthread_cond_init(&c, nil) }
    deinit { pthread_cond_destroy(&c) }
    func wait(_ m: Mutex) { m.withRaw { pthread_cond_wait(&c, $0) } }
    func broadcast() { pthread_cond_broadcast(&c) }
}

/// Ends the host process the way the signal `signo` would (for a guest trap or signal death).
public func terminate(bySignal signo: Int32) -> Never {
    ProcessTree.leave()
    fflush(nil)
    wali_die_by_signal(signo)
}

/// The calling host thread's kernel tid (the guest sees host tids).
public func hostThreadID() -> Int32 { Int32(truncatingIfNeeded: wali_host_syscall(HOST_NR_gettid, 0, 0, 0, 0, 0, 0)) }
