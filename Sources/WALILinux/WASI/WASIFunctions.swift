import CWALIHost
#if canImport(Glibc)
import Glibc
#endif

/// The arguments of one WASI call as the tiers pass them: each i32/i64 widened to Int64 (i32s
/// zero-extended by the reader below, as WASI's i32s are u32 pointers, lengths and flags).
public struct WASIArgs {
    public var values: [Int64]
    public init(_ values: [Int64]) { self.values = values }
    @inline(__always) func u32(_ i: Int) -> UInt32 { i < values.count ? UInt32(truncatingIfNeeded: values[i]) : 0 }
    @inline(__always) func u64(_ i: Int) -> UInt64 { i < values.count ? UInt64(bitPattern: values[i]) : 0 }
    @inline(__always) func u16(_ i: Int) -> UInt16 { UInt16(truncatingIfNeeded: u32(i)) }
}

/// A WASI function: its import name, its Wasm type, its support status and what it does.
/// Handlers throw `WASIErrno` (or a Linux `Errno`, translated) and return normally for success.
public struct WASIFunction {
    public let name: String
    public let signature: WasmSignature
    public let status: SupportStatus
    let handler: (WASIContext, WALIThread, WASIArgs) throws -> Void

    /// `letters` in the compiled tier's spelling: `iIi:i` (i = i32, I = i64).
    init(_ name: String, _ letters: String, _ handler: @escaping (WASIContext, WALIThread, WASIArgs) throws -> Void,
         _ status: SupportStatus = .supported) {
        self.name = name
        func types(_ s: Substring) -> [WasmValueType] { s.map { $0 == "I" ? .i64 : .i32 } }
        let parts = letters.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        signature = WasmSignature(types(parts[0]), types(parts[1]))
        self.status = status
        self.handler = handler
    }
}

/// WASI preview 1 (`wasi_snapshot_preview1`) on the Linux interface: the function table, the
/// single source of truth for what each import does, its Wasm type (checked at load on both
/// tiers) and its status (`wali inspect --wasi`).
public enum WASI {
    public static let moduleName = "wasi_snapshot_preview1"

    public static let functions: [WASIFunction] = [
        WASIFunction("args_get", "ii:i", WASIEnvironment.argsGet),
        WASIFunction("args_sizes_get", "ii:i", WASIEnvironment.argsSizesGet),
        WASIFunction("environ_get", "ii:i", WASIEnvironment.environGet),
        WASIFunction("environ_sizes_get", "ii:i", WASIEnvironment.environSizesGet),
        WASIFunction("clock_res_get", "ii:i", WASIEnvironment.clockResGet),
        WASIFunction("clock_time_get", "iIi:i", WASIEnvironment.clockTimeGet),
        WASIFunction("fd_advise", "iIIi:i", WASIFiles.advise),
        WASIFunction("fd_allocate", "iII:i", WASIFiles.allocate),
        WASIFunction("fd_close", "i:i", WASIFiles.close),
        WASIFunction("fd_datasync", "i:i", WASIFiles.datasync),
        WASIFunction("fd_fdstat_get", "ii:i", WASIFiles.fdstatGet),
        WASIFunction("fd_fdstat_set_flags", "ii:i", WASIFiles.fdstatSetFlags,
                     .partial("APPEND and NONBLOCK change; DSYNC, RSYNC and SYNC can only be set by path_open (EINVAL)")),
        WASIFunction("fd_fdstat_set_rights", "iII:i", WASIFiles.fdstatSetRights),
        WASIFunction("fd_filestat_get", "ii:i", WASIFiles.filestatGet),
        WASIFunction("fd_filestat_set_size", "iI:i", WASIFiles.filestatSetSize),
        WASIFunction("fd_filestat_set_times", "iIIi:i", WASIFiles.filestatSetTimes),
        WASIFunction("fd_pread", "iiiIi:i", WASIFiles.pread),
        WASIFunction("fd_prestat_get", "ii:i", WASIFiles.prestatGet),
        WASIFunction("fd_prestat_dir_name", "iii:i", WASIFiles.prestatDirName),
        WASIFunction("fd_pwrite", "iiiIi:i", WASIFiles.pwrite),
        WASIFunction("fd_read", "iiii:i", WASIFiles.read),
        WASIFunction("fd_readdir", "iiiIi:i", WASIFiles.readdir,
                     .partial("a snapshot of the directory is taken at cookie 0; cookies are entry indices")),
        WASIFunction("fd_renumber", "ii:i", WASIFiles.renumber),
        WASIFunction("fd_seek", "iIii:i", WASIFiles.seek),
        WASIFunction("fd_sync", "i:i", WASIFiles.sync),
        WASIFunction("fd_tell", "ii:i", WASIFiles.tell),
        WASIFunction("fd_write", "iiii:i", WASIFiles.write),
        WASIFunction("path_create_directory", "iii:i", WASIPaths.createDirectory),
        WASIFunction("path_filestat_get", "iiiii:i", WASIPaths.filestatGet),
        WASIFunction("path_filestat_set_times", "iiiiIIi:i", WASIPaths.filestatSetTimes),
        WASIFunction("path_link", "iiiiiii:i", WASIPaths.link),
        WASIFunction("path_open", "iiiiiIIii:i", WASIPaths.open),
        WASIFunction("path_readlink", "iiiiii:i", WASIPaths.readlink),
        WASIFunction("path_remove_directory", "iii:i", WASIPaths.removeDirectory),
        WASIFunction("path_rename", "iiiiii:i", WASIPaths.rename),
        WASIFunction("path_symlink", "iiiii:i", WASIPaths.symlink,
                     .partial("an absolute target is refused (NOTCAPABLE): it could only name a host path")),
        WASIFunction("path_unlink_file", "iii:i", WASIPaths.unlinkFile),
        WASIFunction("poll_oneoff", "iiii:i", WASIPoll.pollOneoff,
                     .partial("clocks REALTIME and MONOTONIC; fd_read/fd_write on any descriptor (regular files are always ready)")),
        WASIFunction("proc_exit", "i:", WASIEnvironment.procExit),
        WASIFunction("proc_raise", "i:i", WASIEnvironment.procRaise,
                     .partial("the signal's default action (the guest has no handlers): terminate, ignore or stop")),
        WASIFunction("sched_yield", ":i", WASIEnvironment.schedYield),
        WASIFunction("random_get", "ii:i", WASIEnvironment.randomGet),
        WASIFunction("sock_accept", "iii:i", WASISockets.accept,
                     .partial("sockets come only as inherited descriptors; WASI p1 has no way to create one")),
        WASIFunction("sock_recv", "iiiiii:i", WASISockets.recv),
        WASIFunction("sock_send", "iiiii:i", WASISockets.send),
        WASIFunction("sock_shutdown", "ii:i", WASISockets.shutdown),
    ]

    public static let byName: [String: WASIFunction] = {
        var map = [String: WASIFunction]()
        for f in functions { map[f.name] = f }
        return map
    }()

    /// The status of a `wasi_snapshot_preview1` import (an unknown one links and returns NOSYS).
    public static func status(ofImport name: String) -> SupportStatus {
        byName[name]?.status ?? .error(.ENOSYS, "not part of WASI preview 1; linked, returns errno NOSYS")
    }

    /// nil when the import may be linked with this type; else the one-line reason.
    public static func mismatch(name: String, params: [WasmValueType], results: [WasmValueType]) -> String? {
        guard let f = byName[name] else { return nil }
        let declared = WasmSignature(params, results)
        if declared == f.signature { return nil }
        return "import \(moduleName).\(name) has type \(declared), expected \(f.signature)"
    }

    /// How one `wasi_snapshot_preview1` import runs, whatever the tier: the handler with WASI's
    /// errno as its result, --strace, a process exit, and the signal safe point of every call.
    public static func handler(for name: String, context: WASIContext) -> (WALIThread, WASIArgs) throws -> Int64 {
        guard let function = byName[name] else {
            return { thread, args in
                if thread.process.tracing { trace(thread, name, args, WASIErrno.nosys, note: "not implemented") }
                return Int64(WASIErrno.nosys.code)
            }
        }
        let handler = function.handler
        return { thread, args in
            var result = WASIErrno.success
            var note: String? = nil
            do {
                try handler(context, thread, args)
            } catch let e as WASIErrno {
                result = e
            } catch let e as Errno {
                result = WASIErrno(linux: e)
            } catch let denial as PolicyDenial {
                result = WASIErrno(linux: denial.errno)
                note = "denied by policy: " + denial.reason
            } catch let exit as GuestExit {
                if thread.process.tracing { trace(thread, name, args, nil) }
                thread.process.finish(exit)
                if exit.scope == .process { thread.process.requestEnd(exit) }
                throw exit
            }
            if thread.process.tracing { trace(thread, name, args, result, note: note) }
            try thread.safePoint()
            return Int64(result.code)
        }
    }

    static func trace(_ t: WALIThread, _ name: String, _ args: WASIArgs, _ result: WASIErrno?, note: String? = nil) {
        var line = "\(moduleName).\(name)(" + args.values.map { String($0) }.joined(separator: ", ") + ") = "
        line += result.map { $0.code == 0 ? "0" : "\($0.code) \($0.description.uppercased())" } ?? "?"
        if let note { line += " (\(note))" }
        line += "\n"
        Strace.lock.withLock { _ = line.withCString { Glibc.write(2, $0, strlen($0)) } }
    }
}

/// Host results: -1 with errno becomes the Linux `Errno` (translated by the dispatcher).
@inline(__always)
func hostCheck<T: BinaryInteger>(_ result: T) throws -> T {
    if result < 0 { throw Errno(errno) }
    return result
}

// MARK: Arguments, environment, clocks, process

enum WASIEnvironment {
    /// Stores a list of strings as WASI's `*_get` calls do: pointers at `pointers`, the
    /// NUL-terminated strings one after another at `buffer`.
    static func store(_ list: [[UInt8]], _ c: WASIContext, pointers: UInt32, buffer: UInt32) throws {
        let array = try c.memory.array(pointers, count: list.count, of: UInt32.self)
        let total = list.reduce(0) { $0 + $1.count + 1 }
        let out = try c.memory.pointer(buffer, count: total)
        var offset = 0
        for (i, item) in list.enumerated() {
            array[i].store(buffer &+ UInt32(offset))
            if !item.isEmpty { item.withUnsafeBytes { (out + offset).copyMemory(from: $0.baseAddress!, byteCount: item.count) } }
            (out + offset + item.count).storeBytes(of: 0, as: UInt8.self)
            offset += item.count + 1
        }
    }

    static func storeSizes(_ list: [[UInt8]], _ c: WASIContext, count: UInt32, size: UInt32) throws {
        try c.memory.store(count, UInt32(list.count))
        try c.memory.store(size, UInt32(list.reduce(0) { $0 + $1.count + 1 }))
    }

    static func argsGet(_ c: WASIContext, _ t: WALIThread, _ a: WASIArgs) throws {
        try store(c.arguments, c, pointers: a.u32(0), buffer: a.u32(1))
    }
    static func argsSizesGet(_ c: WASIContext, _ t: WALIThread, _ a: WASIArgs) throws {
        try storeSizes(c.arguments, c, count: a.u32(0), size: a.u32(1))
    }
    static func environGet(_ c: WASIContext, _ t: WALIThread, _ a: WASIArgs) throws {
        try store(c.environment, c, pointers: a.u32(0), buffer: a.u32(1))
    }
    static func environSizesGet(_ c: WASIContext, _ t: WALIThread, _ a: WASIArgs) throws {
        try storeSizes(c.environment, c, count: a.u32(0), size: a.u32(1))
    }

    /// `$clockid`: realtime, monotonic, process and thread CPU time.
    static func hostClock(_ id: UInt32) throws -> clockid_t {
        switch id {
        case 0: return CLOCK_REALTIME
        case 1: return CLOCK_MONOTONIC
        case 2: return CLOCK_PROCESS_CPUTIME_ID
        case 3: return CLOCK_THREAD_CPUTIME_ID
        default: throw WASIErrno.inval
        }
    }

    static func nanoseconds(_ ts: timespec) -> UInt64 {
        UInt64(bitPattern: Int64(ts.tv_sec) &* 1_000_000_000 &+ Int64(ts.tv_nsec))
    }

    static func clockResGet(_ c: WASIContext, _ t: WALIThread, _ a: WASIArgs) throws {
        var ts = timespec()
        _ = try hostCheck(clock_getres(try hostClock(a.u32(0)), &ts))
        try c.memory.store(a.u32(1), nanoseconds(ts))
    }

    static func clockTimeGet(_ c: WASIContext, _ t: WALIThread, _ a: WASIArgs) throws {
        var ts = timespec()
        _ = try hostCheck(clock_gettime(try hostClock(a.u32(0)), &ts))
        try c.memory.store(a.u32(2), nanoseconds(ts))
    }

    static func procExit(_ c: WASIContext, _ t: WALIThread, _ a: WASIArgs) throws {
        throw t.process.exitProcess(status: Int32(bitPattern: a.u32(0)))
    }

    /// `$signal` numbers follow Linux's up to SIGTERM (15), then skip SIGSTKFLT (16).
    static func linuxSignal(_ wasi: UInt32) -> Int32? {
        switch wasi {
        case 1...15: return Int32(wasi)
        case 16...30: return Int32(wasi) + 1
        default: return nil
        }
    }

    static func procRaise(_ c: WASIContext, _ t: WALIThread, _ a: WASIArgs) throws {
        if a.u32(0) == 0 { return }
        guard let signo = linuxSignal(a.u32(0)) else { throw WASIErrno.inval }
        switch SignalState.defaultAction(Int(signo)) {
        case .ignore, .continue: return
        case .stop: _ = Glibc.kill(getpid(), SIGSTOP)
        case .terminate: try t.terminateByDefaultAction(signo)
        }
    }

    static func schedYield(_ c: WASIContext, _ t: WALIThread, _ a: WASIArgs) throws {
        _ = sched_yield()
    }

    static func randomGet(_ c: WASIContext, _ t: WALIThread, _ a: WASIArgs) throws {
        let length = Int(a.u32(1))
        let buffer = try c.memory.pointer(a.u32(0), count: length)
        var done = 0
        while done < length {
            do {
                done += Int(try Host.syscall(HOST_NR_getrandom, Host.arg(buffer + done), length - done, 0))
            } catch let e as Errno where e == .EINTR {
                continue
            }
        }
    }
}
