import CWALIHost
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The filesystem a guest sees under a policy: exactly its directory grants (at their guest
/// paths), a few devices, and the /proc answers SECURITY.md lists. Grants behave as mounts: the
/// directories above them exist only to hold them, and `..` at a grant's root goes to the guest
/// directory that holds it. Every path-taking syscall goes through `resolve` or `withParent`:
///
/// 1. The guest path is copied out of linear memory into a scratch buffer (on the stack for
///    short paths), behind the guest path of the cwd or of the dirfd when it is relative.
/// 2. Fast path: when the text starts with a grant's guest path (the longest, at a component
///    boundary), the rest goes to the kernel as is: `openat2(grant root, rest,
///    RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS)`. The kernel walks it physically (`..` after a
///    symlink is the parent of the symlink's target, as natively) and cannot leave the root,
///    even when a symlink is swapped concurrently: it fails with EXDEV instead.
/// 3. On EXDEV (`..` above the grant root, or a symlink that is absolute or climbs above it),
///    or for text the fast path does not take (the directories above the grants, devices, a
///    grant holding another grant), the engine walks the path itself as the kernel does, one
///    component at a time, each looked up beneath its grant's root: symlinks are expanded in
///    the guest namespace (absolute targets are guest paths) and `..` pops the canonical path
///    reached so far, which holds no symlinks, so it is physical too. The result is resolved
///    beneath the grant root again the same safe way.
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

    /// What the fast path needs of a grant, kept outside Swift arrays so matching a path
    /// allocates nothing and retains nothing.
    struct Prefix {
        /// The guest path's text ("" for the guest root `/`), owned by the file system.
        let text: UnsafeBufferPointer<UInt8>
        /// False when the kernel cannot walk beneath this grant alone: its root did not open, or
        /// another grant is mounted inside it.
        let kernelWalks: Bool
    }

    /// Where a canonical guest path leads (the engine's own walk).
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

    /// Where a guest path leads, as the operations use it.
    enum Target {
        /// Beneath grant `index`'s root: the NUL-terminated relative path ("." for the root) for
        /// the kernel to resolve with RESOLVE_BENEATH. Valid only during the body it is given to.
        case grant(Int, UnsafePointer<CChar>)
        case device(String)
        case procFile(String)
        case ancestor
        case outside
    }

    /// A guest path as the guest wrote it, made absolute (for refusal messages), or the
    /// canonical path after the engine's own walk.
    struct GuestPath: CustomStringConvertible {
        let bytes: UnsafeRawBufferPointer
        var description: String { String(decoding: bytes, as: UTF8.self) }
    }

    /// Raised when the kernel refuses to leave a grant root (EXDEV from RESOLVE_BENEATH).
    struct SymlinkEscape: Error {}

    let grants: [Grant]
    let prefixes: UnsafeBufferPointer<Prefix>
    let devices: Set<String>
    static let procFiles: Set<String> = ["/proc/cpuinfo", "/proc/meminfo"]
    /// The running module's guest path (readlink /proc/self/exe), when it lies in a grant.
    let moduleGuestPath: [UInt8]?
    private let lock = Mutex()
    private var cwd: Components = []
    /// The cwd's guest path as text, "" for `/` (so a relative path is `cwdText + "/" + path`).
    private var cwdText: [UInt8] = []
    /// Bumped (under the lock) whenever cwdText changes: a thread reuses its own copy of the
    /// text (CwdCopy) while this is unchanged, so a relative path takes no lock.
    private let cwdVersion = Atomic<Int>(0)
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
        let table = UnsafeMutableBufferPointer<Prefix>.allocate(capacity: grants.count)
        for (i, g) in grants.enumerated() {
            let text = g.guest.isEmpty ? [] : Self.join(g.guest)
            let storage = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(text.count, 1))
            _ = storage.initialize(from: text)
            let nested = grants.contains { $0.guest.count > g.guest.count && $0.guest.starts(with: g.guest) }
            (table.baseAddress! + i).initialize(to: Prefix(text: UnsafeBufferPointer(rebasing: storage[..<text.count]),
                                               kernelWalks: g.root >= 0 && !nested))
        }
        prefixes = UnsafeBufferPointer(table)
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
            cwdText = guest.isEmpty ? [] : Self.join(guest)
        }
    }

    // MARK: Paths

    static let slash = UInt8(ascii: "/")

    static func split<C: Collection>(_ path: C) -> Components where C.Element == UInt8 {
        path.split(separator: slash).map(Array.init)
    }

    static func join(_ c: Components) -> [UInt8] {
        if c.isEmpty { return [slash] }
        var out: [UInt8] = []
        out.reserveCapacity(c.reduce(0) { $0 + $1.count + 1 })
        for part in c { out.append(slash); out += part }
        return out
    }

    static func describe(_ c: Components) -> String { String(decoding: join(c), as: UTF8.self) }

    static let dot: [UInt8] = [UInt8(ascii: ".")]
    static let dotdot: [UInt8] = [UInt8(ascii: "."), UInt8(ascii: ".")]
    /// "." as a C string, for the root of a grant.
    static let dotCString: UnsafePointer<CChar> = {
        let p = UnsafeMutablePointer<CChar>.allocate(capacity: 2)
        p[0] = CChar(UInt8(ascii: ".")); p[1] = 0
        return UnsafePointer(p)
    }()

    /// Appends a path's components to `base`, resolving `.` and `..` lexically (only for a
    /// cwd whose directory has no path any more).
    static func normalize(_ path: UnsafeRawBufferPointer, onto base: Components) -> Components {
        var out = base
        for part in split(path) {
            if part == dotdot { _ = out.popLast() } else if part != dot { out.append(part) }
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

    /// Runs `body` with scratch bytes: on the stack up to 1 KiB, else on the heap.
    @inline(__always)
    static func withScratch<R>(_ count: Int, _ body: (UnsafeMutableRawBufferPointer) throws -> R) throws -> R {
        if count <= 1024 {
            return try withUnsafeTemporaryAllocation(byteCount: 1024, alignment: 1) { try body($0) }
        }
        let heap = UnsafeMutableRawBufferPointer.allocate(byteCount: count, alignment: 1)
        defer { heap.deallocate() }
        return try body(heap)
    }

    /// Copies the guest path `raw` (its bytes, no NUL) behind the guest path of its base (none,
    /// the cwd or `dirfd`), NUL-terminated, and runs `body` on the absolute text (without the
    /// NUL; the buffer is the body's to change) and its kernel walk (`kernelWalk` of the text).
    @inline(__always)
    func withAbsolute<R>(_ t: WALIThread, dirfd: Int, _ raw: UnsafeRawBufferPointer,
                         _ body: (UnsafeMutableRawBufferPointer, KernelWalk?) throws -> R) throws -> R {
        guard let first = raw.first else { throw Errno.ENOENT }
        /// `body` with the kernel walk matched on the text itself.
        func matched(_ text: UnsafeMutableRawBufferPointer) throws -> R { try body(text, kernelWalk(UnsafeRawBufferPointer(text))) }
        let relative = first != Self.slash
        if relative && dirfd == Files.AT_FDCWD {
            let copy = t.cwdCopy
            let version = cwdVersion.load(ordering: .acquiring)
            if copy.version != version || copy.count < 0 {
                lock.withLock { copy.update(cwdText, version: cwdVersion.load(ordering: .relaxed)) }
                if copy.count >= 0 { copy.setWalk(cwdWalk(copy.bytes, count: copy.count)) }
            }
            if copy.count >= 0 {
                let walk = copy.walk
                return try Self.withJoined(UnsafeRawBufferPointer(start: copy.bytes, count: copy.count), raw) {
                    try body($0, walk ?? kernelWalk(UnsafeRawBufferPointer($0)))
                }
            }
            // A cwd too long for the copy: under the lock, as an array.
            return try Self.withJoined(lock.withLock { cwdText }, raw, matched)
        }
        var base: [UInt8] = []
        if relative {
            let dir = try guestComponents(t, ofDirectory: Int32(truncatingIfNeeded: dirfd))
            if !dir.isEmpty { base = Self.join(dir) }
            return try Self.withJoined(base, raw, matched)
        }
        return try Self.withJoined(nil, raw, matched)
    }

    /// The kernel walk shared by every path relative to the cwd `text` (`count` bytes, with room
    /// for one more): `kernelWalk(cwd + "/" + p)` is the same for every relative `p` when the
    /// cwd's grant holds no other grant (a longer matching prefix would be one inside it) and
    /// the cwd is not `/` (where `p` could begin with `dev/` or `proc/`). Nil otherwise.
    func cwdWalk(_ text: UnsafeMutablePointer<UInt8>, count: Int) -> KernelWalk? {
        guard count > 0 else { return nil }
        text[count] = Self.slash
        return kernelWalk(UnsafeRawBufferPointer(start: text, count: count + 1))
    }

    /// `base + "/" + raw` (or `raw` alone when `base` is nil), NUL-terminated, in scratch bytes.
    @inline(__always)
    private static func withJoined<R>(_ base: UnsafeRawBufferPointer?, _ raw: UnsafeRawBufferPointer,
                                      _ body: (UnsafeMutableRawBufferPointer) throws -> R) throws -> R {
        let prefix = base.map { $0.count + 1 } ?? 0
        let length = prefix + raw.count
        return try withScratch(length + 1) { buffer in
            if let base {
                if let from = base.baseAddress { buffer.baseAddress!.copyMemory(from: from, byteCount: base.count) }
                buffer[base.count] = slash
            }
            (buffer.baseAddress! + prefix).copyMemory(from: raw.baseAddress!, byteCount: raw.count)
            buffer[length] = 0
            return try body(UnsafeMutableRawBufferPointer(rebasing: buffer[..<length]))
        }
    }

    private static func withJoined<R>(_ base: [UInt8], _ raw: UnsafeRawBufferPointer,
                                      _ body: (UnsafeMutableRawBufferPointer) throws -> R) throws -> R {
        try base.withUnsafeBytes { try withJoined($0, raw, body) }
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

    // MARK: Resolution

    typealias KernelWalk = (grant: Int, rest: Int)

    /// The fast path: the grant whose guest path begins `text` (the longest, at a component
    /// boundary) when the kernel can walk the rest alone, and the offset of the rest. Paths
    /// under /dev and /proc are left to `locate`, which knows the devices and /proc answers.
    func kernelWalk(_ text: UnsafeRawBufferPointer) -> KernelWalk? {
        if Self.startsWith(text, "/dev/") || Self.startsWith(text, "/proc/") { return nil }
        var best = -1, bestLength = -1
        for i in prefixes.indices {
            let prefix = prefixes[i].text
            guard prefix.count > bestLength, prefix.count <= text.count,
                  prefix.count == text.count || text[prefix.count] == Self.slash,
                  prefix.isEmpty || memcmp(prefix.baseAddress!, text.baseAddress!, prefix.count) == 0 else { continue }
            best = i
            bestLength = prefix.count
        }
        guard best >= 0, prefixes[best].kernelWalks else { return nil }
        var rest = bestLength
        while rest < text.count && text[rest] == Self.slash { rest += 1 }
        return (best, rest)
    }

    @inline(__always)
    static func startsWith(_ text: UnsafeRawBufferPointer, _ prefix: StaticString) -> Bool {
        prefix.utf8CodeUnitCount <= text.count && memcmp(text.baseAddress!, prefix.utf8Start, prefix.utf8CodeUnitCount) == 0
    }

    /// /dev and /proc: they hold the devices and /proc answers of every sandbox, also under a
    /// grant at the guest root whose host directory has no such directory.
    static func holdsEngineAnswers(_ c: Components) -> Bool {
        c.count == 1 && (c[0].elementsEqual("dev".utf8) || c[0].elementsEqual("proc".utf8))
    }

    /// What a component reached by the engine's walk is.
    enum Node {
        case missing, directory, other
        case symlink([UInt8])
    }

    /// Looks at `rel` (canonical: no symlinks but perhaps the last) beneath a grant root
    /// without following it.
    func inspect(_ g: Grant, _ rel: Components) throws -> Node {
        let fd: Int32
        do {
            fd = try Self.openBeneath(g, rel, slash: false, flags: wali_O_PATH | wali_O_NOFOLLOW | O_CLOEXEC)
        } catch let e as Errno where e == .ENOENT {
            return .missing
        } catch is SymlinkEscape {
            // `rel` holds no symlink: only a concurrent change can take it out of the root.
            throw Errno.EACCES
        }
        defer { close(fd) }
        var st = Glibc.stat()
        guard fstat(fd, &st) == 0 else { throw Errno(errno) }
        switch st.st_mode & S_IFMT {
        case S_IFDIR: return .directory
        case S_IFLNK:
            var buffer = [UInt8](repeating: 0, count: 4096)
            let n = buffer.withUnsafeMutableBytes { readlinkat(fd, "", $0.baseAddress!.assumingMemoryBound(to: CChar.self), 4096) }
            guard n > 0 else { throw Errno(errno) }
            return .symlink(Array(buffer[..<n]))
        default: return .other
        }
    }

    /// The engine's own walk of an absolute guest path, as the kernel walks: a symlink is
    /// expanded where it stands (absolute targets are guest paths), `..` pops the canonical path
    /// reached so far (which holds no symlink, so `..` after a symlink is the parent of its
    /// target), a component followed by more must be a directory. Names outside the grants (the
    /// directories above them, devices, refused paths) are names only: the guest can see no
    /// symlink there. With `keepLast` the last component is returned as written, not resolved.
    func walk(_ text: UnsafeRawBufferPointer, followLast: Bool, keepLast: Bool) throws -> (Components, [UInt8]?) {
        var done: Components = []
        var pending = Array(Self.split(text).reversed())
        var links = 0
        while let part = pending.popLast() {
            let last = pending.isEmpty
            if last && keepLast { return (done, part) }
            if part == Self.dot { continue }
            if part == Self.dotdot { _ = done.popLast(); continue }
            let candidate = done + [part]
            guard case .grant(let i, let rel) = locate(candidate), !rel.isEmpty, grants[i].root >= 0 else {
                done = candidate
                continue
            }
            switch try inspect(grants[i], rel) {
            case .symlink(let target) where !last || followLast:
                links += 1
                if links > 40 { throw Errno.ELOOP }
                if target.first == Self.slash { done = [] }
                pending += Self.split(target).reversed()
            case .missing where !last && !Self.holdsEngineAnswers(candidate):
                throw Errno.ENOENT
            case .other where !last:
                throw Errno.ENOTDIR
            default:
                done = candidate
            }
        }
        return (done, nil)
    }

    /// Runs `body` with the target a canonical place gives (a grant's relative path as text).
    func withTarget<R>(_ place: Place, slash: Bool, _ body: (Target) throws -> R) throws -> R {
        switch place {
        case .grant(let i, let rel):
            var path = rel.isEmpty ? Self.dot : Array(Self.join(rel).dropFirst())
            if slash && !rel.isEmpty { path.append(Self.slash) }
            path.append(0)
            return try path.withUnsafeBytes { try body(.grant(i, $0.baseAddress!.assumingMemoryBound(to: CChar.self))) }
        case .device(let host): return try body(.device(host))
        case .procFile(let host): return try body(.procFile(host))
        case .ancestor: return try body(.ancestor)
        case .outside: return try body(.outside)
        }
    }

    /// Resolves the guest path `raw` (its bytes, no NUL; relative to `dirfd` or the cwd) and
    /// runs `body` on where it leads. `follow`: whether a final symlink is followed (a trailing
    /// slash always follows). `body` is run again after the engine's own walk when it raises
    /// SymlinkEscape on the kernel's, so it must raise it before it changes anything.
    /// Inlined into each caller, so the common case (the kernel walks the rest beneath a grant)
    /// runs `body` directly instead of through a chain of closure thunks (~100 ns a stat).
    @inline(__always)
    func resolve<R>(_ t: WALIThread, dirfd: Int, _ raw: UnsafeRawBufferPointer, follow: Bool,
                    _ body: (Target, GuestPath) throws -> R) throws -> R {
        try withAbsolute(t, dirfd: dirfd, raw) { text, fast in
            let text = UnsafeRawBufferPointer(text)
            if let (i, rest) = fast {
                let path = rest == text.count ? Self.dotCString : (text.baseAddress! + rest).assumingMemoryBound(to: CChar.self)
                do { return try body(.grant(i, path), GuestPath(bytes: text)) } catch is SymlinkEscape {}
            }
            return try resolveWalked(t, text, follow: follow, body)
        }
    }

    /// resolve by the engine's own walk.
    private func resolveWalked<R>(_ t: WALIThread, _ text: UnsafeRawBufferPointer, follow: Bool,
                                  _ body: (Target, GuestPath) throws -> R) throws -> R {
        let slash = text.last == Self.slash
        let (canonical, _) = try walk(text, followLast: follow || slash, keepLast: false)
        let described = Self.join(canonical)
        return try described.withUnsafeBytes { walked in
            try withTarget(locate(canonical), slash: slash) { target in
                do {
                    return try body(target, GuestPath(bytes: walked))
                } catch is SymlinkEscape {
                    // Only a concurrent change can make the canonical path leave the root.
                    try deny(t, .EACCES, "a symlink in \(GuestPath(bytes: text)) leads out of the grants")
                }
            }
        }
    }

    /// The grant and relative path a target must be in; refuses everything else.
    func grant(_ t: WALIThread, _ target: Target, _ path: GuestPath, write: Bool) throws -> (Grant, UnsafePointer<CChar>) {
        switch target {
        case .grant(let i, let rel):
            let g = grants[i]
            if write && !g.writable { try deny(t, .EROFS, "\(path) is in a read-only grant") }
            if g.root < 0 { try deny(t, .EACCES, "the grant of \(path) could not be opened") }
            return (g, rel)
        case .device, .procFile:
            try deny(t, .EACCES, "\(path) may only be opened")
        case .ancestor, .outside:
            try deny(t, .EACCES, "\(path) is outside the grants")
        }
    }

    static let resolveFlags = UInt64(WALI_RESOLVE_BENEATH | WALI_RESOLVE_NO_MAGICLINKS)

    /// openat2 beneath a grant root. EAGAIN (a concurrent rename during `..`) is retried;
    /// EXDEV (the walk would leave the root) is SymlinkEscape.
    static func openBeneath(_ g: Grant, _ rel: UnsafePointer<CChar>, flags: Int32, mode: UInt32 = 0) throws -> Int32 {
        try openBeneath(directory: g.root, rel, flags: flags, mode: mode)
    }

    /// openat2 beneath any directory fd (a grant root, a WASI preopen): the one place both
    /// interfaces resolve a guest path in the kernel.
    static func openBeneath(directory: Int32, _ rel: UnsafePointer<CChar>, flags: Int32, mode: UInt32 = 0) throws -> Int32 {
        let how = UInt64(UInt32(bitPattern: flags)) & wali_open_valid_flags
        for _ in 0..<16 {
            let r = wali_openat2(directory, rel, how, UInt64(mode), resolveFlags)
            if r >= 0 { return Int32(r) }
            if r == -Int(EXDEV) { throw SymlinkEscape() }
            if r != -Int(EAGAIN) { throw Errno(Int32(-r)) }
        }
        throw Errno.EAGAIN
    }

    /// openat2 beneath a grant root of canonical components.
    static func openBeneath(_ g: Grant, _ rel: Components, slash: Bool, flags: Int32, mode: UInt32 = 0) throws -> Int32 {
        var path = rel.isEmpty ? dot : Array(join(rel).dropFirst())
        if slash && !rel.isEmpty { path.append(Self.slash) }
        path.append(0)
        return try path.withUnsafeBytes { try openBeneath(g, $0.baseAddress!.assumingMemoryBound(to: CChar.self), flags: flags, mode: mode) }
    }

    // MARK: Operations

    /// An O_PATH fd for what a target names (following a final symlink when `follow`).
    /// Devices and /proc answers are opened by their fixed host paths; `write` refuses them and
    /// read-only grants.
    func objectFD(_ t: WALIThread, _ target: Target, _ path: GuestPath, follow: Bool, write: Bool) throws -> Int32 {
        switch target {
        case .device(let host), .procFile(let host):
            if write { try deny(t, .EACCES, "\(host) cannot be changed") }
            let fd = Glibc.open(host, O_RDONLY | wali_O_PATH | O_CLOEXEC | (follow ? 0 : wali_O_NOFOLLOW))
            if fd < 0 { throw Errno(errno) }
            return fd
        default:
            let (g, rel) = try grant(t, target, path, write: write)
            return try Self.openBeneath(g, rel, flags: wali_O_PATH | O_CLOEXEC | (follow ? 0 : wali_O_NOFOLLOW))
        }
    }

    /// Runs `body` on an O_PATH fd for the object a guest path names; `body` acts on it with
    /// fd or AT_EMPTY_PATH calls.
    func withObject<R>(_ t: WALIThread, dirfd: Int, path raw: UnsafeRawBufferPointer, follow: Bool, write: Bool,
                       _ body: (Int32, Target) throws -> R) throws -> R {
        try resolve(t, dirfd: dirfd, raw, follow: follow) { target, path in
            let fd = try objectFD(t, target, path, follow: follow, write: write)
            defer { close(fd) }
            return try body(fd, target)
        }
    }

    /// The O_PATH parent directory of a guest path and its last component as written (with any
    /// trailing slashes), for calls that create, remove or rename names: the kernel looks the
    /// name up in that directory itself and never follows it, and `.` or `..` there get the
    /// kernel's own refusals. `body` gets the grant's index too.
    func withParent<R>(_ t: WALIThread, dirfd: Int, path raw: UnsafeRawBufferPointer, write: Bool,
                       _ body: (Int, Int32, UnsafePointer<CChar>) throws -> R) throws -> R {
        try withAbsolute(t, dirfd: dirfd, raw) { text, fast in
            if let (i, rest) = fast {
                // Split the rest into a parent and a last name (keeping its trailing slashes).
                var end = text.count
                while end > rest && text[end - 1] == Self.slash { end -= 1 }
                let g = grants[i]
                if write && !g.writable { try deny(t, .EROFS, "\(GuestPath(bytes: UnsafeRawBufferPointer(text))) is in a read-only grant") }
                guard end > rest else { try deny(t, .EBUSY, "\(GuestPath(bytes: UnsafeRawBufferPointer(text))) is the root of a grant") }
                var nameStart = end
                while nameStart > rest && text[nameStart - 1] != Self.slash { nameStart -= 1 }
                let name = (text.baseAddress! + nameStart).assumingMemoryBound(to: CChar.self)
                let parentPath: UnsafePointer<CChar>
                if nameStart == rest {
                    parentPath = Self.dotCString
                } else {
                    text[nameStart - 1] = 0 // the parent's text ends where the name begins
                    parentPath = UnsafePointer((text.baseAddress! + rest).assumingMemoryBound(to: CChar.self))
                }
                let parent: Int32?
                do {
                    parent = try Self.openBeneath(g, parentPath, flags: wali_O_PATH | wali_O_DIRECTORY | O_CLOEXEC)
                } catch is SymlinkEscape {
                    parent = nil
                    if nameStart > rest { text[nameStart - 1] = Self.slash }
                }
                if let parent {
                    defer { close(parent) }
                    return try body(i, parent, UnsafePointer(name))
                }
            }
            return try withParentWalked(t, UnsafeRawBufferPointer(text), write: write, body)
        }
    }

    /// withParent by the engine's own walk (the parent canonical, the last name as written).
    private func withParentWalked<R>(_ t: WALIThread, _ text: UnsafeRawBufferPointer, write: Bool,
                                     _ body: (Int, Int32, UnsafePointer<CChar>) throws -> R) throws -> R {
        let described = GuestPath(bytes: text)
        let (parent, lastName) = try walk(text, followLast: false, keepLast: true)
        // A plain last name is placed by where it leads (a grant's root is a mount point: EBUSY);
        // `.`, `..` and a path of slashes only by their directory.
        let plain = lastName.map { $0 != Self.dot && $0 != Self.dotdot } ?? false
        var place = locate(plain ? parent + [lastName!] : parent)
        if case .grant(let i, let rel) = place {
            if rel.isEmpty && (plain || lastName == nil) {
                if write && !grants[i].writable { try deny(t, .EROFS, "\(described) is in a read-only grant") }
                try deny(t, .EBUSY, "\(described) is the root of a grant")
            }
            if plain { place = .grant(i, Array(rel.dropLast())) }
        }
        var name = lastName ?? Self.dot
        if text.last == Self.slash { name.append(Self.slash) }
        name.append(0)
        return try withTarget(place, slash: false) { target in
            let (g, rel) = try grant(t, target, described, write: write)
            guard case .grant(let i, _) = target else { throw Errno.EACCES }
            let fd: Int32
            do {
                fd = try Self.openBeneath(g, rel, flags: wali_O_PATH | wali_O_DIRECTORY | O_CLOEXEC)
            } catch is SymlinkEscape {
                // Only a concurrent change can make the canonical parent leave the root.
                try deny(t, .EACCES, "a symlink in \(described) leads out of the grants")
            }
            defer { close(fd) }
            return try name.withUnsafeBytes { try body(i, fd, $0.baseAddress!.assumingMemoryBound(to: CChar.self)) }
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
    func openEnvironment(_ raw: UnsafeRawBufferPointer, flags: Int32) -> Int64? {
        // environmentPath is set before the guest runs and never changes after.
        guard !environmentPath.isEmpty, raw.count == environmentPath.utf8.count,
              raw.elementsEqual(environmentPath.utf8) else { return nil }
        return lock.withLock {
            guard environmentFD >= 0 else { return nil }
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
        let text = guest.isEmpty ? [] : Self.join(guest)
        lock.withLock {
            // The host cwd follows, so an exec'd program starts where the guest was.
            if hostFD >= 0 { _ = Glibc.fchdir(hostFD) }
            cwd = guest
            cwdText = text
            cwdVersion.add(1, ordering: .releasing)
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
        guard process.fileSystem != nil, let path = address.unixPath() else { return nil }
        return try underPolicy { fs in
            try fs.withUnixAddress(self, path: path, bind: bind) { hostPath in
                var rewritten = try SockAddrBuffer(unixPath: hostPath)
                return try call(&rewritten)
            }
        }
    }
}

/// A thread's own copy of the guest cwd's path text (at most PATH_MAX bytes), tagged with the
/// GuestFileSystem's cwd version it was taken at, and where the kernel fast path takes a path
/// relative to it (the same for every relative path: see GuestFileSystem.cwdWalk). Only its
/// thread uses it; raw storage, so reading it costs no retain and no exclusivity check.
final class CwdCopy: @unchecked Sendable {
    static let capacity = 4096
    /// One byte more than the text, for the "/" the walk probe appends.
    let bytes = UnsafeMutablePointer<UInt8>.allocate(capacity: CwdCopy.capacity + 1)
    private let state = UnsafeMutablePointer<Int>.allocate(capacity: 4)

    init() { state[0] = -1; state[1] = -1; state[2] = -1; state[3] = 0 }
    deinit { bytes.deallocate(); state.deallocate() }

    /// The version of the text held; -1 before the first copy.
    var version: Int { state[0] }
    /// Its length, or -1 when the cwd was too long to copy.
    var count: Int { state[1] }
    /// The kernel walk of every path relative to this cwd: the grant, and the offset in
    /// `cwd + "/" + path` where the grant-relative rest begins. Nil: each path is matched itself.
    var walk: GuestFileSystem.KernelWalk? { state[2] >= 0 ? (state[2], state[3]) : nil }

    func update(_ text: [UInt8], version: Int) {
        if text.count <= Self.capacity {
            text.withUnsafeBufferPointer { if let b = $0.baseAddress { bytes.update(from: b, count: $0.count) } }
            state[1] = text.count
        } else {
            state[1] = -1
        }
        state[2] = -1
        state[0] = version
    }

    func setWalk(_ walk: GuestFileSystem.KernelWalk?) {
        state[2] = walk?.grant ?? -1
        state[3] = walk?.rest ?? 0
    }
}
