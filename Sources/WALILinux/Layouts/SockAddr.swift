#if canImport(Glibc)
import Glibc
#endif

/// A socket address crossing the interface. Addresses hold no pointers (`sa_family_t` then
/// bytes), so the guest's bytes are the kernel's; they are still copied through this host-side
/// buffer, so the host kernel only ever writes where a range was checked, and a value-result
/// length is read from the guest exactly once.
struct SockAddrBuffer {
    /// sizeof(struct sockaddr_storage): the most the kernel reads or writes.
    static let capacity = 128
    private var storage = sockaddr_storage()
    /// The address length: the input length, or the host kernel's actual length after a call.
    private(set) var length = socklen_t(SockAddrBuffer.capacity)

    init() {}

    /// Copies an input address as Linux's move_addr_to_kernel does: EINVAL for a negative
    /// length or one beyond sockaddr_storage, EFAULT for a bad range.
    mutating func load(_ memory: GuestMemory, _ address: UInt32, length guestLength: UInt32) throws {
        let n = Int32(bitPattern: guestLength)
        guard n >= 0, Int(n) <= SockAddrBuffer.capacity else { throw Errno.EINVAL }
        if n > 0 {
            let source = try memory.pointer(address, count: Int(n))
            withUnsafeMutableBytes(of: &storage) { $0.baseAddress!.copyMemory(from: source, byteCount: Int(n)) }
        }
        length = socklen_t(n)
    }

    /// Copies a message name (msghdr.msg_name): Linux clamps an over-long length instead of
    /// failing.
    mutating func loadName(_ memory: GuestMemory, _ address: UInt32, length guestLength: UInt32) throws {
        let n = Int32(bitPattern: guestLength)
        guard n >= 0 else { throw Errno.EINVAL }
        try load(memory, address, length: UInt32(min(Int(n), SockAddrBuffer.capacity)))
    }

    /// Runs a host call that reads the address: `body(address, length)`.
    mutating func withInput(_ body: (Int, Int) throws -> Int64) rethrows -> Int64 {
        let n = Int(length)
        return try withUnsafeMutableBytes(of: &storage) { try body(Host.arg($0.baseAddress!), n) }
    }

    /// Runs a host call that fills the address: `body(address, pointer to length)`; the length
    /// starts at the capacity and holds the kernel's actual length afterwards.
    mutating func withResult(_ body: (Int, Int) throws -> Int64) rethrows -> Int64 {
        length = socklen_t(SockAddrBuffer.capacity)
        return try withUnsafeMutableBytes(of: &storage) { bytes in
            try withUnsafeMutablePointer(to: &length) { try body(Host.arg(bytes.baseAddress!), Host.arg($0)) }
        }
    }

    /// The host msghdr's view of this buffer: (msg_name, msg_namelen as capacity) for receiving.
    mutating func withRawStorage<R>(_ body: (UnsafeMutableRawPointer) throws -> R) rethrows -> R {
        try withUnsafeMutableBytes(of: &storage) { try body($0.baseAddress!) }
    }

    /// The address bytes and length as given (for the sandbox policy's destination checks).
    func withBytes<R>(_ body: (UnsafeRawBufferPointer, Int) throws -> R) rethrows -> R {
        try withUnsafeBytes(of: storage) { try body($0, Int(length)) }
    }

    /// Records the length the host kernel reported for a received name (recvmsg).
    mutating func setResultLength(_ n: Int) { length = socklen_t(max(0, min(n, Int(UInt32.max)))) }

    /// Hands the result to the guest as Linux's move_addr_to_user does: reads the guest's buffer
    /// length at `lengthAddress` (EFAULT; EINVAL if negative), copies min(that, actual) bytes to
    /// `address` (EFAULT), then stores the actual length.
    func store(_ memory: GuestMemory, _ address: UInt32, lengthAt lengthAddress: UInt32) throws {
        let requested = Int32(bitPattern: try memory.load(lengthAddress, as: UInt32.self))
        guard requested >= 0 else { throw Errno.EINVAL }
        let n = min(Int(requested), Int(length), SockAddrBuffer.capacity)
        if n > 0 {
            let destination = try memory.pointer(address, count: n)
            withUnsafeBytes(of: storage) { destination.copyMemory(from: $0.baseAddress!, byteCount: n) }
        }
        try memory.store(lengthAddress, UInt32(length))
    }
}

extension SockAddrBuffer {
    /// The path of a filesystem AF_UNIX address, NUL-terminated; nil for abstract and unnamed
    /// addresses and other families.
    func unixPath() -> [CChar]? {
        guard length > 2 else { return nil }
        return withUnsafeBytes(of: storage) { bytes -> [CChar]? in
            guard bytes.load(as: UInt16.self) == UInt16(AF_UNIX), bytes[2] != 0 else { return nil }
            let path = bytes[2..<Int(length)].prefix { $0 != 0 }
            return path.map { CChar(bitPattern: $0) } + [0]
        }
    }

    /// An AF_UNIX address for a host path (ENAMETOOLONG beyond sun_path's 108 bytes).
    init(unixPath path: [UInt8]) throws {
        guard path.count < 108 else { throw Errno.ENAMETOOLONG }
        self.init()
        withUnsafeMutableBytes(of: &storage) { bytes in
            bytes.storeBytes(of: UInt16(AF_UNIX), as: UInt16.self)
            for (k, b) in path.enumerated() { bytes[2 + k] = b }
            bytes[2 + path.count] = 0
        }
        length = socklen_t(2 + path.count + 1)
    }
}
