import CWALIHost
#if canImport(Glibc)
import Glibc
#endif

/// Processes syscalls. A guest process is a host process (pids are host pids): fork forks the
/// engine, execve replaces it (by the engine again for a WALI module), wait4 is the host's.
public enum Processes {
    public static func sched_yield(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        try Host.syscall(HOST_NR_sched_yield)
    }
    public static func getpid(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 { Int64(Glibc.getpid()) }
    public static func getppid(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 { Int64(Glibc.getppid()) }
    public static func setsid(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 { try Host.syscall(HOST_NR_setsid) }
    public static func setpgid(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        try Host.syscall(HOST_NR_setpgid, Int(a.int(0)), Int(a.int(1)))
    }
    public static func getpgid(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 { try Host.syscall(HOST_NR_getpgid, Int(a.int(0))) }
    public static func getsid(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 { try Host.syscall(HOST_NR_getsid, Int(a.int(0))) }

    /// fork: the host's, from inside the host function. The child continues in Wasm with a copy
    /// of linear memory (a private mapping) and only the calling thread, and returns 0.
    public static func fork(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        if let tree = ProcessTree.current { return try fork(t, countedIn: tree) }
        HostIO.flushStandardStreams()
        let pid = t.process.forkHost(t)
        if pid < 0 { throw Errno(-pid) }
        return Int64(pid)
    }

    /// fork under `--max-procs`: EAGAIN when the tree is full. The child takes its own unit of
    /// the count (SEM_UNDO is per process) and reports through a shared word before the parent
    /// returns; one that loses a race for the last unit vanishes and the parent reports EAGAIN.
    static func fork(_ t: WALIThread, countedIn tree: ProcessTree) throws -> Int64 {
        try t.enforce(tree.hasRoom(), .EAGAIN, "process beyond --max-procs \(tree.limit)")
        let audit = t.process.policyGuard?.auditOnly ?? false
        guard let page = mmap(nil, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0), page != MAP_FAILED else {
            throw Errno.EAGAIN
        }
        defer { munmap(page, 4096) }
        let word = page.bindMemory(to: Int32.self, capacity: 1)
        word.pointee = 0
        HostIO.flushStandardStreams()
        let process = t.process
        let pid = process.withForkLocks { () -> Int32 in
            process.prepareForkChildPath(t)
            let pid = wali_fork(process.forksAlone ? 1 : 0)
            if pid == 0 {
                process.becomeForkChild(t)
                var child = tree
                child.joined = child.join()
                ProcessTree.current = child
                let report: Int32 = child.joined ? 1 : 2
                word.pointee = report // published by the futex call that follows
                _ = wali_host_syscall(HOST_NR_futex, Int(bitPattern: word), 1 /* FUTEX_WAKE */, 1, 0, 0, 0)
                if !child.joined && !audit { _exit(0) }
            }
            return pid
        }
        if pid < 0 { throw Errno(-pid) }
        if pid == 0 {
            if !ProcessTree.current!.joined {
                // Audit mode: the child runs anyway, outside the count.
                try t.enforce(false, .EAGAIN, "process beyond --max-procs \(tree.limit)")
            }
            return 0
        }
        // Wait for the report; a child killed before it reports simply is that dead child.
        // (Each pass makes host calls, so the word is read afresh.)
        while word.pointee == 0 {
            var timeout = timespec(tv_sec: 0, tv_nsec: 20_000_000)
            _ = withUnsafeMutablePointer(to: &timeout) {
                wali_host_syscall(HOST_NR_futex, Int(bitPattern: word), 0 /* FUTEX_WAIT */, 0, Int(bitPattern: $0), 0, 0)
            }
            var info = siginfo_t()
            if waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT) != 0 || info.si_signo != 0 { break }
        }
        if word.pointee == 2 && !audit {
            var status: Int32 = 0
            while waitpid(pid, &status, __WALL) < 0 && errno == EINTR {}
            try t.enforce(false, .EAGAIN, "process beyond --max-procs \(tree.limit)")
        }
        return Int64(pid)
    }

    /// Ends the calling thread; the last thread ending ends the process.
    public static func exit(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        throw GuestExit(scope: .thread, status: a.int(0))
    }

    public static func exit_group(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        let exit = t.process.exitProcess(status: a.int(0))
        // The CLI's process ends right here (`finish` does not return); the throw, which
        // `dispatch` turns into a trace line and `finish`, is for --strace and embedders. (A
        // fork child's usual end: no error box to allocate, no casts, fewer pages touched.)
        if t.process.options.exitHostProcess && !t.process.tracing { t.process.finish(exit) }
        throw exit
    }

    /// wait4: the host's. The status is stored after the wait, as the kernel does (a bad status
    /// pointer still reaps the child); the kernel's struct rusage is 144 pointer-free bytes.
    public static func wait4(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        var status: Int32 = 0
        let wantUsage = a.ptr(3) != 0
        // struct rusage (144 bytes, the same layout for the guest) on the stack: no allocation
        // in a call that follows every fork.
        return try withUnsafeTemporaryAllocation(byteCount: 144, alignment: 8) { usage in
            // Zeroed, though the kernel fills all of it for a reaped child (the only time the
            // guest gets it): no byte of the host's stack can reach the guest whatever it does.
            if wantUsage { usage.initializeMemory(as: UInt8.self, repeating: 0) }
            let pid = try t.blocking {
                try withUnsafeMutablePointer(to: &status) { s in
                    try Host.syscall(HOST_NR_wait4, Int(a.int(0)), Int(bitPattern: s), Int(a.int(2)),
                                     wantUsage ? Host.arg(usage.baseAddress) : 0)
                }
            }
            if pid > 0 && a.ptr(1) != 0 { try t.memory.store(a.ptr(1), status) }
            if wantUsage && pid > 0 { // as Linux: written only for a reaped child
                let p = try t.memory.pointer(a.ptr(3), count: usage.count)
                p.copyMemory(from: usage.baseAddress!, byteCount: usage.count)
            }
            return pid
        }
    }

    /// execve. A WALI module (a file starting with `\0asm`) is run by the engine itself
    /// (`/proc/self/exe run --argv0 ARGV0 PATH ARGS...`: the guest sees the argv[0] it was
    /// given, as natively); anything else is exec'd natively (ELF, scripts, and the kernel's
    /// errors). The environment becomes the new process's host environment, which `wali run`
    /// hands to the guest byte for byte.
    public static func execve(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        var path = try t.memory.path(a.ptr(0))
        if let fs = t.process.fileSystem {
            // Under a policy the program is found through the grants; the host path runs.
            do { path = try fs.executablePath(t, path: path) } catch is AuditFallback {}
        }
        let argv = try stringArray(t, a.ptr(1))
        let envp = try stringArray(t, a.ptr(2))
        var program = path
        var arguments = argv
        var environment = envp
        let policy = t.process.policyGuard
        let isModule = try isWasmModule(path, policy: policy != nil)
        if let policy {
            try t.enforce(isModule || policy.policy.exec == .any, .EACCES,
                          "execve of '\(String(cString: path))': not a WALI module (--exec wasm)")
        }
        if isModule {
            program = Array("/proc/self/exe".utf8CString)
            var modulePath = Array(path.dropLast())
            if modulePath.first == CChar(UInt8(ascii: "-")) { modulePath = Array("./".utf8).map { CChar(bitPattern: $0) } + modulePath }
            arguments = [Array("wali".utf8CString), Array("run".utf8CString)]
            if t.process.tracing { arguments.append(Array("--strace".utf8CString)) }
            // The tier and background-compile options, so the whole tree runs as asked.
            for flag in t.process.options.engineFlags { arguments.append(Array(flag.utf8CString)) }
            // An empty argv gets "" as argv[0], as Linux gives the new program.
            arguments.append(Array("--argv0".utf8CString))
            arguments.append(argv.first ?? [0])
            if let policy {
                // The new engine keeps the policy. Everything it takes from the guest comes after
                // options it parses unconditionally or after `--`; its own environment is this
                // engine's (the guest's could name a loader preload, a compiler or a code cache).
                arguments.append(Array("--inherited-policy".utf8CString))
                arguments.append(Array(policy.policy.serialized().utf8CString))
                for entry in envp {
                    arguments.append(Array("--guest-env".utf8CString))
                    arguments.append(entry)
                }
                arguments.append(Array("--".utf8CString))
                environment = engineEnvironment()
            }
            arguments.append(modulePath + [0])
            arguments += argv.dropFirst()
        }
        if t.process.tracing { Strace.record(t, "execve", [.path, .ptr, .ptr], a, result: nil, note: "replacing the process") }
        t.process.removeEnvironmentFile()
        t.process.mappings.syncAll()
        fflush(nil)
        let r = withCStringArray(arguments) { av in
            withCStringArray(environment) { ev in
                program.withUnsafeBufferPointer { wali_host_syscall(HOST_NR_execve, Int(bitPattern: $0.baseAddress), Int(bitPattern: av), Int(bitPattern: ev), 0, 0, 0) }
            }
        }
        throw Errno(Int32(-r))
    }

    /// Whether `path` is a WALI module: a regular file with the Wasm magic that we may execute.
    /// Unreadable or short files go to the host execve, which gives the kernel's answer.
    /// Under a policy a file that cannot be opened gives the error of the open (ENOENT, EACCES,
    /// EMFILE when `--max-fds` are all in use), as the native binary is never started.
    static func isWasmModule(_ path: [CChar], policy: Bool = false) throws -> Bool {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 && policy { throw Errno(errno) }
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, st.st_mode & S_IFMT == S_IFREG else { return false }
        var magic = [UInt8](repeating: 0, count: 4)
        guard read(fd, &magic, 4) == 4, magic == [0, 0x61, 0x73, 0x6d] else { return false }
        guard faccessat(AT_FDCWD, path, X_OK, AT_EACCESS) == 0 else { throw Errno.EACCES }
        return true
    }

    /// This engine's own host environment, handed to the engine it execs.
    static func engineEnvironment() -> [[CChar]] {
        var result: [[CChar]] = []
        var p = environ
        while let entry = p.pointee {
            result.append(Array(UnsafeBufferPointer(start: entry, count: strlen(entry) + 1)))
            p += 1
        }
        return result
    }

    /// A NULL-terminated guest array of u32 string pointers (argv, envp); NULL is empty.
    static func stringArray(_ t: WALIThread, _ address: UInt32) throws -> [[CChar]] {
        guard address != 0 else { return [] }
        var result: [[CChar]] = []
        var total = 0
        var slot = address
        while true {
            let p: UInt32 = try t.memory.load(slot)
            if p == 0 { break }
            let s = try t.memory.cString(p, limit: 131072 /* MAX_ARG_STRLEN */)
            total += s.count + 8
            guard result.count < 0x7FFF_FFFF / 8, total <= 2 * 1024 * 1024 else { throw Errno.E2BIG }
            result.append(s)
            slot &+= 4
        }
        return result
    }

    static func withCStringArray<R>(_ strings: [[CChar]], _ body: (UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> R) -> R {
        var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { s in
            let p = UnsafeMutablePointer<CChar>.allocate(capacity: s.count)
            p.initialize(from: s, count: s.count)
            return p
        }
        pointers.append(nil)
        defer { for p in pointers { p?.deallocate() } }
        return pointers.withUnsafeMutableBufferPointer { body($0.baseAddress!) }
    }

    /// prctl: the options a program uses on itself; pointer arguments are checked. Options
    /// that would change the engine itself are virtual (DUMPABLE, GET_TID_ADDRESS) or refused
    /// as Linux refuses them to an unprivileged process without the feature (see SECURITY.md).
    public static func prctl(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        let option = Int(a.int(0))
        let arg2 = Int(truncatingIfNeeded: a.long(1))
        switch option {
        case 3: // PR_GET_DUMPABLE
            return Int64(t.process.lock.withLock { t.process.dumpable })
        case 4: // PR_SET_DUMPABLE: 0 or 1 (SUID_DUMP_USER); the engine stays non-dumpable
            guard a.long(1) == 0 || a.long(1) == 1 else { throw Errno.EINVAL }
            t.process.lock.withLock { t.process.dumpable = Int32(a.long(1)) }
            return 0
        case 40: // PR_GET_TID_ADDRESS: the guest's set_tid_address pointer, a 32-bit guest pointer
            guard a.long(1) >= 0, a.long(1) <= Int64(UInt32.max) else { throw Errno.EFAULT }
            try t.memory.store(UInt32(a.long(1)), t.clearChildTid)
            return 0
        case 35, 24, 28: // PR_SET_MM, PR_CAPBSET_DROP, PR_SET_SECUREBITS: need privilege
            throw Errno.EPERM
        case 53: // PR_SET_SPECULATION_CTRL: the engine's mitigations are not the guest's to lower
            throw Errno.EPERM
        case 15: // PR_SET_NAME: up to 15 bytes, NUL-terminated or not
            var name = [CChar](repeating: 0, count: 16)
            let src = a.ptr(1)
            for i in 0..<15 {
                let c: UInt8 = try t.memory.load(src &+ UInt32(i))
                if c == 0 { break }
                name[i] = CChar(bitPattern: c)
            }
            return try name.withUnsafeBufferPointer { try Host.syscall(HOST_NR_prctl, 15, Int(bitPattern: $0.baseAddress)) }
        case 16: // PR_GET_NAME: 16 bytes
            let p = try t.memory.pointer(a.ptr(1), count: 16)
            return try Host.syscall(HOST_NR_prctl, 16, Host.arg(p))
        case 2, 37: // PR_GET_PDEATHSIG, PR_GET_CHILD_SUBREAPER: int*
            let p = try t.memory.ptr(a.ptr(1), to: Int32.self)
            return try Host.syscall(HOST_NR_prctl, option, Host.arg(p.host))
        case 1, 7, 8, 23, 29, 30, 36, 38, 39, 41, 42, 52:
            // PDEATHSIG, KEEPCAPS, CAPBSET_READ, TIMERSLACK, CHILD_SUBREAPER, NO_NEW_PRIVS,
            // THP_DISABLE, GET_SPECULATION_CTRL: integer arguments only, nothing the engine needs.
            return try Host.syscall(HOST_NR_prctl, option, arg2, Int(truncatingIfNeeded: a.long(2)),
                                    Int(truncatingIfNeeded: a.long(3)), Int(truncatingIfNeeded: a.long(4)))
        default:
            throw Errno.EINVAL
        }
    }

    /// sched_getaffinity: the kernel writes min(cpusetsize, its mask size) bytes and returns
    /// that count; cpu_set_t is a plain bit array.
    public static func sched_getaffinity(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        let size = a.size(1)
        var mask = [UInt8](repeating: 0, count: min(size, 8192))
        let n = try mask.withUnsafeMutableBytes { try Host.syscall(HOST_NR_sched_getaffinity, Int(a.int(0)), $0.count, Host.arg($0.baseAddress)) }
        let p = try t.memory.pointer(a.ptr(2), count: Int(n))
        mask.withUnsafeBytes { p.copyMemory(from: $0.baseAddress!, byteCount: Int(n)) }
        return n
    }

    /// sched_setscheduler with struct sched_param (one int).
    public static func sched_setscheduler(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        let param = try t.memory.optionalPtr(a.ptr(2), to: Int32.self)
        return try Host.syscall(HOST_NR_sched_setscheduler, Int(a.int(0)), Int(a.int(1)), Host.arg(param?.host))
    }
}
