#if canImport(Glibc)
import Glibc
#endif

/// Polling structures.
/// - `struct pollfd` {int fd; short events; short revents} (8 bytes) and `fd_set` (a bit array
///   of longs) are the same on every Linux host: passed through in place after range checks.
/// - `struct timeval` and `struct timespec` are two 64-bit words in the guest and on 64-bit hosts.
/// - pselect6's sixth argument points to musl's `syscall_arg_t data[2]` = {long sigmask; long
///   size}: 16 bytes in the guest because `long` is 64-bit there (the reference engine reads it
///   the same way), though the sigset address inside is a 32-bit guest pointer.
enum PollLayouts {
    /// The guest's kernel sigset_t: 64 signals.
    static let sigsetSize = 8

    /// Bytes the kernel reads and writes of each fd_set for `nfds` descriptors (whole longs).
    static func fdSetBytes(_ nfds: Int) -> Int { (nfds + 63) / 64 * 8 }

    /// A guest signal mask argument (ppoll, pselect6, epoll_pwait), checked as Linux's
    /// set_user_sigmask does: nil when absent, EINVAL for another size, EFAULT for a bad address.
    static func signalMask(_ memory: GuestMemory, _ address: UInt64, size: UInt64) throws -> UInt64? {
        if address == 0 { return nil }
        guard size == UInt64(sigsetSize) else { throw Errno.EINVAL }
        // An address beyond 32 bits cannot be in linear memory.
        guard address <= UInt64(UInt32.max) else { throw Errno.EFAULT }
        return try memory.load(UInt32(address), as: UInt64.self)
    }

    /// pselect6's {sigset address, size} pair (EFAULT); (0, 0) when the pair is absent.
    static func pselectArgpack(_ memory: GuestMemory, _ address: UInt32) throws -> PselectSigmaskArgument {
        try memory.optionalPtr(address, to: PselectSigmaskArgument.self)?.load() ?? PselectSigmaskArgument(set: 0, size: 0)
    }

    /// A guest timespec for a wait, checked as Linux's poll_select_set_timeout does (EINVAL for
    /// a negative time or nanoseconds out of range).
    static func validateTimeout(_ timeout: GuestPtr<timespec>) throws {
        let value = timeout.load()
        guard value.tv_sec >= 0, UInt(bitPattern: value.tv_nsec) < 1_000_000_000 else { throw Errno.EINVAL }
    }
}

/// pselect6's sixth argument: { u64 sigset address; u64 size } (16 bytes, see `PollLayouts`).
struct PselectSigmaskArgument: GuestLayout {
    var set: UInt64
    var size: UInt64
    static var guestSize: Int { 16 }
    static var guestAlignment: Int { 8 }
    static func load(from p: UnsafeRawPointer) -> PselectSigmaskArgument {
        PselectSigmaskArgument(set: p.loadGuestField(at: 0), size: p.loadGuestField(at: 8))
    }
    func store(to p: UnsafeMutableRawPointer) {
        p.storeGuestField(set, at: 0)
        p.storeGuestField(size, at: 8)
    }
}

/// `struct pollfd`: { i32 fd; i16 events; i16 revents } (8 bytes), the host's own layout, so an
/// array is handed to the host kernel in place.
extension pollfd: GuestLayout {
    public static var guestSize: Int { 8 }
    public static var guestAlignment: Int { 4 }
    public static func load(from p: UnsafeRawPointer) -> pollfd {
        pollfd(fd: p.loadGuestField(at: 0), events: p.loadGuestField(at: 4), revents: p.loadGuestField(at: 6))
    }
    public func store(to p: UnsafeMutableRawPointer) {
        p.storeGuestField(fd, at: 0)
        p.storeGuestField(events, at: 4)
        p.storeGuestField(revents, at: 6)
    }
}
