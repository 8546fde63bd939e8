import CWALIHost
#if canImport(Glibc)
import Glibc
#endif

/// Defense in depth for a policy: the kernel itself enforces what the engine decides, also for
/// native programs the guest may exec. Applied once the engine has loaded everything, just
/// before the guest's first instruction; inherited by threads, fork and exec.
///
/// - PR_SET_NO_NEW_PRIVS (any policy): no exec gains privileges (setuid, file capabilities).
/// - Landlock (not in audit mode): file access is limited to the grants (read-only: read files,
///   list directories, execute; read-write: every right), the sandbox devices, and what the
///   engine itself needs to exec a WALI module again (its binary and shared libraries, read and
///   execute; /proc and the CPU list, read; the compile cache). With `--net none`, TCP
///   bind and connect are refused (ABI 4); abstract unix sockets and signals cannot reach
///   outside the sandbox (ABI 6 scopes).
enum Landlock {
    static let abi1: UInt64 = (1 << 13) - 1
    static let fileRights = UInt64(WALI_LL_FS_EXECUTE | WALI_LL_FS_WRITE_FILE | WALI_LL_FS_READ_FILE
                                   | WALI_LL_FS_TRUNCATE | WALI_LL_FS_IOCTL_DEV)
    static let readRights = UInt64(WALI_LL_FS_READ_FILE | WALI_LL_FS_READ_DIR | WALI_LL_FS_EXECUTE)

    /// The rights of each ABI version up to what the kernel has.
    static func handledFS(abi: Int) -> UInt64 {
        var rights = abi1
        if abi >= 2 { rights |= UInt64(WALI_LL_FS_REFER) }
        if abi >= 3 { rights |= UInt64(WALI_LL_FS_TRUNCATE) }
        if abi >= 5 { rights |= UInt64(WALI_LL_FS_IOCTL_DEV) }
        return rights
    }

    /// Restricts the calling thread and everything it later creates. Returns why Landlock could
    /// not be applied, or nil.
    static func restrict(_ policy: SandboxPolicy, _ fs: GuestFileSystem, engineDirectories: [(path: String, writable: Bool)]) -> String? {
        let abi = Int(wali_landlock_abi())
        guard abi >= 1 else { return "Landlock is not available (\(String(cString: strerror(Int32(-abi)))))" }
        let handled = handledFS(abi: abi)
        let net: UInt64 = abi >= 4 && policy.network == .none ? UInt64(WALI_LL_NET_BIND_TCP | WALI_LL_NET_CONNECT_TCP) : 0
        let scoped: UInt64 = abi >= 6 ? UInt64(WALI_LL_SCOPE_ABSTRACT_UNIX_SOCKET | WALI_LL_SCOPE_SIGNAL) : 0
        let ruleset = Int32(truncatingIfNeeded: wali_landlock_create(handled, net, scoped))
        guard ruleset >= 0 else { return "cannot create a Landlock ruleset (\(String(cString: strerror(-ruleset))))" }
        defer { close(ruleset) }

        /// A rule for a path; rights a file cannot carry are dropped for files.
        func allow(_ path: String, _ rights: UInt64) {
            let fd = open(path, O_RDONLY | wali_O_PATH | O_CLOEXEC)
            guard fd >= 0 else { return }
            defer { close(fd) }
            var st = stat()
            guard fstat(fd, &st) == 0 else { return }
            let isDirectory = st.st_mode & S_IFMT == S_IFDIR
            let access = rights & handled & (isDirectory ? ~0 : fileRights)
            if access != 0 { _ = wali_landlock_allow_path(ruleset, fd, access) }
        }

        for g in policy.directories { allow(g.hostPath, g.writable ? handled : readRights) }
        for device in fs.devices {
            allow(device, UInt64(WALI_LL_FS_READ_FILE | WALI_LL_FS_WRITE_FILE | WALI_LL_FS_IOCTL_DEV))
        }
        // To exec a WALI module the engine runs itself again: its binary and libraries.
        for file in mappedFiles() { allow(file, UInt64(WALI_LL_FS_READ_FILE | WALI_LL_FS_EXECUTE)) }
        allow("/etc/ld.so.cache", UInt64(WALI_LL_FS_READ_FILE))
        // The Swift runtime of an exec'd engine reads /proc/self/maps (to find argv) and the CPU
        // count. Other processes' /proc entries stay behind Landlock's own ptrace checks; the
        // guest itself gets only the /proc answers the engine gives.
        allow("/proc", UInt64(WALI_LL_FS_READ_FILE | WALI_LL_FS_READ_DIR))
        allow("/sys/devices/system/cpu", UInt64(WALI_LL_FS_READ_FILE | WALI_LL_FS_READ_DIR))
        for d in engineDirectories { allow(d.path, d.writable ? handled : readRights) }

        let r = wali_landlock_restrict(ruleset)
        guard r == 0 else { return "cannot apply Landlock (\(String(cString: strerror(Int32(-r)))))" }
        return nil
    }

    /// Files mapped into the engine process (its binary and shared libraries).
    static func mappedFiles() -> Set<String> {
        let fd = open("/proc/self/maps", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return [] }
        defer { close(fd) }
        guard let bytes = try? HostIO.readAll(fd) else { return [] }
        var files = Set<String>()
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") {
            guard let slash = line.firstIndex(of: "/") else { continue }
            let path = line[slash...]
            if !path.hasSuffix(" (deleted)") { files.insert(String(path)) }
        }
        return files
    }
}

extension WALIProcess {
    /// Hands the policy to the kernel (see `Landlock`): called by `runMainThread` before the
    /// guest starts. Without a policy nothing happens.
    func confineHost() {
        guard let policy = options.policy, let fs = fileSystem else { return }
        _ = wali_no_new_privs()
        if policy.auditOnly { return }
        if let problem = Landlock.restrict(policy, fs, engineDirectories: options.engineDirectories) {
            let line = "wali: warning: \(problem); the policy is enforced by the engine only\n"
            _ = line.withCString { write(2, $0, strlen($0)) }
        }
    }
}
