import WALICompiledTier
import WALIInterpreter
import WALILinux
import WALIModule
import WALITranslator
#if canImport(Glibc)
import Glibc
#endif

/// Which execution tier runs a module.
public enum Tier: String, CaseIterable, Sendable {
    /// The WasmKit interpreter: starts at once.
    case interp
    /// Native code from the compiled tier (compiled first, in the foreground, if not cached).
    case compiled
    /// Compiled when the module is in the cache; else the interpreter, while a background job
    /// compiles the module for later runs (see `BackgroundCompile`), unless background compiles
    /// are off.
    case auto

    /// `option`, else $WALI_TIER, else `auto`.
    public static func resolve(_ option: Tier?) -> Tier {
        if let option { return option }
        if let env = getenv("WALI_TIER"), let t = Tier(rawValue: String(cString: env)) { return t }
        return .auto
    }

    /// Whether `auto` may start background compiles: not when $WALI_BACKGROUND_COMPILE is `0`.
    public static var backgroundCompileAllowed: Bool {
        getenv("WALI_BACKGROUND_COMPILE").map { String(cString: $0) != "0" } ?? true
    }
}

/// Why a module could not be started: one line for the user, and the exit status a shell gives
/// (127 not found, 126 cannot execute).
public struct WALIError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public let exitStatus: Int32
    public var description: String { message }
    public init(_ message: String, exitStatus: Int32 = 126) {
        self.message = message
        self.exitStatus = exitStatus
    }
}

/// A guest program: a WALI module and what it starts with.
public struct GuestProgram: Sendable {
    /// Path of the `.wasm` module; it is also the guest's `argv[0]`.
    public var module: String
    /// `argv[1...]`.
    public var arguments: [String]
    /// `KEY=VALUE` strings; nil means the embedding process's own environment.
    public var environment: [String]?
    /// What the guest may touch (nil: Linux semantics inside the memory sandbox).
    public var policy: SandboxPolicy?
    public var tier: Tier
    /// With `.auto`: compile an uncached module in the background for later runs (also off
    /// when $WALI_BACKGROUND_COMPILE is `0`).
    public var backgroundCompile: Bool

    public init(module: String, arguments: [String] = [], environment: [String]? = nil,
                policy: SandboxPolicy? = nil, tier: Tier = .auto, backgroundCompile: Bool = true) {
        self.module = module
        self.arguments = arguments
        self.environment = environment
        self.policy = policy
        self.tier = tier
        self.backgroundCompile = backgroundCompile
    }
}

/// Runs WALI modules from Swift.
///
/// `run` starts each guest in a child process of the caller (forked, not exec'd): the guest's
/// `exit`, the signals it raises or receives, its descriptors and its sandbox policy (Landlock
/// applies to a whole process) never touch the embedding program, and its standard streams can
/// go anywhere. The module is loaded, validated (and compiled, for `.compiled`) in the caller
/// first, so a bad module is a thrown `WALIError`, not a child's exit status. Call `run` while
/// the embedding program has no other threads inside the Swift runtime (a forked child has only
/// the calling thread; locks other threads held at that moment stay held in it).
public enum WALIEngine {
    /// Where one of the guest's standard streams goes.
    public enum Stream: Sendable {
        /// The embedding program's own descriptor (0, 1 or 2).
        case inherit
        /// A host file descriptor the caller owns (it stays open in the caller).
        case fileDescriptor(Int32)
        /// `/dev/null`.
        case null
        /// Collected into `GuestResult.stdout` / `.stderr` (for stdin: the guest reads EOF).
        case capture
    }

    /// How the guest ended, as `waitpid` reports it.
    public enum Status: Equatable, Sendable {
        case exited(Int32)
        /// Killed by a signal: its own crash (a Wasm trap raises the native program's signal,
        /// e.g. SIGSEGV for an out-of-bounds access) or one sent to it.
        case signaled(Int32)
    }

    public struct GuestResult: Sendable {
        public let status: Status
        /// What the guest wrote to a captured stream (empty otherwise).
        public let stdout: [UInt8]
        public let stderr: [UInt8]
    }

    /// Runs `program` to its end in a child process and returns how it ended.
    public static func run(_ program: GuestProgram, stdin: Stream = .inherit, stdout: Stream = .inherit,
                           stderr: Stream = .inherit) throws -> GuestResult {
        let background = program.backgroundCompile && Tier.backgroundCompileAllowed
        let prepared = try prepare(module: program.module, tier: program.tier, backgroundCompile: background)
        var options = ProcessOptions(arguments: [program.module] + program.arguments,
                                     environment: program.environment ?? [],
                                     exitHostProcess: true, policy: program.policy,
                                     engineFlags: engineFlags(tier: program.tier, backgroundCompile: background))
        if program.environment == nil { options.environmentBytes = hostEnvironmentBytes() }
        // Pipes for captured streams: [read, write].
        var pipes: [Int32: (Int32, Int32)] = [:]
        for (fd, stream) in [(Int32(1), stdout), (Int32(2), stderr)] {
            if case .capture = stream {
                var p: [Int32] = [0, 0]
                guard pipe(&p) == 0 else { throw WALIError("cannot create a pipe: \(String(cString: strerror(errno)))", exitStatus: 1) }
                // Close-on-exec: a guest that execs keeps only the end dup'ed onto its stream.
                _ = fcntl(p[0], F_SETFD, FD_CLOEXEC)
                _ = fcntl(p[1], F_SETFD, FD_CLOEXEC)
                pipes[fd] = (p[0], p[1])
            }
        }
        fflush(nil)
        let pid = fork()
        if pid < 0 { throw WALIError("cannot fork: \(String(cString: strerror(errno)))", exitStatus: 1) }
        if pid == 0 {
            // The child: its streams, then the guest; it never returns into the caller's code.
            for (fd, stream) in [(Int32(0), stdin), (Int32(1), stdout), (Int32(2), stderr)] {
                switch stream {
                case .inherit: break
                case .fileDescriptor(let source): if source != fd { dup2(source, fd) }
                case .null:
                    let null = open("/dev/null", O_RDWR)
                    dup2(null, fd)
                    close(null)
                case .capture:
                    if let (_, write) = pipes[fd] { dup2(write, fd) } else {
                        let null = open("/dev/null", O_RDONLY)
                        dup2(null, fd)
                        close(null)
                    }
                }
            }
            let end = (try? execute(prepared, options: options)) ?? .exited(126)
            switch end {
            case .exited(let status): fflush(nil); _exit(status)
            case .trapped(let message, let signal):
                let line = "wali: \(program.module): trap: \(message)\n"
                _ = line.withCString { write(2, $0, strlen($0)) }
                terminate(bySignal: signal)
            }
        }
        for (_, (_, write)) in pipes { close(write) }
        let captured = collect(pipes.mapValues { $0.0 })
        var raw: Int32 = 0
        while waitpid(pid, &raw, 0) < 0 && errno == EINTR {}
        let status: Status = (raw & 0x7f) == 0 ? .exited((raw >> 8) & 0xff) : .signaled(raw & 0x7f)
        return GuestResult(status: status, stdout: captured[1] ?? [], stderr: captured[2] ?? [])
    }

    /// The options an engine passes to the engine that runs a WALI module its guest execs, so
    /// the whole process tree runs as the command line said.
    public static func engineFlags(tier: Tier, backgroundCompile: Bool) -> [String] {
        ["--tier", tier.rawValue] + (backgroundCompile ? [] : ["--no-background-compile"])
    }

    /// Runs the module in this process (the `wali` command does): the guest's exit ends the
    /// process when `options.exitHostProcess`, otherwise it comes back as a `GuestTermination`.
    /// `report`, if given, is told which tier runs and why (one line, for `WALI_REPORT_TIER`).
    public static func runInProcess(module: String, options: ProcessOptions, tier: Tier,
                                    backgroundCompile: Bool = false,
                                    report: ((String) -> Void)? = nil) throws -> GuestTermination {
        let prepared = try prepare(module: module, tier: tier, backgroundCompile: backgroundCompile)
        report?(prepared.report)
        return try execute(prepared, options: options)
    }

    /// A loaded module and, for the compiled tier, its shared object.
    struct Prepared {
        let image: ModuleImage
        let objectPath: String?
        /// Which tier runs and why, e.g. `compiled (cached)`.
        let report: String
    }

    static func prepare(module: String, tier: Tier, backgroundCompile: Bool) throws -> Prepared {
        // A cached module whose file is unchanged (the cache index says so) runs its compiled
        // code without reading, hashing or parsing the module.
        let indexed = ModuleIndex.lookup(path: module)
        if tier != .interp, let indexed, let object = CompilerDriver.cachedObject(indexed: indexed) {
            CompilerDriver.markUsed(object)
            return Prepared(image: ModuleImage(indexedPath: module, entry: indexed), objectPath: object,
                            report: "compiled (cached)")
        }
        let image: ModuleImage
        // A settled file the index lacks: recorded once the object (if any) is known, so that
        // the next run takes the fast path above.
        var unrecorded: FileIdentity?
        do {
            let (loaded, identity) = try ModuleImage.loadRecordingIdentity(path: module)
            image = loaded
            if let identity {
                if let indexed, indexed.identity == identity {
                    image.assumeContentDigest(indexed.digest)
                } else {
                    unrecorded = identity
                }
            }
        } catch let e as LoadError {
            throw WALIError(e.description, exitStatus: e.exitStatus)
        }
        defer { if let unrecorded { ModuleIndex.record(image, identity: unrecorded) } }
        func prepared(object: String, report: String) -> Prepared {
            if let identity = unrecorded {
                ModuleIndex.record(image, identity: identity, object: .init(key: CompilerDriver.objectKey, path: object))
                unrecorded = nil
            }
            return Prepared(image: image, objectPath: object, report: report)
        }
        switch tier {
        case .interp:
            return Prepared(image: image, objectPath: nil, report: "interp (as asked)")
        case .auto:
            if let object = CompilerDriver.cachedObject(digest: image.contentDigest) {
                CompilerDriver.markUsed(object)
                return prepared(object: object, report: "compiled (cached)")
            }
            guard backgroundCompile else {
                return Prepared(image: image, objectPath: nil, report: "interp (not cached; background compiles are off)")
            }
            switch BackgroundCompile.start(image: image, path: module) {
            case .started(let pid):
                return Prepared(image: image, objectPath: nil, report: "interp (not cached; background compile started, pid \(pid))")
            case .running:
                return Prepared(image: image, objectPath: nil, report: "interp (not cached; a background compile is running)")
            case .compiled(let object):
                return prepared(object: object, report: "compiled (cached)")
            case .failedBefore(let marker):
                return Prepared(image: image, objectPath: nil, report: "interp (a background compile failed before: \(marker))")
            case .unavailable(let reason):
                return Prepared(image: image, objectPath: nil, report: "interp (not cached; cannot compile in the background: \(reason))")
            }
        case .compiled:
            if let object = CompilerDriver.cachedObject(digest: image.contentDigest) {
                CompilerDriver.markUsed(object)
                return prepared(object: object, report: "compiled (cached)")
            }
            do {
                let object = try CompilerDriver.compile(bytes: image.bytes, digest: image.contentDigest, name: module)
                return prepared(object: object, report: "compiled (compiled now)")
            } catch .importType(let reason) {
                throw WALIError("\(module): \(reason)")  // the interpreter's load error, word for word
            } catch {
                throw WALIError("\(module): cannot compile: \(error)")
            }
        }
    }

    static func execute(_ prepared: Prepared, options: ProcessOptions) throws -> GuestTermination {
        do {
            if let objectPath = prepared.objectPath {
                return try CompiledRuntime(image: prepared.image, objectPath: objectPath, options: options).run()
            }
            return try Interpreter(image: prepared.image, options: options).run()
        } catch let e as LoadError {
            throw WALIError(e.description, exitStatus: e.exitStatus)
        }
    }

    /// Reads every captured pipe to its end (all at once, so a guest filling one cannot block).
    static func collect(_ pipes: [Int32: Int32]) -> [Int32: [UInt8]] {
        var out: [Int32: [UInt8]] = [:]
        var open = pipes
        var buffer = [UInt8](repeating: 0, count: 65536)
        while !open.isEmpty {
            var fds = open.map { pollfd(fd: $0.value, events: Int16(POLLIN), revents: 0) }
            if poll(&fds, nfds_t(fds.count), -1) < 0 {
                if errno == EINTR { continue }
                break
            }
            for p in fds where p.revents != 0 {
                guard let stream = open.first(where: { $0.value == p.fd })?.key else { continue }
                let n = buffer.withUnsafeMutableBytes { read(p.fd, $0.baseAddress, $0.count) }
                if n > 0 {
                    out[stream, default: []] += buffer[..<n]
                } else if n == 0 || errno != EINTR {
                    close(p.fd)
                    open[stream] = nil
                }
            }
        }
        return out
    }
}

/// The embedding process's environment, entry by entry, byte for byte.
public func hostEnvironmentBytes() -> [[UInt8]] {
    var result: [[UInt8]] = []
    var p = environ
    while let entry = p.pointee {
        result.append(Array(UnsafeRawBufferPointer(start: entry, count: strlen(entry))))
        p += 1
    }
    return result
}

/// The embedding process's environment, as `KEY=VALUE` strings.
public func hostEnvironment() -> [String] {
    var result: [String] = []
    var p = environ
    while let entry = p.pointee {
        result.append(String(cString: entry))
        p += 1
    }
    return result
}
