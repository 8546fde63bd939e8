/// `struct epoll_event`: the guest's is x86_64's packed 12-byte record {u32 events; u64 data}
/// (layouts.txt). Other 64-bit hosts (aarch64, riscv64) align `data` to 8, giving 16 bytes.
/// The record has no pointers; only this table differs between hosts.
public struct EpollEventLayout {
    public let size: Int
    public let dataOffset: Int

    public static let guest = EpollEventLayout(size: 12, dataOffset: 4)
    public static let packed = EpollEventLayout(size: 12, dataOffset: 4)
    public static let aligned = EpollEventLayout(size: 16, dataOffset: 8)

    #if arch(x86_64)
    public static let host = packed
    #else
    public static let host = aligned
    #endif

    /// Copies `count` records from one layout to another (events at offset 0 in both).
    public static func convert(count: Int, from source: UnsafeRawPointer, _ sourceLayout: EpollEventLayout,
                               to destination: UnsafeMutableRawPointer, _ destinationLayout: EpollEventLayout) {
        if sourceLayout.size == destinationLayout.size && sourceLayout.dataOffset == destinationLayout.dataOffset {
            destination.copyMemory(from: source, byteCount: count * sourceLayout.size)
            return
        }
        for i in 0..<count {
            let s = source + i * sourceLayout.size
            let d = destination + i * destinationLayout.size
            d.initializeMemory(as: UInt8.self, repeating: 0, count: destinationLayout.size)
            d.copyMemory(from: s, byteCount: 4)
            (d + destinationLayout.dataOffset).copyMemory(from: s + sourceLayout.dataOffset, byteCount: 8)
        }
    }
}
