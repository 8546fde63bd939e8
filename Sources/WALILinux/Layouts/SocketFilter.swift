/// `struct sock_fprog` in the guest: { u16 len; u16 pad; u32 filter } (8 bytes); the filter is
/// a guest pointer, so the host gets a translated record.
struct GuestSockFprog: GuestLayout {
    var length: UInt16
    var filter: UInt32
    static var guestSize: Int { 8 }
    static var guestAlignment: Int { 4 }
    static func load(from p: UnsafeRawPointer) -> GuestSockFprog {
        GuestSockFprog(length: p.loadGuestField(at: 0), filter: p.loadGuestField(at: 4))
    }
    func store(to p: UnsafeMutableRawPointer) {
        p.storeGuestField(length, at: 0)
        p.storeGuestField(UInt16(0), at: 2)
        p.storeGuestField(filter, at: 4)
    }
}

/// `struct sock_filter`: { u16 code; u8 jt; u8 jf; u32 k } (8 bytes), the same on every host,
/// so a program is handed to the host kernel in place.
struct GuestSockFilter: GuestLayout {
    var code: UInt16
    var jumpIfTrue: UInt8
    var jumpIfFalse: UInt8
    var k: UInt32
    static var guestSize: Int { 8 }
    static var guestAlignment: Int { 4 }
    static func load(from p: UnsafeRawPointer) -> GuestSockFilter {
        GuestSockFilter(code: p.loadGuestField(at: 0), jumpIfTrue: p.loadGuestField(at: 2),
                        jumpIfFalse: p.loadGuestField(at: 3), k: p.loadGuestField(at: 4))
    }
    func store(to p: UnsafeMutableRawPointer) {
        p.storeGuestField(code, at: 0)
        p.storeGuestField(jumpIfTrue, at: 2)
        p.storeGuestField(jumpIfFalse, at: 3)
        p.storeGuestField(k, at: 4)
    }
}
