import CWALIHost
#if canImport(Glibc)
import Glibc
#endif

/// The guest's address-space map inside linear memory (mmap/munmap/mremap/brk bookkeeping).
///
/// Linux pages are 4 KiB. The module owns everything below `floor` (its initial memory size: data,
/// stack and whatever its libc keeps there); mappings live above it, in a sorted list of regions
/// with the gaps between them free. A new mapping takes the lowest gap that fits, and the Wasm
/// memory only grows when none does, so map/unmap loops reuse the same addresses.
///
/// Invariant: every free gap reads as zero. Fresh Wasm pages are zero; whatever is unmapped is
/// zeroed on the way out (host `MADV_DONTNEED` for whole host pages), so anonymous mappings never
/// need clearing when they are handed out.
///
/// File mappings and shared anonymous mappings are real host mappings placed over the linear
/// memory with `MAP_FIXED`, so MAP_SHARED writes reach the file (and survive `fork`) exactly as on
/// Linux; unmapping puts zero-filled private anonymous memory back. The engine keeps read/write
/// access to all of linear memory: `mprotect` is recorded, not enforced.
public final class MemoryMappings: @unchecked Sendable {
    public static let pageSize = 4096
    /// Linux's default `vm.mmap_min_addr`: MAP_FIXED below it is EPERM.
    static let minFixedAddress = 65536

    // Linux mmap ABI values (the same on every Linux architecture).
    static let PROT_READ: Int32 = 1, PROT_WRITE: Int32 = 2, PROT_EXEC: Int32 = 4, PROT_SEM: Int32 = 8
    static let PROT_GROWSDOWN: Int32 = 0x0100_0000, PROT_GROWSUP: Int32 = 0x0200_0000
    static let MAP_SHARED: Int32 = 1, MAP_PRIVATE: Int32 = 2, MAP_SHARED_VALIDATE: Int32 = 3, MAP_TYPE: Int32 = 0xf
    static let MAP_FIXED: Int32 = 0x10, MAP_ANONYMOUS: Int32 = 0x20, MAP_NORESERVE: Int32 = 0x4000
    static let MAP_FIXED_NOREPLACE: Int32 = 0x10_0000
    /// Flags MAP_SHARED_VALIDATE accepts on a file (Linux's LEGACY_MAP_MASK; no MAP_SYNC).
    static let MAP_LEGACY_FLAGS: Int32 = 0x3 | 0x10 | 0x20 | 0x100 | 0x800 | 0x1000 | 0x2000 | 0x4000
        | 0x8000 | 0x1_0000 | 0x2_0000 | 0x4_0000 | 0x10_0000 | Int32(bitPattern: 0xFC00_0000)
    static let MREMAP_MAYMOVE: Int32 = 1, MREMAP_FIXED: Int32 = 2, MREMAP_DONTUNMAP: Int32 = 4
    static let MS_ASYNC: Int32 = 1, MS_INVALIDATE: Int32 = 2, MS_SYNC: Int32 = 4

    public enum Kind: Equatable {
        /// Private anonymous memory (part of linear memory as the engine committed it).
        case anonymous
        /// MAP_SHARED|MAP_ANONYMOUS: a host shared mapping, so it stays shared across fork.
        case sharedAnonymous
        /// A host file mapping. `writable`: the host mapping is MAP_SHARED over a writable fd (a
        /// MAP_SHARED request over a read-only fd is mapped privately; writes to it are refused
        /// by mprotect, as Linux would refuse them).
        case file(shared: Bool, writable: Bool)
        /// The brk heap.
        case heap
        /// Memory the guest grew itself with memory.grow; never handed out by mmap.
        case foreign

        /// Backed by its own host mapping rather than the engine's anonymous memory.
        public var isHostMapped: Bool {
            switch self {
            case .sharedAnonymous, .file: return true
            default: return false
            }
        }
    }

    public struct Region: Equatable {
        public var start: Int
        public var end: Int
        public var kind: Kind
        public var prot: Int32
        /// File offset of `start` (file mappings).
        public var offset: Int64
    }

    public let memory: GuestMemory
    let lock = Mutex()
    /// The end of the module's own memory (its initial size); nothing is handed out below it.
    public let floor: Int
    /// The host's page size: host mappings must be aligned to it.
    public let hostPageSize: Int
    /// The end of the memory this map has accounted for (the memory size after our last growth).
    private var limit: Int
    /// Sorted, non-overlapping.
    private var regions: [Region] = []
    /// Whether a shared writable file mapping was ever made (never cleared): when not, exit has
    /// nothing to write back and takes no lock (a forked child's exit writes no page it shares).
    private var hadSharedFileMappings = false
    private let heapStart: Int
    private var programBreak: Int
    /// RLIMIT_AS / RLIMIT_DATA as the guest sees and sets them: virtual, bounded by the linear
    /// memory (the host limits apply to the whole engine and are left alone).
    private var asLimit: (cur: UInt64, max: UInt64)
    private var dataLimit: (cur: UInt64, max: UInt64)

    public init(memory: GuestMemory, hostPageSize: Int = Int(getpagesize())) {
        self.memory = memory
        self.hostPageSize = max(hostPageSize, MemoryMappings.pageSize)
        let initial = MemoryMappings.roundUp(memory.byteCount, MemoryMappings.pageSize)
        floor = initial
        limit = initial
        heapStart = initial
        programBreak = initial
        let maxBytes = UInt64(memory.maxByteCount)
        asLimit = (maxBytes, maxBytes)
        dataLimit = (maxBytes, maxBytes)
    }

    // MARK: Public operations (the syscalls, minus argument decoding)

    /// mmap: returns the guest address of the new mapping.
    public func map(address: UInt32, length: Int, prot: Int32, flags: Int32, fd: Int32, offset: Int64) throws -> UInt32 {
        let P = MemoryMappings.self
        // The order of the checks follows the kernel's, so the same errno wins.
        if offset & Int64(P.pageSize - 1) != 0 { throw Errno.EINVAL }
        let anonymous = flags & P.MAP_ANONYMOUS != 0
        var accessMode: Int32 = 0
        if !anonymous {
            let fl = wali_host_syscall(HOST_NR_fcntl, Int(fd), Int(F_GETFL), 0, 0, 0, 0)
            if fl < 0 || Int32(truncatingIfNeeded: fl) & 0o10000000 /* O_PATH */ != 0 { throw Errno.EBADF }
            accessMode = Int32(truncatingIfNeeded: fl) & 3 /* O_ACCMODE */
        }
        guard length > 0 else { throw Errno.EINVAL }
        let len = P.roundUp(length, P.pageSize)
        let pageOffset = UInt64(bitPattern: offset) >> 12
        if pageOffset &+ UInt64(len >> 12) < pageOffset { throw Errno(75) /* EOVERFLOW */ }
        let fixed = flags & (P.MAP_FIXED | P.MAP_FIXED_NOREPLACE) != 0
        let addr = Int(address)
        if fixed && addr & (P.pageSize - 1) != 0 { throw Errno.EINVAL }
        let shared: Bool
        switch flags & P.MAP_TYPE {
        case P.MAP_SHARED: shared = true
        case P.MAP_PRIVATE: shared = false
        case P.MAP_SHARED_VALIDATE where !anonymous:
            if flags & ~P.MAP_LEGACY_FLAGS != 0 { throw Errno.EOPNOTSUPP }
            shared = true
        default: throw Errno.EINVAL
        }
        if !anonymous {
            if accessMode == O_WRONLY { throw Errno.EACCES }
            if shared && prot & P.PROT_WRITE != 0 && accessMode != O_RDWR { throw Errno.EACCES }
        }
        let kind: Kind = anonymous ? (shared ? .sharedAnonymous : .anonymous)
            : .file(shared: shared, writable: shared && accessMode == O_RDWR)
        let hostMapped = kind.isHostMapped
        var span = len
        let alignment = hostMapped ? hostPageSize : P.pageSize
        if hostMapped && hostPageSize > P.pageSize {
            // A host mapping cannot start or end inside a host page.
            span = P.roundUp(len, hostPageSize)
            if offset % Int64(hostPageSize) != 0 || (fixed && addr % hostPageSize != 0) { throw Errno.EINVAL }
        }

        return try lock.withLock {
            adoptForeignGrowth()
            let start: Int
            if fixed {
                if addr < P.minFixedAddress { throw Errno.EPERM }
                if addr + span > growthLimit { throw Errno.ENOMEM }
                if flags & P.MAP_FIXED_NOREPLACE != 0 && (addr < floor || overlapsAny(addr, addr + span)) {
                    throw Errno.EEXIST
                }
                if addr + span > limit { try growMemory(to: addr + span) }
                try removeRange(addr, addr + span)
                // Below `floor` nothing is tracked: clear the module memory being replaced.
                if !hostMapped { zeroFill(addr, addr + span) }
                start = addr
            } else if addr != 0, addr % alignment == 0, addr >= floor, addr + span <= limit,
                      !overlapsAny(addr, addr + span) {
                start = addr // a free hint is honoured, as Linux does
            } else {
                start = try allocate(length: span, alignment: alignment)
            }
            if hostMapped {
                let hostFlags = P.MAP_FIXED | (anonymous ? P.MAP_SHARED | P.MAP_ANONYMOUS
                                               : (kind == .file(shared: true, writable: true) ? P.MAP_SHARED : P.MAP_PRIVATE))
                _ = try Host.syscall(HOST_NR_mmap, Host.arg(memory.base + start), span,
                                     Int(P.PROT_READ | P.PROT_WRITE), Int(hostFlags),
                                     anonymous ? -1 : Int(fd), anonymous ? 0 : Int(offset))
            }
            insert(Region(start: start, end: start + span, kind: kind, prot: prot, offset: anonymous ? 0 : offset))
            return UInt32(start)
        }
    }

    /// munmap. Ranges that are not mapped (and the module's own memory) are left alone, as
    /// Linux ignores holes.
    public func unmap(address: UInt32, length: Int) throws {
        let P = MemoryMappings.self
        let addr = Int(address)
        if addr & (P.pageSize - 1) != 0 || length > (1 << 32) - addr { throw Errno.EINVAL }
        let len = P.roundUp(length, P.pageSize)
        if len == 0 { throw Errno.EINVAL }
        try lock.withLock {
            adoptForeignGrowth()
            try removeRange(addr, min(addr + len, limit))
        }
    }

    /// mremap: returns the (possibly new) guest address.
    public func remap(address: UInt32, oldLength: Int, newLength: Int, flags: Int32, newAddress: UInt32) throws -> UInt32 {
        let P = MemoryMappings.self
        if flags & ~(P.MREMAP_MAYMOVE | P.MREMAP_FIXED | P.MREMAP_DONTUNMAP) != 0 { throw Errno.EINVAL }
        let mayMove = flags & P.MREMAP_MAYMOVE != 0
        if flags & (P.MREMAP_FIXED | P.MREMAP_DONTUNMAP) != 0 && !mayMove { throw Errno.EINVAL }
        let addr = Int(address)
        if addr & (P.pageSize - 1) != 0 { throw Errno.EINVAL }
        let oldLen = P.roundUp(oldLength, P.pageSize), newLen = P.roundUp(newLength, P.pageSize)
        let keepOld = flags & P.MREMAP_DONTUNMAP != 0
        if keepOld && oldLen != newLen { throw Errno.EINVAL }
        if newLen == 0 { throw Errno.EINVAL }
        // old_size 0 duplicates a shared mapping on Linux; not supported here.
        if oldLen == 0 { throw Errno.EINVAL }

        return try lock.withLock {
            adoptForeignGrowth()
            let i = firstIndex(endingAfter: addr)
            guard i < regions.count, regions[i].start <= addr, addr + oldLen <= regions[i].end else { throw Errno.EFAULT }
            let region = regions[i]
            let alignment = region.kind.isHostMapped ? hostPageSize : P.pageSize

            if flags & P.MREMAP_FIXED != 0 {
                let dest = Int(newAddress)
                if dest & (P.pageSize - 1) != 0 || dest % alignment != 0 { throw Errno.EINVAL }
                if dest < addr + oldLen && addr < dest + newLen { throw Errno.EINVAL }
                if dest < P.minFixedAddress { throw Errno.EPERM }
                if dest + newLen > growthLimit { throw Errno.ENOMEM }
                if dest + newLen > limit { try growMemory(to: dest + newLen) }
                try removeRange(dest, dest + newLen)
                if !region.kind.isHostMapped { zeroFill(dest, dest + newLen) }
                var moveLen = oldLen
                if newLen < oldLen {
                    try removeRange(addr + newLen, addr + oldLen)
                    moveLen = newLen
                }
                try move(region, from: addr, length: moveLen, to: dest, newLength: newLen, keepOld: keepOld)
                return UInt32(dest)
            }
            if newLen <= oldLen && !keepOld {
                if newLen < oldLen { try removeRange(addr + newLen, addr + oldLen) }
                return address
            }
            // Grow in place into a free following range (host mappings cannot be extended in place).
            let extensionStart = addr + oldLen, extensionEnd = addr + newLen
            if !keepOld && !region.kind.isHostMapped && extensionStart >= floor && extensionEnd <= growthLimit
                && !overlapsAny(extensionStart, extensionEnd) {
                if extensionEnd > limit { try growMemory(to: extensionEnd) }
                insert(Region(start: extensionStart, end: extensionEnd, kind: region.kind, prot: region.prot, offset: 0))
                return address
            }
            guard mayMove else { throw Errno.ENOMEM }
            let dest = try allocate(length: P.roundUp(newLen, alignment), alignment: alignment)
            try move(region, from: addr, length: oldLen, to: dest, newLength: newLen, keepOld: keepOld)
            return UInt32(dest)
        }
    }

    /// mprotect: validated and recorded; the engine keeps read/write access to linear memory.
    public func protect(address: UInt32, length: Int, prot: Int32) throws {
        let P = MemoryMappings.self
        let addr = Int(address)
        if addr & (P.pageSize - 1) != 0 { throw Errno.EINVAL }
        if length == 0 { return }
        let grows = prot & (P.PROT_GROWSDOWN | P.PROT_GROWSUP)
        if grows == P.PROT_GROWSDOWN | P.PROT_GROWSUP { throw Errno.EINVAL }
        let plain = prot & ~grows
        if plain & ~(P.PROT_READ | P.PROT_WRITE | P.PROT_EXEC | P.PROT_SEM) != 0 { throw Errno.EINVAL }
        let end = addr + P.roundUp(length, P.pageSize)
        try lock.withLock {
            adoptForeignGrowth()
            guard isMapped(addr, end) else { throw Errno.ENOMEM }
            if grows != 0 { throw Errno.EINVAL } // no region here grows
            for r in regions where r.start < end && r.end > addr {
                if case .file(shared: true, writable: false) = r.kind, plain & P.PROT_WRITE != 0 { throw Errno.EACCES }
            }
            let lo = max(addr, floor)
            guard lo < end else { return }
            splitAt(lo)
            splitAt(end)
            var i = firstIndex(endingAfter: lo)
            while i < regions.count && regions[i].start < end {
                regions[i].prot = plain
                i += 1
            }
            mergeAll(from: max(0, firstIndex(endingAfter: lo) - 1), through: i)
        }
    }

    /// madvise. DONTNEED/FREE zero private anonymous memory; on host mappings the advice goes to
    /// the host. Pure hints are accepted and ignored; fork-related advice is accepted and ignored
    /// (the engine's memory must survive a fork whole).
    public func advise(address: UInt32, length: Int, advice: Int32) throws {
        let P = MemoryMappings.self
        let hints: Set<Int32> = [0, 1, 2, 3, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 25]
        let discard: Set<Int32> = [4 /* DONTNEED */, 8 /* FREE */, 24 /* DONTNEED_LOCKED */]
        let remove: Int32 = 9
        if advice == 100 || advice == 101 { throw Errno.EPERM } // HWPOISON / SOFT_OFFLINE: privileged
        guard hints.contains(advice) || discard.contains(advice) || advice == remove else { throw Errno.EINVAL }
        let addr = Int(address)
        if addr & (P.pageSize - 1) != 0 { throw Errno.EINVAL }
        let len = P.roundUp(length, P.pageSize)
        if len == 0 { return }
        let end = addr + len
        try lock.withLock {
            adoptForeignGrowth()
            let mapped = isMapped(addr, end)
            if !hints.contains(advice) {
                // The module's own memory is private anonymous memory.
                for (s, e) in untrackedModuleMemory(addr, end) {
                    if advice == remove { throw Errno.EINVAL }
                    zeroFill(s, e)
                }
                for r in regions where r.start < end && r.end > addr {
                    let s = max(r.start, addr), e = min(r.end, end)
                    if r.kind.isHostMapped {
                        let hs = MemoryMappings.roundDown(s, hostPageSize), he = MemoryMappings.roundUp(e, hostPageSize)
                        _ = try Host.syscall(HOST_NR_madvise, Host.arg(memory.base + hs), he - hs, Int(advice))
                    } else if advice == remove {
                        throw Errno.EINVAL
                    } else {
                        zeroFill(s, e)
                    }
                }
            }
            if !mapped { throw Errno.ENOMEM }
        }
    }

    /// msync: host msync on shared file mappings in the range.
    public func sync(address: UInt32, length: Int, flags: Int32) throws {
        let P = MemoryMappings.self
        if flags & ~(P.MS_ASYNC | P.MS_INVALIDATE | P.MS_SYNC) != 0 { throw Errno.EINVAL }
        let addr = Int(address)
        if addr & (P.pageSize - 1) != 0 { throw Errno.EINVAL }
        if flags & P.MS_ASYNC != 0 && flags & P.MS_SYNC != 0 { throw Errno.EINVAL }
        let len = P.roundUp(length, P.pageSize)
        if len == 0 { return }
        let end = addr + len
        let targets: [(Int, Int)] = try lock.withLock {
            adoptForeignGrowth()
            guard isMapped(addr, end) else { throw Errno.ENOMEM }
            return regions.filter { $0.start < end && $0.end > addr && $0.kind.isHostMapped }
                .map { (max($0.start, addr), min($0.end, end)) }
        }
        for (s, e) in targets {
            let hs = P.roundDown(s, hostPageSize), he = P.roundUp(e, hostPageSize)
            _ = try Host.syscall(HOST_NR_msync, Host.arg(memory.base + hs), he - hs, Int(flags))
        }
    }

    /// brk: grows or shrinks the heap above `floor` while the range is free; otherwise (and for
    /// brk(0)) returns the current break unchanged, which is how Linux reports failure.
    public func brk(_ requested: UInt32) -> UInt32 {
        let P = MemoryMappings.self
        return lock.withLock {
            let req = Int(requested)
            guard req >= heapStart else { return UInt32(programBreak) }
            let oldEnd = P.roundUp(programBreak, P.pageSize), newEnd = P.roundUp(req, P.pageSize)
            if UInt64(newEnd - heapStart) > dataLimit.cur { return UInt32(programBreak) }
            if newEnd > oldEnd {
                adoptForeignGrowth()
                guard newEnd <= growthLimit, !overlapsAny(oldEnd, newEnd) else { return UInt32(programBreak) }
                if newEnd > limit {
                    do { try growMemory(to: newEnd) } catch { return UInt32(programBreak) }
                }
                insert(Region(start: oldEnd, end: newEnd, kind: .heap, prot: P.PROT_READ | P.PROT_WRITE, offset: 0))
            } else if newEnd < oldEnd {
                try? removeRange(newEnd, oldEnd, only: .heap)
            }
            programBreak = req
            return UInt32(programBreak)
        }
    }

    /// Runs `body` (the host fork) with no mapping change in progress. The map's lock is taken
    /// last: under it only memory growth is done (GuestMemory's lock).
    func withLockHeld<T>(_ body: () throws -> T) rethrows -> T { try lock.withLock { try memory.withGrowLockHeld(body) } }

    /// Schedules write-back of shared file mappings (exit). The host mappings are the file's
    /// pages, so nothing is lost without it; this only starts write-back early.
    public func syncAll() {
        guard hadSharedFileMappings else { return } // only ever set, under the lock
        let targets: [(Int, Int)] = lock.withLock {
            regions.filter { $0.kind == .file(shared: true, writable: true) }.map { ($0.start, $0.end) }
        }
        for (s, e) in targets {
            _ = wali_host_syscall(HOST_NR_msync, Host.arg(memory.base + s), e - s, Int(MemoryMappings.MS_ASYNC), 0, 0, 0)
        }
    }

    // MARK: Resource limits on the linear memory

    /// RLIMIT_AS (9) and RLIMIT_DATA (2) as the guest sees them; nil for other resources.
    public func limit(resource: Int32) -> (cur: UInt64, max: UInt64)? {
        lock.withLock {
            switch resource {
            case 9: return asLimit
            case 2: return dataLimit
            default: return nil
            }
        }
    }

    /// Sets RLIMIT_AS / RLIMIT_DATA: EINVAL if cur > max, EPERM when raising the hard limit
    /// without privilege (euid 0 stands for CAP_SYS_RESOURCE).
    public func setLimit(resource: Int32, _ value: (cur: UInt64, max: UInt64)) throws {
        if value.cur > value.max { throw Errno.EINVAL }
        try lock.withLock {
            let old = resource == 9 ? asLimit : dataLimit
            if value.max > old.max && geteuid() != 0 { throw Errno.EPERM }
            if resource == 9 { asLimit = value } else { dataLimit = value }
        }
    }

    // MARK: Introspection (tests, inspect)

    public var mappedRegions: [Region] { lock.withLock { regions } }
    public var currentBreak: UInt32 { lock.withLock { UInt32(programBreak) } }

    // MARK: Internals (called with the lock held)

    @inline(__always) static func roundUp(_ x: Int, _ a: Int) -> Int { (x + a - 1) & ~(a - 1) }
    @inline(__always) static func roundDown(_ x: Int, _ a: Int) -> Int { x & ~(a - 1) }

    /// The most memory mappings may use: the declared maximum, or the guest's RLIMIT_AS.
    private var growthLimit: Int { min(memory.maxByteCount, Int(clamping: asLimit.cur)) }

    /// Index of the first region that ends after `addr` (regions are sorted and disjoint, so
    /// their ends are sorted too).
    private func firstIndex(endingAfter addr: Int) -> Int {
        var lo = 0, hi = regions.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if regions[mid].end <= addr { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    private func overlapsAny(_ s: Int, _ e: Int) -> Bool {
        let i = firstIndex(endingAfter: s)
        return i < regions.count && regions[i].start < e
    }

    /// Whether [s, e) is all mapped: the module's memory below `floor` or tracked regions. The
    /// NULL page is never a mapping, as on Linux (mmap_min_addr).
    private func isMapped(_ s: Int, _ e: Int) -> Bool {
        if s < MemoryMappings.pageSize { return false }
        var cursor = max(s, floor)
        var i = firstIndex(endingAfter: cursor)
        while cursor < e {
            guard i < regions.count, regions[i].start <= cursor else { return false }
            cursor = regions[i].end
            i += 1
        }
        return true
    }

    /// The parts of [s, e) below `floor` that no region covers (the module's own memory, less
    /// the NULL page, which is not a mapping).
    private func untrackedModuleMemory(_ s: Int, _ e: Int) -> [(Int, Int)] {
        let top = min(e, floor)
        var result: [(Int, Int)] = []
        var cursor = max(s, MemoryMappings.pageSize)
        var i = firstIndex(endingAfter: s)
        while cursor < top {
            let next = i < regions.count ? min(regions[i].start, top) : top
            if cursor < next { result.append((cursor, next)) }
            guard i < regions.count else { break }
            cursor = max(cursor, regions[i].end)
            i += 1
        }
        return result
    }

    /// The lowest free gap of `length` bytes above `floor`, first fit.
    private func findGap(length: Int, alignment: Int) -> Int? {
        var cursor = floor
        var i = firstIndex(endingAfter: floor)
        while i < regions.count {
            let s = MemoryMappings.roundUp(cursor, alignment)
            if s + length <= regions[i].start { return s }
            cursor = max(cursor, regions[i].end)
            i += 1
        }
        let s = MemoryMappings.roundUp(cursor, alignment)
        return s + length <= limit ? s : nil
    }

    /// A free range for a new mapping: a gap, or the end of memory, grown.
    private func allocate(length: Int, alignment: Int) throws -> Int {
        if let s = findGap(length: length, alignment: alignment) { return s }
        let tail = max(floor, regions.last?.end ?? floor)
        let s = MemoryMappings.roundUp(tail, alignment)
        try growMemory(to: s + length)
        return s
    }

    private func growMemory(to end: Int) throws {
        guard end <= growthLimit else { throw Errno.ENOMEM }
        try memory.ensureSize(end)
        limit = max(limit, memory.byteCount)
    }

    /// Memory the guest grew by itself (memory.grow) is recorded so it is never handed out.
    private func adoptForeignGrowth() {
        let size = memory.byteCount
        if size > limit {
            insert(Region(start: limit, end: size, kind: .foreign, prot: MemoryMappings.PROT_READ | MemoryMappings.PROT_WRITE, offset: 0))
            limit = size
        }
    }

    private func canMerge(_ a: Region, _ b: Region) -> Bool {
        guard a.end == b.start, a.prot == b.prot, a.kind == b.kind else { return false }
        switch a.kind {
        case .anonymous, .heap, .foreign: return true
        case .sharedAnonymous, .file: return false // separate host objects
        }
    }

    private func insert(_ r: Region) {
        if r.kind == .file(shared: true, writable: true) { hadSharedFileMappings = true }
        let i = firstIndex(endingAfter: r.start)
        regions.insert(r, at: i)
        mergeAll(from: max(0, i - 1), through: i + 1)
    }

    /// Merges mergeable neighbours among regions[from...through].
    private func mergeAll(from: Int, through: Int) {
        var i = from
        var last = min(through, regions.count - 1)
        while i < last {
            if canMerge(regions[i], regions[i + 1]) {
                regions[i].end = regions[i + 1].end
                regions.remove(at: i + 1)
                last -= 1
            } else {
                i += 1
            }
        }
    }

    /// Splits the region that strictly contains `x`, if any.
    private func splitAt(_ x: Int) {
        let i = firstIndex(endingAfter: x)
        guard i < regions.count, regions[i].start < x else { return }
        var right = regions[i]
        right.offset += Int64(x - right.start)
        right.start = x
        regions[i].end = x
        regions.insert(right, at: i + 1)
    }

    /// Takes [s, e) out of the map (of regions of kind `only`, if given). With `release`, the
    /// memory becomes zero-filled private anonymous memory again; without, the caller has
    /// already moved it.
    private func removeRange(_ s: Int, _ e: Int, release: Bool = true, only: Kind? = nil) throws {
        guard s < e else { return }
        var i = firstIndex(endingAfter: s)
        if hostPageSize > MemoryMappings.pageSize {
            // A host mapping can only be cut at host page boundaries.
            var j = i
            while j < regions.count && regions[j].start < e {
                let r = regions[j]
                if r.kind.isHostMapped && (only == nil || only == r.kind)
                    && (max(s, r.start) % hostPageSize != 0 || min(e, r.end) % hostPageSize != 0) {
                    throw Errno.EINVAL
                }
                j += 1
            }
        }
        while i < regions.count && regions[i].start < e {
            let r = regions[i]
            if let only, r.kind != only {
                i += 1
                continue
            }
            let os = max(s, r.start), oe = min(e, r.end)
            if release {
                if r.kind.isHostMapped { restoreAnonymous(os, oe) } else { zeroFill(os, oe) }
            }
            var pieces: [Region] = []
            if r.start < os {
                var left = r
                left.end = os
                pieces.append(left)
            }
            if oe < r.end {
                var right = r
                right.offset = r.offset + Int64(oe - r.start)
                right.start = oe
                pieces.append(right)
            }
            regions.replaceSubrange(i...i, with: pieces)
            i += pieces.count
        }
    }

    /// Moves (part of) a region to `dest`, which is free and zero.
    private func move(_ region: Region, from: Int, length: Int, to dest: Int, newLength: Int, keepOld: Bool) throws {
        var moved = region
        moved.start = dest
        moved.end = dest + (region.kind.isHostMapped ? MemoryMappings.roundUp(newLength, hostPageSize) : newLength)
        moved.offset = region.offset + Int64(from - region.start)
        if region.kind.isHostMapped {
            // The host moves the mapping with its pages (private copies included) and, when it
            // grows, extends it from the file. The old range is a hole until anonymous memory is
            // put back right after.
            let hostFlags = Int(MemoryMappings.MREMAP_MAYMOVE | MemoryMappings.MREMAP_FIXED | (keepOld ? MemoryMappings.MREMAP_DONTUNMAP : 0))
            _ = try Host.syscall(HOST_NR_mremap, Host.arg(memory.base + from), length, moved.end - dest, hostFlags,
                                 Host.arg(memory.base + dest))
            if !keepOld {
                restoreAnonymous(from, from + length)
                try removeRange(from, from + length, release: false)
            }
        } else {
            memcpy(memory.base + dest, memory.base + from, length)
            if keepOld { zeroFill(from, from + length) } else { try removeRange(from, from + length) }
        }
        insert(moved)
    }

    /// Below this, clearing by hand is cheaper than dropping pages and faulting them back in.
    static let dropThreshold = 64 << 10

    /// Zeroes private anonymous memory: whole host pages of a large range are dropped (they come
    /// back as zero pages and stop counting as resident), the rest is cleared by hand.
    func zeroFill(_ s: Int, _ e: Int) {
        guard s < e else { return }
        let base = memory.base
        let hs = MemoryMappings.roundUp(s, hostPageSize), he = MemoryMappings.roundDown(e, hostPageSize)
        if hs < he && he - hs >= MemoryMappings.dropThreshold {
            memset(base + s, 0, hs - s)
            memset(base + he, 0, e - he)
            let r = wali_host_syscall(HOST_NR_madvise, Host.arg(base + hs), he - hs, Int(MADV_DONTNEED), 0, 0, 0)
            if r < 0 { memset(base + hs, 0, he - hs) }
        } else {
            memset(base + s, 0, e - s)
        }
    }

    /// Replaces a host mapping with zero-filled private anonymous memory.
    private func restoreAnonymous(_ s: Int, _ e: Int) {
        guard s < e else { return }
        let r = wali_host_syscall(HOST_NR_mmap, Host.arg(memory.base + s), e - s,
                                  Int(MemoryMappings.PROT_READ | MemoryMappings.PROT_WRITE),
                                  Int(MemoryMappings.MAP_FIXED | MemoryMappings.MAP_PRIVATE | MemoryMappings.MAP_ANONYMOUS | MemoryMappings.MAP_NORESERVE),
                                  -1, 0)
        precondition(r >= 0 || r < -4095, "cannot restore linear memory after unmapping a host mapping")
    }
}
