#if canImport(Glibc)
import Glibc
#endif

// Time records: two 64-bit words each in the guest (the x86_64 kernel layout, layouts.txt) and
// in the host's kernel on every 64-bit Linux host, so the host's structs carry them.

/// `struct timespec`: { i64 tv_sec; i64 tv_nsec } (16 bytes).
extension timespec: GuestLayout {
    public static var guestSize: Int { 16 }
    public static var guestAlignment: Int { 8 }
    public static func load(from p: UnsafeRawPointer) -> timespec {
        timespec(tv_sec: Int(p.loadGuestField(at: 0, as: Int64.self)), tv_nsec: Int(p.loadGuestField(at: 8, as: Int64.self)))
    }
    public func store(to p: UnsafeMutableRawPointer) {
        p.storeGuestField(Int64(tv_sec), at: 0)
        p.storeGuestField(Int64(tv_nsec), at: 8)
    }
}

/// `struct timeval`: { i64 tv_sec; i64 tv_usec } (16 bytes).
extension timeval: GuestLayout {
    public static var guestSize: Int { 16 }
    public static var guestAlignment: Int { 8 }
    public static func load(from p: UnsafeRawPointer) -> timeval {
        timeval(tv_sec: Int(p.loadGuestField(at: 0, as: Int64.self)), tv_usec: Int(p.loadGuestField(at: 8, as: Int64.self)))
    }
    public func store(to p: UnsafeMutableRawPointer) {
        p.storeGuestField(Int64(tv_sec), at: 0)
        p.storeGuestField(Int64(tv_usec), at: 8)
    }
}

/// `struct itimerspec`: { timespec it_interval; timespec it_value } (32 bytes).
extension itimerspec: GuestLayout {
    public static var guestSize: Int { 32 }
    public static var guestAlignment: Int { 8 }
    public static func load(from p: UnsafeRawPointer) -> itimerspec {
        itimerspec(it_interval: p.loadGuestField(at: 0), it_value: p.loadGuestField(at: 16))
    }
    public func store(to p: UnsafeMutableRawPointer) {
        p.storeGuestField(it_interval, at: 0)
        p.storeGuestField(it_value, at: 16)
    }
}

/// `struct itimerval`: { timeval it_interval; timeval it_value } (32 bytes).
extension itimerval: GuestLayout {
    public static var guestSize: Int { 32 }
    public static var guestAlignment: Int { 8 }
    public static func load(from p: UnsafeRawPointer) -> itimerval {
        itimerval(it_interval: p.loadGuestField(at: 0), it_value: p.loadGuestField(at: 16))
    }
    public func store(to p: UnsafeMutableRawPointer) {
        p.storeGuestField(it_interval, at: 0)
        p.storeGuestField(it_value, at: 16)
    }
}

/// `struct timezone`: { int tz_minuteswest; int tz_dsttime } (8 bytes).
public struct GuestTimezone: GuestLayout, Equatable {
    public var minutesWest: Int32
    public var dstTime: Int32
    public init(minutesWest: Int32, dstTime: Int32) {
        self.minutesWest = minutesWest
        self.dstTime = dstTime
    }
    public static var guestSize: Int { 8 }
    public static var guestAlignment: Int { 4 }
    public static func load(from p: UnsafeRawPointer) -> GuestTimezone {
        GuestTimezone(minutesWest: p.loadGuestField(at: 0), dstTime: p.loadGuestField(at: 4))
    }
    public func store(to p: UnsafeMutableRawPointer) {
        p.storeGuestField(minutesWest, at: 0)
        p.storeGuestField(dstTime, at: 4)
    }
}
