/// Pointer-free records the kernel fills in whole: `struct rusage`, `struct sysinfo`,
/// `struct utsname`. The guest's layouts are the x86_64 kernel's, which is the generic LP64
/// layout every 64-bit Linux host (x86_64, aarch64, riscv64) uses, so the host's bytes are
/// copied as they are. A host with another layout would translate here.
public enum GuestKernelRecord {
    /// `struct rusage` as the kernel writes it: two timevals and 14 longs (144 bytes; the libc's
    /// 272-byte struct only adds reserved space).
    public static let rusageSize = 144
    /// `struct sysinfo` as the kernel writes it on LP64 (112 bytes; libc pads to 368).
    public static let sysinfoSize = 112
    /// `struct utsname`: six 65-byte strings.
    public static let utsnameSize = 390

    /// Runs a host call that fills a record of `size` bytes, then copies it to the guest.
    public static func fill(_ memory: GuestMemory, _ address: UInt32, size: Int,
                            _ call: (UnsafeMutableRawPointer) throws -> Int64) throws -> Int64 {
        let scratch = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 16)
        defer { scratch.deallocate() }
        scratch.initializeMemory(as: UInt8.self, repeating: 0, count: size)
        let result = try call(scratch)
        let p = try memory.pointer(address, count: size)
        p.copyMemory(from: scratch, byteCount: size)
        return result
    }
}
