import CWALIHost
#if canImport(Glibc)
import Glibc
#endif

/// The guest's signal dispositions (rt_sigaction), shared by all its threads, and the host
/// dispositions that carry them out: guest SIG_DFL is host SIG_DFL (the kernel's own default
/// action: the engine dies by the same signal, stops, continues or ignores, as natively), guest
/// SIG_IGN is host SIG_IGN, and a guest handler is the host's recording handler (the engine runs
/// the guest handler at the next safe point).
public final class SignalState: @unchecked Sendable {
    public struct Action: Equatable {
        /// Table index of the handler; 0 = SIG_DFL, 0xFFFF_FFFE = SIG_IGN.
        public var handler: UInt32 = 0
        public var flags: UInt64 = 0
        public var restorer: UInt32 = 0
        public var mask: UInt64 = 0
        public init() {}

        public var isDefault: Bool { handler == SignalState.SIG_DFL }
        public var isIgnored: Bool { handler == SignalState.SIG_IGN }
        public var isHandler: Bool { !isDefault && !isIgnored }
    }
    public static let SIG_DFL: UInt32 = 0
    public static let SIG_IGN: UInt32 = 0xFFFF_FFFE

    public static let SA_NOCLDSTOP: UInt64 = 0x1
    public static let SA_NOCLDWAIT: UInt64 = 0x2
    public static let SA_SIGINFO: UInt64 = 0x4
    public static let SA_ONSTACK: UInt64 = 0x0800_0000
    public static let SA_RESTART: UInt64 = 0x1000_0000
    public static let SA_NODEFER: UInt64 = 0x4000_0000
    public static let SA_RESETHAND: UInt64 = 0x8000_0000

    public static let SIGKILL = 9, SIGBUS = 7, SIGSEGV = 11, SIGSTOP = 19
    /// Signals that can never be blocked, caught or ignored.
    public static let unblockable: UInt64 = bit(SIGKILL) | bit(SIGSTOP)

    @inline(__always) public static func bit(_ signo: Int) -> UInt64 { 1 << UInt64(signo - 1) }

    /// Signals whose host disposition the engine must not change: SIGSEGV/SIGBUS belong to the
    /// Wasm engine's trap handling, 32/33 to the host C library (thread cancellation, setxid).
    /// Their guest dispositions are recorded only, and signals sent to them inside the process
    /// are posted to the guest without a host signal.
    public static func isVirtual(_ signo: Int) -> Bool {
        signo == SIGSEGV || signo == SIGBUS || signo == 32 || signo == 33
    }

    /// What the kernel does with a signal left at SIG_DFL.
    public enum DefaultAction { case terminate, ignore, stop, `continue` }
    public static func defaultAction(_ signo: Int) -> DefaultAction {
        switch signo {
        case 17, 23, 28: return .ignore            // SIGCHLD, SIGURG, SIGWINCH
        case 18: return .continue                   // SIGCONT
        case 19, 20, 21, 22: return .stop           // SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU
        default: return .terminate
        }
    }

    let lock = Mutex()
    private var actions = [Action](repeating: Action(), count: 65)

    public init() {}

    /// Takes over the dispositions the engine inherited (a signal ignored by our parent stays
    /// ignored for the guest, as across a native exec).
    public func inheritHostDispositions() {
        lock.withLock {
            for signo in 1...64 where !SignalState.isVirtual(signo) && signo != SignalState.SIGKILL && signo != SignalState.SIGSTOP {
                if wali_signal_host_disposition(Int32(signo)) == 1 { actions[signo].handler = SignalState.SIG_IGN }
            }
        }
    }

    public func action(_ signo: Int) -> Action { lock.withLock { actions[signo] } }

    /// Records the guest's action and installs the host disposition that carries it out.
    public func setAction(_ signo: Int, _ action: Action) {
        lock.withLock {
            actions[signo] = action
            guard !SignalState.isVirtual(signo) else { return }
            let kind: Int32 = action.isDefault ? 0 : action.isIgnored ? 1 : 2
            let hostFlags = UInt(action.flags & (SignalState.SA_NOCLDSTOP | SignalState.SA_NOCLDWAIT))
            _ = wali_signal_set_action(Int32(signo), kind, hostFlags)
        }
    }

    /// SA_RESETHAND: back to SIG_DFL as delivery starts, unless the guest changed it meanwhile.
    func resetToDefault(_ signo: Int, ifStill expected: Action) {
        lock.withLock {
            guard actions[signo] == expected else { return }
            actions[signo].handler = SignalState.SIG_DFL
            if !SignalState.isVirtual(signo) { _ = wali_signal_set_action(Int32(signo), 0, 0) }
        }
    }

    /// Lock for fork: no other thread may be changing dispositions while the host forks.
    func withLockHeld<T>(_ body: () throws -> T) rethrows -> T { try lock.withLock(body) }
}
