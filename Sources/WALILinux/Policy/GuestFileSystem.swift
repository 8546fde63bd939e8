import CWALIHost
#if canImport(Glibc)
import Glibc
#endif

/// The filesystem a guest sees under a policy: exactly its directory grants (at their guest
/// paths), a few devices, and the /proc answers SECURITY.md lists. Every path-taking syscall
/// goes through `resolve`:
///
/// 1. The guest path (copied out of linear memory once) is made absolute against the virtual
///    cwd or the guest dirfd's guest path and normalized lexically (`.`, `..`, `//`), so `..`
///    can never climb out of a grant: the guest namespace has nothing above the grants.
/// 2. The longest grant whose guest path prefixes it gives (grant root fd, relative path).
/// 3. The host kernel resolves the relative path beneath the root fd (openat2 RESOLVE_BENEATH |
///    RESOLVE_NO_MAGICLINKS); calls other than open act on that O_PATH fd (AT_EMPTY_PATH) or on
///    the last component under its O_PATH parent. A symlink cannot take the kernel out of the
///    root, even when swapped concurrently (it fails with EXDEV instead).
/// 4. On EXDEV (a symlink pointing above the root, or absolute), the symlinks are expanded in
///    the guest namespace (absolute targets are guest paths) and the result resolved again the
///    same safe way: symlinks between grants work, symlinks out of them are refused.
///
/// Paths outside every grant fail with EACCES (the guest sees that something is there but
/// may not use it, as with a directory without search permission); writes in a read-only grant
/// with EROFS (as a read-only mount); renames and links between grants with EXDEV (as between
/// mounts).
public final class GuestFileSystem: @unchecked Sendable {
    typealias Components = [[UInt8]]

    struct Grant {
        let guest: Components
        let host: Components
        let writable: Bool
        /// O_PATH fd of the host directory, held by the engine (EngineFDs); -1 if unopenable.
        let root: Int32
    }

    /// Where a normalized guest path leads.
    enum Place {
        case grant(Int, Components)
        /// A device always present in sandbox mode (guest path = host path).
        case device(String)
        /// A /proc file answered read-only.
        case procFile(String)
        /// A directory above some grant: it exists in the guest's view but holds only grants.
        case ancestor
        case outside
    }

    /// Raised when the kernel refuses to leave a grant root (EXDEV from RESOLVE_BENEATH).
    struct SymlinkEscape: Error {}

    let grants: [Grant]
    let devices: Set<String>
    static let procFiles: Set<String> = ["/proc/cpuinfo", "/proc/meminfo"]
    /// The running module's guest path (readlink /proc/self/exe), when it lies in a grant.
    let moduleGuestPath: [UInt8]?
    private let lock = Mutex()
    private var cwd: Components = []
    /// The initial environment (an anonymous file), handed out once at `environmentPath`.
    private var environmentFD: Int32 = -1
    public private(set) var environmentPath = ""

    init(policy: SandboxPolicy, modulePath: String?) {
        var grants: [Grant] = []
        for g in policy.directories {
            let fd = Glibc.open(g.hostPath, O_RDONLY | wali_O_PATH | wali_O_DIRECTORY | O_CLOEXEC)
            let root = fd >= 0 ? EngineFDs.adopt(fd) : -1
            grants.append(Grant(guest: Self.split(Array(g.guestPath.utf8)), host: Self.split(Array(g.hostPath.utf8)),
                                writable: g.writable, root: root))
        }
        self.grants = grants
        var devices: Set<String> = ["/dev/null", "/dev/zero", "/dev/random", "/dev/urandom"]
        for fd: Int32 in 0...2 where isatty(fd) != 0 {
            devices.insert("/dev/tty")
            if let name = ttyname(fd) { devices.insert(String(cString: name)) }
        }
        self.devices = devices
        var module: [UInt8]?
        if let modulePath, let real = realpath(modulePath, nil) {
            let host = Self.split(Array(String(cString: real).utf8))
            free(real)
            module = Self.guestComponents(grants, ofHost: host).map(Self.join)
        }
        moduleGuestPath = module
        var buffer = [CChar](repeating: 0, count: 4097)
        if let dir = Glibc.getcwd(&buffer, buffer.count),
           let guest = Self.guestComponents(grants, ofHost: Self.split(Array(String(cString: dir).utf8))) {
            cwd = guest
        }
    }

    // MARK: Paths

    static func split(_ path: [UInt8]) -> Components {
        path.split(separator: UInt8(ascii: "/")).map(Array.init)
    }

    static func join(_ c: Components) -> [UInt8] {
        if c.isEmpty { return [UInt8(ascii: "/")] }
        var out: [UInt8] = []
        out.reserveCapacity(c.reduce(0) { $0 + $1.count + 1 })
        for part in c { out.append(UInt8(ascii: "/")); out += part }
        return out
    }

    static func describe(_ c: Components) -> String { String(decoding: join(c), as: UTF8.self) }

    static let dot: [UInt8] = [UInt8(ascii: ".")]
    static let dotdot: [UInt8] = [UInt8(ascii: "."), UInt8(ascii: ".")]

    /// Appends a path's components to `base`, resolving `.` and `..` lexically.
    static func normalize(_ path: UnsafeRawBufferPointer, onto base: Components) -> Components {
        let slash = UInt8(ascii: "/"), dot = UInt8(ascii: ".")
        var out = base
        var i = 0
        while i < path.count {
            if path[i] == slash { i += 1; continue }
            var j = i
            while j < path.count && path[j] != slash { j += 1 }
            if j - i == 2 && path[i] == dot && path[i + 1] == dot {
                _ = out.popLast()
            } else if !(j - i == 1 && path[i] == dot) {
                out.append(Array(path[i..<j]))
            }
            i = j
        }
        return out
    }

    /// The guest path of a host path inside some grant (the longest host prefix wins).
    static func guestComponents(_ grants: [Grant], ofHost host: Components) -> Components? {
        var best: Grant?
        for g in grants where g.root >= 0 && host.count >= g.host.count && host.starts(with: g.host) {
            if best == nil || g.host.count > best!.host.count { best = g }
        }
        guard let best else { return nil }
        return best.guest + host[best.host.count...]
    }

    /// The guest's current directory (getcwd).
    var currentDirectory: Components { lock.withLock { cwd } }

    /// The absolute, normalized guest path of `raw` (NUL-terminated) relative to `dirfd`, and
    /// whether it ended with a slash (which makes the kernel insist on a directory).
    func absolute(_ t: WALIThread, dirfd: Int, _ raw: [CChar]) throws -> (Components, Bool) {
        let length = raw.count - 1
        guard length > 0 else { throw Errno.ENOENT }
        let base: Components
        if raw[0] == CChar(UInt8(ascii: "/")) {
            base = []
        } else if dirfd == Files.AT_FDCWD {
            base = currentDirectory
        } else {
            base = try guestComponents(t, ofDirectory: Int32(truncatingIfNeeded: dirfd))
        }
        let path = raw.withUnsafeBytes { Self.normalize(UnsafeRawBufferPointer(rebasing: $0.prefix(length)), onto: base) }
        return (path, raw[length - 1] == CChar(UInt8(ascii: "/")))
    }

    /// The guest path of a directory the guest holds open (a dirfd): the kernel's path of it,
    /// mapped back through the grants. Refused when it lies outside every grant.
    func guestComponents(_ t: WALIThread, ofDirectory fd: Int32) throws -> Components {
        if EngineFDs.contains(fd) { throw Errno.EBADF }
        var st = Glibc.stat()
        guard fstat(fd, &st) == 0 else { throw Errno(errno) }
        guard st.st_mode & S_IFMT == S_IFDIR else { throw Errno.ENOTDIR }
        let host = try Self.hostPath(of: fd)
        guard let guest = Self.guestComponents(grants, ofHost: Self.split(host)) else {
            try deny(t, .EACCES, "descriptor \(fd) is outside the grants")
        }
        return guest
    }

    /// The kernel's path of an open descriptor (readlink /proc/self/fd/N): ENOENT when it has
    /// none (deleted) or is not a file system object.
    static func hostPath(of fd: Int32) throws -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let n = buffer.withUnsafeMutableBytes { Glibc.readlink("/proc/self/fd/\(fd)", $0.baseAddress!.assumingMemoryBound(to: CChar.self), 4096) }
        guard n > 0 else { throw Errno.ENOENT }
        let path = Array(buffer[..<n])
        guard path.first == UInt8(ascii: "/"), !path.reversed().starts(with: " (deleted)".utf8.reversed()) else { throw Errno.ENOENT }
        return path
    }

    func locate(_ c: Components) -> Place {
        if c.count >= 2 {
            if c[0].elementsEqual("dev".utf8) {
                let path = Self.describe(c)
                if devices.contains(path) { return .device(path) }
            } else if c[0].elementsEqual("proc".utf8) {
                let path = Self.describe(c)
                if Self.procFiles.contains(path) { return .procFile(path) }
            }
        }
        var best = -1
        for (i, g) in grants.enumerated() where c.count >= g.guest.count && c.starts(with: g.guest) {
            if best < 0 || g.guest.count > grants[best].guest.count { best = i }
        }
        if best >= 0 { return .grant(best, Array(c[grants[best].guest.count...])) }
        if grants.contains(where: { $0.guest.count > c.count && $0.guest.starts(with: c) }) { return .ancestor }
        return .outside
    }

    /// Refuses through the policy (strace marks it). In audit mode the call goes on with the
    /// host's own path semantics: `AuditFallback` sends it back to the default handler.
    func deny(_ t: WALIThread, _ errno: Errno, _ reason: @autoclosure () -> String) throws -> Never {
        try t.enforce(false, errno, reason())
        throw AuditFallback()
    }

    /// Resolves a guest path and runs `body` on where it leads. A symlink the kernel would not
    /// follow beneath its grant root is expanded in the guest namespace, then tried again.
    func resolve<R>(_ t: WALIThread, dirfd: Int, _ raw: [CChar], follow: Bool,
                    _ body: (Place, Components, Bool) throws -> R) throws -> R {
        let (path, slash) = try absolute(t, dirfd: dirfd, raw)
        do {
            return try body(locate(path), path, slash)
        } catch is SymlinkEscape {}
        let expanded = try expandSymlinks(path, followLast: follow || slash)
        do {
            return try body(locate(expanded), expanded, slash)
        } catch is SymlinkEscape {
            try deny(t, .EACCES, "a symlink in \(Self.describe(path)) leads out of the grants")
        }
    }

    /// The grant and relative path a place must be in; refuses everything else.
    func grant(_ t: WALIThread, _ place: Place, _ path: Components, write: Bool) throws -> (Grant, Components) {
        switch place {
        case .grant(let i, let rel):
            let g = grants[i]
            if write && !g.writable { try deny(t, .EROFS, "\(Self.describe(path)) is in a read-only grant") }
            if g.root < 0 { try deny(t, .EACCES, "the grant of \(Self.describe(path)) could not be opened") }
            return (g, rel)
        case .device, .procFile:
            try deny(t, .EACCES, "\(Self.describe(path)) may only be opened")
        case .ancestor, .outside:
            try deny(t, .EACCES, "\(Self.describe(path)) is outside the grants")
        }
    }

    static let resolveFlags = UInt64(WALI_RESOLVE_BENEATH | WALI_RESOLVE_NO_MAGICLINKS)

    /// openat2 beneath a grant root. EAGAIN (a concurrent rename during `..`) is retried.
    static func openBeneath(_ g: Grant, _ rel: Components, slash: Bool, flags: Int32, mode: UInt32 = 0) throws -> Int32 {
        var path = rel.isEmpty ? dot : Array(join(rel).dropFirst())
        if slash && !rel.isEmpty { path.append(UInt8(ascii: "/")) }
        path.append(0)
        let how = UInt64(UInt32(bitPattern: flags)) & wali_open_valid_flags
        for _ in 0..<16 {
            let r = path.withUnsafeBufferPointer {
                wali_openat2(g.root, UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: CChar.self), how, UInt64(mode), resolveFlags)
            }
            if r >= 0 { return Int32(r) }
            if r == -Int(EXDEV) { throw SymlinkEscape() }
            if r != -Int(EAGAIN) { throw Errno(Int32(-r)) }
        }
        throw Errno.EAGAIN
    }

    /// Expands symlinks component by component in the guest namespace (each link read beneath
    /// its grant root): absolute targets are guest paths, `..` in targets is physical.
    func expandSymlinks(_ path: Components, followLast: Bool) throws -> Components {
        var done: Components = []
        var pending = Array(path.reversed())
        var links = 0
        while let part = pending.popLast() {
            if part == Self.dot { continue }
            if part == Self.dotdot { _ = done.popLast(); continue }
            let candidate = done + [part]
            if pending.isEmpty && !followLast { return candidate }
            guard case .grant(let i, let rel) = locate(candidate), !rel.isEmpty,
                  let target = readLink(grants[i], rel) else {
                done = candidate
                continue
            }
            links += 1
            if links > 40 { throw Errno.ELOOP }
            if target.first == UInt8(ascii: "/") { done = [] }
            pending += Self.split(target).reversed()
        }
        return done
    }

    /// The target of a symlink at `rel` beneath a grant root, or nil when it is not one.
    func readLink(_ g: Grant, _ rel: Components) -> [UInt8]? {
        guard let fd = try? Self.openBeneath(g, rel, slash: false, flags: wali_O_PATH | wali_O_NOFOLLOW | O_CLOEXEC) else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let n = buffer.withUnsafeMutableBytes { readlinkat(fd, "", $0.baseAddress!.assumingMemoryBound(to: CChar.self), 4096) }
        return n > 0 ? Array(buffer[..<n]) : nil
    }

    // MARK: Operations

    /// An O_PATH fd for what a resolved path names (following a final symlink when `follow`).
    /// Devices and /proc answers are opened by their fixed host paths; `write` refuses them and
    /// read-only grants.
    func objectFD(_ t: WALIThread, _ place: Place, _ path: Components, slash: Bool, follow: Bool, write: Bool) throws -> Int32 {
        switch place {
        case .device(let host), .procFile(let host):
            if write { try deny(t, .EACCES, "\(host) cannot be changed") }
            let fd = Glibc.open(host, O_RDONLY | wali_O_PATH | O_CLOEXEC | (follow ? 0 : wali_O_NOFOLLOW))
            if fd < 0 { throw Errno(errno) }
            return fd
        default:
            let (g, rel) = try grant(t, place, path, write: write)
            return try Self.openBeneath(g, rel, slash: slash, flags: wali_O_PATH | O_CLOEXEC | (follow ? 0 : wali_O_NOFOLLOW))
        }
    }

    /// Runs `body` on an O_PATH fd for the object a guest path names; `body` acts on it with
    /// fd or AT_EMPTY_PATH calls.
    func withObject<R>(_ t: WALIThread, dirfd: Int, path raw: [CChar], follow: Bool, write: Bool,
                       _ body: (Int32, Place) throws -> R) throws -> R {
        try resolve(t, dirfd: dirfd, raw, follow: follow) { place, path, slash in
            let fd = try objectFD(t, place, path, slash: slash, follow: follow, write: write)
            defer { close(fd) }
            return try body(fd, place)
        }
    }

    /// The O_PATH parent directory of a guest path and its last component, for calls that
    /// create, remove or rename names (never following the last component).
    func withParent<R>(_ t: WALIThread, dirfd: Int, path raw: [CChar], write: Bool,
                       _ body: (Int, Int32, [CChar]) throws -> R) throws -> R {
        try resolve(t, dirfd: dirfd, raw, follow: false) { place, path, _ in
            let (g, rel) = try grant(t, place, path, write: write)
            guard case .grant(let i, _) = place else { throw Errno.EACCES }
            guard let last = rel.last else { try deny(t, .EBUSY, "\(Self.describe(path)) is the root of a grant") }
            let parent = try Self.openBeneath(g, Array(rel.dropLast()), slash: false, flags: wali_O_PATH | wali_O_DIRECTORY | O_CLOEXEC)
            defer { close(parent) }
            return try body(i, parent, last.map { CChar(bitPattern: $0) } + [0])
        }
    }

    /// Refuses changes through a descriptor (fchmod, fchown, futimens, ...) on a file system
    /// object that is not in a writable grant; pipes and sockets have no path and pass.
    func checkWritable(_ t: WALIThread, descriptor fd: Int32) throws {
        if EngineFDs.contains(fd) { throw Errno.EBADF }
        guard let host = try? Self.hostPath(of: fd) else { return }
        let h = Self.split(host)
        // Allowed when the guest could change the file by a path too: some writable grant holds
        // it at a guest path that resolves to that (writable) grant.
        let inWritableGrant = grants.contains { g in
            guard g.writable, h.count >= g.host.count, h.starts(with: g.host) else { return false }
            if case .grant(let i, _) = locate(g.guest + h[g.host.count...]) { return grants[i].writable }
            return false
        }
        if !inWritableGrant { try deny(t, .EROFS, "descriptor \(fd) is not in a writable grant") }
    }

    /// Holds the lock across fork, so the child never inherits it taken.
    func withLockHeld<T>(_ body: () throws -> T) rethrows -> T { try lock.withLock(body) }

    // MARK: The environment file

    /// Under a policy the initial environment is an anonymous file rather than a file in /tmp
    /// (which the guest may not see and Landlock would refuse): its path is recognized by `open`.
    func environmentFile(_ text: [UInt8]) throws -> String {
        try lock.withLock {
            if environmentFD >= 0 { return environmentPath }
            let fd = wali_memfd("wali-environment")
            if fd < 0 { throw Errno(Int32(-fd)) }
            try text.withUnsafeBytes { try HostIO.writeAll(Int32(fd), $0) }
            environmentFD = EngineFDs.adopt(Int32(fd))
            environmentPath = "/proc/self/fd/\(environmentFD)"
            return environmentPath
        }
    }

    /// The environment file for the guest's libc: handed out once (it is gone once opened, as
    /// in default mode), read-only from its start.
    func openEnvironment(_ raw: [CChar], flags: Int32) -> Int64? {
        lock.withLock {
            guard environmentFD >= 0, raw.count == environmentPath.utf8.count + 1,
                  raw.withUnsafeBytes({ $0.prefix(raw.count - 1).elementsEqual(environmentPath.utf8) }) else { return nil }
            let reopened = Glibc.open(environmentPath, O_RDONLY | (flags & O_CLOEXEC))
            let fd = reopened >= 0 ? reopened : fcntl(environmentFD, (flags & O_CLOEXEC) != 0 ? F_DUPFD_CLOEXEC : F_DUPFD, 0)
            if fd < 0 { return -Int64(errno) }
            lseek(fd, 0, SEEK_SET)
            EngineFDs.release(environmentFD)
            environmentFD = -1
            return Int64(fd)
        }
    }

    // MARK: Working directory

    func setCurrentDirectory(_ guest: Components, hostFD: Int32) {
        lock.withLock {
            // The host cwd follows, so an exec'd program starts where the guest was.
            if hostFD >= 0 { _ = Glibc.fchdir(hostFD) }
            cwd = guest
        }
    }
}

/// A denial in `--policy-audit` mode: the handler goes on with the host's own semantics.
struct AuditFallback: Error {}

extension WALIThread {
    /// Runs a handler's policy form when the process has a filesystem policy. Nil: no policy,
    /// or audit mode let a refused call through to the default form.
    @inline(__always)
    func underPolicy(_ body: (GuestFileSystem) throws -> Int64) throws -> Int64? {
        guard let fs = process.fileSystem else { return nil }
        do { return try body(fs) } catch is AuditFallback { return nil }
    }
}

extension WALIThread {
    /// fchmod, fchown and the like: under a policy the descriptor must be in a writable grant.
    @inline(__always)
    func checkWritableUnderPolicy(_ fd: Int32) throws {
        guard let fs = process.fileSystem else { return }
        do { try fs.checkWritable(self, descriptor: fd) } catch is AuditFallback {}
    }

    /// bind, connect, sendto: a filesystem AF_UNIX address follows the grants. Nil when there
    /// is no policy, the address is not such an address, or audit mode let it through.
    func unixAddressUnderPolicy(_ address: SockAddrBuffer, bind: Bool, _ call: (inout SockAddrBuffer) throws -> Int64) throws -> Int64? {
        guard let fs = process.fileSystem, let path = address.unixPath() else { return nil }
        return try underPolicy { fs in
            try fs.withUnixAddress(self, path: path, bind: bind) { hostPath in
                var rewritten = try SockAddrBuffer(unixPath: hostPath)
                return try call(&rewritten)
            }
        }
    }
}
