/// `struct rlimit` in the guest: { u64 rlim_cur; u64 rlim_max } (16 bytes; RLIM_INFINITY = ~0),
/// the same as the kernel's on every 64-bit Linux host.
public enum GuestRLimit {
    public static let size = 16

    public static func load(_ memory: GuestMemory, _ address: UInt32) throws -> (cur: UInt64, max: UInt64) {
        let p = try memory.pointer(address, count: size)
        return (UInt64(littleEndian: p.loadUnaligned(as: UInt64.self)),
                UInt64(littleEndian: p.loadUnaligned(fromByteOffset: 8, as: UInt64.self)))
    }

    public static func store(_ memory: GuestMemory, _ address: UInt32, _ value: (cur: UInt64, max: UInt64)) throws {
        let p = try memory.pointer(address, count: size)
        p.storeBytes(of: value.cur.littleEndian, as: UInt64.self)
        p.storeBytes(of: value.max.littleEndian, toByteOffset: 8, as: UInt64.self)
    }
}
