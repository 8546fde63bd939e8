import ArgumentParser
import WALI
import WALILinux
import WALITranslator
import WALIModule
#if canImport(Glibc)
import Glibc
#endif

struct WALICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wali",
        abstract: "Run Linux programs compiled to WebAssembly (WALI) in a memory sandbox.",
        discussion: "`wali --version` prints the release and the engine ABI (WALI spec version, syscalls).",
        subcommands: [Run.self, Inspect.self, CC.self, CXX.self, Compile.self, Cache.self, Binfmt.self])
}

/// Writes one line to stderr, prefixed with `wali: `.
func complain(_ message: String) {
    let line = "wali: " + message + "\n"
    _ = line.withCString { write(2, $0, strlen($0)) }
}

struct Run: ParsableCommand {
    // Command names spelled out: deriving them from the type name (String(describing:)) costs
    // runtime conformance lookups on every start-up.
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a WALI module as Linux would run the native program.",
        discussion: """
            The exit status is the guest's; a guest killed by a signal ends wali with the same
            signal. Options after MODULE are passed to the guest.
            """)

    @Option(name: .customLong("env-file"), help: ArgumentHelp("Take the guest's environment from a file of KEY=VALUE lines.", valueName: "path"))
    var envFile: String?

    @Option(name: .customLong("env"), help: ArgumentHelp("Set a variable in the guest's environment (repeatable).", valueName: "KEY=VALUE"))
    var env: [String] = []

    @Option(name: .customLong("argv0"), parsing: .unconditional,
            help: ArgumentHelp("The guest's argv[0] (default: MODULE as given), as `exec -a` sets it.", valueName: "name"))
    var argv0: String?

    @Flag(help: "Print each wali call with decoded arguments and result to stderr (also WALI_STRACE=1).")
    var strace = false

    @Option(help: ArgumentHelp("""
        Execution tier: interp (the interpreter), compiled (native code; compiled first, in the \
        foreground, if not cached) or auto (native code if cached, else the interpreter while \
        the module compiles in the background for later runs). Default: $WALI_TIER, else auto. \
        WALI_REPORT_TIER=1 (or --strace) prints which tier ran and why.
        """, valueName: "interp|compiled|auto"))
    var tier: Tier?

    @Flag(name: .customLong("no-background-compile"), help: "With --tier auto, do not start background compiles (also WALI_BACKGROUND_COMPILE=0).")
    var noBackgroundCompile = false

    @OptionGroup(title: "Sandbox policy (any of these turns it on; what is not granted is denied)")
    var sandbox: SandboxOptions

    @Argument(help: "The WALI module (.wasm).")
    var module: String

    @Argument(parsing: .captureForPassthrough, help: "Arguments for the guest.")
    var arguments: [String] = []

    mutating func run() throws {
        try RunRequest(envFile: envFile, env: env, argv0: argv0, strace: strace, tier: tier,
                       noBackgroundCompile: noBackgroundCompile, policy: sandbox.request, module: module,
                       arguments: arguments).run()
    }
}

/// What `wali run` was asked to do, from ArgumentParser (`Run`) or from the fast path
/// (`RunRequest.fastParse`); both end here, so they behave the same.
struct RunRequest: Equatable {
    var envFile: String?
    var env: [String] = []
    var argv0: String?
    var strace = false
    var tier: Tier?
    var noBackgroundCompile = false
    var policy = PolicyRequest()
    var module: String
    var arguments: [String] = []

    /// The common shapes of a run (after `Binfmt.commandLine`), parsed without ArgumentParser,
    /// whose command tree is built by reflection (protocol-conformance scans and metadata
    /// instantiation: 3/4 of the CPU time of a cached run's start-up):
    /// `run [--tier T] [--no-background-compile] [--strace] [--argv0 N] [--env K=V]... [--env-file P]
    /// [sandbox options] [--] MODULE ARGS...`, the sandbox options as `SandboxOptions` names them
    /// (a sandboxed run, and every module a sandboxed guest execs, which carries its policy in
    /// --inherited-policy). Nil for anything else (help, a repeated single-value or unknown option,
    /// a value that looks like an option or is not a number where one is due, ...), which
    /// ArgumentParser, the one definition of the options, parses and explains. WALI_FULL_PARSER=1
    /// turns this off, so tests can check that both parse every shape alike.
    static func fastParse(_ args: [String]) -> RunRequest? {
        guard args.first == "run", getenv("WALI_FULL_PARSER").map({ String(cString: $0) }) != "1" else { return nil }
        var request = RunRequest(module: "")
        var seen: [String] = []
        var i = 1
        while i < args.count {
            let arg = args[i]
            if arg == "--" {
                i += 1
                break
            }
            guard arg.hasPrefix("--") else {
                if arg.hasPrefix("-") { return nil }
                break
            }
            var name = arg
            var inlineValue: String?
            if let eq = arg.firstIndex(of: "=") {
                name = String(arg[..<eq])
                inlineValue = String(arg[arg.index(after: eq)...])
            }
            if !["--env", "--dir", "--ro-dir", "--connect", "--bind", "--guest-env"].contains(name) {
                if seen.contains(name) { return nil }
                seen.append(name)
            }
            /// The option's value: inline, else the next word (one that looks like an option is
            /// left to ArgumentParser, except for --argv0 and --guest-env, which take any word).
            func value(anyWord: Bool = false) -> String? {
                if let inlineValue { return inlineValue }
                guard i + 1 < args.count, anyWord || !args[i + 1].hasPrefix("-") else { return nil }
                i += 1
                return args[i]
            }
            switch name {
            case "--strace", "--no-background-compile":
                if inlineValue != nil { return nil }
                if name == "--strace" { request.strace = true } else { request.noBackgroundCompile = true }
            case "--tier":
                guard let v = value(), let tier = Tier(rawValue: v) else { return nil }
                request.tier = tier
            case "--argv0":
                guard let v = value(anyWord: true) else { return nil }
                request.argv0 = v
            case "--env":
                guard let v = value() else { return nil }
                request.env.append(v)
            case "--env-file":
                guard let v = value() else { return nil }
                request.envFile = v
            case "--sandbox", "--policy-audit":
                if inlineValue != nil { return nil }
                if name == "--sandbox" { request.policy.sandbox = true } else { request.policy.policyAudit = true }
            case "--policy", "--net", "--exec", "--max-memory", "--inherited-policy":
                guard let v = value() else { return nil }
                switch name {
                case "--policy": request.policy.policyFile = v
                case "--net": request.policy.net = v
                case "--exec": request.policy.exec = v
                case "--max-memory": request.policy.maxMemory = v
                default: request.policy.inheritedPolicy = v
                }
            case "--max-threads", "--max-procs", "--max-fds", "--cpu-time":
                guard let v = value(), let n = Int(v) else { return nil }
                switch name {
                case "--max-threads": request.policy.maxThreads = n
                case "--max-procs": request.policy.maxProcs = n
                case "--max-fds": request.policy.maxFds = n
                default: request.policy.cpuTime = n
                }
            case "--dir", "--ro-dir", "--connect", "--bind":
                guard let v = value() else { return nil }
                switch name {
                case "--dir": request.policy.dirs.append(v)
                case "--ro-dir": request.policy.roDirs.append(v)
                case "--connect": request.policy.connect.append(v)
                default: request.policy.bind.append(v)
                }
            case "--guest-env":
                guard let v = value(anyWord: true) else { return nil }
                request.policy.guestEnvironment.append(v)
            default:
                return nil
            }
            i += 1
        }
        guard i < args.count, !args[i].isEmpty, !args[i].hasPrefix("-") else { return nil }
        request.module = args[i]
        request.arguments = Array(args[(i + 1)...])
        return request
    }

    /// Runs the guest (the sandbox options become a policy after the environment options are
    /// checked).
    func run() throws {
        // As for a native program the environment is the host's, unless an env file replaces it.
        // Entries are kept as bytes: a value may hold any byte but NUL (newlines, non-UTF-8).
        var environment = hostEnvironmentBytes()
        // What the user named; a WASI module gets only this (see README, "WASI programs").
        var explicitEnvironment: [String] = []
        if let envFile {
            guard let text = String(contentsOfFileAtPath: envFile) else {
                complain("cannot read environment file '\(envFile)'")
                throw ExitCode(125)
            }
            environment = text.split(separator: "\n", omittingEmptySubsequences: true)
                .map(String.init).filter { $0.contains("=") }.map { Array($0.utf8) }
            explicitEnvironment = environment.map { String(decoding: $0, as: UTF8.self) }
        }
        for kv in env {
            guard let eq = kv.firstIndex(of: "=") else {
                complain("--env expects KEY=VALUE, got '\(kv)'")
                throw ExitCode(125)
            }
            let key = Array(kv[...eq].utf8)
            environment.removeAll { $0.starts(with: key) }
            environment.append(Array(kv.utf8))
            explicitEnvironment.removeAll { $0.hasPrefix(kv[...eq]) }
            explicitEnvironment.append(kv)
        }
        let trace = strace || getenv("WALI_STRACE").map { String(cString: $0) == "1" } ?? false
        let policy: SandboxPolicy?
        do {
            policy = try self.policy.policy()
        } catch let e as PolicyOptionError {
            complain(e.message)
            throw ExitCode(125)
        }
        let inheritedPolicy = self.policy.inheritedPolicy != nil
        if inheritedPolicy {
            // An exec'd module: its environment is the one execve gave, carried as options.
            environment = self.policy.guestEnvironment.map { Array($0.utf8) }
            // Room to load the module; the guest's RLIMIT_NOFILE comes back before it runs.
            var files = rlimit()
            if getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &files) == 0 && files.rlim_cur < files.rlim_max {
                files.rlim_cur = files.rlim_max
                _ = setrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &files)
            }
        }
        let resolvedTier = Tier.resolve(tier)
        let background = !noBackgroundCompile && Tier.backgroundCompileAllowed
        var options = ProcessOptions(arguments: [argv0 ?? module] + arguments, environment: [],
                                     trace: trace, exitHostProcess: true, policy: policy,
                                     engineFlags: WALIEngine.engineFlags(tier: resolvedTier, backgroundCompile: background))
        options.environmentBytes = environment
        options.modulePath = module
        // Under Landlock an exec'd WALI module may still load its cached compiled code (read
        // only: a sandboxed program must not plant code that a later run would load).
        options.explicitEnvironment = explicitEnvironment
        if policy != nil { options.engineDirectories = [(CompilerDriver.cacheDirectory, false)] }
        // A module exec'd under a policy starts with Landlock already on (the cache read-only),
        // so it cannot compile in the background; the run that started the tree could, before
        // its Landlock.
        let canCompile = background && !inheritedPolicy
        let report = trace || getenv("WALI_REPORT_TIER").map { String(cString: $0) == "1" } ?? false
        switch try runGuest(module: module, options: options, tier: resolvedTier, backgroundCompile: canCompile,
                            report: report ? { [module] in complain("\(module): tier: \($0)") } : nil) {
        case .exited(let status):
            Glibc.exit(status)
        case .trapped(let message, let signal):
            complain("\(module): trap: \(message)")
            terminate(bySignal: signal)
        }
    }
}


extension String {
    init?(contentsOfFileAtPath path: String) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        guard let bytes = try? HostIO.readAll(fd) else { return nil }
        self = String(decoding: bytes, as: UTF8.self)
    }
}

struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Say which interface a module uses (WALI or WASI preview 1) and list its imports, each with its support status.")

    @Argument(help: "The WALI module (.wasm). Omit with --syscalls.")
    var module: String?

    @Flag(help: "List every syscall of the engine's table instead of a module's imports.")
    var syscalls = false

    @Flag(help: "List every WASI preview 1 function (wasi_snapshot_preview1) the engine implements.")
    var wasi = false

    mutating func run() throws {
        if wasi {
            // The same tab-separated form as --syscalls, with the Wasm type.
            for f in WASI.functions {
                print([f.name, f.status.label, f.signature.description, f.status.note ?? ""].joined(separator: "\t"))
            }
            let partial = WASI.functions.filter { if case .partial = $0.status { return true } else { return false } }.count
            print("\(WASI.functions.count) WASI preview 1 functions: \(WASI.functions.count - partial) supported, \(partial) partial")
            return
        }
        if syscalls {
            // Tab-separated so scripts (the conformance coverage check) can read it.
            for e in SyscallTable.entries {
                print([e.name, e.status.label, e.status.note ?? ""].joined(separator: "\t"))
            }
            for e in AuxImports.entries {
                print([e.name, e.status.label, e.status.note ?? ""].joined(separator: "\t"))
            }
            return
        }
        guard let module else {
            complain("inspect needs a MODULE (or --syscalls)")
            throw ExitCode(2)
        }
        let names: [(name: String, type: String, typeMismatch: String?)]
        let interface: ModuleInterface
        do {
            let image = try ModuleImage.load(path: module, checkImportTypes: false)
            names = image.importSignatures
            interface = image.interface
        } catch let e as LoadError {
            complain(e.description)
            throw ExitCode(e.exitStatus)
        }
        print("interface: \(interface.rawValue) (imports from '\(interface.importModule)')")
        var counts: [String: Int] = [:]
        var mismatches = 0
        for (name, type, typeMismatch) in names {
            let status = interface == .wali ? SupportReport.status(ofImport: name) : WASI.status(ofImport: name)
            counts[status.label, default: 0] += 1
            var line = name.padding(28) + " " + type.padding(26) + " "
            if let typeMismatch {
                // The load refuses such a module; say why, in the load error's words.
                mismatches += 1
                line += "TYPE MISMATCH: " + typeMismatch
            } else {
                line += status.label
                if let note = status.note { line += ": " + note }
            }
            print(line)
        }
        print("\(names.count) \(interface.importModule) imports: " + counts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", "))
        if mismatches > 0 {
            print("\(mismatches) import type mismatch\(mismatches == 1 ? "" : "es"): `wali run` refuses this module")
            throw ExitCode(1)
        }
    }
}

extension String {
    func padding(_ n: Int) -> String { count >= n ? self : self + String(repeating: " ", count: n - count) }
}

// Answered before the parser so a run never builds the version text (it walks the syscall table).
if CommandLine.arguments.count == 2 && CommandLine.arguments[1] == "--version" {
    print(WALIVersion.text)
    Glibc.exit(0)
}
// `wali FILE args` is `wali run FILE args` (binfmt_misc runs modules that way).
let commandLine = Binfmt.commandLine(Array(CommandLine.arguments.dropFirst()))
if let request = RunRequest.fastParse(commandLine) {
    do {
        try request.run()
    } catch {
        WALICommand.exit(withError: error)  // as `WALICommand.main` reports it
    }
    Glibc.exit(0)  // not reached: a run ends the process
}
WALICommand.main(commandLine)
