/// The packed 24-byte sigaction record WALI modules pass to rt_sigaction (the reference engine's
/// layout, not musl's 144-byte `struct sigaction`): u32 handler (a table index; SIG_DFL 0,
/// SIG_IGN 0xFFFFFFFE) @0, u64 flags @4 (unaligned), u32 restorer @12, u64 mask @16.
extension SignalState.Action: GuestLayout {
    public static var guestSize: Int { 24 }
    public static var guestAlignment: Int { 4 }
    public static func load(from p: UnsafeRawPointer) -> SignalState.Action {
        var action = SignalState.Action()
        action.handler = p.loadGuestField(at: 0)
        action.flags = p.loadGuestField(at: 4)
        action.restorer = p.loadGuestField(at: 12)
        action.mask = p.loadGuestField(at: 16)
        return action
    }
    public func store(to p: UnsafeMutableRawPointer) {
        p.storeGuestField(handler, at: 0)
        p.storeGuestField(flags, at: 4)
        p.storeGuestField(restorer, at: 12)
        p.storeGuestField(mask, at: 16)
    }
}
