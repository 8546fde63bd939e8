import CWALIHost
#if canImport(Glibc)
import Glibc
#endif

/// The running form of a `SandboxPolicy`: parsed allow-lists, the thread and process counters,
/// the virtual RLIMIT_NOFILE hard limit. One per guest process (`WALIProcess.policyGuard`); nil
/// without a policy, so default mode pays one nil check per guarded call.
public final class PolicyGuard: @unchecked Sendable {
    public private(set) var policy: SandboxPolicy
    let connectRules: [NetworkEndpoint]
    let bindRules: [NetworkEndpoint]
    /// Whether destinations are checked at all (not for `--net all` without allow-lists).
    let destinationsRestricted: Bool
    private let lock = Mutex()
    /// Threads being started (counted before they register, so concurrent spawns cannot overshoot).
    private var threadsStarting = 0
    /// The hard RLIMIT_NOFILE the guest sees: the host's soft limit is `--max-fds`, its hard limit
    /// stays the engine's (so the engine can still place its own descriptors, see EngineFDs).
    var fileLimitMax: UInt64

    static let RLIMIT_CPU: Int32 = 0, RLIMIT_NOFILE: Int32 = 7

    public init(_ policy: SandboxPolicy) {
        self.policy = policy
        connectRules = policy.connectAllow.compactMap(NetworkEndpoint.init(parsing:))
        bindRules = policy.bindAllow.compactMap(NetworkEndpoint.init(parsing:))
        destinationsRestricted = policy.network != .all || !connectRules.isEmpty || !bindRules.isEmpty
        fileLimitMax = policy.maxFileDescriptors.map { UInt64($0) } ?? 0
    }

    var auditOnly: Bool { policy.auditOnly }

    /// What the guest may use for linear memory: the declared maximum, bounded by `--max-memory`
    /// (whole Wasm pages; not bounded in audit mode).
    public static func linearMemoryLimit(_ policy: SandboxPolicy?, declaredMaxBytes: Int) -> Int {
        guard let policy, !policy.auditOnly, let cap = policy.maxMemoryBytes else { return declaredMaxBytes }
        let pages = cap / UInt64(GuestMemory.wasmPageSize)
        return min(declaredMaxBytes, Int(clamping: pages) * GuestMemory.wasmPageSize)
    }

    // MARK: Start of the guest

    /// Carried out once the guest's main thread exists, just before guest code runs (and again
    /// in the engine that runs an exec'd module): no new privileges, the host rlimits behind
    /// `--cpu-time` and `--max-fds`, and the process-tree count behind `--max-procs`.
    func startGuest() throws {
        _ = wali_host_syscall(HOST_NR_prctl, 38 /* PR_SET_NO_NEW_PRIVS */, 1, 0, 0, 0, 0)
        if auditOnly {
            for (set, flag) in [(policy.maxMemoryBytes != nil, "--max-memory"), (policy.maxFileDescriptors != nil, "--max-fds"),
                                (policy.cpuTimeSeconds != nil, "--cpu-time")] where set {
                log("policy-audit: \(flag) is a kernel-enforced limit; audit mode does not apply it")
            }
        } else {
            if let seconds = policy.cpuTimeSeconds {
                // SIGXCPU at the soft limit (the guest's disposition decides, as natively), SIGKILL
                // a second later if the guest goes on.
                try lowerHostLimit(PolicyGuard.RLIMIT_CPU, soft: UInt64(seconds), hard: UInt64(seconds) + 1)
            }
            if let fds = policy.maxFileDescriptors {
                var current = rlimit()
                _ = getrlimit(__rlimit_resource_t(UInt32(PolicyGuard.RLIMIT_NOFILE)), &current)
                let soft = min(UInt64(fds), UInt64(current.rlim_max))
                fileLimitMax = soft
                try lowerHostLimit(PolicyGuard.RLIMIT_NOFILE, soft: soft, hard: UInt64(current.rlim_max))
            }
        }
        if let limit = policy.maxProcesses {
            if let id = policy.processTreeID {
                // An exec'd module: this process already counts (semadj survives execve).
                ProcessTree.current = ProcessTree(id: id, limit: limit, joined: true)
            } else {
                let tree = try ProcessTree.create(limit: limit)
                ProcessTree.current = tree
                policy.processTreeID = tree.id
            }
        }
    }

    private func lowerHostLimit(_ resource: Int32, soft: UInt64, hard: UInt64) throws {
        var current = rlimit()
        let r = __rlimit_resource_t(UInt32(resource))
        _ = getrlimit(r, &current)
        let newHard = min(hard, UInt64(current.rlim_max))
        var value = rlimit(rlim_cur: rlim_t(min(soft, newHard)), rlim_max: rlim_t(newHard))
        guard setrlimit(r, &value) == 0 else {
            log("cannot apply the policy's resource limit \(resource): \(String(cString: strerror(errno)))")
            throw PolicyStartError()
        }
    }

    func log(_ message: String) {
        let line = "wali: " + message + "\n"
        Strace.lock.withLock { _ = line.withCString { write(2, $0, strlen($0)) } }
    }

    // MARK: Threads

    /// Reserves a place for a new thread under `--max-threads` (EAGAIN beyond, as pthread_create
    /// reports); `threadStarted` gives the reservation back once the thread is registered.
    func reserveThread(_ t: WALIThread) throws {
        guard let max = policy.maxThreads else { return }
        let live = t.process.liveThreadCount
        let allowed = lock.withLock { () -> Bool in
            if live + threadsStarting >= max { return false }
            threadsStarting += 1
            return true
        }
        try t.enforce(allowed, .EAGAIN, "thread beyond --max-threads \(max)")
        if !allowed { lock.withLock { threadsStarting += 1 } } // audit mode: the thread starts anyway
    }

    func threadStarted() {
        guard policy.maxThreads != nil else { return }
        lock.withLock { threadsStarting -= 1 }
    }

    // MARK: Resource limits the guest asks about

    /// getrlimit's view under the policy: RLIMIT_NOFILE's hard limit is `--max-fds`.
    func virtualLimit(_ resource: Int32, host: (cur: UInt64, max: UInt64)) -> (cur: UInt64, max: UInt64) {
        guard resource == PolicyGuard.RLIMIT_NOFILE, policy.maxFileDescriptors != nil, !auditOnly else { return host }
        return (min(host.cur, fileLimitMax), fileLimitMax)
    }

    /// setrlimit under the policy: a limit the policy sets cannot be raised (EPERM, as for an
    /// unprivileged process raising a hard limit); another process's limits cannot be set.
    /// Returns the value to give the host.
    func checkSetLimit(_ t: WALIThread, resource: Int32, isSelf: Bool, _ value: (cur: UInt64, max: UInt64)) throws -> (cur: UInt64, max: UInt64) {
        try t.enforce(isSelf, .EPERM, "setting another process's resource limits")
        guard value.cur <= value.max else { throw Errno.EINVAL } // the kernel's first check
        if resource == PolicyGuard.RLIMIT_CPU, let seconds = policy.cpuTimeSeconds {
            try t.enforce(value.max <= UInt64(seconds) + 1, .EPERM, "raising RLIMIT_CPU beyond --cpu-time \(seconds)")
        }
        if resource == PolicyGuard.RLIMIT_NOFILE, policy.maxFileDescriptors != nil, !auditOnly {
            try t.enforce(value.max <= fileLimitMax, .EPERM, "raising RLIMIT_NOFILE beyond --max-fds \(fileLimitMax)")
            // The host keeps its hard limit (the engine's room); the guest's becomes the virtual one.
            var host = rlimit()
            _ = getrlimit(__rlimit_resource_t(UInt32(resource)), &host)
            fileLimitMax = value.max
            return (value.cur, UInt64(host.rlim_max))
        }
        return value
    }
}

struct PolicyStartError: Error {}

/// The count behind `--max-procs`: a System V semaphore (made by the first engine, its id carried
/// across execve in the serialized policy) starting at the limit; every process of the guest's
/// fork tree holds one unit taken with SEM_UNDO, so the kernel gives it back however the process
/// ends (exit, any signal, SIGKILL included) and the count is exact. semadj values survive
/// execve, so an exec'd module keeps its unit. The guest has no System V IPC calls to reach it.
struct ProcessTree {
    let id: Int32
    let limit: Int
    /// Whether this process holds a unit (a child that failed to take one in audit mode does not).
    var joined: Bool

    nonisolated(unsafe) static var current: ProcessTree?

    static let SEM_UNDO: Int16 = 0x1000, IPC_NOWAIT: Int16 = 0o4000

    static func create(limit: Int) throws -> ProcessTree {
        guard limit <= 32767 /* SEMVMX */ else { throw PolicyStartError() }
        let id = semget(0 /* IPC_PRIVATE */, 1, 0o600 | IPC_CREAT)
        guard id >= 0 else {
            let message = "wali: cannot count processes for --max-procs: semget: \(String(cString: strerror(errno)))\n"
            _ = message.withCString { write(2, $0, strlen($0)) }
            throw PolicyStartError()
        }
        var tree = ProcessTree(id: id, limit: limit, joined: false)
        _ = tree.operate([(Int16(limit), 0)])
        tree.joined = tree.join()
        return tree
    }

    private func operate(_ ops: [(Int16, Int16)]) -> Bool {
        var buffers = ops.map { sembuf(sem_num: 0, sem_op: $0.0, sem_flg: $0.1) }
        while true {
            if semop(id, &buffers, buffers.count) == 0 { return true }
            if errno != EINTR { return false }
        }
    }

    /// Takes this process's unit; false when the tree is full.
    func join() -> Bool { operate([(-1, ProcessTree.SEM_UNDO | ProcessTree.IPC_NOWAIT)]) }

    /// Whether a unit is free now (take one and give it back, atomically).
    func hasRoom() -> Bool { operate([(-1, ProcessTree.IPC_NOWAIT), (1, 0)]) }

    /// A process ending normally gives its unit back at once; the last one removes the set
    /// (all units back means no process of the tree is left).
    static func leave() {
        guard let tree = current, tree.joined else { return }
        current = nil
        guard tree.operate([(1, ProcessTree.SEM_UNDO)]) else { return }
        if tree.operate([(-Int16(tree.limit), ProcessTree.IPC_NOWAIT), (Int16(tree.limit), 0)]) {
            _ = wali_semaphore_remove(tree.id)
        }
    }
}
