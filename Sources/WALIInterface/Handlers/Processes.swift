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
        fflush(nil) // the engine's own stdio buffers must not be written twice
        let process = t.process
        let pid = process.withForkLocks { () -> Int32 in
            let pid = wali_fork()
            if pid == 0 { process.becomeForkChild(t) }
            return pid
        }
        if pid < 0 { throw Errno(-pid) }
        return Int64(pid)
    }

    /// Ends the calling thread; the last thread ending ends the process.
    public static func exit(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        throw GuestExit(scope: .thread, status: a.int(0))
    }

    public static func exit_group(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        throw t.process.exitProcess(status: a.int(0))
    }

    /// wait4: the host's. The status is stored after the wait, as the kernel does (a bad status
    /// pointer still reaps the child); the kernel's struct rusage is 144 pointer-free bytes.
    public static func wait4(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        var status: Int32 = 0
        var usage = [UInt8](repeating: 0, count: 144)
        let wantUsage = a.ptr(3) != 0
        let pid = try t.blocking {
            try usage.withUnsafeMutableBytes { u in
                try withUnsafeMutablePointer(to: &status) { s in
                    try Host.syscall(HOST_NR_wait4, Int(a.int(0)), Int(bitPattern: s), Int(a.int(2)),
                                     wantUsage ? Host.arg(u.baseAddress) : 0)
                }
            }
        }
        if pid > 0 && a.ptr(1) != 0 { try t.memory.store(a.ptr(1), status) }
        if wantUsage {
            let p = try t.memory.pointer(a.ptr(3), count: usage.count)
            usage.withUnsafeBytes { p.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
        }
        return pid
    }

    /// execve. A WALI module (a file starting with `\0asm`) is run by the engine itself
    /// (`/proc/self/exe run PATH ARGS...`, so its argv[0] is the path); anything else is exec'd
    /// natively (ELF, scripts, and the kernel's errors). The environment becomes the new
    /// process's host environment, which `wali run` hands to the guest unchanged.
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
        if try isWasmModule(path) {
            program = Array("/proc/self/exe".utf8CString)
            var modulePath = Array(path.dropLast())
            if modulePath.first == CChar(UInt8(ascii: "-")) { modulePath = Array("./".utf8).map { CChar(bitPattern: $0) } + modulePath }
            arguments = [Array("wali".utf8CString), Array("run".utf8CString)]
            if t.process.tracing { arguments.append(Array("--strace".utf8CString)) }
            arguments.append(modulePath + [0])
            arguments += argv.dropFirst()
        }
        if t.process.tracing { Strace.record(t, "execve", [.path, .ptr, .ptr], a, result: nil, note: "replacing the process") }
        t.process.removeEnvironmentFile()
        t.process.mappings.syncAll()
        fflush(nil)
        let r = withCStringArray(arguments) { av in
            withCStringArray(envp) { ev in
                program.withUnsafeBufferPointer { wali_host_syscall(HOST_NR_execve, Int(bitPattern: $0.baseAddress), Int(bitPattern: av), Int(bitPattern: ev), 0, 0, 0) }
            }
        }
        throw Errno(Int32(-r))
    }

    /// Whether `path` is a WALI module: a regular file with the Wasm magic that we may execute.
    /// Unreadable or short files go to the host execve, which gives the kernel's answer.
    static func isWasmModule(_ path: [CChar]) throws -> Bool {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, st.st_mode & S_IFMT == S_IFREG else { return false }
        var magic = [UInt8](repeating: 0, count: 4)
        guard read(fd, &magic, 4) == 4, magic == [0, 0x61, 0x73, 0x6d] else { return false }
        guard faccessat(AT_FDCWD, path, X_OK, AT_EACCESS) == 0 else { throw Errno.EACCES }
        return true
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
    /// that would reach into the engine (seccomp, mm fields, ...) are refused with EINVAL.
    public static func prctl(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        let option = Int(a.int(0))
        let arg2 = Int(truncatingIfNeeded: a.long(1))
        switch option {
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
            let p = try t.memory.pointer(a.ptr(1), count: 4)
            return try Host.syscall(HOST_NR_prctl, option, Host.arg(p))
        case 1, 3, 4, 7, 8, 23, 29, 30, 36, 38, 39, 40, 41:
            // PDEATHSIG, DUMPABLE, KEEPCAPS, CAPBSET_READ, TIMERSLACK, CHILD_SUBREAPER,
            // NO_NEW_PRIVS, THP_DISABLE: integer arguments only.
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
        let param = try t.memory.optionalPointer(a.ptr(2), count: 4)
        return try Host.syscall(HOST_NR_sched_setscheduler, Int(a.int(0)), Int(a.int(1)), Host.arg(param))
    }
}
