/// `struct rlimit` in the guest: { u64 rlim_cur; u64 rlim_max } (16 bytes; RLIM_INFINITY = ~0),
/// the same as the kernel's on every 64-bit Linux host.
public struct GuestRLimit: GuestLayout, Equatable {
    public var cur: UInt64
    public var max: UInt64
    public init(cur: UInt64, max: UInt64) {
        self.cur = cur
        self.max = max
    }

    public static var guestSize: Int { 16 }
    public static var guestAlignment: Int { 8 }
    public static func load(from p: UnsafeRawPointer) -> GuestRLimit {
        GuestRLimit(cur: p.loadGuestField(at: 0), max: p.loadGuestField(at: 8))
    }
    public func store(to p: UnsafeMutableRawPointer) {
        p.storeGuestField(cur, at: 0)
        p.storeGuestField(max, at: 8)
    }
}
