@_spi(OnlyForCLI) import WasmKit
import WasmParser
import WALIInterface
#if canImport(Glibc)
import Glibc
#endif

/// How a guest run ended.
public enum GuestTermination: Equatable {
    case exited(Int32)
    case trapped(message: String, signal: Int32)
}

/// Tier 1: runs a WALI module on the WasmKit interpreter.
public final class Interpreter: GuestRuntime {
    public let image: ModuleImage
    let engine: Engine
    let module: Module
    let sharedMemory: SharedMemory
    public let process: WALIProcess

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
        let config = EngineConfiguration(features: .all)
        engine = Engine(configuration: config)
        do {
            module = try parseWasm(bytes: image.rewritten(), features: .all)
        } catch {
            throw LoadError.malformed(path: image.path, reason: Interpreter.describe(error))
        }
        try Interpreter.checkWALIShape(module, path: image.path)
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

    static func describe(_ error: Error) -> String {
        var text = "\(error)"
        if text.hasPrefix("Trap: ") { text.removeFirst(6) }
        return text.split(separator: "\n").first.map(String.init) ?? text
    }

    // MARK: Instances

    /// One thread's instance: its Store, linked imports and exports.
    final class ThreadInstance {
        let store: Store
        let instance: Instance
        let thread: WALIThread
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
        return ThreadInstance(store: store, instance: instance, thread: thread)
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
        if name.hasPrefix("SYS_"), let entry = SyscallTable.byName[String(name.dropFirst(4))] {
            return Function(store: store, parameters: params, results: results) { _, p, out in
                writeResult(try thread.dispatch(entry, readArgs(p)), out)
            }
        }
        if let aux = AuxImports.byName[name] {
            return Function(store: store, parameters: params, results: results) { _, p, out in
                let r: Int64
                do {
                    r = try aux.handler(thread, readArgs(p))
                } catch let exit as GuestExit {
                    if thread.process.tracing { Strace.record(thread, name, Array(repeating: .int, count: arity), readArgs(p), result: nil) }
                    thread.process.finish(exit)
                    throw exit
                } catch let e as Errno {
                    r = -Int64(e.rawValue)
                }
                if thread.process.tracing {
                    Strace.record(thread, name, Array(repeating: .int, count: arity), readArgs(p), result: r)
                }
                writeResult(r, out)
            }
        }
        return Function(store: store, parameters: params, results: results) { _, p, out in
            writeResult(thread.dispatchUnknown(name, readArgs(p), arity: arity), out)
        }
    }

    // MARK: Running

    /// Runs `_start` on the calling thread and returns how the guest ended.
    public func run() -> GuestTermination {
        let thread = WALIThread(process: process, tid: hostThreadID())
        do {
            let main = try instantiate(thread: thread)
            guard case .function(let start)? = main.instance.export("_start") else {
                return .trapped(message: "no _start", signal: SIGILL)
            }
            _ = try start()
            // Returning from _start ends the process with status 0, as the reference engines do.
            let exit = GuestExit(scope: .process, status: 0)
            process.finish(exit)
            return .exited(0)
        } catch let exit as GuestExit {
            return .exited(exit.status)
        } catch {
            return Interpreter.termination(for: error)
        }
    }

    /// A trap is reported like the native program's crash: a message and the signal the CPU
    /// would have raised.
    static func termination(for error: Error) -> GuestTermination {
        let message = describe(error)
        let signal: Int32
        if message.contains("out of bounds memory") || message.contains("call stack exhausted") {
            signal = SIGSEGV
        } else if message.contains("divide by zero") || message.contains("integer overflow") {
            signal = SIGFPE
        } else {
            signal = SIGILL
        }
        return .trapped(message: message, signal: signal)
    }

    // MARK: GuestRuntime

    public func spawnThread(process: WALIProcess, function: UInt32, argument: UInt32) throws -> Int32 {
        throw Errno.ENOSYS
    }

    public func callTableFunction(thread: WALIThread, index: UInt32, arguments: [UInt32]) throws {
        throw Errno.ENOSYS
    }
}

/// Reads a whole file with POSIX calls, mapping failures to a LoadError.
func readFile(_ path: String) throws -> [UInt8] {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { throw LoadError.cannotRead(path: path, reason: String(cString: strerror(errno))) }
    defer { close(fd) }
    var st = stat()
    guard fstat(fd, &st) == 0 else { throw LoadError.cannotRead(path: path, reason: String(cString: strerror(errno))) }
    if (st.st_mode & S_IFMT) == S_IFDIR { throw LoadError.cannotRead(path: path, reason: "Is a directory") }
    var bytes = [UInt8]()
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
        let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
        if n < 0 {
            if errno == EINTR { continue }
            throw LoadError.cannotRead(path: path, reason: String(cString: strerror(errno)))
        }
        if n == 0 { break }
        bytes += chunk[0..<n]
    }
    return bytes
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
