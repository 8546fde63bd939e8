import CWALIHost
#if canImport(Glibc)
import Glibc
#endif

/// The raw arguments of one `wali` call, widened to 64 bits. i32 parameters arrive zero-extended;
/// the accessors reinterpret them as the C type says.
public struct SyscallArgs {
    /// The six arguments, a homogeneous tuple (contiguous), so an index is an offset. (A switch
    /// over the index reads a jump table from read-only data: in a fork child, a page fault on
    /// the way back to the guest.)
    var values: (Int64, Int64, Int64, Int64, Int64, Int64) = (0, 0, 0, 0, 0, 0)
    public init() {}
    public init(_ values: [Int64]) {
        for (i, v) in values.prefix(6).enumerated() { self[i] = v }
    }

    public subscript(i: Int) -> Int64 {
        get {
            guard i >= 0 && i < 6 else { return 0 }
            return withUnsafeBytes(of: values) { $0.load(fromByteOffset: i &* 8, as: Int64.self) }
        }
        set {
            guard i >= 0 && i < 6 else { return }
            withUnsafeMutableBytes(of: &values) { $0.storeBytes(of: newValue, toByteOffset: i &* 8, as: Int64.self) }
        }
    }

    /// C `int` (also pid_t, clockid_t, ...).
    @inline(__always) public func int(_ i: Int) -> Int32 { Int32(truncatingIfNeeded: self[i]) }
    /// C `unsigned int`, `mode_t`, `uid_t`, `size_t`, `socklen_t` (all 32-bit in wasm32).
    @inline(__always) public func uint(_ i: Int) -> UInt32 { UInt32(truncatingIfNeeded: self[i]) }
    /// A guest pointer.
    @inline(__always) public func ptr(_ i: Int) -> UInt32 { UInt32(truncatingIfNeeded: self[i]) }
    /// C `size_t` as a host length.
    @inline(__always) public func size(_ i: Int) -> Int { Int(UInt32(truncatingIfNeeded: self[i])) }
    /// C `long` / `off_t` (64-bit in WALI).
    @inline(__always) public func long(_ i: Int) -> Int64 { self[i] }
}

/// How `wali inspect` and the docs describe a syscall's support.
public enum SupportStatus: Equatable {
    /// Behaves as on Linux.
    case supported
    /// Works, with a documented difference.
    case partial(String)
    /// Always fails with this errno, deliberately (e.g. a capability the sandbox never grants).
    case error(Errno, String)

    public var label: String {
        switch self {
        case .supported: return "supported"
        case .partial: return "partial"
        case .error(let e, _): return "error(\(e.name))"
        }
    }
    public var note: String? {
        switch self {
        case .partial(let n), .error(_, let n): return n
        default: return nil
        }
    }
}

/// How an argument is shown by `--strace`.
public enum ArgKind {
    case int, uint, long, hex, octal, fd, dirfd, path, ptr, size, signal, openFlags, mmapProt, mmapFlags, unused
}

public typealias SyscallHandler = (WALIThread, SyscallArgs) throws -> Int64

/// One row of the syscall table.
public struct SyscallEntry {
    public let name: String
    public let args: [ArgKind]
    public let status: SupportStatus
    public let handler: SyscallHandler
    /// Whether the guest's SA_RESTART applies when a signal interrupts this call.
    public let restartable: Bool
    /// The Wasm types the import `SYS_<name>` may have: the ABI's first, then accepted variants
    /// (generated from the spec and abi/overlay.toml into ABISignatures). Looked up when asked
    /// (a load's type check), not when the table is built at every start.
    public var signatures: [WasmSignature] { ABISignatures.byImport["SYS_" + name] ?? [] }

    public init(_ name: String, _ args: [ArgKind], _ handler: @escaping SyscallHandler,
                _ status: SupportStatus = .supported, restartable: Bool = false) {
        self.name = name
        self.args = args
        self.handler = handler
        self.status = status
        self.restartable = restartable
    }
}

/// The end of a thread or of the whole process, carried out of the engine as a Swift error.
public struct GuestExit: Error {
    public enum Scope { case thread, process }
    public let scope: Scope
    public let status: Int32
    public init(scope: Scope, status: Int32) {
        self.scope = scope
        self.status = status
    }
}

/// Host call helpers: one place that maps host failures to Errno.
public enum Host {
    /// For libc wrappers that return -1 and set errno.
    @inline(__always)
    public static func check<T: BinaryInteger>(_ result: T) throws -> Int64 {
        if result < 0 { throw Errno(errno) }
        return Int64(result)
    }

    /// Raw kernel call: negative results are -errno.
    @inline(__always)
    public static func syscall(_ nr: Int, _ a: Int = 0, _ b: Int = 0, _ c: Int = 0,
                               _ d: Int = 0, _ e: Int = 0, _ f: Int = 0) throws -> Int64 {
        let r = wali_host_syscall(nr, a, b, c, d, e, f)
        if r < 0 && r > -4096 { throw Errno(Int32(-r)) }
        return Int64(r)
    }

    /// A guest address turned into a raw argument for `syscall`.
    @inline(__always)
    public static func arg(_ p: UnsafeMutableRawPointer?) -> Int { Int(bitPattern: p) }
}
