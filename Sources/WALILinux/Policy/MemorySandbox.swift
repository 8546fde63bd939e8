import CWALIHost
#if canImport(Glibc)
import Glibc
#endif

/// The memory sandbox, which holds in every mode (a policy or none): the guest never reaches
/// host memory outside its linear memory. Guest pointers are checked by `GuestMemory`; this
/// closes the ways around it that the kernel offers through files. See SECURITY.md.
public enum MemorySandbox {
    /// statfs f_type of procfs.
    static let procSuperMagic = 0x9fa0

    /// Entries of /proc/<pid>/ and /proc/<pid>/task/<tid>/ that read or write a process's memory
    /// or give its layout (the engine's, as every guest process is an engine; other processes are
    /// refused alike, since the guest cannot tell them apart).
    static let processMemoryFiles: Set<String> = [
        "mem", "maps", "smaps", "smaps_rollup", "numa_maps", "pagemap", "map_files", "auxv",
        "syscall", "stack",
    ]
    /// Files at the root of procfs that expose kernel or physical memory.
    static let kernelMemoryFiles: Set<String> = ["kcore", "kpageflags", "kpagecount", "kpagecgroup"]
    /// Character devices (major 1) that expose physical memory or I/O ports: /dev/mem, /dev/kmem,
    /// /dev/port.
    static let memoryDeviceMinors: Set<UInt32> = [1, 2, 4]

    /// Called by every handler that gets a descriptor from a path (open, openat), right after
    /// the host call: checks what the kernel actually opened, whatever the spelling (symlinks,
    /// `..`, /proc/self/root/..., a /proc directory fd, /proc/self/fd/N re-opens, other pids,
    /// procfs mounted elsewhere). A descriptor that reaches memory is closed and the call fails
    /// with EACCES, as for a process the kernel does not let at that memory.
    public static func vetOpened(_ fd: Int64) throws {
        guard fd >= 0, let reason = refusal(forOpened: Int32(truncatingIfNeeded: fd)) else { return }
        _ = wali_host_syscall(HOST_NR_close, Int(fd), 0, 0, 0, 0, 0)
        // Not `enforce`: the memory sandbox is not a policy and holds under --policy-audit too.
        throw PolicyDenial(.EACCES, "memory sandbox: " + reason)
    }

    /// Why the descriptor must not be handed to the guest, or nil. Fails closed: a procfs file
    /// whose path cannot be read is refused.
    static func refusal(forOpened fd: Int32) -> String? {
        var id = wali_fd_identity()
        guard wali_fd_identity(fd, &id) == 0 else { return "cannot inspect the opened file" }
        if id.mode & UInt32(S_IFMT) == UInt32(S_IFCHR), id.rdev_major == 1, memoryDeviceMinors.contains(id.rdev_minor) {
            return "memory device 1:\(id.rdev_minor)"
        }
        if EngineFDs.isEngineFile(device: id.device, inode: id.inode, mode: id.mode) {
            return "a file the engine keeps open"
        }
        // Mounts known not to be procfs, by unique mount id, so that an open on them costs one statx
        // and no fstatfs. A mount's file system never changes and its unique id is never given to
        // another mount, so an entry cannot go stale; a bind mount of /proc has an id of its own.
        if id.mount != 0 && wali_other_mount_known(id.mount) != 0 { return nil }
        // The kernel's struct statfs starts with f_type (a long) on every 64-bit host.
        let fsType: Int? = withUnsafeTemporaryAllocation(byteCount: 256, alignment: 16) { buffer in
            guard wali_host_syscall(HOST_NR_fstatfs, Int(fd), Host.arg(buffer.baseAddress), 0, 0, 0, 0) == 0 else { return nil }
            return buffer.baseAddress!.load(as: Int.self)
        }
        guard let fsType else { return "cannot inspect the opened file" }
        guard fsType == procSuperMagic else {
            if id.mount != 0 { wali_other_mount_add(id.mount) }
            return nil
        }
        guard let path = openedPath(fd) else { return "an unresolvable procfs file" }
        return refusal(forProcPath: path)
    }

    /// The kernel's own path of an open descriptor.
    static func openedPath(_ fd: Int32) -> String? {
        var buffer = [CChar](repeating: 0, count: 4097)
        let n = readlink("/proc/self/fd/\(fd)", &buffer, 4096)
        guard n > 0 else { return nil }
        return String(decoding: buffer[..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Matches the tail of a procfs path (wherever procfs is mounted): /proc/<pid>/<file>,
    /// /proc/<pid>/task/<tid>/<file>, /proc/<pid>/map_files/<range>, /proc/kcore, ...
    static func refusal(forProcPath path: String) -> String? {
        let parts = path.split(separator: "/").map(String.init)
        guard let name = parts.last else { return nil }
        func isNumber(_ s: String) -> Bool { !s.isEmpty && s.utf8.allSatisfy { $0 >= 48 && $0 <= 57 } }
        let parent = parts.count >= 2 ? parts[parts.count - 2] : ""
        if isNumber(parent) && processMemoryFiles.contains(name) { return path }
        if parent == "map_files", parts.count >= 3, isNumber(parts[parts.count - 3]) { return path }
        if kernelMemoryFiles.contains(name) { return path }
        return nil
    }

    /// Makes the engine process non-dumpable, so that other processes of the same user cannot
    /// ptrace it or open its /proc/<pid>/mem (the kernel then requires CAP_SYS_PTRACE). The
    /// guest's own PR_GET/SET_DUMPABLE is virtual (`WALIProcess.dumpable`). Also keeps the
    /// engine's memory out of core dumps.
    public static func protectEngineProcess() {
        _ = wali_host_syscall(HOST_NR_prctl, 4 /* PR_SET_DUMPABLE */, 0, 0, 0, 0, 0)
    }
}
