/// The guest's signal dispositions (rt_sigaction), shared by all its threads.
public final class SignalState: @unchecked Sendable {
    public struct Action: Equatable {
        /// Table index of the handler; 0 = SIG_DFL, 0xFFFF_FFFE = SIG_IGN.
        public var handler: UInt32 = 0
        public var flags: UInt32 = 0
        public var restorer: UInt32 = 0
        public var mask: UInt64 = 0
        public init() {}
    }
    public static let SIG_DFL: UInt32 = 0
    public static let SIG_IGN: UInt32 = 0xFFFF_FFFE

    let lock = Mutex()
    private var actions = [Action](repeating: Action(), count: 65)

    public init() {}

    public func action(_ signo: Int) -> Action { lock.withLock { actions[signo] } }
    public func setAction(_ signo: Int, _ action: Action) { lock.withLock { actions[signo] = action } }
}
