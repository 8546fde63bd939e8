/// Typed guest pointers: a guest address checked once against linear memory for the size of
/// what it points to, then read and written through its layout (in the spirit of wasmtime's
/// wiggle). Structure layouts live under `Layouts/`.

/// A guest structure's byte layout: its size and natural alignment in the guest (wasm32, 64-bit
/// `long`, the x86_64 kernel's records) and how a value is read from and written to those bytes.
/// Loads and stores are unaligned and little-endian.
public protocol GuestLayout {
    /// Bytes the value occupies in the guest.
    static var guestSize: Int { get }
    /// The guest's natural alignment. Recorded, not enforced: x86_64 Linux accepts unaligned
    /// structures in syscalls (a native program passing an unaligned timespec works), so a
    /// misaligned pointer is no EFAULT. Where Linux does check (futex words: EINVAL), the
    /// handler asks `isGuestAligned` itself, in Linux's order.
    static var guestAlignment: Int { get }
    /// Reads a value from `guestSize` checked bytes.
    static func load(from bytes: UnsafeRawPointer) -> Self
    /// Writes the value into `guestSize` checked bytes.
    func store(to bytes: UnsafeMutableRawPointer)
}

extension GuestLayout {
    /// Whether `address` has the layout's natural alignment.
    @inline(__always)
    public static func isGuestAligned(_ address: UInt32) -> Bool { address % UInt32(guestAlignment) == 0 }
}

// Integers are layouts of their own size and alignment.
extension GuestLayout where Self: FixedWidthInteger {
    public static var guestSize: Int { MemoryLayout<Self>.size }
    public static var guestAlignment: Int { MemoryLayout<Self>.size }
    @inline(__always)
    public static func load(from bytes: UnsafeRawPointer) -> Self { Self(littleEndian: bytes.loadUnaligned(as: Self.self)) }
    @inline(__always)
    public func store(to bytes: UnsafeMutableRawPointer) { bytes.storeBytes(of: littleEndian, as: Self.self) }
}

extension UInt8: GuestLayout {}
extension Int8: GuestLayout {}
extension UInt16: GuestLayout {}
extension Int16: GuestLayout {}
extension UInt32: GuestLayout {}
extension Int32: GuestLayout {}
extension UInt64: GuestLayout {}
extension Int64: GuestLayout {}

/// Field access for layouts: little-endian integers at a byte offset, any alignment.
extension UnsafeRawPointer {
    @inline(__always)
    public func loadGuestField<T: GuestLayout>(at offset: Int, as type: T.Type = T.self) -> T {
        T.load(from: self + offset)
    }
}

extension UnsafeMutableRawPointer {
    @inline(__always)
    public func storeGuestField<T: GuestLayout>(_ value: T, at offset: Int) {
        value.store(to: self + offset)
    }
}

/// A guest pointer to one `Pointee`, checked: its `guestSize` bytes lie inside linear memory.
/// Memory only grows, so the check holds for the pointer's lifetime.
public struct GuestPtr<Pointee: GuestLayout> {
    /// The guest address.
    public let address: UInt32
    /// Where the checked bytes are in the host: for passing a pointer-free record to the host
    /// kernel in place.
    public let host: UnsafeMutableRawPointer

    /// Checks `address` (EFAULT for NULL or a range past the committed size).
    @inline(__always)
    public init(_ memory: GuestMemory, _ address: UInt32) throws {
        self.address = address
        host = try memory.pointer(address, count: Pointee.guestSize)
    }

    @inline(__always)
    init(checkedAddress address: UInt32, host: UnsafeMutableRawPointer) {
        self.address = address
        self.host = host
    }

    @inline(__always) public func load() -> Pointee { Pointee.load(from: host) }
    @inline(__always) public func store(_ value: Pointee) { value.store(to: host) }

    /// The member of type `T` at byte `offset`, inside the checked range (an engine invariant).
    @inline(__always)
    public func field<T: GuestLayout>(at offset: Int, as type: T.Type = T.self) -> GuestPtr<T> {
        precondition(offset >= 0 && offset + T.guestSize <= Pointee.guestSize, "field outside its structure")
        return GuestPtr<T>(checkedAddress: address &+ UInt32(offset), host: host + offset)
    }
}

/// A guest pointer to `count` consecutive `Element`s, checked as a whole (count * size bytes,
/// overflow included). An empty array is always valid and never touched, even at NULL.
public struct GuestArray<Element: GuestLayout> {
    public let address: UInt32
    public let count: Int
    /// The checked bytes in the host, for passing a pointer-free array to the host kernel in place.
    public let host: UnsafeMutableRawPointer

    /// Checks the array: EFAULT for a negative count, a byte size that overflows, NULL with a
    /// non-zero count, or a range past the committed size. Callers check Linux's own count
    /// limits (EINVAL) first.
    public init(_ memory: GuestMemory, _ address: UInt32, count: Int) throws {
        guard count >= 0 else { throw Errno.EFAULT }
        let (bytes, overflow) = count.multipliedReportingOverflow(by: Element.guestSize)
        guard !overflow else { throw Errno.EFAULT }
        self.address = address
        self.count = count
        host = try memory.pointer(address, count: bytes)
    }

    public var byteCount: Int { count * Element.guestSize }

    /// The element at `index` (an engine invariant: inside the array).
    @inline(__always)
    public subscript(index: Int) -> GuestPtr<Element> {
        precondition(index >= 0 && index < count, "index outside the array")
        let offset = index * Element.guestSize
        return GuestPtr(checkedAddress: address &+ UInt32(truncatingIfNeeded: offset), host: host + offset)
    }

    /// Every element, in order.
    public func loadAll() -> [Element] { (0..<count).map { self[$0].load() } }

    /// Writes `values` to the first `values.count` elements.
    public func store(_ values: [Element]) {
        precondition(values.count <= count, "more values than elements")
        for (i, value) in values.enumerated() { self[i].store(value) }
    }
}

extension GuestMemory {
    /// A checked pointer to a `T` at `address`: EFAULT for NULL or a range outside memory.
    @inline(__always)
    public func ptr<T: GuestLayout>(_ address: UInt32, to type: T.Type = T.self) throws -> GuestPtr<T> {
        try GuestPtr(self, address)
    }

    /// Like `ptr`, but NULL means "absent" (an optional argument) and gives nil.
    @inline(__always)
    public func optionalPtr<T: GuestLayout>(_ address: UInt32, to type: T.Type = T.self) throws -> GuestPtr<T>? {
        address == 0 ? nil : try GuestPtr(self, address)
    }

    /// A checked array of `count` `T`s at `address` (see `GuestArray`).
    @inline(__always)
    public func array<T: GuestLayout>(_ address: UInt32, count: Int, of type: T.Type = T.self) throws -> GuestArray<T> {
        try GuestArray(self, address, count: count)
    }

    /// Like `array`, but NULL means "absent" and gives nil.
    @inline(__always)
    public func optionalArray<T: GuestLayout>(_ address: UInt32, count: Int, of type: T.Type = T.self) throws -> GuestArray<T>? {
        address == 0 ? nil : try GuestArray(self, address, count: count)
    }

    // MARK: Byte buffers handed to the kernel in place

    /// The host address of a plain byte buffer (read/write data, readlink, getdents, an ioctl
    /// or fcntl record) that the host kernel reads or fills in place, checked late: a buffer
    /// outside linear memory becomes `unreachableAddress`, so the host kernel reports EFAULT
    /// itself, after the checks it makes first (bad fd, wrong mode, negative offset), and the
    /// guest sees Linux's error order. Structures the engine reads itself go through `GuestPtr`.
    @inline(__always)
    public func kernelBuffer(_ address: UInt32, count: Int) -> Int {
        if let p = try? pointer(address, count: count) { return Int(bitPattern: p) }
        return GuestMemory.unreachableAddress
    }

    /// The top page of the address space: kernel space on every 64-bit host, so a host syscall
    /// given it fails with EFAULT and never touches memory outside the guest's.
    public static let unreachableAddress = Int(bitPattern: UInt(0xFFFF_FFFF_FFFF_F000))
}
