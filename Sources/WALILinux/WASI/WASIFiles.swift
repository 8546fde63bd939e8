#if canImport(Glibc)
import Glibc
#endif

/// fd_* calls: descriptor I/O and metadata on the host descriptor a WASI fd names. Buffers are
/// checked against linear memory and handed to the host kernel in place.
enum WASIFiles {
    typealias F = WASIFlags

    /// The guest's iovec array as host iovecs (every buffer checked).
    static func iovecs(_ c: WASIContext, _ address: UInt32, _ count: UInt32) throws -> [iovec] {
        guard count <= UInt32(GuestIOVec.maxCount) else { throw WASIErrno.inval }
        return try GuestIOVec.host(c.memory, address, count: Int32(count))
    }

    static func read(_ c: WASIContext, _ t: WALIThread, _ a: WASIArgs) throws {
        let d = try c.descriptor(a.u32(0), F.fdRead)
        let iov = try iovecs(c, a.u32(1), a.u32(2))
        let n = try iov.withUnsafeBufferPointer { b in
            try t.blocking { Int64(try hostCheck(readv(d.host, b.baseAddress, Int32(b.count)))) }
        }
        try c.memory.store(a.u32(3), UInt32(n))
    }

    static func write(_ c: WASIContext, _ t: WALIThread, _ a: WASIArgs) throws {
        let d = try c.descriptor(a.u32(0), F.fdWrite)
        let iov = try iovecs(c, a.u32(1), a.u32(2))
        let n = try iov.withUnsafeBufferPointer { b in
            try t.blocking { Int64(try hostCheck(writev(d.host, b.baseAddress, Int32(b.count)))) }
        }
        try c.memory.store(a.u32(3), UInt32(n))
    }

    static func offset(_ value: UInt64) throws -> off_t {
        guard value <= UInt64(Int64.max) else { throw WASIErrno.inval }
        return off_t(value)
    }

    static func pread(_ c: WASIContext, _ t: WALIThread, _ a: WASIArgs) throws {
        let d = try c.descriptor(a.u32(0), F.fdRead | F.fdSeek)
        let iov = try iovecs(c, a.u32(1), a.u32(2))
        let at = try offset(a.u64(3))
        let n = try iov.withUnsafeBufferPointer { b in
            try t.blocking { Int64(try hostCheck(preadv(d.host, b.baseAddress, Int32(b.count), at))) }
        }
        try c.memory.store(a.u32(4), UInt32(n))
    }

    static func pwrite(_ c: WASIContext, _ t: WALIThread, _ a: WASIArgs) throws {
        let d = try c.descriptor(a.u32(0), F.fdWrite | F.fdSeek)
        let iov = try iovecs(c, a.u32(1), a.u32(2))
        let at = try offset(a.u64(3))
        let n = try iov.withUnsafeBufferPointer { b in
            try t.blocking { Int64(try hostCheck(pwritev(d.host, b.baseAddress, Int32(b.count), at))) }
        }
        try c.memory.store(a.u32(4), UInt32(n))
    }

    static func seek(_ c: WASIContext, _ t: WALIThread, _ a: WASIArgs) throws {
        let delta = Int64(bitPattern: a.u64(1))
        let whence: Int32
        switch a.u32(2) & 0xff {
        case 0: whence = SEEK_SET
        case 1: whence = SEEK_CUR
        case 2: whence = SEEK_END
        default: throw WASIErrno.inval
        }
        let rights = whence == SEEK_CUR && delta == 0 ? F.fdTell : F.fdSeek
        let d = try c.descriptor(a.u32(0), rights)
        let position = try hostCheck(lseek(d.host, off_t(delta), whence))
        try c.memory.store(a.u32(3), UInt64(position))
    }

    static func tell(_ c: WASIContext, _ t: WALIThread, _ a: WASIArgs) throws {
        let d = try c.descriptor(a.u32(0), F.fdTell)
        let position = try hostCheck(lseek(d.host, 0, SEEK_CUR))
        try c.memory.store(a.u32(1), UInt64(position))
    }

    static func close(_ c: WASIContext, _ t: WALIThread, _ a: WASIArgs) throws {
        let d = try c.remove(a.u32(0))
        _ = Glibc.close(d.host)
    }

    static func renumber(_ c: WASIContext, _ t: WALIThread, _ a: WASIArgs) throws {
        try c.renumber(a.u32(0), a.u32(1))
    }

    static func sync(_ c: WASIContext, _ t: WALIThread, _ a: WASIArgs) throws {
        let d = try c.descriptor(a.u32(0), F.fdSync)
        _ = try hostCheck(fsync(d.host))
    }

    static func datasync(_ c: WASIContext, _ t: WALIThread, _ a: WASIArgs) throws {
        let d = try c.descriptor(a.u32(0), F.fdDatasync)
        _ = try hostCheck(fdatasync(d.host))
    }

    static func advise(_ c: WASIContext, _ t: WALIThread, _ a: WASIArgs) throws {
        let d = try c.descriptor(a.u32(0), F.fdAdvise)
        // $advice: normal, sequential, random, willneed, dontneed, noreuse.
        let advice: [Int32] = [POSIX_FADV_NORMAL, POSIX_FADV_SEQUENTIAL, POSIX_FADV_RANDOM,
                               POSIX_FADV_WILLNEED, POSIX_FADV_DONTNEED, POSIX_FADV_NOREUSE]
        let which = Int(a.u32(3) & 0xff)
        guard which < advice.count else { throw WASIErrno.inval }
        let r = posix_fadvise(d.host, try offset(a.u64(1)), try offset(a.u64(2)), advice[which])
        if r != 0 { throw Errno(r) }
    }

    static func allocate(_ c: WASIContext, _ t: WALIThread, _ a: WASIArgs) throws {
        let d = try c.descriptor(a.u32(0), F.fdAllocate)
        let r = posix_fallocate(d.host, try offset(a.u64(1)), try offset(a.u64(2)))
        if r != 0 { throw Errno(r) }
    }

    static func hostStat(_ fd: Int32) throws -> Glibc.stat {
        var st = Glibc.stat()
        _ = try hostCheck(fstat(fd, &st))
        return st
    }

    static func fdstatGet(_ c: WASIContext, _ t: WALIThread, _ a: WASIArgs) throws {
        let d = try c.descriptor(a.u32(0))
        let st = try hostStat(d.host)
        let status = try hostCheck(fcntl(d.host, F_GETFL))
        var flags: UInt16 = 0
        if status & O_APPEND != 0 { flags |= F.append }
        if status & O_NONBLOCK != 0 { flags |= F.nonblock }
        if status & O_SYNC == O_SYNC { flags |= F.sync | F.rsync } else if status & O_DSYNC != 0 { flags |= F.dsync }
        try c.memory.store(a.u32(1), WASIFDStat(fileType: WASIFileType(mode: st.st_mode, socketFD: d.host), flags: flags,
                                                rightsBase: d.rightsBase, rightsInheriting: d.rightsInheriting))
    }

    static func fdstatSetFlags(_ c: WASIContext, _ t: WALIThread, _ a: WASIArgs) throws {
        let d = try c.descriptor(a.u32(0), F.fdFdstatSetFlags)
        let wanted = a.u16(1)
        guard wanted & (F.dsync | F.rsync | F.sync) == 0 else { throw WASIErrno.inval }
        var status = try hostCheck(fcntl(d.host, F_GETFL))
        status &= ~(O_APPEND | O_NONBLOCK)
        if wanted & F.append != 0 { status |= O_APPEND }
        if wanted & F.nonblock != 0 { status |= O_NONBLOCK }
        _ = try hostCheck(fcntl(d.host, F_SETFL, status))
    }

    static func fdstatSetRights(_ c: WASIContext, _ t: WALIThread, _ a: WASIArgs) throws {
        let d = try c.descriptor(a.u32(0))
        let base = a.u64(1), inheriting = a.u64(2)
        // Rights only ever shrink.
        guard base & ~d.rightsBase == 0, inheriting & ~d.rightsInheriting == 0 else { throw WASIErrno.notcapable }
        d.rightsBase = base
        d.rightsInheriting = inheriting
    }

    static func filestatGet(_ c: WASIContext, _ t: WALIThread, _ a: WASIArgs) throws {
        let d = try c.descriptor(a.u32(0), F.fdFilestatGet)
        try c.memory.store(a.u32(1), WASIFileStat(try hostStat(d.host), socketFD: d.host))
    }

    static func filestatSetSize(_ c: WASIContext, _ t: WALIThread, _ a: WASIArgs) throws {
        let d = try c.descriptor(a.u32(0), F.fdFilestatSetSize)
        _ = try hostCheck(ftruncate(d.host, try offset(a.u64(1))))
    }

    /// The two `timespec`s of utimensat for WASI's times and `$fstflags`.
    static func times(access: UInt64, modify: UInt64, flags: UInt16) throws -> [timespec] {
        if flags & F.accessTime != 0 && flags & F.accessTimeNow != 0 { throw WASIErrno.inval }
        if flags & F.modifyTime != 0 && flags & F.modifyTimeNow != 0 { throw WASIErrno.inval }
        guard flags & ~UInt16(15) == 0 else { throw WASIErrno.inval }
        func one(_ ns: UInt64, set: Bool, now: Bool) -> timespec {
            if now { return timespec(tv_sec: 0, tv_nsec: (1 << 30) - 1) }
            if !set { return timespec(tv_sec: 0, tv_nsec: (1 << 30) - 2) }
            return timespec(tv_sec: Int(ns / 1_000_000_000), tv_nsec: Int(ns % 1_000_000_000))
        }
        return [one(access, set: flags & F.accessTime != 0, now: flags & F.accessTimeNow != 0),
                one(modify, set: flags & F.modifyTime != 0, now: flags & F.modifyTimeNow != 0)]
    }

    static func filestatSetTimes(_ c: WASIContext, _ t: WALIThread, _ a: WASIArgs) throws {
        let d = try c.descriptor(a.u32(0), F.fdFilestatSetTimes)
        let ts = try times(access: a.u64(1), modify: a.u64(2), flags: a.u16(3))
        _ = try hostCheck(futimens(d.host, ts))
    }

    static func prestatGet(_ c: WASIContext, _ t: WALIThread, _ a: WASIArgs) throws {
        let d = try c.descriptor(a.u32(0))
        guard let name = d.preopenName else { throw WASIErrno.badf }
        try c.memory.store(a.u32(1), WASIPrestat(nameLength: UInt32(name.count)))
    }

    static func prestatDirName(_ c: WASIContext, _ t: WALIThread, _ a: WASIArgs) throws {
        let d = try c.descriptor(a.u32(0))
        guard let name = d.preopenName else { throw WASIErrno.badf }
        guard Int(a.u32(2)) >= name.count else { throw WASIErrno.nametoolong }
        let out = try c.memory.pointer(a.u32(1), count: name.count)
        if !name.isEmpty { name.withUnsafeBytes { out.copyMemory(from: $0.baseAddress!, byteCount: name.count) } }
    }

    /// fd_readdir: the entries from index `cookie` on, each a `$dirent` and its name, the last
    /// one cut at the end of the buffer (a full buffer tells the guest to ask again).
    static func readdir(_ c: WASIContext, _ t: WALIThread, _ a: WASIArgs) throws {
        let d = try c.directory(a.u32(0), F.fdReaddir)
        let capacity = Int(a.u32(2))
        let out = try c.memory.pointer(a.u32(1), count: capacity)
        let cookie = a.u64(3)
        if cookie == 0 { d.entries = try listing(d.host) }
        var used = 0
        var index = Int(clamping: cookie)
        while index < d.entries.count && used < capacity {
            let e = d.entries[index]
            let record = WASIDirent(next: UInt64(index + 1), inode: e.inode, nameLength: UInt32(e.name.count), type: e.type).bytes + e.name
            let n = min(record.count, capacity - used)
            record.withUnsafeBytes { (out + used).copyMemory(from: $0.baseAddress!, byteCount: n) }
            used += n
            index += 1
        }
        try c.memory.store(a.u32(4), UInt32(used))
    }

    /// Every entry of the directory `fd` (`.` and `..` included), read through a fresh descriptor
    /// so the guest's own stays untouched.
    static func listing(_ fd: Int32) throws -> [(name: [UInt8], inode: UInt64, type: WASIFileType)] {
        let own = try hostCheck(openat(fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC))
        guard let dir = fdopendir(own) else {
            let e = errno
            Glibc.close(own)
            throw Errno(e)
        }
        defer { closedir(dir) }
        var entries: [(name: [UInt8], inode: UInt64, type: WASIFileType)] = []
        errno = 0
        while let entry = Glibc.readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in Array(raw.prefix { $0 != 0 }) }
            entries.append((name, UInt64(entry.pointee.d_ino), WASIFileType(direntType: entry.pointee.d_type)))
        }
        if errno != 0 { throw Errno(errno) }
        return entries
    }
}
