import CWALIHost
#if canImport(Glibc)
import Glibc
#endif

/// Whole-file host I/O for the engine's own files (modules, env files): short reads and writes
/// and EINTR are handled here, once.
public enum HostIO {
    /// Writes out the engine's buffered standard-stream output, if it has any (before fork, so
    /// it is not written twice, and at exit). Checking first keeps a fork child that has nothing
    /// to flush from writing libc's stream locks.
    public static func flushStandardStreams() {
        if wali_stdio_has_pending_output() != 0 { fflush(nil) }
    }

    /// Writes every byte, retrying short writes and EINTR.
    public static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) throws(Errno) {
        var offset = 0
        while offset < bytes.count {
            let n = write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                throw Errno(errno)
            }
            offset += n
        }
    }

    /// Everything `fd` yields until end of file.
    /// `expectedSize` (e.g. from fstat) sizes the buffer up front, so a large file is read
    /// straight into it: no chunk copies, no regrowth (a 2 MB module is read at every start).
    public static func readAll(_ fd: Int32, expectedSize: Int = 0) throws(Errno) -> [UInt8] {
        var bytes = [UInt8]()
        if expectedSize > 0 {
            // One byte more than expected, so a file that grew is seen as not at its end yet.
            let capacity = expectedSize + 1
            var failure: Int32 = 0
            bytes = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, count in
                while count < capacity {
                    let n = read(fd, buffer.baseAddress! + count, capacity - count)
                    if n < 0 {
                        if errno == EINTR { continue }
                        failure = errno
                        return
                    }
                    if n == 0 { return }
                    count += n
                }
            }
            if failure != 0 { throw Errno(failure) }
            if bytes.count < capacity { return bytes }
        }
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw Errno(errno)
            }
            if n == 0 { return bytes }
            bytes += chunk[0..<n]
        }
    }
}
