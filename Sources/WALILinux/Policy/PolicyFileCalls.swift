import CWALIHost
#if canImport(Glibc)
import Glibc
#endif

/// The policy forms of the path-taking syscalls (see GuestFileSystem for how paths resolve).
/// Each handler calls its form first when the process has a policy; the default form is not
/// touched otherwise. Guest paths are read once, here.
extension GuestFileSystem {
    static let AT_FDCWD = Files.AT_FDCWD
    static let AT_SYMLINK_NOFOLLOW = 0x100
    static let AT_EACCESS = 0x200
    static let AT_SYMLINK_FOLLOW = 0x400
    static let AT_EMPTY_PATH = 0x1000
    /// "" for AT_EMPTY_PATH calls on an O_PATH fd.
    static let empty: Int = {
        let p = UnsafeMutablePointer<CChar>.allocate(capacity: 1)
        p.pointee = 0
        return Int(bitPattern: p)
    }()


    // MARK: Open

    func open(_ t: WALIThread, dirfd: Int, path address: UInt32, flags guestFlags: Int32, mode: UInt32) throws -> Int64 {
        let raw = try t.memory.pathBytes(address)
        let flags = OpenFlags.toHost(guestFlags)
        if let fd = openEnvironment(raw, flags: flags) {
            if fd < 0 { throw Errno(Int32(-fd)) }
            return fd
        }
        let tmpfile = flags & wali_O_TMPFILE == wali_O_TMPFILE
        let writes = flags & O_ACCMODE != O_RDONLY || flags & O_TRUNC != 0 || tmpfile
        let creates = flags & O_CREAT != 0 || tmpfile
        return try resolve(t, dirfd: dirfd, raw, follow: flags & wali_O_NOFOLLOW == 0) { target, path in
            switch target {
            case .device(let host):
                return try t.blocking { try host.withCString { try Host.syscall(HOST_NR_openat, Self.AT_FDCWD, Int(bitPattern: $0), Int(flags), Int(mode)) } }
            case .procFile(let host):
                if writes || creates { try deny(t, .EACCES, "\(host) is read-only") }
                return try host.withCString { try Host.syscall(HOST_NR_openat, Self.AT_FDCWD, Int(bitPattern: $0), Int(flags)) }
            default:
                break
            }
            let (g, rel) = try grant(t, target, path, write: writes)
            if !g.writable && flags & O_CREAT != 0 {
                // As on a read-only mount: opening an existing file is fine, creating one is not.
                do {
                    let fd = try t.blocking { Int64(try Self.openBeneath(g, rel, flags: flags & ~(O_CREAT | O_EXCL))) }
                    if flags & O_EXCL != 0 {
                        close(Int32(fd))
                        throw Errno.EEXIST
                    }
                    return fd
                } catch let e as Errno where e == .ENOENT {
                    try deny(t, .EROFS, "\(path) would be created in a read-only grant")
                }
            }
            let m = creates ? mode & 0o7777 : 0
            return try t.blocking { Int64(try Self.openBeneath(g, rel, flags: flags, mode: m)) }
        }
    }

    // MARK: Metadata

    /// stat, lstat, newfstatat: the kernel's record of the O_PATH fd.
    func stat(_ t: WALIThread, dirfd: Int, path address: UInt32, flags: Int, into buffer: UInt32) throws -> Int64 {
        let raw = try t.memory.pathBytes(address)
        if raw.isEmpty && flags & Self.AT_EMPTY_PATH != 0 {
            return try Files.stat(t, into: buffer) { try Host.syscall(HOST_NR_newfstatat, dirfd, Self.empty, $0, flags) }
        }
        let follow = flags & Self.AT_SYMLINK_NOFOLLOW == 0
        return try resolve(t, dirfd: dirfd, raw, follow: follow) { target, path in
            // A single name beneath a grant root needs no walk: one fstatat on the root fd,
            // unless it is a symlink to follow.
            if case .grant(let i, let rel) = target, Self.isSingleName(rel) {
                do {
                    return try Files.stat(t, into: buffer) { host in
                        _ = try Host.syscall(HOST_NR_newfstatat, Int(grants[i].root), Int(bitPattern: rel), host, Self.AT_SYMLINK_NOFOLLOW)
                        let mode = UnsafeRawPointer(bitPattern: host)!.assumingMemoryBound(to: Glibc.stat.self).pointee.st_mode
                        if follow && mode & 0o170000 == 0o120000 { throw SymlinkEscape() } // S_IFMT, S_IFLNK
                        return 0
                    }
                } catch is SymlinkEscape {}
            }
            let fd = try objectFD(t, target, path, follow: follow, write: false)
            defer { close(fd) }
            return try Files.stat(t, into: buffer) { try Host.syscall(HOST_NR_fstat, Int(fd), $0) }
        }
    }

    /// One component that names something in its directory (no slash, not `.` or `..`).
    static func isSingleName(_ p: UnsafePointer<CChar>) -> Bool {
        let dot = CChar(UInt8(ascii: ".")), slash = CChar(UInt8(ascii: "/"))
        if p[0] == 0 || (p[0] == dot && (p[1] == 0 || (p[1] == dot && p[2] == 0))) { return false }
        return strchr(p, Int32(slash)) == nil
    }

    func statx(_ t: WALIThread, dirfd: Int, path address: UInt32, flags: Int, mask: Int, into buffer: UInt32) throws -> Int64 {
        let raw = try t.memory.pathBytes(address)
        func fill(_ fd: Int, _ flags: Int) throws -> Int64 {
            try withUnsafeTemporaryAllocation(byteCount: GuestStatx.size, alignment: 16) { host in
                _ = try Host.syscall(HOST_NR_statx, fd, Self.empty, flags, mask, Host.arg(host.baseAddress!))
                let out = try t.memory.pointer(buffer, count: GuestStatx.size)
                out.copyMemory(from: host.baseAddress!, byteCount: GuestStatx.size)
                return 0
            }
        }
        if raw.isEmpty && flags & Self.AT_EMPTY_PATH != 0 { return try fill(dirfd, flags) }
        let sync = flags & 0x6000 // AT_STATX_SYNC_TYPE
        return try withObject(t, dirfd: dirfd, path: raw, follow: flags & Self.AT_SYMLINK_NOFOLLOW == 0, write: false) { fd, _ in
            try fill(Int(fd), Self.AT_EMPTY_PATH | sync)
        }
    }

    func statfs(_ t: WALIThread, path address: UInt32, into buffer: UInt32) throws -> Int64 {
        let raw = try t.memory.pathBytes(address)
        return try withObject(t, dirfd: Self.AT_FDCWD, path: raw, follow: true, write: false) { fd, _ in
            try Files.statfs(t, into: buffer) { try Host.syscall(HOST_NR_fstatfs, Int(fd), $0) }
        }
    }

    /// access, faccessat, faccessat2. Asking for W_OK in a read-only grant is EROFS, as on a
    /// read-only mount.
    func access(_ t: WALIThread, dirfd: Int, path address: UInt32, mode: Int, flags: Int) throws -> Int64 {
        let raw = try t.memory.pathBytes(address)
        if raw.isEmpty && flags & Self.AT_EMPTY_PATH != 0 {
            return try Host.syscall(HOST_NR_faccessat2, dirfd, Self.empty, mode, flags)
        }
        return try withObject(t, dirfd: dirfd, path: raw, follow: flags & Self.AT_SYMLINK_NOFOLLOW == 0, write: false) { fd, target in
            if mode & Int(W_OK) != 0, case .grant(let i, _) = target, !grants[i].writable {
                try deny(t, .EROFS, "write access asked in a read-only grant")
            }
            return try Host.syscall(HOST_NR_faccessat2, Int(fd), Self.empty, mode, Self.AT_EMPTY_PATH | (flags & Self.AT_EACCESS))
        }
    }

    /// readlink: /proc/self/exe is the module's guest path; a directory above the grants is
    /// not a link (EINVAL), as the real directory would answer.
    func readlink(_ t: WALIThread, dirfd: Int, path address: UInt32, buffer: UInt32, size: UInt32) throws -> Int64 {
        guard Int32(bitPattern: size) > 0 else { throw Errno.EINVAL }
        let raw = try t.memory.pathBytes(address)
        let out = t.memory.kernelBuffer(buffer, count: Int(size))
        func moduleLink() throws -> Int64 {
            guard let module = moduleGuestPath else { try deny(t, .EACCES, "the module lies outside the grants") }
            let n = min(module.count, Int(size))
            let p = try t.memory.pointer(buffer, count: n)
            module.withUnsafeBytes { p.copyMemory(from: $0.baseAddress!, byteCount: n) }
            return Int64(n)
        }
        // As written, or as the engine's walk spells it (without following /proc/self).
        if raw.elementsEqual("/proc/self/exe".utf8) { return try moduleLink() }
        return try resolve(t, dirfd: dirfd, raw, follow: false) { target, path in
            if path.bytes.elementsEqual("/proc/self/exe".utf8) { return try moduleLink() }
            if case .ancestor = target { throw Errno.EINVAL }
            let fd = try objectFD(t, target, path, follow: false, write: false)
            defer { close(fd) }
            return try Host.syscall(HOST_NR_readlinkat, Int(fd), Self.empty, out, Int(size))
        }
    }

    /// chmod and fchmodat, through the fd's /proc path (fchmodat has no AT_EMPTY_PATH before
    /// fchmodat2); the guest never names that path itself.
    func chmod(_ t: WALIThread, dirfd: Int, path address: UInt32, mode: Int) throws -> Int64 {
        let raw = try t.memory.pathBytes(address)
        return try withObject(t, dirfd: dirfd, path: raw, follow: true, write: true) { fd, _ in
            try "/proc/self/fd/\(fd)".withCString { try Host.syscall(HOST_NR_fchmodat, Self.AT_FDCWD, Int(bitPattern: $0), mode) }
        }
    }

    func chown(_ t: WALIThread, dirfd: Int, path address: UInt32, owner: Int, group: Int, flags: Int) throws -> Int64 {
        let raw = try t.memory.pathBytes(address)
        if raw.isEmpty && flags & Self.AT_EMPTY_PATH != 0 {
            try checkWritable(t, descriptor: Int32(truncatingIfNeeded: dirfd))
            return try Host.syscall(HOST_NR_fchownat, dirfd, Self.empty, owner, group, flags)
        }
        return try withObject(t, dirfd: dirfd, path: raw, follow: flags & Self.AT_SYMLINK_NOFOLLOW == 0, write: true) { fd, _ in
            try Host.syscall(HOST_NR_fchownat, Int(fd), Self.empty, owner, group, Self.AT_EMPTY_PATH)
        }
    }

    func truncate(_ t: WALIThread, path address: UInt32, length: Int) throws -> Int64 {
        let raw = try t.memory.pathBytes(address)
        return try resolve(t, dirfd: Self.AT_FDCWD, raw, follow: true) { target, path in
            let (g, rel) = try grant(t, target, path, write: true)
            let fd = try Self.openBeneath(g, rel, flags: O_WRONLY | O_NONBLOCK | O_CLOEXEC)
            defer { close(fd) }
            return try t.blocking { try Host.syscall(HOST_NR_ftruncate, Int(fd), length) }
        }
    }

    /// utimensat and the utimes calls (`times` is a host pointer or 0). A NULL path acts on the
    /// dirfd itself, which must then be in a writable grant.
    func utimens(_ t: WALIThread, dirfd: Int, path address: UInt32, times: Int, flags: Int) throws -> Int64 {
        if address == 0 {
            try checkWritable(t, descriptor: Int32(truncatingIfNeeded: dirfd))
            return try Host.syscall(HOST_NR_utimensat, dirfd, 0, times, flags)
        }
        let raw = try t.memory.pathBytes(address)
        if raw.isEmpty && flags & Self.AT_EMPTY_PATH != 0 {
            try checkWritable(t, descriptor: Int32(truncatingIfNeeded: dirfd))
            return try Host.syscall(HOST_NR_utimensat, dirfd, Self.empty, times, flags)
        }
        return try withObject(t, dirfd: dirfd, path: raw, follow: flags & Self.AT_SYMLINK_NOFOLLOW == 0, write: true) { fd, _ in
            try Host.syscall(HOST_NR_utimensat, Int(fd), Self.empty, times, Self.AT_EMPTY_PATH)
        }
    }

    // MARK: Names

    func mkdir(_ t: WALIThread, dirfd: Int, path address: UInt32, mode: Int) throws -> Int64 {
        let raw = try t.memory.pathBytes(address)
        return try withParent(t, dirfd: dirfd, path: raw, write: true) { _, parent, name in
            try Host.syscall(HOST_NR_mkdirat, Int(parent), Int(bitPattern: name), mode)
        }
    }

    func unlink(_ t: WALIThread, dirfd: Int, path address: UInt32, flags: Int) throws -> Int64 {
        let raw = try t.memory.pathBytes(address)
        return try withParent(t, dirfd: dirfd, path: raw, write: true) { _, parent, name in
            try Host.syscall(HOST_NR_unlinkat, Int(parent), Int(bitPattern: name), flags)
        }
    }

    /// rename and renameat2: both names in the same writable grant (EXDEV between grants, as
    /// between mounts).
    func rename(_ t: WALIThread, fromDir: Int, from: UInt32, toDir: Int, to: UInt32, flags: Int) throws -> Int64 {
        let source = try t.memory.pathBytes(from)
        let target = try t.memory.pathBytes(to)
        return try withParent(t, dirfd: fromDir, path: source, write: false) { i, p1, n1 in
            try withParent(t, dirfd: toDir, path: target, write: false) { j, p2, n2 in
                try checkSameWritableGrant(t, i, j, "rename")
                return try Host.syscall(HOST_NR_renameat2, Int(p1), Int(bitPattern: n1), Int(p2), Int(bitPattern: n2), flags)
            }
        }
    }

    /// link and linkat: both names in the same writable grant. With AT_SYMLINK_FOLLOW the
    /// source is resolved like any path, then linked through its /proc fd path.
    func link(_ t: WALIThread, fromDir: Int, from: UInt32, toDir: Int, to: UInt32, flags: Int) throws -> Int64 {
        let source = try t.memory.pathBytes(from)
        let target = try t.memory.pathBytes(to)
        if flags & Self.AT_EMPTY_PATH != 0 && source.isEmpty {
            try deny(t, .EACCES, "linkat of a descriptor (AT_EMPTY_PATH) under a policy")
        }
        func linkTo(_ i: Int, _ body: (Int32, UnsafePointer<CChar>) throws -> Int64) throws -> Int64 {
            try withParent(t, dirfd: toDir, path: target, write: false) { j, p2, n2 in
                try checkSameWritableGrant(t, i, j, "link")
                return try body(p2, n2)
            }
        }
        if flags & Self.AT_SYMLINK_FOLLOW != 0 {
            return try withObject(t, dirfd: fromDir, path: source, follow: true, write: false) { fd, target in
                guard case .grant(let i, _) = target else { throw Errno.EACCES }
                return try linkTo(i) { p2, n2 in
                    try "/proc/self/fd/\(fd)".withCString { a in
                        try Host.syscall(HOST_NR_linkat, Self.AT_FDCWD, Int(bitPattern: a), Int(p2), Int(bitPattern: n2), Self.AT_SYMLINK_FOLLOW)
                    }
                }
            }
        }
        return try withParent(t, dirfd: fromDir, path: source, write: false) { i, p1, n1 in
            try linkTo(i) { p2, n2 in
                try Host.syscall(HOST_NR_linkat, Int(p1), Int(bitPattern: n1), Int(p2), Int(bitPattern: n2), flags & ~Self.AT_SYMLINK_FOLLOW)
            }
        }
    }

    /// Two names in different grants are on different "mounts" (EXDEV, checked first as Linux
    /// does); in the same one it must be writable.
    func checkSameWritableGrant(_ t: WALIThread, _ i: Int, _ j: Int, _ call: String) throws {
        if i != j { try deny(t, .EXDEV, "\(call) between grants") }
        if !grants[i].writable { try deny(t, .EROFS, "\(call) in a read-only grant") }
    }

    /// symlink: the target is only text (every later use resolves it through the policy).
    func symlink(_ t: WALIThread, target address: UInt32, dirfd: Int, path linkAddress: UInt32) throws -> Int64 {
        let target = try t.memory.path(address)
        let raw = try t.memory.pathBytes(linkAddress)
        return try withParent(t, dirfd: dirfd, path: raw, write: true) { _, parent, name in
            try target.withUnsafeBufferPointer { a in
                try Host.syscall(HOST_NR_symlinkat, Int(bitPattern: a.baseAddress), Int(parent), Int(bitPattern: name))
            }
        }
    }

    // MARK: Working directory

    func getcwd(_ t: WALIThread, buffer: UInt32, size: Int) throws -> Int64 {
        let path = Self.join(currentDirectory) + [0]
        guard size >= path.count else { throw Errno.ERANGE }
        let p = try t.memory.pointer(buffer, count: path.count)
        path.withUnsafeBytes { p.copyMemory(from: $0.baseAddress!, byteCount: path.count) }
        return Int64(path.count)
    }

    /// chdir into a grant, or into a directory above the grants (which holds only them).
    func chdir(_ t: WALIThread, path address: UInt32) throws -> Int64 {
        let raw = try t.memory.pathBytes(address)
        return try resolve(t, dirfd: Self.AT_FDCWD, raw, follow: true) { target, path in
            if case .ancestor = target {
                // Only the engine's walk reaches a directory above the grants: `path` is canonical.
                setCurrentDirectory(Self.split(path.bytes), hostFD: -1)
                return 0
            }
            let (g, rel) = try grant(t, target, path, write: false)
            let fd = try Self.openBeneath(g, rel, flags: wali_O_PATH | wali_O_DIRECTORY | O_CLOEXEC)
            defer { close(fd) }
            _ = try Host.syscall(HOST_NR_faccessat2, Int(fd), Self.empty, Int(X_OK), Self.AT_EMPTY_PATH)
            // The kernel's path, so a cwd reached through a symlink reads as the real directory.
            let guest = (try? Self.hostPath(of: fd)).flatMap { Self.guestComponents(grants, ofHost: Self.split($0)) }
                ?? Self.normalize(path.bytes, onto: [])
            setCurrentDirectory(guest, hostFD: fd)
            return 0
        }
    }

    func fchdir(_ t: WALIThread, fd: Int32) throws -> Int64 {
        let guest = try guestComponents(t, ofDirectory: fd)
        _ = try Host.syscall(HOST_NR_faccessat2, Int(fd), Self.empty, Int(X_OK), Self.AT_EMPTY_PATH)
        setCurrentDirectory(guest, hostFD: fd)
        return 0
    }

    // MARK: Programs and sockets

    /// The host path of the program execve names, resolved like any path (the kernel checks
    /// execute permission when it runs it). Landlock confines what a swapped path could reach.
    func executablePath(_ t: WALIThread, path raw: [CChar]) throws -> [CChar] {
        var raw = Array(raw.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) })
        // /proc/self/exe is the running module, as natively (when it lies in a grant).
        if raw.elementsEqual("/proc/self/exe".utf8), let module = moduleGuestPath { raw = module }
        return try raw.withUnsafeBytes { raw in try resolve(t, dirfd: Self.AT_FDCWD, raw, follow: true) { target, path in
            let (g, rel) = try grant(t, target, path, write: false)
            let fd = try Self.openBeneath(g, rel, flags: wali_O_PATH | O_CLOEXEC)
            defer { close(fd) }
            return try Self.hostPath(of: fd).map { CChar(bitPattern: $0) } + [0]
        } }
    }

    /// A filesystem AF_UNIX address (bind, connect, sendto) follows the grants: the path is
    /// resolved like any other and the call gets a /proc/self/fd path to the place it reached
    /// (bind: the parent directory plus the name, in a writable grant; others: the socket file).
    func withUnixAddress(_ t: WALIThread, path raw: [CChar], bind: Bool, _ call: ([UInt8]) throws -> Int64) throws -> Int64 {
        let bytes = Array(raw.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) })
        return try bytes.withUnsafeBytes { raw in
            if bind {
                return try withParent(t, dirfd: Self.AT_FDCWD, path: raw, write: true) { _, parent, name in
                    try call(Array("/proc/self/fd/\(parent)/".utf8) + UnsafeRawBufferPointer(start: name, count: strlen(name)))
                }
            }
            return try withObject(t, dirfd: Self.AT_FDCWD, path: raw, follow: true, write: false) { fd, _ in
                try call(Array("/proc/self/fd/\(fd)".utf8))
            }
        }
    }
}
