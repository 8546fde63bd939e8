import CWALIHost
#if canImport(Glibc)
import Glibc
#endif

/// Threads syscalls. Guest threads are host threads (tids are host tids) over one shared
/// linear memory, so futexes are the host's on the translated addresses.
public enum Threads {
    public static func gettid(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 { Int64(t.tid) }

    /// Recorded; the engine clears the word and wakes its futex when the thread exits.
    public static func set_tid_address(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        t.clearChildTid = a.ptr(0)
        return Int64(t.tid)
    }

    /// Recorded only: the head must have the size of the guest's robust_list_head (24 bytes:
    /// a pointer, a 64-bit offset, a pointer). Robust-futex cleanup at thread death is not done.
    public static func set_robust_list(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        guard a.size(1) == 24 else { throw Errno.EINVAL }
        t.robustList = (a.ptr(0), a.uint(1))
        return 0
    }

    // futex operations (FUTEX_PRIVATE_FLAG and FUTEX_CLOCK_REALTIME masked off).
    static let WAIT = 0, WAKE = 1, FD = 2, REQUEUE = 3, CMP_REQUEUE = 4, WAKE_OP = 5, LOCK_PI = 6,
               UNLOCK_PI = 7, TRYLOCK_PI = 8, WAIT_BITSET = 9, WAKE_BITSET = 10, WAIT_REQUEUE_PI = 11,
               CMP_REQUEUE_PI = 12, LOCK_PI2 = 13

    /// A futex word: 4-byte aligned (else EINVAL: the one alignment Linux enforces, and it
    /// checks it first) inside memory.
    static func futexWord(_ t: WALIThread, _ address: UInt32) throws -> GuestPtr<UInt32> {
        guard UInt32.isGuestAligned(address) else { throw Errno.EINVAL }
        return try t.memory.ptr(address)
    }

    /// futex on linear-memory addresses: the words are translated to host addresses and the
    /// host futex does the rest (linear memory is ordinary shared host memory, so a wait in one
    /// guest thread and a wake in another meet in the host kernel). Timeouts are struct timespec
    /// (pointer-free); for the requeue/wake-op forms the timeout argument is the count val2.
    public static func futex(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        let op = Int(a.int(1))
        let cmd = op & 0x7f
        let word = try futexWord(t, a.ptr(0))
        var second: GuestPtr<UInt32>? = nil
        switch cmd {
        case REQUEUE, CMP_REQUEUE, WAKE_OP, CMP_REQUEUE_PI, WAIT_REQUEUE_PI:
            second = try futexWord(t, a.ptr(4))
        default: break
        }
        let val = Int(a.int(2))
        let val3 = Int(a.int(5))
        switch cmd {
        case WAIT, WAIT_BITSET, LOCK_PI, LOCK_PI2, WAIT_REQUEUE_PI:
            // A copy: the guest may change its timespec while a restarted wait still needs it.
            var timeout = try t.memory.optionalPtr(a.ptr(3), to: timespec.self)?.load() ?? timespec()
            let hasTimeout = a.ptr(3) != 0
            // Absolute deadlines (WAIT_BITSET, the PI locks) survive a restart unchanged;
            // a relative FUTEX_WAIT restarts with its full timeout.
            return try t.blocking(restartable: true) {
                try withUnsafeMutablePointer(to: &timeout) { tp in
                    try Host.syscall(HOST_NR_futex, Host.arg(word.host), op, val, hasTimeout ? Host.arg(tp) : 0,
                                     Host.arg(second?.host), val3)
                }
            }
        case WAKE, WAKE_BITSET, UNLOCK_PI, TRYLOCK_PI:
            return try Host.syscall(HOST_NR_futex, Host.arg(word.host), op, val, 0, 0, val3)
        case REQUEUE, CMP_REQUEUE, WAKE_OP, CMP_REQUEUE_PI:
            let val2 = Int(a.uint(3))
            return try Host.syscall(HOST_NR_futex, Host.arg(word.host), op, val, val2, Host.arg(second?.host), val3)
        default:
            throw Errno.ENOSYS // FUTEX_FD is gone since Linux 2.6.26; unknown commands
        }
    }
}
