/// The guest's `stack_t` (sigaltstack, ucontext's uc_stack): { u32 ss_sp; i32 ss_flags;
/// u32 ss_size } (12 bytes; the pointer and size_t are 32-bit in wasm32).
public struct GuestStack: GuestLayout, Equatable {
    public var sp: UInt32
    public var flags: Int32
    public var size: UInt32
    public init(sp: UInt32, flags: Int32, size: UInt32) {
        self.sp = sp
        self.flags = flags
        self.size = size
    }

    public static let SS_ONSTACK: Int32 = 1, SS_DISABLE: Int32 = 2
    public static let SS_AUTODISARM = Int32(bitPattern: 0x8000_0000)
    /// No alternate stack: what a new thread starts with.
    public static let disabled = GuestStack(sp: 0, flags: SS_DISABLE, size: 0)

    public static var guestSize: Int { 12 }
    public static var guestAlignment: Int { 4 }
    public static func load(from p: UnsafeRawPointer) -> GuestStack {
        GuestStack(sp: p.loadGuestField(at: 0), flags: p.loadGuestField(at: 4), size: p.loadGuestField(at: 8))
    }
    public func store(to p: UnsafeMutableRawPointer) {
        p.storeGuestField(sp, at: 0)
        p.storeGuestField(flags, at: 4)
        p.storeGuestField(size, at: 8)
    }
}
