#if canImport(Glibc)
import Glibc
#endif

/// Whole-file host I/O for the engine's own files (modules, env files): short reads and writes
/// and EINTR are handled here, once.
public enum HostIO {
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
    public static func readAll(_ fd: Int32) throws(Errno) -> [UInt8] {
        var bytes = [UInt8]()
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
