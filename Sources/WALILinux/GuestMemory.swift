#if canImport(Glibc)
import Glibc
#endif

/// The guest's linear memory as the Linux interface sees it: a stable host base address and a
/// committed size that only grows. Every guest pointer is checked here before the host touches
/// it; an unchecked host access on a guest's behalf is a bug.
///
/// Engine-independent: a tier supplies the base, a way to read the current size, and a way to
/// grow (both tiers reserve the full 32-bit range up front, so the base never moves).
public final class GuestMemory: @unchecked Sendable {
    public static let wasmPageSize = 65536
    public let base: UnsafeMutableRawPointer
    /// The most bytes the memory may ever have (its declared maximum).
    public let maxByteCount: Int
    private let currentSize: () -> Int
    private let growPages: (Int) -> Int
    /// Serializes growth through the engine, and is held across fork (WALIProcess.withForkLocks):
    /// a tier's grow may take a lock of its own (WasmKit's shared memory takes a
    /// Synchronization.Mutex), which a child must not inherit held by another thread.
    private let growLock = Mutex()

    /// - Parameters:
    ///   - currentSize: the committed size in bytes, read at every check (memory may grow concurrently).
    ///   - grow: grows by a number of Wasm pages; returns the old page count or -1.
    public init(base: UnsafeMutableRawPointer, maxByteCount: Int,
                currentSize: @escaping () -> Int, grow: @escaping (Int) -> Int) {
        self.base = base
        self.maxByteCount = maxByteCount
        self.currentSize = currentSize
        self.growPages = grow
    }

    public var byteCount: Int { currentSize() }

    /// Grows by `pages` Wasm pages, atomically with respect to other growers; returns the old
    /// page count, or -1 past the maximum.
    public func grow(pages: Int) -> Int { growLock.withLock { growPages(pages) } }

    /// Runs `body` (the host fork) with no growth in progress.
    func withGrowLockHeld<T>(_ body: () throws -> T) rethrows -> T { try growLock.withLock(body) }

    /// Grows the memory so that it is at least `bytes` long. Throws ENOMEM past the maximum.
    public func ensureSize(_ bytes: Int) throws {
        let current = byteCount
        if bytes <= current { return }
        guard bytes <= maxByteCount else { throw Errno.ENOMEM }
        let pages = (bytes - current + GuestMemory.wasmPageSize - 1) / GuestMemory.wasmPageSize
        if grow(pages: pages) < 0 && byteCount < bytes { throw Errno.ENOMEM }
    }

    // MARK: Checked access

    /// A host pointer for `count` bytes at guest address `address`, or EFAULT.
    /// A zero-length range is always valid (as the kernel never touches it); a NULL guest pointer
    /// with a non-zero length is EFAULT, as on Linux.
    @inline(__always)
    public func pointer(_ address: UInt32, count: Int) throws -> UnsafeMutableRawPointer {
        if count == 0 { return base + Int(address) }
        guard address != 0, count > 0, count <= byteCount - Int(address) else { throw Errno.EFAULT }
        return base + Int(address)
    }

    /// Like `pointer`, but NULL means "absent" (an optional out-parameter) and gives nil.
    @inline(__always)
    public func optionalPointer(_ address: UInt32, count: Int) throws -> UnsafeMutableRawPointer? {
        address == 0 ? nil : try pointer(address, count: count)
    }

    /// Reads a `T` through its guest layout (EFAULT if outside memory).
    public func load<T: GuestLayout>(_ address: UInt32, as: T.Type = T.self) throws -> T {
        try GuestPtr<T>(self, address).load()
    }

    /// Writes a `T` through its guest layout (EFAULT if outside memory).
    public func store<T: GuestLayout>(_ address: UInt32, _ value: T) throws {
        try GuestPtr<T>(self, address).store(value)
    }

    /// A NUL-terminated string at `address`, at most `limit` bytes before the NUL.
    /// EFAULT if the memory ends first, ENAMETOOLONG if the limit is reached (path semantics).
    public func cString(_ address: UInt32, limit: Int = 4096) throws -> [CChar] {
        guard address != 0 else { throw Errno.EFAULT }
        let size = byteCount
        let start = Int(address)
        guard start < size else { throw Errno.EFAULT }
        let available = size - start
        let scan = min(available, limit)
        let p = (base + start).assumingMemoryBound(to: CChar.self)
        for i in 0..<scan where p[i] == 0 {
            return Array(UnsafeBufferPointer(start: p, count: i + 1))
        }
        throw available <= limit ? Errno.EFAULT : Errno.ENAMETOOLONG
    }

    /// A path argument (NUL-terminated, PATH_MAX including the NUL).
    public func path(_ address: UInt32) throws -> [CChar] { try cString(address, limit: 4096) }

    /// A path argument's bytes (before the NUL) in linear memory, without copying; the same
    /// errors as `path`. Another guest thread may change them: callers copy them at once.
    public func pathBytes(_ address: UInt32) throws -> UnsafeRawBufferPointer {
        guard address != 0 else { throw Errno.EFAULT }
        let start = Int(address), size = byteCount
        guard start < size else { throw Errno.EFAULT }
        let available = size - start
        let scan = min(available, 4096)
        guard let nul = memchr(base + start, 0, scan) else {
            throw available <= 4096 ? Errno.EFAULT : Errno.ENAMETOOLONG
        }
        return UnsafeRawBufferPointer(start: base + start, count: nul - (base + start))
    }

    /// Reads a string for display (strace); never throws, truncates.
    public func displayString(_ address: UInt32, max: Int = 64) -> String? {
        guard address != 0, Int(address) < byteCount else { return nil }
        let avail = min(byteCount - Int(address), max)
        let p = (base + Int(address)).assumingMemoryBound(to: UInt8.self)
        var bytes: [UInt8] = []
        for i in 0..<avail {
            if p[i] == 0 { return String(decoding: bytes, as: UTF8.self) }
            bytes.append(p[i])
        }
        return String(decoding: bytes, as: UTF8.self) + "..."
    }
}
