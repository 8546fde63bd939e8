/// Polling structures.
/// - `struct pollfd` {int fd; short events; short revents} (8 bytes) and `fd_set` (a bit array
///   of longs) are the same on every Linux host: passed through in place after range checks.
/// - `struct timeval` and `struct timespec` are two 64-bit words in the guest and on 64-bit hosts.
/// - pselect6's sixth argument points to musl's `syscall_arg_t data[2]` = {long sigmask; long
///   size}: 16 bytes in the guest because `long` is 64-bit there (the reference engine reads it
///   the same way), though the sigset address inside is a 32-bit guest pointer.
enum PollLayouts {
    static let pollfdSize = 8
    static let timespecSize = 16
    /// The guest's kernel sigset_t: 64 signals.
    static let sigsetSize = 8
    static let pselectArgpackSize = 16

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
    static func pselectArgpack(_ memory: GuestMemory, _ address: UInt32) throws -> (set: UInt64, size: UInt64) {
        if address == 0 { return (0, 0) }
        _ = try memory.pointer(address, count: pselectArgpackSize)
        return (try memory.load(address, as: UInt64.self), try memory.load(address + 8, as: UInt64.self))
    }

    /// A guest timespec for a wait, checked as Linux's poll_select_set_timeout does (EINVAL for
    /// a negative time or nanoseconds out of range).
    static func validateTimeout(_ p: UnsafeMutableRawPointer) throws {
        let seconds = Int64(littleEndian: p.loadUnaligned(as: Int64.self))
        let nanoseconds = UInt64(littleEndian: p.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
        guard seconds >= 0, nanoseconds < 1_000_000_000 else { throw Errno.EINVAL }
    }
}
