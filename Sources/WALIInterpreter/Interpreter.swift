@_spi(OnlyForCLI) import WasmKit
import WasmParser
import WALILinux
import WALIModule
import CWALIHost
#if canImport(Glibc)
import Glibc
#endif

/// Tier 1: runs a WALI module on the WasmKit interpreter.
public final class Interpreter: GuestRuntime {
    public let image: ModuleImage
    /// Compiles every function of an instance when it is made: the main instance of a module not
    /// yet validated, so an invalid function is refused at load, before any guest code runs.
    let eagerEngine: Engine
    /// Compiles functions when first called: the main instance of a module validated before
    /// (ValidationCache). Each other thread's instance gets an engine of its own (spawnThread).
    let lazyEngine: Engine
    /// Names the validating engine in the ValidationCache.
    public static let validatorName = "wasmkit-0.4.2 features=all"
    let module: Module
    let sharedMemory: SharedMemory
    public let process: WALIProcess
    /// Calls guest function pointers from the host (see TableCaller).
    let helperModule: Module
    /// The main thread's instance, made (and every function validated) at load; its thread is
    /// bound when `run` starts it.
    let mainInstance: ThreadInstance
    /// The WASI process state, for a module importing `wasi_snapshot_preview1`.
    let wasi: WASIContext?

    /// Parses, validates and links the module; every failure is a `LoadError` with a one-line
    /// message, and nothing of the guest has run yet.
    public init(image: ModuleImage, options: ProcessOptions) throws {
        self.image = image
        // The interpreter's frames live on WasmKit's own stack (default 512 KiB, ~70 levels of
        // bash function recursion); give it what a native program's stack gets (8 MiB, Linux's
        // default RLIMIT_STACK). Allocated per call into the guest, touched only as used.
        eagerEngine = Engine(configuration: EngineConfiguration(compilationMode: .eager, stackSize: 8 << 20, features: .all))
        lazyEngine = Engine(configuration: EngineConfiguration(compilationMode: .lazy, stackSize: 8 << 20, features: .all))
        do {
            let rewritten = image.rewritten()
            module = try parseWasm(bytes: SafePoints.instrument(rewritten) ?? rewritten, features: .all)
        } catch {
            throw LoadError.malformed(path: image.path, reason: WasmErrorText.describe(error))
        }
        do {
            helperModule = try parseWasm(bytes: TableCaller.moduleBytes, features: .all)
        } catch {
            throw LoadError.malformed(path: image.path, reason: "internal helper module: \(WasmErrorText.describe(error))")
        }
        let limits = try image.memoryLimits(policy: options.policy)
        let memoryType = MemoryType(min: limits.min, max: limits.max, shared: true)
        do {
            sharedMemory = try SharedMemory(engine: lazyEngine, type: memoryType, resourceLimiter: DefaultResourceLimiter())
        } catch {
            throw LoadError.notWALI(path: image.path, reason: "its memory cannot be created: \(WasmErrorText.describe(error))")
        }
        let shared = sharedMemory
        let probeStore = Store(engine: lazyEngine)
        let probe = Memory(store: probeStore, sharedMemory: shared)
        let base = probe.withUnsafeMutableBufferPointer(offset: 0, count: 0) { $0.baseAddress! }
        let maxBytes = Int(limits.max!) * GuestMemory.wasmPageSize
        let memory = GuestMemory(
            base: base, maxByteCount: maxBytes,
            currentSize: { shared.byteCount },
            grow: { pages in (try? shared.grow(by: pages)) ?? -1 })
        process = WALIProcess(memory: memory, options: options)
        process.environmentNULRecords = image.readsNULEnvironmentRecords
        wasi = image.interface == .wasiPreview1 ? WASIContext(process: process) : nil
        // Validating means compiling every function (about a second for bash): once per module.
        let validated = ValidationCache.isValidated(image, engine: Interpreter.validatorName)
        mainInstance = try Interpreter.instantiate(
            module: module, engine: validated ? lazyEngine : eagerEngine, sharedMemory: sharedMemory,
            slot: ThreadSlot(), path: image.path, wasi: wasi)
        if !validated { ValidationCache.recordValidated(image, engine: Interpreter.validatorName) }
        process.runtime = self
    }

    // MARK: Instances

    /// The thread an instance's imports run on: bound when the instance starts running (the main
    /// instance is made before its thread exists).
    final class ThreadSlot {
        var thread: WALIThread!
        init(_ thread: WALIThread? = nil) { self.thread = thread }
    }

    /// One thread's instance: its Store, linked imports and exports.
    final class ThreadInstance {
        let store: Store
        let instance: Instance
        let slot: ThreadSlot
        /// `call1/2/3(index, args...)`: call_indirect through this instance's table.
        var callers: [Function]?
        /// The byte the instance's loop headers test (see SafePoints), or nil if not instrumented.
        let signalFlag: SignalFlag?
        init(store: Store, instance: Instance, slot: ThreadSlot, signalFlag: SignalFlag?) {
            self.store = store
            self.instance = instance
            self.slot = slot
            self.signalFlag = signalFlag
        }

        /// Binds the instance to its thread and runs what was the module's start function.
        func start(on thread: WALIThread) throws {
            slot.thread = thread
            thread.engineContext = self
            if case .function(let start)? = instance.export(ModuleImage.startExportName) { _ = try running { try start() } }
        }

        /// Runs `body` with the flag registered for the calling host thread, which runs the guest.
        func running<T>(_ body: () throws -> T) rethrows -> T {
            wali_signal_set_safe_point_flag(signalFlag?.byte)
            defer { wali_signal_set_safe_point_flag(nil) }
            return try body()
        }
    }

    /// An instance's safe-point flag (the `__wali_signal_flag` global SafePoints adds): the host
    /// address of its value, where the signal handler stores 1 and the poll stores 0.
    final class SignalFlag {
        var byte: UnsafeMutablePointer<UInt8>?
    }

    static func instantiate(module: Module, engine: Engine, sharedMemory: SharedMemory, slot: ThreadSlot,
                            path: String, wasi: WASIContext?) throws -> ThreadInstance {
        let store = Store(engine: engine)
        var imports = Imports()
        imports.define(module: ModuleImage.hostModule, name: ModuleImage.memoryImportName,
                       Memory(store: store, sharedMemory: sharedMemory))
        var signalFlag: SignalFlag? = nil
        if module.imports.contains(where: { $0.module == SafePoints.module && $0.name == SafePoints.pollName }) {
            let flag = SignalFlag()
            signalFlag = flag
            imports.define(module: SafePoints.module, name: SafePoints.pollName,
                           Function(store: store, parameters: [], results: []) { _, _, _ in
                               // Cleared first: a signal arriving from here on sets it again.
                               flag.byte?.pointee = 0
                               try slot.thread?.safePoint()
                           })
        }
        for imp in module.imports where imp.module == "wali" || imp.module == WASI.moduleName {
            guard case .function(let typeIndex) = imp.descriptor, let type = module.functionType(at: typeIndex) else { continue }
            if imp.module == WASI.moduleName, let wasi {
                imports.define(module: imp.module, name: imp.name,
                               Interpreter.wasiFunction(store: store, name: imp.name, type: type, slot: slot, context: wasi))
            } else {
                imports.define(module: "wali", name: imp.name, Interpreter.hostFunction(store: store, name: imp.name, type: type, slot: slot))
            }
        }
        do {
            let instance = try module.instantiate(store: store, imports: imports)
            if let signalFlag, case .global(let global)? = instance.export(SafePoints.flagExport) {
                signalFlag.byte = Interpreter.valueAddress(of: global)
            }
            return ThreadInstance(store: store, instance: instance, slot: slot, signalFlag: signalFlag)
        } catch {
            throw LoadError.malformed(path: path, reason: WasmErrorText.describe(error))
        }
    }

    /// The host address of an i32 global's value, so a signal handler can store to it. WasmKit
    /// has no API for it: a `Global`'s first stored property is its handle, a pointer to its
    /// entity, whose first field is the value's storage (low byte first). That word is only a
    /// candidate until proven: it is read through the kernel (a bad address fails, it does not
    /// fault) after writing probe values through the public API, then written once and read back
    /// through the API. If WasmKit's layout ever differs, nil (the instance then reaches safe
    /// points only at `wali` calls, as without instrumentation). (This used Mirror, whose
    /// reflection of WasmKit's types was half of an interpreted run's start-up instructions.)
    static func valueAddress(of global: WasmKit.Global) -> UnsafeMutablePointer<UInt8>? {
        guard MemoryLayout<WasmKit.Global>.size >= MemoryLayout<UInt>.size else { return nil }
        let bits = withUnsafeBytes(of: global) { $0.load(as: UInt.self) }
        guard let address = UnsafeMutableRawPointer(bitPattern: bits) else { return nil }
        for probe: UInt32 in [0x5a, 0xa5, 0] {
            var seen: UInt32 = 1
            guard (try? global.assign(Value.i32(probe))) != nil,
                  wali_read_checked(address, &seen, 4) == 0, seen == probe else { return nil }
        }
        let byte = address.assumingMemoryBound(to: UInt8.self)
        byte.pointee = 1
        let seen = global.value
        byte.pointee = 0
        return seen == Value.i32(1) ? byte : nil
    }

    /// Links one `wali` import with the type the module declares.
    static func hostFunction(store: Store, name: String, type: FunctionType, slot: ThreadSlot) -> Function {
        let params = type.parameters
        let results = type.results
        let arity = min(params.count, 6)
        let resultType = results.first
        @inline(__always) func readArgs(_ p: UnsafeBufferPointer<Value>) -> SyscallArgs {
            var a = SyscallArgs()
            for i in 0..<arity {
                switch p[i] {
                case .i32(let v): a[i] = Int64(v)
                case .i64(let v): a[i] = Int64(bitPattern: v)
                default: break
                }
            }
            return a
        }
        @inline(__always) func writeResult(_ r: Int64, _ out: UnsafeMutableBufferPointer<Value>) {
            switch resultType {
            case .i64?: out[0] = .i64(UInt64(bitPattern: r))
            case .i32?: out[0] = .i32(UInt32(truncatingIfNeeded: r))
            default: break
            }
        }
        let handler = ImportBinding.handler(for: name, arity: arity)
        return Function(store: store, parameters: params, results: results) { _, p, out in
            writeResult(try handler(slot.thread, readArgs(p)), out)
        }
    }

    /// Links one `wasi_snapshot_preview1` import: every argument widened (i32 as unsigned),
    /// WASI's errno as the i32 result.
    static func wasiFunction(store: Store, name: String, type: FunctionType, slot: ThreadSlot, context: WASIContext) -> Function {
        let handler = WASI.handler(for: name, context: context)
        let resultType = type.results.first
        return Function(store: store, parameters: type.parameters, results: type.results) { _, p, out in
            var values = [Int64]()
            values.reserveCapacity(p.count)
            for v in p {
                switch v {
                case .i32(let x): values.append(Int64(x))
                case .i64(let x): values.append(Int64(bitPattern: x))
                default: values.append(0)
                }
            }
            let r = try handler(slot.thread, WASIArgs(values))
            switch resultType {
            case .i32?: out[0] = .i32(UInt32(truncatingIfNeeded: r))
            case .i64?: out[0] = .i64(UInt64(bitPattern: r))
            case .f32?: out[0] = .f32(0)
            case .f64?: out[0] = .f64(0)
            default: break
            }
        }
    }

    // MARK: Running

    /// Runs `_start` on the calling thread and returns how the guest ended.
    public func run() -> GuestTermination {
        process.runMainThread({ thread in
            try mainInstance.start(on: thread)
            guard case .function(let start)? = mainInstance.instance.export("_start") else {
                throw LoadError.notWALI(path: image.path, reason: "it exports no '_start' function")
            }
            _ = try mainInstance.running { try start() }
        }, describeTrap: Interpreter.describeTrap)
    }

    /// A trap is reported like the native program's crash: a message and the signal the CPU
    /// would have raised.
    static func describeTrap(_ error: Error) -> (message: String, signal: Int32) {
        let trap = trap(from: error)
        return (trap.message, trap.signal)
    }

    /// WasmKit's trap as the engine-neutral `WasmTrap`. WasmKit 0.4.2 keeps its trap reason
    /// package-internal and shows only its text, so this is the one place that reads that text.
    public static func trap(from error: Error) -> WasmTrap {
        if let trap = error as? WasmTrap { return trap }
        if error is WasmKitException { return WasmTrap(.uncaughtException) }
        if let e = error as? LoadError { return WasmTrap(.other, detail: e.description) }
        let text = WasmErrorText.describe(error)
        let kinds: [(prefix: String, kind: WasmTrap.Kind)] = [
            ("unreachable", .unreachable),
            ("call stack exhausted", .callStackExhausted),
            ("out of bounds memory access", .memoryOutOfBounds),
            ("unaligned atomic", .unalignedAtomic),
            ("integer divide by zero", .integerDivideByZero),
            ("integer overflow", .integerOverflow),
            ("invalid conversion to integer", .invalidConversionToInteger),
            ("null function reference", .nullReference),
            ("null reference", .nullReference),
            ("indirect call to null element", .uninitializedElement),
            ("indirect call type mismatch", .indirectCallTypeMismatch),
            ("out of bounds table access", .undefinedElement),
        ]
        for (prefix, kind) in kinds where text.hasPrefix(prefix) { return WasmTrap(kind) }
        return WasmTrap(.other, detail: text)
    }

    // MARK: GuestRuntime

    /// A new guest thread: a host thread with its own instance over the shared memory, running
    /// `__wasm_thread_start_libc(tid, arg)` if the module exports it, else `table[function]`.
    public func spawnThread(process: WALIProcess, function: UInt32, argument: UInt32) throws -> Int32 {
        try process.startGuestThread(
            label: image.path,
            prepare: { thread in
                // An engine of its own: a WasmKit engine's function-type interner is locked (a
                // Synchronization.Mutex) whenever an instance of it links or compiles a function,
                // which a thread of a fresh instance does all along; shared, a fork by another
                // thread could leave the child that lock held by a thread it does not have, and
                // the child's first compile or thread start crashed (FUTEX_LOCK_PI fails on an
                // owner in another process). Unshared, the engine of the thread that forks is
                // free: that thread is in the fork.
                let engine = Engine(configuration: self.lazyEngine.configuration)
                let instance = try Interpreter.instantiate(
                    module: self.module, engine: engine, sharedMemory: self.sharedMemory,
                    slot: ThreadSlot(thread), path: self.image.path, wasi: self.wasi)
                try instance.start(on: thread)
                return instance
            },
            run: { thread, instance in
                try instance.running {
                    if case .function(let start)? = instance.instance.export("__wasm_thread_start_libc") {
                        _ = try start([.i32(UInt32(bitPattern: thread.tid)), .i32(argument)])
                    } else {
                        try self.callTableFunction(thread: thread, index: function,
                                                   arguments: [UInt32(bitPattern: thread.tid), argument])
                    }
                }
            },
            describeTrap: Interpreter.describeTrap)
    }

    /// Calls `table[index](arguments...)` on the thread's own instance, through a helper module
    /// that imports the instance's table and does `call_indirect` (WasmKit has no direct API).
    public func callTableFunction(thread: WALIThread, index: UInt32, arguments: [UInt32]) throws {
        guard let instance = thread.engineContext as? ThreadInstance, (1...3).contains(arguments.count) else {
            throw Errno.ENOSYS
        }
        if instance.callers == nil {
            guard case .table(let table)? = instance.instance.export(ModuleImage.tableExportName) else { throw Errno.ENOSYS }
            var imports = Imports()
            imports.define(module: ModuleImage.hostModule, name: TableCaller.tableImportName, table)
            let helper = try helperModule.instantiate(store: instance.store, imports: imports)
            instance.callers = try (1...3).map { n in
                guard case .function(let f)? = helper.export("call\(n)") else { throw Errno.ENOSYS }
                return f
            }
        }
        _ = try instance.callers![arguments.count - 1]([.i32(index)] + arguments.map { .i32($0) })
    }
}

/// A tiny module, assembled here byte by byte, that imports a funcref table and exports
/// `callN(index, a1...aN)` = `call_indirect (i32 x N) -> ()` for N = 1, 2, 3: the shapes of
/// signal handlers and thread entry points.
enum TableCaller {
    static let tableImportName = "table"
    static let moduleBytes: [UInt8] = {
        var m: [UInt8] = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]
        let uleb = WasmBinary.uleb, name = WasmBinary.name
        func section(_ id: UInt8, _ content: [UInt8]) { m += [id] + uleb(UInt64(content.count)) + content }
        let i32: UInt8 = 0x7f
        func functype(_ params: Int) -> [UInt8] { [0x60] + uleb(UInt64(params)) + Array(repeating: i32, count: params) + [0x00] }
        // Types 0...2: the callees (i32 x 1...3); types 3...5: the callers (i32 x 2...4).
        section(1, uleb(6) + functype(1) + functype(2) + functype(3) + functype(2) + functype(3) + functype(4))
        section(2, uleb(1) + name(ModuleImage.hostModule) + name(tableImportName) + [0x01, 0x70, 0x00, 0x00])
        section(3, uleb(3) + [3, 4, 5])
        section(7, uleb(3) + name("call1") + [0x00, 0x00] + name("call2") + [0x00, 0x01] + name("call3") + [0x00, 0x02])
        var code = uleb(3)
        for n in 1...3 {
            var body: [UInt8] = [0x00] // no locals
            for arg in 1...n { body += [0x20] + uleb(UInt64(arg)) } // local.get arg
            body += [0x20, 0x00] // local.get index
            body += [0x11] + uleb(UInt64(n - 1)) + [0x00] // call_indirect type (n-1), table 0
            body += [0x0b]
            code += uleb(UInt64(body.count)) + body
        }
        section(10, code)
        return m
    }()
}

