#if canImport(Glibc)
import Glibc
#endif

/// `struct timespec` in the guest: { i64 tv_sec; i64 tv_nsec } (16 bytes, the x86_64 kernel layout).
/// `struct timeval` has the same shape with microseconds.
public enum GuestTimespec {
    public static let size = 16

    public static func load(_ memory: GuestMemory, _ address: UInt32) throws -> timespec {
        let p = try memory.pointer(address, count: size)
        return timespec(tv_sec: Int(Int64(littleEndian: p.loadUnaligned(as: Int64.self))),
                        tv_nsec: Int(Int64(littleEndian: p.loadUnaligned(fromByteOffset: 8, as: Int64.self))))
    }

    public static func store(_ memory: GuestMemory, _ address: UInt32, _ value: timespec) throws {
        let p = try memory.pointer(address, count: size)
        p.storeBytes(of: Int64(value.tv_sec).littleEndian, as: Int64.self)
        p.storeBytes(of: Int64(value.tv_nsec).littleEndian, toByteOffset: 8, as: Int64.self)
    }
}

public enum GuestTimeval {
    public static let size = 16

    public static func store(_ memory: GuestMemory, _ address: UInt32, _ value: timeval) throws {
        let p = try memory.pointer(address, count: size)
        p.storeBytes(of: Int64(value.tv_sec).littleEndian, as: Int64.self)
        p.storeBytes(of: Int64(value.tv_usec).littleEndian, toByteOffset: 8, as: Int64.self)
    }
}

/// `struct itimerspec` in the guest: { timespec it_interval; timespec it_value } (32 bytes).
public enum GuestItimerspec {
    public static let size = 32

    public static func load(_ memory: GuestMemory, _ address: UInt32) throws -> itimerspec {
        _ = try memory.pointer(address, count: size)
        return itimerspec(it_interval: try GuestTimespec.load(memory, address),
                          it_value: try GuestTimespec.load(memory, address + 16))
    }

    public static func store(_ memory: GuestMemory, _ address: UInt32, _ value: itimerspec) throws {
        _ = try memory.pointer(address, count: size)
        try GuestTimespec.store(memory, address, value.it_interval)
        try GuestTimespec.store(memory, address + 16, value.it_value)
    }
}
