#if canImport(Glibc)
import Glibc
#endif

/// `struct iovec` in the guest: { u32 iov_base; u32 iov_len } (8 bytes); the host's is 16.
public enum GuestIOVec {
    public static let size = 8
    /// Linux's UIO_MAXIOV.
    public static let maxCount = 1024

    /// Translates `count` guest iovecs at `address` into host iovecs pointing into linear
    /// memory, checking every buffer. EINVAL for a negative or too large count, EFAULT for a bad
    /// array or buffer, EINVAL if the total overflows ssize_t as Linux does.
    public static func host(_ memory: GuestMemory, _ address: UInt32, count: Int32) throws -> [iovec] {
        guard count >= 0, Int(count) <= maxCount else { throw Errno.EINVAL }
        if count == 0 { return [] }
        let array = try memory.pointer(address, count: Int(count) * size)
        var result = [iovec]()
        result.reserveCapacity(Int(count))
        var total = 0
        for i in 0..<Int(count) {
            let base = UInt32(littleEndian: array.loadUnaligned(fromByteOffset: i * size, as: UInt32.self))
            let len = Int(UInt32(littleEndian: array.loadUnaligned(fromByteOffset: i * size + 4, as: UInt32.self)))
            total += len
            guard total <= Int(Int32.max) else { throw Errno.EINVAL }
            let p = try memory.pointer(base, count: len)
            result.append(iovec(iov_base: p, iov_len: len))
        }
        return result
    }
}
