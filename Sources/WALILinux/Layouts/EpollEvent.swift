/// `struct epoll_event` in the guest: x86_64's packed 12-byte record {u32 events; u64 data}
/// (layouts.txt), read and written by the engine.
public struct GuestEpollEvent: GuestLayout, Equatable {
    public var events: UInt32
    public var data: UInt64
    public init(events: UInt32, data: UInt64) {
        self.events = events
        self.data = data
    }

    public static var guestSize: Int { 12 }
    /// Packed: `data` sits unaligned at +4.
    public static var guestAlignment: Int { 1 }
    public static func load(from p: UnsafeRawPointer) -> GuestEpollEvent {
        GuestEpollEvent(events: p.loadGuestField(at: 0), data: p.loadGuestField(at: 4))
    }
    public func store(to p: UnsafeMutableRawPointer) {
        p.storeGuestField(events, at: 0)
        p.storeGuestField(data, at: 4)
    }
}

/// The host kernel's `struct epoll_event`: x86_64's is the guest's packed record; other 64-bit
/// hosts (aarch64, riscv64) align `data` to 8, giving 16 bytes. The record has no pointers;
/// only this table differs between hosts.
public struct EpollEventLayout {
    public let size: Int
    public let dataOffset: Int

    public static let packed = EpollEventLayout(size: 12, dataOffset: 4)
    public static let aligned = EpollEventLayout(size: 16, dataOffset: 8)

    #if arch(x86_64)
    public static let host = packed
    #else
    public static let host = aligned
    #endif

    /// Reads the record at `p` in this layout.
    public func read(from p: UnsafeRawPointer) -> GuestEpollEvent {
        GuestEpollEvent(events: p.loadGuestField(at: 0), data: p.loadGuestField(at: dataOffset))
    }

    /// Writes a whole record (padding zeroed) at `p` in this layout.
    public func write(_ event: GuestEpollEvent, to p: UnsafeMutableRawPointer) {
        p.initializeMemory(as: UInt8.self, repeating: 0, count: size)
        p.storeGuestField(event.events, at: 0)
        p.storeGuestField(event.data, at: dataOffset)
    }
}
