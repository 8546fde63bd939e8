/// The guest's address-space map inside linear memory (mmap/munmap/mremap/brk bookkeeping).
public final class MemoryMappings: @unchecked Sendable {
    public let memory: GuestMemory
    let lock = Mutex()

    public init(memory: GuestMemory) {
        self.memory = memory
    }

    /// Flushes shared file mappings (exit).
    public func syncAll() {}
}
