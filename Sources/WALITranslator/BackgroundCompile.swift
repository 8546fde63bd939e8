import WALILinux
import WALIModule
#if canImport(Glibc)
import Glibc
#endif

/// `--tier auto`'s compile: when a run finds no compiled object for its module, it starts one
/// compile in the background and goes on with the interpreter; a later run finds the object.
///
/// - One per entry: the run takes the entry's lock (`ENTRY.lock`, flock) without waiting and
///   hands it to the job, which holds it until the entry or its failure marker is in place. A
///   run that cannot take the lock starts nothing; one that takes it checks the cache again
///   first (a job that just finished released it).
/// - Never a partial entry: the object is linked to a temporary name and renamed (`CompilerDriver`).
/// - A failure leaves `ENTRY.failed` (the reason), so later runs do not retry on every start;
///   `wali compile MODULE` retries, and `wali cache clear|prune` forgets it.
/// - Detached: forked twice (the run's process keeps no child a guest's `wait` could reap, and
///   the job is reparented to init), in a session of its own (no terminal, none of the guest's
///   signals to its process group), standard streams on /dev/null, every other descriptor
///   closed (the guest's pipes see EOF when the guest ends), default signal dispositions and
///   mask, working directory `/`, lowest CPU priority (nice 19, inherited by the C compiler)
///   and best-effort I/O priority 7.
/// - Before the sandbox: the run starts it while loading the module, before Landlock and
///   PR_SET_NO_NEW_PRIVS restrict the process, so it may write the engine's cache even when the
///   guest runs under a policy. The job compiles the module the user named, from the bytes the
///   run already read; nothing of it is the guest's.
public enum BackgroundCompile {
    public enum Outcome: Equatable {
        /// A job was started (its process id).
        case started(pid_t)
        /// Another run's job is compiling this module.
        case running
        /// The entry appeared while we looked (a job just finished): its path.
        case compiled(String)
        /// An earlier background compile of this module failed; the marker says why.
        case failedBefore(marker: String)
        /// No job can be started (no C compiler, a cache that cannot be written, fork failed).
        case unavailable(String)
    }

    /// Starts compiling `image` (loaded from `path`, bytes in memory) unless it is cached, being
    /// compiled, or failed before.
    public static func start(image: ModuleImage, path: String) -> Outcome {
        let cache = CompilerDriver.cacheDirectory
        let compiler: CCompiler
        do {
            compiler = try CCompiler.find(nil, cacheDirectory: cache)
        } catch {
            return .unavailable("\(error)")
        }
        let target = CompilerDriver.cachePath(digest: image.contentDigest, compiler: compiler)
        if access(target, R_OK) == 0 { return .compiled(target) }
        if access(target + ".failed", F_OK) == 0 { return .failedBefore(marker: target + ".failed") }
        guard EngineCache.makeDirectories(cache) else { return .unavailable("cannot create \(cache)") }
        let lock = open(target + ".lock", O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
        guard lock >= 0 else { return .unavailable("cannot create \(target).lock: \(String(cString: strerror(errno)))") }
        defer { close(lock) }  // the job keeps its own copy (and with it the lock)
        guard flock(lock, LOCK_EX | LOCK_NB) == 0 else {
            return errno == EWOULDBLOCK ? .running : .unavailable("cannot lock \(target).lock: \(String(cString: strerror(errno)))")
        }
        // Checked again under the lock: a job that finished just now released it.
        if access(target, R_OK) == 0 { return .compiled(target) }
        if access(target + ".failed", F_OK) == 0 { return .failedBefore(marker: target + ".failed") }

        // Everything the job needs, prepared before forking.
        let absoluteCache = cache.hasPrefix("/") ? cache : absolute(cache)
        let name = path.hasPrefix("/") ? path : absolute(path)
        var pidPipe: [Int32] = [-1, -1]
        guard pipe(&pidPipe) == 0 else { return .unavailable("cannot create a pipe: \(String(cString: strerror(errno)))") }
        for fd in pidPipe { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        fflush(nil)
        let first = fork()
        if first < 0 {
            close(pidPipe[0])
            close(pidPipe[1])
            return .unavailable("cannot fork: \(String(cString: strerror(errno)))")
        }
        if first == 0 {
            // The intermediate process: a new session, then the job, then gone at once.
            _ = setsid()
            var job = fork()
            if job == 0 { runJob(image: image, name: name, cache: absoluteCache, lock: lock, target: target) }
            if job < 0 { job = 0 }
            _ = withUnsafeBytes(of: &job) { write(pidPipe[1], $0.baseAddress, $0.count) }
            _exit(0)
        }
        close(pidPipe[1])
        var job: pid_t = 0
        let n = withUnsafeMutableBytes(of: &job) { read(pidPipe[0], $0.baseAddress, $0.count) }
        close(pidPipe[0])
        var status: Int32 = 0
        while waitpid(first, &status, 0) < 0 && errno == EINTR {}
        guard n == MemoryLayout<pid_t>.size, job > 0 else { return .unavailable("cannot fork") }
        return .started(job)
    }

    static func absolute(_ path: String) -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard getcwd(&buffer, buffer.count) != nil else { return path }
        return String(cString: buffer) + "/" + path
    }

    /// The job itself (in the grandchild); never returns.
    static func runJob(image: ModuleImage, name: String, cache: String, lock: Int32, target: String) -> Never {
        // Only the lock stays open (as fd 3); 0, 1 and 2 are /dev/null.
        if lock != 3 { dup2(lock, 3) }
        _ = fcntl(3, F_SETFD, FD_CLOEXEC)  // the C compiler need not hold it
        _ = try? Host.syscall(closeRangeNR, 4, Int(UInt32.max), 0)
        let null = open("/dev/null", O_RDWR)
        if null >= 0 {
            for fd: Int32 in 0...2 where fd != null { dup2(null, fd) }
            if null > 3 { close(null) }
        }
        var none = sigset_t()
        sigemptyset(&none)
        sigprocmask(SIG_SETMASK, &none, nil)
        for signal in 1..<Int32(65) where signal != SIGKILL && signal != SIGSTOP {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = SIG_DFL
            sigaction(signal, &action, nil)
        }
        // Named so `ps`/`top` tell it from the run (PR_SET_NAME; the command line stays the run's).
        _ = "wali-compile".withCString { try? Host.syscall(prctlNR, 15, Int(bitPattern: $0)) }
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 19)
        _ = try? Host.syscall(ioprioSetNR, ioprioWhoProcess, 0, ioprioBestEffortLowest)
        setenv("WALI_CACHE_DIR", cache, 1)
        _ = chdir("/")

        var options = CompilerDriver.Options()
        options.progress = false
        options.lockHeld = true
        options.jobs = max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))) / 2)
        var status: Int32 = 0
        do {
            _ = try CompilerDriver.compile(bytes: image.bytes, digest: image.contentDigest, name: name, options: options)
        } catch {
            EngineCache.writeAtomically(target + ".failed", "\(name): \(error)\n")
            status = 1
        }
        // The entry (or the marker) is in place before the lock goes (see CompilerDriver.compile).
        unlink(target + ".lock")
        _exit(status)
    }

    static let closeRangeNR = 436  // the same on every architecture (new syscalls share numbers)
    #if arch(x86_64)
    static let ioprioSetNR = 251
    static let prctlNR = 157
    #else
    static let ioprioSetNR = 30
    static let prctlNR = 167
    #endif
    static let ioprioWhoProcess = 1
    /// IOPRIO_CLASS_BE (2) << 13 | level 7 (the lowest).
    static let ioprioBestEffortLowest = 2 << 13 | 7
}
