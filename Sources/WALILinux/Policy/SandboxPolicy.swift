#if canImport(Glibc)
import Glibc
#endif

/// What a guest may touch beyond its own linear memory. A process without a policy (the
/// default) sees the host as the native program would, minus the memory sandbox that always
/// holds (see SECURITY.md). With a policy, everything not granted here is denied.
///
/// Inherited by `fork`; kept across `execve` of a WALI module (the engine passes it on).
public struct SandboxPolicy: Sendable, Equatable {
    /// A directory tree the guest may see: `--dir HOST[::GUEST]` / `--ro-dir HOST[::GUEST]`.
    public struct DirectoryGrant: Sendable, Equatable {
        /// Absolute, normalized host path.
        public var hostPath: String
        /// Absolute, normalized path the guest uses for it (the host path unless renamed).
        public var guestPath: String
        public var writable: Bool
        public init(hostPath: String, guestPath: String, writable: Bool) {
            self.hostPath = hostPath
            self.guestPath = guestPath
            self.writable = writable
        }
    }

    /// `--net`: which sockets the guest may use.
    public enum Network: String, Sendable, CaseIterable {
        /// No AF_INET/AF_INET6 sockets at all (AF_UNIX follows the filesystem grants).
        case none
        /// Only loopback addresses (127.0.0.0/8, ::1).
        case loopback
        /// Any address.
        case all
    }

    /// `--exec`: what `execve` may start.
    public enum ExecRule: String, Sendable, CaseIterable {
        /// Only WALI modules, run by the engine under the same policy.
        case wasm
        /// Also native executables (which are outside the engine's sandbox).
        case any
    }

    public var directories: [DirectoryGrant] = []
    public var network: Network = .none
    /// `--connect ADDR[:PORT]` allow-list (empty: whatever `network` allows).
    public var connectAllow: [String] = []
    /// `--bind ADDR[:PORT]` allow-list (empty: whatever `network` allows).
    public var bindAllow: [String] = []
    public var exec: ExecRule = .wasm
    /// `--max-memory`: bytes of linear memory (ENOMEM beyond).
    public var maxMemoryBytes: UInt64?
    /// `--max-threads`: threads in this process (EAGAIN beyond).
    public var maxThreads: Int?
    /// `--max-procs`: processes in the guest's fork tree (EAGAIN beyond).
    public var maxProcesses: Int?
    /// `--max-fds`: open descriptors (EMFILE beyond).
    public var maxFileDescriptors: Int?
    /// `--cpu-time`: seconds of CPU (SIGXCPU, as RLIMIT_CPU).
    public var cpuTimeSeconds: Int?
    /// `--policy-audit`: allow everything, but log (to stderr) what this policy would refuse.
    public var auditOnly = false
    /// Engine state that travels with the policy (not a setting): the System V semaphore that
    /// counts the guest's fork tree for `maxProcesses`, once the first engine has made it.
    public var processTreeID: Int32?

    public init() {}
}

/// A numeric `ADDR[:PORT]` of the `--connect`/`--bind` allow-lists: `127.0.0.1`, `10.0.0.1:80`,
/// `::1`, `[::1]:8080`. Without a port any port matches. IPv4-mapped IPv6 addresses are the
/// IPv4 address they map, so one entry covers both spellings.
public struct NetworkEndpoint: Sendable, Equatable, CustomStringConvertible {
    /// 4 bytes (IPv4) or 16 (IPv6), network order.
    public var address: [UInt8]
    public var port: UInt16?

    public init(address: [UInt8], port: UInt16?) {
        // ::ffff:a.b.c.d is a.b.c.d (the kernel sends it as IPv4).
        if address.count == 16, address[0..<10].allSatisfy({ $0 == 0 }), address[10] == 0xff, address[11] == 0xff {
            self.address = Array(address[12..<16])
        } else {
            self.address = address
        }
        self.port = port
    }

    /// Parses `ADDR[:PORT]` (IPv6 with a port in brackets); nil if it is not numeric and exact.
    public init?(parsing text: String) {
        var host = Substring(text)
        var port: UInt16? = nil
        if host.hasPrefix("[") {
            guard let close = host.firstIndex(of: "]") else { return nil }
            let rest = host[host.index(after: close)...]
            host = host[host.index(after: host.startIndex)..<close]
            if !rest.isEmpty {
                guard rest.hasPrefix(":"), let p = UInt16(rest.dropFirst()) else { return nil }
                port = p
            }
            guard host.contains(":") else { return nil }
        } else if host.filter({ $0 == ":" }).count == 1 {
            let colon = host.firstIndex(of: ":")!
            guard let p = UInt16(host[host.index(after: colon)...]) else { return nil }
            port = p
            host = host[..<colon]
        }
        if let v4 = NetworkEndpoint.bytes(String(host), family: AF_INET, count: 4) {
            self.init(address: v4, port: port)
        } else if let v6 = NetworkEndpoint.bytes(String(host), family: AF_INET6, count: 16) {
            self.init(address: v6, port: port)
        } else {
            return nil
        }
    }

    private static func bytes(_ text: String, family: Int32, count: Int) -> [UInt8]? {
        var out = [UInt8](repeating: 0, count: 16)
        let ok = out.withUnsafeMutableBytes { inet_pton(family, text, $0.baseAddress) }
        return ok == 1 ? Array(out.prefix(count)) : nil
    }

    /// 127.0.0.0/8 or ::1 (mapped addresses are already IPv4 here).
    public var isLoopback: Bool {
        address.count == 4 ? address[0] == 127 : address == [UInt8](repeating: 0, count: 15) + [1]
    }

    /// Whether this allow-list entry admits `other` (same address; same port unless none given).
    public func admits(_ other: NetworkEndpoint) -> Bool {
        address == other.address && (port == nil || port == other.port)
    }

    public var description: String {
        var buffer = [CChar](repeating: 0, count: 64)
        let family = address.count == 4 ? AF_INET : AF_INET6
        _ = address.withUnsafeBytes { inet_ntop(family, $0.baseAddress, &buffer, socklen_t(buffer.count)) }
        let text = String(cString: buffer)
        guard let port else { return text }
        return address.count == 4 ? "\(text):\(port)" : "[\(text)]:\(port)"
    }
}

// MARK: Passing the policy to the engine that runs an exec'd WALI module

extension SandboxPolicy {
    /// The policy as one printable word (`wali run --inherited-policy`): `key=hex` fields joined
    /// by `,`, every value hex-encoded so no byte of a path can break the format.
    public func serialized() -> String {
        var fields: [(String, String)] = []
        for d in directories {
            fields.append((d.writable ? "dir" : "rodir", d.hostPath))
            fields.append(("as", d.guestPath))
        }
        fields.append(("net", network.rawValue))
        for c in connectAllow { fields.append(("connect", c)) }
        for b in bindAllow { fields.append(("bind", b)) }
        fields.append(("exec", exec.rawValue))
        if let maxMemoryBytes { fields.append(("memory", String(maxMemoryBytes))) }
        if let maxThreads { fields.append(("threads", String(maxThreads))) }
        if let maxProcesses { fields.append(("procs", String(maxProcesses))) }
        if let maxFileDescriptors { fields.append(("fds", String(maxFileDescriptors))) }
        if let cpuTimeSeconds { fields.append(("cpu", String(cpuTimeSeconds))) }
        if auditOnly { fields.append(("audit", "1")) }
        if let processTreeID { fields.append(("tree", String(processTreeID))) }
        return fields.map { $0.0 + "=" + SandboxPolicy.hex($0.1) }.joined(separator: ",")
    }

    /// Reads `serialized()` back; nil if anything is out of place (the engine then refuses to run).
    public init?(serialized text: String) {
        self.init()
        var pendingDirectory: (String, Bool)? = nil
        for field in text.split(separator: ",", omittingEmptySubsequences: false) {
            guard let eq = field.firstIndex(of: "="), let value = SandboxPolicy.unhex(field[field.index(after: eq)...]) else { return nil }
            let key = field[..<eq]
            if pendingDirectory != nil && key != "as" { return nil }
            switch key {
            case "dir", "rodir":
                pendingDirectory = (value, key == "dir")
            case "as":
                guard let (host, writable) = pendingDirectory else { return nil }
                directories.append(DirectoryGrant(hostPath: host, guestPath: value, writable: writable))
                pendingDirectory = nil
            case "net":
                guard let n = Network(rawValue: value) else { return nil }
                network = n
            case "connect": connectAllow.append(value)
            case "bind": bindAllow.append(value)
            case "exec":
                guard let e = ExecRule(rawValue: value) else { return nil }
                exec = e
            case "memory":
                guard let n = UInt64(value) else { return nil }
                maxMemoryBytes = n
            case "threads", "procs", "fds", "cpu":
                guard let n = Int(value), n > 0 else { return nil }
                switch key {
                case "threads": maxThreads = n
                case "procs": maxProcesses = n
                case "fds": maxFileDescriptors = n
                default: cpuTimeSeconds = n
                }
            case "audit": auditOnly = value == "1"
            case "tree":
                guard let n = Int32(value) else { return nil }
                processTreeID = n
            default:
                return nil
            }
        }
        if pendingDirectory != nil { return nil }
    }

    static func hex(_ s: String) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for b in s.utf8 { out.append(digits[Int(b >> 4)]); out.append(digits[Int(b & 15)]) }
        return String(decoding: out, as: UTF8.self)
    }

    static func unhex(_ s: Substring) -> String? {
        let bytes = Array(s.utf8)
        guard bytes.count % 2 == 0 else { return nil }
        func nibble(_ c: UInt8) -> UInt8? {
            switch c {
            case 48...57: return c - 48
            case 97...102: return c - 87
            default: return nil
            }
        }
        var out: [UInt8] = []
        var i = 0
        while i < bytes.count {
            guard let hi = nibble(bytes[i]), let lo = nibble(bytes[i + 1]) else { return nil }
            out.append(hi << 4 | lo)
            i += 2
        }
        return String(validating: out, as: UTF8.self)
    }
}

/// Why the policy refused a call: shown by `--strace` as `(denied by policy: REASON)` and, in
/// audit mode, logged instead of enforced.
public struct PolicyDenial: Error, Sendable {
    public let errno: Errno
    public let reason: String
    public init(_ errno: Errno, _ reason: String) {
        self.errno = errno
        self.reason = reason
    }
}
