/// What a SA_SIGINFO handler receives, built by the engine in linear memory: siginfo_t, then
/// the guest's ucontext_t. Frames nest (a handler interrupted by another signal), one after
/// another in a page the engine takes for the thread.
public struct GuestSignalFrame: GuestLayout {
    /// siginfo_t as the host kernel filled it (128 bytes, the same on every Linux host and
    /// pointer-free for the signals delivered here).
    public var info: [UInt8]
    public var context: GuestUContext

    public init(info: [UInt8], context: GuestUContext) {
        self.info = info
        self.context = context
    }

    public static let infoSize = 128
    public static let contextOffset = 128
    /// siginfo (128) + ucontext_t (920), rounded up to 64.
    public static var guestSize: Int { 1088 }
    public static var guestAlignment: Int { 8 }
    /// Frames that fit the thread's page: deeper nesting would overflow a native stack.
    public static let maxDepth = GuestMemory.wasmPageSize / guestSize

    public static func load(from p: UnsafeRawPointer) -> GuestSignalFrame {
        GuestSignalFrame(info: Array(UnsafeRawBufferPointer(start: p, count: infoSize)),
                         context: p.loadGuestField(at: contextOffset))
    }
    public func store(to p: UnsafeMutableRawPointer) {
        p.initializeMemory(as: UInt8.self, repeating: 0, count: GuestSignalFrame.guestSize)
        info.prefix(GuestSignalFrame.infoSize).withUnsafeBytes { bytes in
            if let source = bytes.baseAddress { p.copyMemory(from: source, byteCount: bytes.count) }
        }
        p.storeGuestField(context, at: GuestSignalFrame.contextOffset)
    }
}

/// The guest's ucontext_t (musl, wasm32 with 64-bit long; 920 bytes): uc_flags u64 @0, uc_link
/// u32 @8, uc_stack stack_t @12, uc_mcontext (256 bytes) @24, uc_sigmask @280 (musl's 128-byte
/// sigset_t, of which the kernel's 8 bytes are used), then the FP state. The engine fills in the
/// alternate stack and the mask; everything else is zero.
public struct GuestUContext: GuestLayout {
    public var stack: GuestStack
    public var sigmask: UInt64

    public init(stack: GuestStack, sigmask: UInt64) {
        self.stack = stack
        self.sigmask = sigmask
    }

    public static let stackOffset = 12
    public static let sigmaskOffset = 280
    public static var guestSize: Int { 920 }
    public static var guestAlignment: Int { 8 }

    public static func load(from p: UnsafeRawPointer) -> GuestUContext {
        GuestUContext(stack: p.loadGuestField(at: stackOffset), sigmask: p.loadGuestField(at: sigmaskOffset))
    }
    public func store(to p: UnsafeMutableRawPointer) {
        p.initializeMemory(as: UInt8.self, repeating: 0, count: GuestUContext.guestSize)
        p.storeGuestField(stack, at: GuestUContext.stackOffset)
        p.storeGuestField(sigmask, at: GuestUContext.sigmaskOffset)
    }
}

extension GuestPtr where Pointee == GuestSignalFrame {
    public var context: GuestPtr<GuestUContext> { field(at: GuestSignalFrame.contextOffset) }
}

extension GuestPtr where Pointee == GuestUContext {
    public var sigmask: GuestPtr<UInt64> { field(at: GuestUContext.sigmaskOffset) }
}
