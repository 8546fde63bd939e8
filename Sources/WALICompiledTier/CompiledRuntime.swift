import CWALINativeRuntime
import CWALIHost
import WALITranslator
import WALILinux
import WALIModule
#if canImport(Glibc)
import Glibc
#endif

/// A trap in compiled code, reported like the interpreter's. Unchecked Sendable: the exception
/// pointer is only used on the thread whose guest code threw it.
public struct CompiledTrap: Error, @unchecked Sendable, CustomStringConvertible {
    public let code: Int32
    /// For an uncaught exception: the exception object, so a callback that made the nested call
    /// can throw it on into the guest code around it (a longjmp out of a signal handler).
    var exception: UnsafeMutablePointer<wali_exn>?

    public init(code: Int32) { self.code = code }

    init(code: Int32, exception: UnsafeMutablePointer<wali_exn>?) {
        self.code = code
        self.exception = exception
    }

    /// The trap, as both tiers report it.
    public var trap: WasmTrap {
        switch code {
        case Int32(WALI_TRAP_UNREACHABLE): return WasmTrap(.unreachable)
        case Int32(WALI_TRAP_MEMORY_OOB): return WasmTrap(.memoryOutOfBounds)
        case Int32(WALI_TRAP_DIV_ZERO): return WasmTrap(.integerDivideByZero)
        case Int32(WALI_TRAP_INT_OVERFLOW): return WasmTrap(.integerOverflow)
        case Int32(WALI_TRAP_INVALID_CONVERSION): return WasmTrap(.invalidConversionToInteger)
        case Int32(WALI_TRAP_STACK): return WasmTrap(.callStackExhausted)
        case Int32(WALI_TRAP_INDIRECT_MISMATCH): return WasmTrap(.indirectCallTypeMismatch)
        case Int32(WALI_TRAP_TABLE_OOB): return WasmTrap(.undefinedElement)
        case Int32(WALI_TRAP_NULL_ELEMENT): return WasmTrap(.uninitializedElement)
        case Int32(WALI_TRAP_UNALIGNED_ATOMIC): return WasmTrap(.unalignedAtomic)
        case Int32(WALI_TRAP_NULL_REFERENCE): return WasmTrap(.nullReference)
        case Int32(WALI_TRAP_TABLE_OOB_ACCESS): return WasmTrap(.tableOutOfBounds)
        case Int32(WALI_TRAP_UNCAUGHT_EXCEPTION): return WasmTrap(.uncaughtException)
        case Int32(WALI_TRAP_BAD_LONGJMP): return WasmTrap(.longjmpToReturnedFunction)
        case Int32(WALI_TRAP_LONGJMP): return WasmTrap(.longjmpOutOfEngine)
        case Int32(WALI_TRAP_OUT_OF_MEMORY): return WasmTrap(.outOfMemory)
        default: return WasmTrap(.other, detail: "trap \(code)")
        }
    }

    public var description: String { trap.message }
}

/// One thread's instance of the compiled module.
final class CompiledThread {
    unowned let runtime: CompiledRuntime
    let thread: WALIThread
    /// The runtime's import handlers, held here so that an import call does not go through
    /// `runtime` (an unowned reference to an object that also has weak ones: each use would take
    /// the slow, side-table path of the reference count).
    let imports: [CompiledRuntime.ImportHandler]
    var instance: UnsafeMutablePointer<wali_inst>?
    /// The error an engine callback hit, carried across the unwind to the innermost invoke.
    var pendingError: Error?
    /// Signal masks saved by `sigsetjmp(env, 1)`, by env address, restored by `longjmp(env)`.
    var savedMasks: [UInt32: UInt64] = [:]

    init(runtime: CompiledRuntime, thread: WALIThread) {
        self.runtime = runtime
        self.thread = thread
        self.imports = runtime.imports
    }

    /// A callback failed: an exception from a nested call (a signal handler) goes on into the
    /// guest code that made the callback once it returns; anything else abandons the guest code
    /// up to the innermost invoke, which rethrows it.
    func leave(_ inst: UnsafeMutablePointer<wali_inst>?, with error: Error) {
        if let trap = error as? CompiledTrap {
            if let e = trap.exception {
                wali_rt_throw_after_callback(inst, e)
                return
            }
            // A longjmp out of a signal handler: still pending, it goes on from this callback.
            if trap.code == Int32(WALI_TRAP_LONGJMP) { return }
        }
        pendingError = error
        wali_rt_unwind(inst, Int32(WALI_TRAP_HOST))
    }

    static func of(_ inst: UnsafeMutablePointer<wali_inst>?) -> CompiledThread {
        unretained(inst).takeUnretainedValue()
    }

    static func unretained(_ inst: UnsafeMutablePointer<wali_inst>?) -> Unmanaged<CompiledThread> {
        Unmanaged<CompiledThread>.fromOpaque(wali_rt_instance_context(inst)!)
    }
}

/// Tier 2: runs a module compiled to native code by `wali compile` (a shared object), over the
/// same Linux interface as the interpreter.
public final class CompiledRuntime: GuestRuntime {
    public let image: ModuleImage
    public let process: WALIProcess
    let handle: UnsafeMutableRawPointer
    let desc: UnsafePointer<wali_module_desc>
    let memory: OpaquePointer
    /// Per import index: what it does with the argument array compiled code passes.
    typealias ImportHandler = (WALIThread, UnsafePointer<Int64>) throws -> Int64
    private(set) var imports: [ImportHandler] = []
    /// The WASI process state, for a module importing `wasi_snapshot_preview1`.
    var wasi: WASIContext?

    /// Loads a compiled object for `image`.
    public init(image: ModuleImage, objectPath: String, options: ProcessOptions) throws {
        self.image = image
        var error = [CChar](repeating: 0, count: 512)
        var d: UnsafePointer<wali_module_desc>?
        guard let h = wali_rt_load_module(objectPath, &d, &error, error.count), let d else {
            throw LoadError.malformed(path: image.path, reason: "cannot load its compiled code: \(String(cString: error))")
        }
        handle = h
        desc = d
        let limits = try image.memoryLimits(policy: options.policy)
        guard d.pointee.mem_min_pages == limits.min else {
            throw LoadError.malformed(path: image.path, reason: "its compiled code does not match the module")
        }
        let maxBytes = Int(limits.max!) * GuestMemory.wasmPageSize
        guard let m = wali_rt_memory_create(limits.min * UInt64(GuestMemory.wasmPageSize), UInt64(maxBytes)) else {
            throw LoadError.notWALI(path: image.path, reason: "its memory cannot be reserved")
        }
        memory = m
        let guestMemory = GuestMemory(
            base: UnsafeMutableRawPointer(wali_rt_memory_base(m)!), maxByteCount: maxBytes,
            currentSize: { Int(wali_rt_memory_size(m)) },
            grow: { pages in Int(wali_rt_memory_grow(m, UInt64(pages))) })
        process = WALIProcess(memory: guestMemory, options: options)
        process.environmentNULRecords = image.readsNULEnvironmentRecords
        process.runtime = self
        if image.interface == .wasiPreview1 { wasi = WASIContext(process: process) }
        for i in 0..<Int(d.pointee.num_imports) {
            let name = String(cString: d.pointee.import_names[i]!)
            let sig = String(cString: d.pointee.import_sigs[i]!)
            let params = sig.prefix { $0 != ":" }.count
            if let wasi {
                // The load checked the types (ModuleImage); all arguments, WASI's errno back.
                let handler = WASI.handler(for: name, context: wasi)
                imports.append { thread, args in
                    try handler(thread, WASIArgs(Array(UnsafeBufferPointer(start: args, count: params))))
                }
                continue
            }
            let (arity, call) = CompiledRuntime.importHandler(name: name, arity: min(params, 6))
            imports.append { thread, args in
                var a = SyscallArgs()
                for i in 0..<arity { a[i] = args[i] }
                return try call(thread, a)
            }
        }
        wali_rt_set_callbacks(compiledImportCallback, compiledSafePointCallback)
        wali_rt_install_trap_handlers()
    }

    deinit {
        wali_rt_memory_destroy(memory)
    }

    /// What one `wali` import does: the shared binding, with its arity for argument reading.
    static func importHandler(name: String, arity: Int) -> (arity: Int, call: SyscallHandler) {
        (arity, legacyJump(name: name, arity: arity) ?? ImportBinding.handler(for: name, arity: arity))
    }

    /// The legacy `setjmp`, `sigsetjmp` and `longjmp` imports, for real: the translator puts a
    /// _setjmp in the calling function after the import call (which saves the signal mask for
    /// sigsetjmp), and `longjmp` restores that mask and jumps once its callback returns.
    static func legacyJump(name: String, arity: Int) -> SyscallHandler? {
        switch (name, arity) {
        case ("setjmp", 1), ("sigsetjmp", 2):
            return { thread, a in
                guard let context = thread.engineContext as? CompiledThread else { return 0 }
                let env = UInt32(truncatingIfNeeded: a[0])
                context.savedMasks[env] = arity == 2 && Int32(truncatingIfNeeded: a[1]) != 0 ? thread.signalMask : nil
                return 0
            }
        case ("longjmp", 2):
            return { thread, a in
                guard let context = thread.engineContext as? CompiledThread else { throw Errno.ENOSYS }
                let env = UInt32(truncatingIfNeeded: a[0])
                if let mask = context.savedMasks[env] { thread.setSignalMask(mask) }
                wali_rt_longjmp_after_callback(context.instance, env, UInt32(truncatingIfNeeded: a[1]))
                return 0
            }
        default:
            return nil
        }
    }

    // MARK: Instances

    /// A new instance for `thread` on the calling host thread; the first one also lays out
    /// memory and tables. Runs the module's start function, as instantiation does.
    func instantiate(thread: WALIThread, first: Bool) throws -> CompiledThread {
        let context = CompiledThread(runtime: self, thread: thread)
        let raw = Unmanaged.passRetained(context).toOpaque()
        guard let inst = wali_rt_instance_new(desc, memory, raw) else {
            Unmanaged<CompiledThread>.fromOpaque(raw).release()
            throw Errno.ENOMEM
        }
        context.instance = inst
        thread.engineContext = context
        if first {
            guard desc.pointee.init_tables() == 0 else {
                throw LoadError.malformed(path: image.path, reason: "an element segment does not fit its table")
            }
            guard desc.pointee.init_memory(inst) == 0 else {
                throw LoadError.malformed(path: image.path, reason: "a data segment does not fit in memory")
            }
        }
        if let start = desc.pointee.start {
            try invoke(context, unsafeBitCast(start, to: UnsafeMutableRawPointer.self), [])
        }
        return context
    }

    func release(_ context: CompiledThread) {
        wali_rt_instance_free(context.instance)
        context.instance = nil
        Unmanaged.passUnretained(context).release()
    }

    /// Calls compiled code; a trap or an engine error raised inside comes back as a Swift error.
    func invoke(_ context: CompiledThread, _ fn: UnsafeMutableRawPointer, _ args: [UInt32]) throws {
        let a = args + [0, 0, 0]
        let code = wali_rt_invoke(context.instance, fn, Int32(args.count), a[0], a[1], a[2])
        if code == 0 { return }
        if code == Int32(WALI_TRAP_HOST), let error = context.pendingError {
            context.pendingError = nil
            throw error
        }
        if code == Int32(WALI_TRAP_UNCAUGHT_EXCEPTION) {
            throw CompiledTrap(code: code, exception: wali_rt_take_exception(context.instance))
        }
        throw CompiledTrap(code: code)
    }

    // MARK: Running

    /// Runs `_start` on the calling thread and returns how the guest ended.
    public func run() -> GuestTermination {
        process.runMainThread({ thread in
            let main = try instantiate(thread: thread, first: true)
            try invoke(main, unsafeBitCast(desc.pointee.entry!, to: UnsafeMutableRawPointer.self), [])
        }, describeTrap: CompiledRuntime.describeTrap)
    }

    static func describeTrap(_ error: Error) -> (message: String, signal: Int32) {
        let trap: WasmTrap
        if let compiled = error as? CompiledTrap {
            trap = compiled.trap
        } else if let e = error as? WasmTrap {
            trap = e
        } else if let e = error as? LoadError {
            trap = WasmTrap(.other, detail: e.description)
        } else {
            trap = WasmTrap(.other, detail: WasmErrorText.describe(error))
        }
        return (trap.message, trap.signal)
    }

    // MARK: GuestRuntime

    public func spawnThread(process: WALIProcess, function: UInt32, argument: UInt32) throws -> Int32 {
        try process.startGuestThread(
            label: image.path,
            prepare: { thread in try self.instantiate(thread: thread, first: false) },
            run: { thread, context in
                if let entry = self.desc.pointee.thread_entry {
                    try self.invoke(context, unsafeBitCast(entry, to: UnsafeMutableRawPointer.self),
                                    [UInt32(bitPattern: thread.tid), argument])
                } else {
                    try self.callTableFunction(thread: thread, index: function,
                                               arguments: [UInt32(bitPattern: thread.tid), argument])
                }
            },
            release: { context in self.release(context) },
            describeTrap: CompiledRuntime.describeTrap)
    }

    /// Calls `table[index](arguments...)` (a signal handler or thread entry: i32 arguments, no
    /// result), with call_indirect's checks.
    public func callTableFunction(thread: WALIThread, index: UInt32, arguments: [UInt32]) throws {
        guard let context = thread.engineContext as? CompiledThread, (1...3).contains(arguments.count),
              desc.pointee.num_tables > 0 else { throw Errno.ENOSYS }
        let table = desc.pointee.tables[0]
        guard index < table.size else { throw CompiledTrap(code: Int32(WALI_TRAP_TABLE_OOB)) }
        guard let raw = table.elems[Int(index)] else { throw CompiledTrap(code: Int32(WALI_TRAP_NULL_ELEMENT)) }
        let fd = raw.assumingMemoryBound(to: wali_func_desc.self).pointee
        let expected = String(repeating: "i", count: arguments.count) + ":"
        guard fd.type < desc.pointee.num_types, String(cString: desc.pointee.type_sigs[Int(fd.type)]!) == expected else {
            throw CompiledTrap(code: Int32(WALI_TRAP_INDIRECT_MISMATCH))
        }
        try invoke(context, fd.fn, arguments)
    }
}

extension Unmanaged {
    /// `_withUnsafeGuaranteedRef`: the object is known to outlive `body`, which uses it without
    /// retaining it.
    @inline(__always)
    func withGuaranteedRef<Result>(_ body: (Instance) throws -> Result) rethrows -> Result {
        try _withUnsafeGuaranteedRef(body)
    }
}

/// Called by compiled code for every import.
private let compiledImportCallback: wali_rt_import_callback = { inst, index, args in
    // The instance owns its context for as long as its code runs: used unretained, so a call
    // writes no reference count (after a fork, each count written is a page both processes copy).
    CompiledThread.unretained(inst).withGuaranteedRef { context in
        do {
            return try context.imports[Int(index)](context.thread, args!)
        } catch {
            context.leave(inst, with: error)
            return 0
        }
    }
}

/// Called by compiled code at loop headers and function entries when a signal is pending.
private let compiledSafePointCallback: wali_rt_safe_point_callback = { inst in
    let context = CompiledThread.of(inst)
    do {
        try context.thread.safePoint()
    } catch {
        context.leave(inst, with: error)
    }
}

