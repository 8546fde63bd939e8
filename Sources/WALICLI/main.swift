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
        subcommands: [Run.self, Inspect.self, CC.self, CXX.self, Compile.self, Binfmt.self])
}

/// Writes one line to stderr, prefixed with `wali: `.
func complain(_ message: String) {
    let line = "wali: " + message + "\n"
    _ = line.withCString { write(2, $0, strlen($0)) }
}

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a WALI module as Linux would run the native program.",
        discussion: """
            The exit status is the guest's; a guest killed by a signal ends wali with the same
            signal. Options after MODULE are passed to the guest.
            """)

    @Option(name: .customLong("env-file"), help: ArgumentHelp("Take the guest's environment from a file of KEY=VALUE lines.", valueName: "path"))
    var envFile: String?

    @Option(name: .customLong("env"), help: ArgumentHelp("Set a variable in the guest's environment (repeatable).", valueName: "KEY=VALUE"))
    var env: [String] = []

    @Flag(help: "Print each wali call with decoded arguments and result to stderr (also WALI_STRACE=1).")
    var strace = false

    @Option(help: "Execution tier: interp, compiled (native code, compiled first if not cached) or auto (compiled if cached). Default $WALI_TIER, else interp.")
    var tier: Tier?

    @OptionGroup(title: "Sandbox policy (any of these turns it on; what is not granted is denied)")
    var sandbox: SandboxOptions

    @Argument(help: "The WALI module (.wasm).")
    var module: String

    @Argument(parsing: .captureForPassthrough, help: "Arguments for the guest.")
    var arguments: [String] = []

    mutating func run() throws {
        // As for a native program the environment is the host's, unless an env file replaces it.
        var environment = hostEnvironment()
        // What the user named; a WASI module gets only this (see README, "WASI programs").
        var explicitEnvironment: [String] = []
        if let envFile {
            guard let text = String(contentsOfFileAtPath: envFile) else {
                complain("cannot read environment file '\(envFile)'")
                throw ExitCode(125)
            }
            environment = text.split(separator: "\n", omittingEmptySubsequences: true)
                .map(String.init).filter { $0.contains("=") }
            explicitEnvironment = environment
        }
        for kv in env {
            guard let eq = kv.firstIndex(of: "=") else {
                complain("--env expects KEY=VALUE, got '\(kv)'")
                throw ExitCode(125)
            }
            let key = kv[..<eq]
            environment.removeAll { $0.hasPrefix(key + "=") }
            environment.append(kv)
            explicitEnvironment.removeAll { $0.hasPrefix(key + "=") }
            explicitEnvironment.append(kv)
        }
        let trace = strace || getenv("WALI_STRACE").map { String(cString: $0) == "1" } ?? false
        let policy: SandboxPolicy?
        do {
            policy = try sandbox.policy()
        } catch let e as PolicyOptionError {
            complain(e.message)
            throw ExitCode(125)
        }
        if sandbox.inheritedPolicy != nil {
            // An exec'd module: its environment is the one execve gave, carried as options.
            environment = sandbox.guestEnvironment
            // Room to load the module; the guest's RLIMIT_NOFILE comes back before it runs.
            var files = rlimit()
            if getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &files) == 0 && files.rlim_cur < files.rlim_max {
                files.rlim_cur = files.rlim_max
                _ = setrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &files)
            }
        }
        let resolvedTier = Tier.resolve(tier)
        var options = ProcessOptions(arguments: [module] + arguments, environment: environment,
                                     trace: trace, exitHostProcess: true, policy: policy,
                                     engineFlags: ["--tier", resolvedTier.rawValue])
        // Under Landlock an exec'd WALI module may still load its cached compiled code (read
        // only: a sandboxed program must not plant code that a later run would load).
        options.explicitEnvironment = explicitEnvironment
        if policy != nil { options.engineDirectories = [(CompilerDriver.cacheDirectory, false)] }
        switch try runGuest(module: module, options: options, tier: resolvedTier) {
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

// `wali FILE args` is `wali run FILE args` (binfmt_misc runs modules that way).
WALICommand.main(Binfmt.commandLine(Array(CommandLine.arguments.dropFirst())))
