import ArgumentParser
import WALILinux
#if canImport(Glibc)
import Glibc
#endif

/// The `wali run` flags that describe a sandbox policy. Any of them turns the policy on.
struct SandboxOptions: ParsableArguments {
    @Flag(help: "Run under a policy with no grants (add --dir/--ro-dir, --net, ... to grant).")
    var sandbox = false

    @Option(name: .customLong("policy"), help: ArgumentHelp("Take the policy from a TOML file (flags add to it; else $WALI_POLICY).", valueName: "FILE"))
    var policyFile: String?

    @Option(name: .customLong("dir"), help: ArgumentHelp("Grant a directory tree read-write (repeatable). GUEST defaults to HOST.", valueName: "HOST[::GUEST]"))
    var dirs: [String] = []

    @Option(name: .customLong("ro-dir"), help: ArgumentHelp("Grant a directory tree read-only (repeatable).", valueName: "HOST[::GUEST]"))
    var roDirs: [String] = []

    @Option(help: ArgumentHelp("Sockets the guest may use: none, loopback or all (default with a policy: none).", valueName: "none|loopback|all"))
    var net: String?

    @Option(name: .customLong("connect"), help: ArgumentHelp("Allow connecting to this address (repeatable).", valueName: "ADDR[:PORT]"))
    var connect: [String] = []

    @Option(name: .customLong("bind"), help: ArgumentHelp("Allow binding this address (repeatable).", valueName: "ADDR[:PORT]"))
    var bind: [String] = []

    @Option(help: ArgumentHelp("What execve may start: wasm (WALI modules only) or any (default with a policy: wasm).", valueName: "wasm|any"))
    var exec: String?

    @Option(name: .customLong("max-memory"), help: ArgumentHelp("Most linear memory (bytes, or with K/M/G).", valueName: "SIZE"))
    var maxMemory: String?

    @Option(name: .customLong("max-threads"), help: ArgumentHelp("Most threads in the process.", valueName: "N"))
    var maxThreads: Int?

    @Option(name: .customLong("max-procs"), help: ArgumentHelp("Most processes in the guest's fork tree.", valueName: "N"))
    var maxProcs: Int?

    @Option(name: .customLong("max-fds"), help: ArgumentHelp("Most open file descriptors.", valueName: "N"))
    var maxFds: Int?

    @Option(name: .customLong("cpu-time"), help: ArgumentHelp("CPU time limit (SIGXCPU beyond).", valueName: "SECONDS"))
    var cpuTime: Int?

    @Flag(name: .customLong("policy-audit"), help: "Allow everything, but log to stderr what the policy would refuse.")
    var policyAudit = false

    /// The policy of the engine that exec'd this module (engine-internal: `execve` passes it on).
    @Option(name: .customLong("inherited-policy"), help: .hidden)
    var inheritedPolicy: String?

    /// With --inherited-policy: the guest's environment, one entry per option (it may look like
    /// an option itself, so the next word is taken whatever it is).
    @Option(name: .customLong("guest-env"), parsing: .unconditionalSingleValue, help: .hidden)
    var guestEnvironment: [String] = []

    /// The options as plain values (what the fast path parses too).
    var request: PolicyRequest {
        PolicyRequest(sandbox: sandbox, policyFile: policyFile, dirs: dirs, roDirs: roDirs, net: net,
                      connect: connect, bind: bind, exec: exec, maxMemory: maxMemory, maxThreads: maxThreads,
                      maxProcs: maxProcs, maxFds: maxFds, cpuTime: cpuTime, policyAudit: policyAudit,
                      inheritedPolicy: inheritedPolicy, guestEnvironment: guestEnvironment)
    }

    /// `--connect`/`--bind` entries are numeric `ADDR[:PORT]`, inside what `--net` allows; given
    /// without `--net`, they are the only addresses (the network is otherwise `all`).
    static func checkAllowLists(_ p: inout SandboxPolicy, networkGiven: Bool) throws {
        let entries = p.connectAllow.map { ("--connect", $0) } + p.bindAllow.map { ("--bind", $0) }
        if entries.isEmpty { return }
        if !networkGiven { p.network = .all }
        for (flag, entry) in entries {
            guard let endpoint = NetworkEndpoint(parsing: entry) else {
                throw PolicyOptionError("\(flag) expects a numeric ADDR[:PORT] such as 127.0.0.1:8080 or [::1]:8080, got '\(entry)'")
            }
            if p.network == .none || (p.network == .loopback && !endpoint.isLoopback) {
                throw PolicyOptionError("\(flag) \(entry) is outside --net \(p.network.rawValue)")
            }
        }
    }

    /// `HOST[::GUEST]`: HOST must be an existing directory; both become absolute, normalized paths.
    static func grant(_ spec: String, writable: Bool) throws -> SandboxPolicy.DirectoryGrant {
        let parts = splitBytes(spec, on: "::")
        guard parts.count <= 2, let host = parts.first, !host.isEmpty else {
            throw PolicyOptionError("a directory grant is HOST[::GUEST], got '\(spec)'")
        }
        guard let real = realpath(host, nil) else {
            throw PolicyOptionError("cannot grant '\(host)': \(String(cString: strerror(errno)))")
        }
        let hostPath = String(cString: real)
        free(real)
        var st = stat()
        guard stat(hostPath, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR else {
            throw PolicyOptionError("cannot grant '\(host)': not a directory")
        }
        let guestPath = parts.count == 2 ? parts[1] : hostPath
        guard guestPath.hasPrefix("/") else {
            throw PolicyOptionError("the guest path of a grant must be absolute, got '\(guestPath)'")
        }
        return .init(hostPath: hostPath, guestPath: normalize(guestPath), writable: writable)
    }

    /// Lexically normalizes an absolute path: no `.`, `..` or repeated slashes.
    static func normalize(_ path: String) -> String {
        var out: [String] = []
        for part in splitBytes(path, on: "/") where !part.isEmpty {
            if part == "." { continue }
            if part == ".." { _ = out.popLast(); continue }
            out.append(part)
        }
        var result = ""
        for part in out { result += "/" + part }
        return result.isEmpty ? "/" : result
    }

    /// `text` cut at every `separator`, empty pieces kept (as `split(separator:omittingEmptySubsequences:
    /// false)`), by bytes: the generic string split instantiates its types at run time, a
    /// third of a sandboxed run's start-up instructions for one `--dir`.
    static func splitBytes(_ text: String, on separator: String) -> [String] {
        let bytes = Array(text.utf8), sep = Array(separator.utf8)
        var parts: [String] = []
        var start = 0, i = 0
        while i + sep.count <= bytes.count {
            if bytes[i..<(i + sep.count)].elementsEqual(sep) {
                parts.append(String(decoding: bytes[start..<i], as: UTF8.self))
                i += sep.count
                start = i
            } else {
                i += 1
            }
        }
        parts.append(String(decoding: bytes[start...], as: UTF8.self))
        return parts
    }

    /// `123`, `64K`, `64M`, `2G` (binary multiples).
    static func size(_ text: String) -> UInt64? {
        guard let last = text.last else { return nil }
        let shifts: [Character: UInt64] = ["K": 10, "k": 10, "M": 20, "m": 20, "G": 30, "g": 30]
        if let shift = shifts[last] {
            guard let n = UInt64(text.dropLast()), n > 0, n <= UInt64.max >> shift else { return nil }
            return n << shift
        }
        guard let n = UInt64(text), n > 0 else { return nil }
        return n
    }
}

/// `wali run`'s sandbox options as plain values, from ArgumentParser (`SandboxOptions.request`)
/// or from the fast path (`RunRequest.fastParse`), and the one place they become a policy.
struct PolicyRequest: Equatable {
    var sandbox = false
    var policyFile: String?
    var dirs: [String] = []
    var roDirs: [String] = []
    var net: String?
    var connect: [String] = []
    var bind: [String] = []
    var exec: String?
    var maxMemory: String?
    var maxThreads: Int?
    var maxProcs: Int?
    var maxFds: Int?
    var cpuTime: Int?
    var policyAudit = false
    var inheritedPolicy: String?
    var guestEnvironment: [String] = []

    /// The policy these flags describe (on top of --policy FILE, else $WALI_POLICY), or nil
    /// when none was asked for.
    func policy() throws -> SandboxPolicy? {
        let any = sandbox || !dirs.isEmpty || !roDirs.isEmpty || net != nil || !connect.isEmpty || !bind.isEmpty
            || exec != nil || maxMemory != nil || maxThreads != nil || maxProcs != nil || maxFds != nil
            || cpuTime != nil || policyAudit
        if let inheritedPolicy {
            guard !any, policyFile == nil, let p = SandboxPolicy(serialized: inheritedPolicy) else {
                throw PolicyOptionError("--inherited-policy is the engine's own and takes no other policy option")
            }
            return p
        }
        var file = PolicyFile()
        if let path = policyFile ?? getenv("WALI_POLICY").map({ String(cString: $0) }).flatMap({ $0.isEmpty ? nil : $0 }) {
            file = try PolicyFile.load(path)
        }
        guard any || file.policy != nil else { return nil }
        var p = file.policy ?? SandboxPolicy()
        var networkGiven = file.networkGiven
        for (spec, writable) in dirs.map({ ($0, true) }) + roDirs.map({ ($0, false) }) {
            p.directories.append(try SandboxOptions.grant(spec, writable: writable))
        }
        if let net {
            guard let n = SandboxPolicy.Network(rawValue: net) else {
                throw PolicyOptionError("--net expects none, loopback or all, got '\(net)'")
            }
            p.network = n
            networkGiven = true
        }
        p.connectAllow += connect
        p.bindAllow += bind
        try SandboxOptions.checkAllowLists(&p, networkGiven: networkGiven)
        if let exec {
            guard let e = SandboxPolicy.ExecRule(rawValue: exec) else {
                throw PolicyOptionError("--exec expects wasm or any, got '\(exec)'")
            }
            p.exec = e
        }
        if let maxMemory {
            guard let bytes = SandboxOptions.size(maxMemory) else { throw PolicyOptionError("--max-memory expects a size such as 64M, got '\(maxMemory)'") }
            p.maxMemoryBytes = bytes
        }
        for (name, value) in [("--max-threads", maxThreads), ("--max-procs", maxProcs), ("--max-fds", maxFds), ("--cpu-time", cpuTime)] {
            if let value, value <= 0 { throw PolicyOptionError("\(name) expects a positive number, got \(value)") }
        }
        if let maxProcs, maxProcs > 32767 { throw PolicyOptionError("--max-procs is at most 32767, got \(maxProcs)") }
        if let maxThreads { p.maxThreads = maxThreads }
        if let maxProcs { p.maxProcesses = maxProcs }
        if let maxFds { p.maxFileDescriptors = maxFds }
        if let cpuTime { p.cpuTimeSeconds = cpuTime }
        if policyAudit { p.auditOnly = true }
        return p
    }
}

struct PolicyOptionError: Error {
    let message: String
    init(_ message: String) { self.message = message }
}
