import CWALIHost
#if canImport(Glibc)
import Glibc
#endif

/// Memory syscalls: the address space lives inside linear memory; `MemoryMappings` keeps the map.
public enum MemorySyscalls {
    public static func mmap(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        Int64(try t.process.mappings.map(address: a.ptr(0), length: a.size(1), prot: a.int(2),
                                          flags: a.int(3), fd: a.int(4), offset: a.long(5)))
    }

    public static func munmap(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        try t.process.mappings.unmap(address: a.ptr(0), length: a.size(1))
        return 0
    }

    public static func mremap(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        Int64(try t.process.mappings.remap(address: a.ptr(0), oldLength: a.size(1), newLength: a.size(2),
                                            flags: a.int(3), newAddress: a.ptr(4)))
    }

    public static func mprotect(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        try t.process.mappings.protect(address: a.ptr(0), length: a.size(1), prot: a.int(2))
        return 0
    }

    public static func madvise(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        try t.process.mappings.advise(address: a.ptr(0), length: a.size(1), advice: a.int(2))
        return 0
    }

    public static func msync(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        // Writing back can wait on I/O but is not interruptible by signals; no `blocking` needed.
        try t.process.mappings.sync(address: a.ptr(0), length: a.size(1), flags: a.int(2))
        return 0
    }

    public static func brk(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        Int64(t.process.mappings.brk(a.ptr(0)))
    }

    /// Validates the flags as Linux does and succeeds without locking anything: locking the
    /// engine's whole address space (including the 4 GiB reservation) is not what the guest means.
    public static func mlockall(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        let flags = a.int(0)
        let current: Int32 = 1, future: Int32 = 2, onFault: Int32 = 4
        if flags == 0 || flags & ~(current | future | onFault) != 0 || flags == onFault { throw Errno.EINVAL }
        return 0
    }
}
