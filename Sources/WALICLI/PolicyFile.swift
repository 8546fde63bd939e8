import WALITOML
import WALILinux
#if canImport(Glibc)
import Glibc
#endif

/// `wali run --policy FILE` (or `WALI_POLICY=FILE`): the sandbox policy as TOML, the same
/// settings as the flags. Every key is known and every value checked; anything else is a
/// one-line error (exit 125).
///
///     exec = "wasm"                  # or "any"
///     audit = false                  # as --policy-audit
///     [filesystem]
///     dirs = ["/srv/data::/data"]    # HOST[::GUEST], read-write; relative HOSTs are relative to FILE's directory
///     ro_dirs = ["/usr/share/dict"]
///     [network]
///     mode = "loopback"              # none, loopback or all
///     connect = ["127.0.0.1:8080"]
///     bind = ["127.0.0.1:9000"]
///     [limits]
///     memory = "64M"                 # or a number of bytes
///     threads = 8
///     procs = 4
///     fds = 64
///     cpu_time = 10                  # seconds
struct PolicyFile {
    var policy: SandboxPolicy?
    /// Whether the file sets `[network] mode` (allow-lists without it make the network `all`).
    var networkGiven = false

    static func load(_ path: String) throws -> PolicyFile {
        guard let text = String(contentsOfFileAtPath: path) else {
            throw PolicyOptionError("cannot read policy file '\(path)': \(String(cString: strerror(errno)))")
        }
        let table: TOMLTable
        do {
            table = try TOML.parse(text)
        } catch {
            throw PolicyOptionError("policy file '\(path)': \(error)")
        }
        var reader = Reader(path: path)
        return try reader.read(table)
    }

    struct Reader {
        let path: String

        func fail(_ message: String) -> PolicyOptionError {
            PolicyOptionError("policy file '\(path)': \(message)")
        }

        mutating func read(_ root: TOMLTable) throws -> PolicyFile {
            var p = SandboxPolicy()
            var result = PolicyFile()
            for key in root.keys {
                let value = root[key]!
                switch key {
                case "exec":
                    guard let s = value.string, let e = SandboxPolicy.ExecRule(rawValue: s) else { throw fail("exec must be \"wasm\" or \"any\"") }
                    p.exec = e
                case "audit":
                    guard let b = value.bool else { throw fail("audit must be true or false") }
                    p.auditOnly = b
                case "filesystem":
                    let t = try section(value, key)
                    for k in t.keys {
                        guard k == "dirs" || k == "ro_dirs" else { throw fail("unknown key 'filesystem.\(k)'") }
                        for spec in try strings(t[k]!, "filesystem.\(k)") {
                            p.directories.append(try SandboxOptions.grant(relativeToFile(spec), writable: k == "dirs"))
                        }
                    }
                case "network":
                    let t = try section(value, key)
                    for k in t.keys {
                        switch k {
                        case "mode":
                            guard let s = t[k]!.string, let n = SandboxPolicy.Network(rawValue: s) else {
                                throw fail("network.mode must be \"none\", \"loopback\" or \"all\"")
                            }
                            p.network = n
                            result.networkGiven = true
                        case "connect": p.connectAllow = try strings(t[k]!, "network.connect")
                        case "bind": p.bindAllow = try strings(t[k]!, "network.bind")
                        default: throw fail("unknown key 'network.\(k)'")
                        }
                    }
                case "limits":
                    let t = try section(value, key)
                    for k in t.keys {
                        let v = t[k]!
                        switch k {
                        case "memory":
                            if let n = v.int, n > 0 {
                                p.maxMemoryBytes = UInt64(n)
                            } else if let s = v.string, let n = SandboxOptions.size(s) {
                                p.maxMemoryBytes = n
                            } else {
                                throw fail("limits.memory must be a size such as \"64M\" or a number of bytes")
                            }
                        case "threads": p.maxThreads = try positive(v, "limits.threads")
                        case "procs":
                            let n = try positive(v, "limits.procs")
                            guard n <= 32767 else { throw fail("limits.procs is at most 32767") }
                            p.maxProcesses = n
                        case "fds": p.maxFileDescriptors = try positive(v, "limits.fds")
                        case "cpu_time": p.cpuTimeSeconds = try positive(v, "limits.cpu_time")
                        default: throw fail("unknown key 'limits.\(k)'")
                        }
                    }
                default:
                    throw fail("unknown key '\(key)'")
                }
            }
            result.policy = p
            return result
        }

        func section(_ value: TOMLValue, _ name: String) throws -> TOMLTable {
            guard let t = value.table else { throw fail("'\(name)' must be a table ([\(name)])") }
            return t
        }

        func strings(_ value: TOMLValue, _ name: String) throws -> [String] {
            guard let array = value.array else { throw fail("\(name) must be an array of strings") }
            return try array.map { element in
                guard let s = element.string else { throw fail("\(name) must be an array of strings") }
                return s
            }
        }

        func positive(_ value: TOMLValue, _ name: String) throws -> Int {
            guard let n = value.int, n > 0 else { throw fail("\(name) must be a positive integer") }
            return n
        }

        /// A relative HOST of a grant is relative to the policy file's directory.
        func relativeToFile(_ spec: String) -> String {
            if spec.hasPrefix("/") { return spec }
            let directory = path.contains("/") ? String(path[..<path.lastIndex(of: "/")!]) : "."
            return (directory.isEmpty ? "/" : directory) + "/" + spec
        }
    }
}
