import CWALIHost
#if canImport(Glibc)
import Glibc
#endif

/// path_* calls. A WASI path is relative to a directory descriptor; the host kernel resolves it
/// beneath that directory (openat2 RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS, the resolution the
/// sandbox policy uses for its grant roots): an absolute path, a `..` above the directory or a
/// symlink leading out fails with ENOTCAPABLE, also when swapped concurrently. Calls that name
/// a last component act on its O_PATH parent, resolved the same way.
enum WASIPaths {
    typealias F = WASIFlags

    /// openat2 beneath `directory`. EXDEV (the kernel refusing to leave it) is ENOTCAPABLE;
    /// EAGAIN (a concurrent rename during `..`) is retried.
    static func openBeneath(_ directory: Int32, _ path: [CChar], flags: Int32, mode: UInt32 = 0) throws -> Int32 {
        do {
            return try path.withUnsafeBufferPointer {
                try GuestFileSystem.openBeneath(directory: directory, $0.baseAddress!, flags: flags, mode: mode)
            }
        } catch is GuestFileSystem.SymlinkEscape {
            throw WASIErrno.notcapable
        }
    }

    /// An O_PATH descriptor for what `path` names beneath `directory` (following a final
    /// symlink when `follow`).
    static func withObject<R>(_ d: WASIContext.Descriptor, _ path: [CChar], follow: Bool, _ body: (Int32) throws -> R) throws -> R {
        let fd = try openBeneath(d.host, path, flags: wali_O_PATH | O_CLOEXEC | (follow ? 0 : wali_O_NOFOLLOW))
        defer { Glibc.close(fd) }
        return try body(fd)
    }

    /// The O_PATH parent of `path` beneath `d` and the last component (a trailing slash kept,
    /// so the kernel insists on a directory). The last component is never followed.
    static func withParent<R>(_ d: WASIContext.Descriptor, _ path: [CChar], _ body: (Int32, [CChar]) throws -> R) throws -> R {
        let slash = CChar(UInt8(ascii: "/"))
        var bytes = Array(path.dropLast())
        guard !bytes.isEmpty else { throw WASIErrno.noent }
        guard bytes[0] != slash else { throw WASIErrno.notcapable }
        var trailing = false
        while bytes.count > 1 && bytes.last == slash {
            bytes.removeLast()
            trailing = true
        }
        let cut = bytes.lastIndex(of: slash)
        var last = Array(bytes[(cut.map { $0 + 1 } ?? 0)...])
        let parent = cut.map { Array(bytes[..<$0]) } ?? [CChar(UInt8(ascii: "."))]
        if last == [46, 46] {
            // `x/..` must not name a place above the directory either.
            let fd = try openBeneath(d.host, bytes + [0], flags: wali_O_PATH | O_CLOEXEC)
            Glibc.close(fd)
        }
        if trailing { last.append(slash) }
        let parentFD = try openBeneath(d.host, parent + [0], flags: wali_O_PATH | O_DIRECTORY | O_CLOEXEC)
        defer { Glibc.close(parentFD) }
        return try body(parentFD, last + [0])
    }

    /// A directory descriptor that may be changed beneath (EROFS under a read-only grant).
    static func writableDirectory(_ c: WASIContext, _ fd: UInt32, _ rights: UInt64) throws -> WASIContext.Descriptor {
        let d = try c.directory(fd, rights)
        guard d.writable else { throw WASIErrno.rofs }
        return d
    }

    static func open(_ c: WASIContext, _ t: WALIThread, _ a: WASIArgs) throws {
        let dir = try c.directory(a.u32(0), F.pathOpen)
        let follow = a.u32(1) & F.symlinkFollow != 0
        let path = try c.path(a.u32(2), a.u32(3))
        let oflags = a.u16(4)
        let base = a.u64(5) & dir.rightsInheriting
        let inheriting = a.u64(6) & dir.rightsInheriting
        let fdflags = a.u16(7)
        guard oflags & ~UInt16(15) == 0 else { throw WASIErrno.inval }
        let reads = base & (F.fdRead | F.fdReaddir) != 0
        let writes = base & (F.fdWrite | F.fdAllocate | F.fdFilestatSetSize) != 0
        var flags = O_CLOEXEC | O_NOCTTY | (follow ? 0 : wali_O_NOFOLLOW)
        flags |= writes ? (reads ? O_RDWR : O_WRONLY) : O_RDONLY
        if oflags & F.create != 0 { flags |= O_CREAT }
        if oflags & F.directory != 0 { flags |= O_DIRECTORY }
        if oflags & F.exclusive != 0 { flags |= O_EXCL }
        if oflags & F.truncate != 0 { flags |= O_TRUNC }
        if fdflags & F.append != 0 { flags |= O_APPEND }
        if fdflags & F.nonblock != 0 { flags |= O_NONBLOCK }
        if fdflags & F.dsync != 0 { flags |= O_DSYNC }
        if fdflags & F.rsync != 0 { flags |= O_SYNC }  // Linux: O_RSYNC is O_SYNC
        if fdflags & F.sync != 0 { flags |= O_SYNC }
        if oflags & F.create != 0 && dir.rightsBase & F.pathCreateFile == 0 { throw WASIErrno.notcapable }
        if !dir.writable && (writes || oflags & (F.create | F.truncate) != 0 || fdflags & F.append != 0) {
            throw WASIErrno.rofs
        }
        // openat2 insists on mode 0 unless a file may be created.
        let mode: UInt32 = flags & O_CREAT != 0 ? 0o666 : 0
        let host = try t.blocking { Int64(try openBeneath(dir.host, path, flags: flags, mode: mode)) }
        let fd = Int32(host)
        let st: Glibc.stat
        do { st = try WASIFiles.hostStat(fd) } catch {
            Glibc.close(fd)
            throw error
        }
        let isDirectory = st.st_mode & S_IFMT == S_IFDIR
        let mask = isDirectory ? WASIContext.directoryRights : WASIContext.fileRights
        let descriptor = WASIContext.Descriptor(host: fd, rightsBase: base & mask, rightsInheriting: inheriting,
                                                writable: dir.writable, isDirectory: isDirectory)
        let number = c.insert(descriptor)
        do {
            try c.memory.store(a.u32(8), number)
        } catch {
            _ = try? c.remove(number)
            Glibc.close(fd)
            throw error
        }
    }

    static func createDirectory(_ c: WASIContext, _ t: WALIThread, _ a: WASIArgs) throws {
        let dir = try writableDirectory(c, a.u32(0), F.pathCreateDirectory)
        try withParent(dir, try c.path(a.u32(1), a.u32(2))) { parent, last in
            _ = try hostCheck(mkdirat(parent, last, 0o777))
        }
    }

    static func removeDirectory(_ c: WASIContext, _ t: WALIThread, _ a: WASIArgs) throws {
        let dir = try writableDirectory(c, a.u32(0), F.pathRemoveDirectory)
        try withParent(dir, try c.path(a.u32(1), a.u32(2))) { parent, last in
            _ = try hostCheck(unlinkat(parent, last, AT_REMOVEDIR))
        }
    }

    static func unlinkFile(_ c: WASIContext, _ t: WALIThread, _ a: WASIArgs) throws {
        let dir = try writableDirectory(c, a.u32(0), F.pathUnlinkFile)
        try withParent(dir, try c.path(a.u32(1), a.u32(2))) { parent, last in
            _ = try hostCheck(unlinkat(parent, last, 0))
        }
    }

    static func filestatGet(_ c: WASIContext, _ t: WALIThread, _ a: WASIArgs) throws {
        let dir = try c.directory(a.u32(0), F.pathFilestatGet)
        let follow = a.u32(1) & F.symlinkFollow != 0
        let st = try withObject(dir, try c.path(a.u32(2), a.u32(3)), follow: follow) { try WASIFiles.hostStat($0) }
        try c.memory.store(a.u32(4), WASIFileStat(st))
    }

    static func filestatSetTimes(_ c: WASIContext, _ t: WALIThread, _ a: WASIArgs) throws {
        let dir = try writableDirectory(c, a.u32(0), F.pathFilestatSetTimes)
        let follow = a.u32(1) & F.symlinkFollow != 0
        let ts = try WASIFiles.times(access: a.u64(4), modify: a.u64(5), flags: a.u16(6))
        try withObject(dir, try c.path(a.u32(2), a.u32(3)), follow: follow) { fd in
            _ = try ts.withUnsafeBufferPointer { times in
                try "".withCString { empty in
                    try Host.syscall(HOST_NR_utimensat, Int(fd), Int(bitPattern: empty), Int(bitPattern: times.baseAddress), Files.AT_EMPTY_PATH)
                }
            }
        }
    }

    static func readlink(_ c: WASIContext, _ t: WALIThread, _ a: WASIArgs) throws {
        let dir = try c.directory(a.u32(0), F.pathReadlink)
        let capacity = Int(a.u32(4))
        let out = try c.memory.pointer(a.u32(3), count: capacity)
        let n = try withParent(dir, try c.path(a.u32(1), a.u32(2))) { parent, last in
            try hostCheck(readlinkat(parent, last, out.assumingMemoryBound(to: CChar.self), capacity))
        }
        try c.memory.store(a.u32(5), UInt32(n))
    }

    static func rename(_ c: WASIContext, _ t: WALIThread, _ a: WASIArgs) throws {
        let from = try writableDirectory(c, a.u32(0), F.pathRenameSource)
        let to = try writableDirectory(c, a.u32(3), F.pathRenameTarget)
        let fromPath = try c.path(a.u32(1), a.u32(2)), toPath = try c.path(a.u32(4), a.u32(5))
        try withParent(from, fromPath) { fromParent, fromLast in
            try withParent(to, toPath) { toParent, toLast in
                _ = try hostCheck(renameat(fromParent, fromLast, toParent, toLast))
            }
        }
    }

    /// path_link: the source is resolved beneath its directory first (following a final symlink
    /// only when asked), then linked by its descriptor, so the link can never name a file
    /// outside. Both directories must be writable: a hard link shares the file.
    static func link(_ c: WASIContext, _ t: WALIThread, _ a: WASIArgs) throws {
        let from = try writableDirectory(c, a.u32(0), F.pathLinkSource)
        let follow = a.u32(1) & F.symlinkFollow != 0
        let fromPath = try c.path(a.u32(2), a.u32(3))
        let to = try writableDirectory(c, a.u32(4), F.pathLinkTarget)
        let toPath = try c.path(a.u32(5), a.u32(6))
        try withObject(from, fromPath, follow: follow) { source in
            try withParent(to, toPath) { toParent, toLast in
                _ = try hostCheck(linkat(AT_FDCWD, "/proc/self/fd/\(source)", toParent, toLast, AT_SYMLINK_FOLLOW))
            }
        }
    }

    static func symlink(_ c: WASIContext, _ t: WALIThread, _ a: WASIArgs) throws {
        let target = try c.path(a.u32(0), a.u32(1))
        guard target.first != CChar(UInt8(ascii: "/")) else { throw WASIErrno.notcapable }
        let dir = try writableDirectory(c, a.u32(2), F.pathSymlink)
        try withParent(dir, try c.path(a.u32(3), a.u32(4))) { parent, last in
            _ = try hostCheck(symlinkat(target, parent, last))
        }
    }
}
