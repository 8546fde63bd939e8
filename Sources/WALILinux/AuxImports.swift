#if canImport(Glibc)
import Glibc
#endif

/// The non-syscall `wali` imports (startup, argv, environment, threads, legacy setjmp).
public enum AuxImports {
    public struct Entry {
        public let name: String
        public let status: SupportStatus
        public let handler: SyscallHandler
        /// The import's Wasm types from the ABI (ABISignatures).
        public var signatures: [WasmSignature] { ABISignatures.byImport[name] ?? [] }
    }

    public static let entries: [Entry] = [
        Entry(name: "__init", status: .supported) { _, _ in 0 },
        Entry(name: "__deinit", status: .supported) { _, _ in 0 },
        Entry(name: "__proc_exit", status: .supported) { t, a in
            throw t.process.exitProcess(status: a.int(0))
        },
        Entry(name: "__cl_get_argc", status: .supported) { t, _ in
            Int64(t.process.options.arguments.count)
        },
        Entry(name: "__cl_get_argv_len", status: .supported) { t, a in
            let args = t.process.options.arguments
            let i = Int(a.uint(0))
            guard i < args.count else { throw Errno.EINVAL }
            return Int64(args[i].utf8.count)
        },
        Entry(name: "__cl_copy_argv", status: .supported) { t, a in
            let args = t.process.options.arguments
            let i = Int(a.uint(1))
            guard i < args.count else { throw Errno.EINVAL }
            let bytes = Array(args[i].utf8) + [0]
            let dst = try t.memory.pointer(a.ptr(0), count: bytes.count)
            bytes.withUnsafeBytes { dst.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
            return 0
        },
        Entry(name: "__get_init_envfile", status: .supported) { t, a in
            let path = Array(try t.process.makeEnvironmentFile().utf8) + [0]
            guard path.count <= Int(a.uint(1)) else { return 0 }
            let dst = try t.memory.pointer(a.ptr(0), count: path.count)
            path.withUnsafeBytes { dst.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
            return 1
        },
        Entry(name: "__wasm_thread_spawn", status: .supported) { t, a in
            guard let runtime = t.process.runtime else { throw Errno.ENOSYS }
            let policy = t.process.policyGuard
            try policy?.reserveThread(t)
            defer { policy?.threadStarted() }
            return Int64(try runtime.spawnThread(process: t.process, function: a.ptr(0), argument: a.ptr(1)))
        },
        Entry(name: "setjmp", status: .partial("compiled tier: a real setjmp in the calling function (sigsetjmp saves the mask); interpreter: returns 0")) { _, _ in 0 },
        Entry(name: "sigsetjmp", status: .partial("compiled tier: a real setjmp in the calling function (sigsetjmp saves the mask); interpreter: returns 0")) { _, _ in 0 },
        Entry(name: "longjmp", status: .partial("compiled tier: jumps (also out of signal handlers; restores a sigsetjmp mask); interpreter: ends the process by SIGABRT with a message, as it cannot unwind")) { t, _ in
            let msg = "wali: longjmp called through the legacy `wali.longjmp` import; the interpreter tier cannot unwind to setjmp (rebuild with Wasm exception-based setjmp, or use the compiled tier)\n"
            _ = msg.withCString { write(2, $0, strlen($0)) }
            // The program cannot go on: it ends as abort() would, by SIGABRT (status 134 for an
            // embedder, whose host process must survive).
            guard t.process.options.exitHostProcess else { throw t.process.exitProcess(status: 134) }
            t.process.removeEnvironmentFile()
            t.process.mappings.syncAll()
            terminate(bySignal: SIGABRT)
        },
    ]

    /// A scan of eleven names: no dictionary to build at every start.
    public static func entry(named name: String) -> Entry? { entries.first { $0.name == name } }
}
