@_spi(OnlyForCLI) import WasmKit
import WasmParser
import WALIInterface
import CWALIHost
#if canImport(Glibc)
import Glibc
#endif

/// Tier 1: runs a WALI module on the WasmKit interpreter.
public final class Interpreter: GuestRuntime {
    public let image: ModuleImage
    let engine: Engine
    let module: Module
    let sharedMemory: SharedMemory
    public let process: WALIProcess
    /// Calls guest function pointers from the host (see TableCaller).
    let helperModule: Module

    /// Loads and validates a module; every failure is a `LoadError` with a one-line message.
    public static func load(path: String) throws -> ModuleImage {
        let bytes: [UInt8]
        do {
            bytes = try readFile(path)
        }
        return try ModuleImage(path: path, bytes: bytes)
    }

    public init(image: ModuleImage, options: ProcessOptions) throws {
        self.image = image
        // The interpreter's frames live on WasmKit's own stack (default 512 KiB, ~70 levels of
        // bash function recursion); give it what a native program's stack gets (8 MiB, Linux's
        // default RLIMIT_STACK). Allocated per call into the guest, touched only as used.
        let config = EngineConfiguration(stackSize: 8 << 20, features: .all)
        engine = Engine(configuration: config)
        do {
            module = try parseWasm(bytes: image.rewritten(), features: .all)
        } catch {
            throw LoadError.malformed(path: image.path, reason: Interpreter.describe(error))
        }
        try Interpreter.checkWALIShape(module, path: image.path)
        do {
            helperModule = try parseWasm(bytes: TableCaller.moduleBytes, features: .all)
        } catch {
            throw LoadError.malformed(path: image.path, reason: "internal helper module: \(Interpreter.describe(error))")
        }
        let limits = image.importedMemory
        let memoryType = MemoryType(min: limits.min, max: limits.max, shared: true)
        do {
            sharedMemory = try SharedMemory(engine: engine, type: memoryType, resourceLimiter: DefaultResourceLimiter())
        } catch {
            throw LoadError.notWALI(path: image.path, reason: "its memory cannot be created: \(Interpreter.describe(error))")
        }
        let shared = sharedMemory
        let probeStore = Store(engine: engine)
        let probe = Memory(store: probeStore, sharedMemory: shared)
        let base = probe.withUnsafeMutableBufferPointer(offset: 0, count: 0) { $0.baseAddress! }
        let maxBytes = Int(limits.max!) * GuestMemory.wasmPageSize
        let memory = GuestMemory(
            base: base, maxByteCount: maxBytes,
            currentSize: { shared.byteCount },
            grow: { pages in (try? shared.grow(by: pages)) ?? -1 })
        process = WALIProcess(memory: memory, options: options)
        process.runtime = self
        process.growPages = { pages in (try? shared.grow(by: pages)) ?? -1 }
    }

    static func checkWALIShape(_ module: Module, path: String) throws {
        for imp in module.imports where imp.module != ModuleImage.hostModule {
            guard imp.module == "wali" else {
                throw LoadError.foreignImport(path: path, module: imp.module, name: imp.name)
            }
            guard case .function = imp.descriptor else {
                throw LoadError.notWALI(path: path, reason: "import 'wali.\(imp.name)' is not a function")
            }
        }
        guard module.exports.contains(where: { $0.name == "_start" }) else {
            throw LoadError.notWALI(path: path, reason: "it exports no '_start' function")
        }
    }

    static func describe(_ error: Error) -> String { WasmErrorText.describe(error) }

    // MARK: Instances

    /// One thread's instance: its Store, linked imports and exports.
    final class ThreadInstance {
        let store: Store
        let instance: Instance
        let thread: WALIThread
        /// `call1/2/3(index, args...)`: call_indirect through this instance's table.
        var callers: [Function]?
        init(store: Store, instance: Instance, thread: WALIThread) {
            self.store = store
            self.instance = instance
            self.thread = thread
        }
    }

    func instantiate(thread: WALIThread) throws -> ThreadInstance {
        let store = Store(engine: engine)
        var imports = Imports()
        imports.define(module: ModuleImage.hostModule, name: ModuleImage.memoryImportName,
                       Memory(store: store, sharedMemory: sharedMemory))
        for imp in module.imports where imp.module == "wali" {
            guard case .function(let typeIndex) = imp.descriptor, let type = module.functionType(at: typeIndex) else { continue }
            imports.define(module: "wali", name: imp.name, Interpreter.hostFunction(store: store, name: imp.name, type: type, thread: thread))
        }
        let instance: Instance
        do {
            instance = try module.instantiate(store: store, imports: imports)
        } catch let e as GuestExit {
            throw e
        } catch {
            throw LoadError.malformed(path: image.path, reason: Interpreter.describe(error))
        }
        let threadInstance = ThreadInstance(store: store, instance: instance, thread: thread)
        thread.engineContext = threadInstance
        return threadInstance
    }

    /// Links one `wali` import with the type the module declares.
    static func hostFunction(store: Store, name: String, type: FunctionType, thread: WALIThread) -> Function {
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
            writeResult(try handler(thread, readArgs(p)), out)
        }
    }

    // MARK: Running

    /// Runs `_start` on the calling thread and returns how the guest ended.
    public func run() -> GuestTermination {
        process.runMainThread({ thread in
            let main = try instantiate(thread: thread)
            guard case .function(let start)? = main.instance.export("_start") else {
                throw LoadError.notWALI(path: image.path, reason: "it exports no _start")
            }
            _ = try start()
        }, describeTrap: Interpreter.describeTrap)
    }

    /// A trap is reported like the native program's crash: a message and the signal the CPU
    /// would have raised.
    static func describeTrap(_ error: Error) -> (message: String, signal: Int32) {
        let message = describe(error)
        let signal: Int32
        if message.contains("out of bounds memory") || message.contains("call stack exhausted") {
            signal = SIGSEGV
        } else if message.contains("divide by zero") || message.contains("integer overflow") {
            signal = SIGFPE
        } else {
            signal = SIGILL
        }
        return (message, signal)
    }

    // MARK: GuestRuntime

    /// A new guest thread: a host thread with its own instance over the shared memory, running
    /// `__wasm_thread_start_libc(tid, arg)` if the module exports it, else `table[function]`.
    public func spawnThread(process: WALIProcess, function: UInt32, argument: UInt32) throws -> Int32 {
        try process.startGuestThread(
            label: image.path,
            prepare: { thread in try self.instantiate(thread: thread) },
            run: { thread, instance in
                if case .function(let start)? = instance.instance.export("__wasm_thread_start_libc") {
                    _ = try start([.i32(UInt32(bitPattern: thread.tid)), .i32(argument)])
                } else {
                    try self.callTableFunction(thread: thread, index: function,
                                               arguments: [UInt32(bitPattern: thread.tid), argument])
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
        func section(_ id: UInt8, _ content: [UInt8]) { m += [id] + uleb(UInt64(content.count)) + content }
        func name(_ s: String) -> [UInt8] { uleb(UInt64(s.utf8.count)) + Array(s.utf8) }
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

/// Reads a whole file with POSIX calls, mapping failures to a LoadError.
func readFile(_ path: String) throws -> [UInt8] {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { throw LoadError.cannotRead(path: path, reason: String(cString: strerror(errno))) }
    defer { close(fd) }
    var st = stat()
    guard fstat(fd, &st) == 0 else { throw LoadError.cannotRead(path: path, reason: String(cString: strerror(errno))) }
    if (st.st_mode & S_IFMT) == S_IFDIR { throw LoadError.cannotRead(path: path, reason: "Is a directory") }
    do {
        return try HostIO.readAll(fd)
    } catch {
        throw LoadError.cannotRead(path: path, reason: String(cString: strerror(error.rawValue)))
    }
}

extension Interpreter {
    /// The module's `wali` imports with their Wasm types, for `wali inspect`.
    public static func importNames(path: String) throws -> [(name: String, type: String)] {
        let image = try load(path: path)
        let module: Module
        do {
            module = try parseWasm(bytes: image.rewritten(), features: .all)
        } catch {
            throw LoadError.malformed(path: path, reason: describe(error))
        }
        try checkWALIShape(module, path: path)
        return module.imports.compactMap { imp in
            guard imp.module == "wali", case .function(let t) = imp.descriptor, let type = module.functionType(at: t) else { return nil }
            let params = type.parameters.map { "\($0)" }.joined(separator: ",")
            let results = type.results.map { "\($0)" }.joined(separator: ",")
            return (imp.name, "(\(params)) -> (\(results))")
        }
    }
}
