#if canImport(Glibc)
import Glibc
#endif

/// `struct iovec` in the guest: { u32 iov_base; u32 iov_len } (8 bytes); the host's is 16.
public struct GuestIOVec: GuestLayout, Equatable {
    public var base: UInt32
    public var length: UInt32
    public init(base: UInt32, length: UInt32) {
        self.base = base
        self.length = length
    }

    public static var guestSize: Int { 8 }
    public static var guestAlignment: Int { 4 }
    public static func load(from p: UnsafeRawPointer) -> GuestIOVec {
        GuestIOVec(base: p.loadGuestField(at: 0), length: p.loadGuestField(at: 4))
    }
    public func store(to p: UnsafeMutableRawPointer) {
        p.storeGuestField(base, at: 0)
        p.storeGuestField(length, at: 4)
    }

    /// Linux's UIO_MAXIOV.
    public static let maxCount = 1024

    /// Translates `count` guest iovecs at `address` into host iovecs pointing into linear
    /// memory, checking every buffer. EINVAL for a negative or too large count, EFAULT for a bad
    /// array or buffer, EINVAL if the total overflows ssize_t as Linux does.
    public static func host(_ memory: GuestMemory, _ address: UInt32, count: Int32) throws -> [iovec] {
        guard count >= 0, Int(count) <= maxCount else { throw Errno.EINVAL }
        if count == 0 { return [] }
        let array = try memory.array(address, count: Int(count), of: GuestIOVec.self)
        var result = [iovec]()
        result.reserveCapacity(Int(count))
        var total = 0
        for i in 0..<array.count {
            let entry = array[i].load()
            let len = Int(entry.length)
            total += len
            guard total <= Int(Int32.max) else { throw Errno.EINVAL }
            let p = try memory.pointer(entry.base, count: len)
            result.append(iovec(iov_base: p, iov_len: len))
        }
        return result
    }
}
