#if canImport(Glibc)
import Glibc
#endif

/// File descriptors the engine keeps open while a guest runs (directory grants, locks, ...).
/// They are the engine's: the guest can neither use, close nor replace them. `adopt` moves a
/// descriptor out of the range the guest allocates from; fd-taking syscalls refuse reserved ones.
public enum EngineFDs {
    /// Reserved descriptors are numbered from here up (close-on-exec).
    static let base: Int32 = 1000
    nonisolated(unsafe) private static var reserved = Set<Int32>()
    private static let lock = Mutex()

    /// Moves `fd` into the engine's range (closing the original) and reserves it. Returns the
    /// new number, or -1 with errno set.
    public static func adopt(_ fd: Int32) -> Int32 {
        let moved = fcntl(fd, F_DUPFD_CLOEXEC, base)
        if moved < 0 { return -1 }
        close(fd)
        lock.withLock { _ = reserved.insert(moved) }
        return moved
    }

    /// Closes a reserved descriptor and gives its number back.
    public static func release(_ fd: Int32) {
        lock.withLock { _ = reserved.remove(fd) }
        close(fd)
    }

    /// Whether `fd` is one of the engine's own.
    public static func contains(_ fd: Int32) -> Bool {
        lock.withLock { reserved.contains(fd) }
    }
}
