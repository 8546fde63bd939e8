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

    public init() {}
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
