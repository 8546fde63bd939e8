#if canImport(Glibc)
import Glibc
#endif

/// `struct msghdr` in the guest (musl with 64-bit long, 32-bit pointers; 36 bytes, layouts.txt):
/// name u32 @0, namelen u32 @4, iov u32 @8, iovlen int @12 (+pad), control u32 @20,
/// controllen u32 @24 (+pad), flags int @32. The kernel's size_t fields become a 32-bit value
/// and a pad word, which is ignored on input and zeroed on output.
struct GuestMsgHdr: GuestLayout {
    var name: UInt32
    var nameLength: UInt32
    var iov: UInt32
    var iovCount: UInt32
    var control: UInt32
    var controlLength: UInt32
    var flags: Int32

    static let nameLengthOffset = 4
    static let controlLengthOffset = 24
    static let flagsOffset = 32
    static var guestSize: Int { 36 }
    static var guestAlignment: Int { 4 }

    static func load(from p: UnsafeRawPointer) -> GuestMsgHdr {
        GuestMsgHdr(name: p.loadGuestField(at: 0), nameLength: p.loadGuestField(at: nameLengthOffset),
                    iov: p.loadGuestField(at: 8), iovCount: p.loadGuestField(at: 12),
                    control: p.loadGuestField(at: 20), controlLength: p.loadGuestField(at: controlLengthOffset),
                    flags: p.loadGuestField(at: flagsOffset))
    }
    func store(to p: UnsafeMutableRawPointer) {
        p.storeGuestField(name, at: 0)
        p.storeGuestField(nameLength, at: GuestMsgHdr.nameLengthOffset)
        p.storeGuestField(iov, at: 8)
        p.storeGuestField(iovCount, at: 12)
        p.storeGuestField(UInt32(0), at: 16)
        p.storeGuestField(control, at: 20)
        p.storeGuestField(controlLength, at: GuestMsgHdr.controlLengthOffset)
        p.storeGuestField(UInt32(0), at: 28)
        p.storeGuestField(flags, at: GuestMsgHdr.flagsOffset)
    }
}

extension GuestPtr where Pointee == GuestMsgHdr {
    var nameLength: GuestPtr<UInt32> { field(at: GuestMsgHdr.nameLengthOffset) }
    /// msg_controllen with its pad word: the kernel's size_t.
    var controlLength: GuestPtr<UInt64> { field(at: GuestMsgHdr.controlLengthOffset) }
    var flags: GuestPtr<Int32> { field(at: GuestMsgHdr.flagsOffset) }
}

/// Control messages. musl's guest `struct cmsghdr` is {socklen_t cmsg_len; int pad; int level;
/// int type} (16 bytes) and its CMSG_NXTHDR steps by cmsg_len rounded up to sizeof(long) = 8:
/// the same walk as the kernel's {size_t cmsg_len; int level; int type} on every 64-bit host.
/// Only the pad differs, read by the host as the high half of cmsg_len: outgoing headers get it
/// zeroed (as musl's own sendmsg does); incoming ones are written by the host with it zero.
/// The payloads (fds, ucred, timeval with 64-bit time_t) hold no pointers.
enum GuestControlMessages {
    static let headerSize = 16
    /// Above any control length Linux accepts (net.core.optmem_max), so ENOBUFS either way.
    static let maxLength = 1 << 20

    /// A host copy of an outgoing control buffer, checked as Linux's sendmsg does: ENOBUFS past
    /// INT_MAX (or any sane size), EFAULT for a bad range.
    static func outgoing(_ memory: GuestMemory, _ address: UInt32, length: UInt32) throws -> [UInt8] {
        guard length <= UInt32(Int32.max), Int(length) <= maxLength else { throw SocketErrno.ENOBUFS }
        if length == 0 { return [] }
        let source = try memory.pointer(address, count: Int(length))
        var bytes = [UInt8](UnsafeRawBufferPointer(start: source, count: Int(length)))
        // The kernel's walk: a header fits, and the next starts at the 8-aligned end of this one.
        var offset = 0
        while offset + headerSize <= bytes.count {
            for i in 4..<8 { bytes[offset + i] = 0 }
            let cmsgLength = Int(UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8
                | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24)
            if cmsgLength < headerSize { break } // the kernel rejects it: EINVAL
            try EngineFDs.checkRights(bytes, at: offset, length: cmsgLength)
            offset += (cmsgLength + 7) & ~7
        }
        return bytes
    }
}

/// A guest msghdr translated for host sendmsg/recvmsg: iovecs point into linear memory (checked),
/// the name goes through a host buffer, the control buffer is a sanitized copy (sending) or the
/// guest's checked buffer in place (receiving).
struct HostMessage {
    let headerPointer: GuestPtr<GuestMsgHdr>
    let header: GuestMsgHdr
    let receiving: Bool
    var name = SockAddrBuffer()
    let hasName: Bool
    private var iovecs: [iovec]
    private var outgoingControl: [UInt8] = []
    private var incomingControl: UnsafeMutableRawPointer? = nil

    /// Reads and checks the guest's msghdr in Linux's order (copy_msghdr_from_user): header
    /// (EFAULT), name length (EINVAL) and bytes (EFAULT), iovec count (EMSGSIZE), iovecs
    /// (EFAULT/EINVAL), then the control buffer.
    init(_ memory: GuestMemory, _ address: UInt32, receiving: Bool) throws {
        headerPointer = try memory.ptr(address)
        header = headerPointer.load()
        self.receiving = receiving
        let nameLength = header.name == 0 ? 0 : Int32(bitPattern: header.nameLength)
        guard nameLength >= 0 else { throw Errno.EINVAL }
        if receiving {
            hasName = header.name != 0
        } else {
            hasName = header.name != 0 && nameLength != 0
            if hasName { try name.loadName(memory, header.name, length: header.nameLength) }
        }
        guard header.iovCount <= UInt32(GuestIOVec.maxCount) else { throw SocketErrno.EMSGSIZE }
        iovecs = try GuestIOVec.host(memory, header.iov, count: Int32(header.iovCount))
        if receiving {
            incomingControl = header.controlLength == 0 ? nil
                : try memory.pointer(header.control, count: Int(header.controlLength))
        } else {
            outgoingControl = try GuestControlMessages.outgoing(memory, header.control, length: header.controlLength)
        }
    }

    /// Runs a host call with the host msghdr; afterwards (receiving) the name length, flags and
    /// control length are kept for `storeResults`.
    mutating func withHost(_ body: (Int) throws -> Int64) throws -> Int64 {
        var result: Int64 = 0
        var flags: Int32 = 0
        var controlUsed = 0
        var nameLength = 0
        // Local copies: the nested pointer scopes must not overlap accesses to self.
        var nameBuffer = name
        var iovArray = iovecs
        var control = outgoingControl
        let wantsName = hasName
        let receiving = self.receiving
        let hostNameLength = receiving ? socklen_t(SockAddrBuffer.capacity) : name.length
        let incoming = incomingControl
        let controlLength = Int(header.controlLength)
        try nameBuffer.withRawStorage { nameStorage in
            try iovArray.withUnsafeMutableBufferPointer { iov in
                try control.withUnsafeMutableBytes { outgoing in
                    var h = msghdr()
                    if wantsName {
                        h.msg_name = nameStorage
                        h.msg_namelen = hostNameLength
                    }
                    h.msg_iov = iov.baseAddress
                    h.msg_iovlen = iov.count
                    if receiving {
                        h.msg_control = incoming
                        h.msg_controllen = incoming == nil ? 0 : controlLength
                    } else if outgoing.count > 0 {
                        h.msg_control = outgoing.baseAddress
                        h.msg_controllen = outgoing.count
                    }
                    result = try withUnsafeMutablePointer(to: &h) { try body(Host.arg($0)) }
                    flags = h.msg_flags
                    controlUsed = h.msg_controllen
                    nameLength = Int(h.msg_namelen)
                }
            }
        }
        if !receiving { return result }
        if wantsName { nameBuffer.setResultLength(nameLength) }
        name = nameBuffer
        receivedFlags = flags
        receivedControlLength = controlUsed
        return result
    }

    /// The destination an outgoing message names (msg_name), for the sandbox policy.
    var destination: SockAddrBuffer? { !receiving && hasName ? name : nil }

    /// (level, type) of each outgoing control message, walked as the kernel walks them.
    var outgoingControlTypes: [(level: Int32, type: Int32)] {
        var result: [(level: Int32, type: Int32)] = []
        var offset = 0
        let bytes = outgoingControl
        func word(_ at: Int) -> UInt32 {
            UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24
        }
        while offset + GuestControlMessages.headerSize <= bytes.count {
            let length = Int(word(offset))
            if length < GuestControlMessages.headerSize { break }
            result.append((Int32(bitPattern: word(offset + 8)), Int32(bitPattern: word(offset + 12))))
            offset += (length + 7) & ~7
        }
        return result
    }

    private(set) var receivedFlags: Int32 = 0
    private(set) var receivedControlLength = 0

    /// recvmsg's write-back, in Linux's order: the name (move_addr_to_user semantics against
    /// msg_namelen), msg_flags, msg_controllen.
    func storeResults(_ memory: GuestMemory) throws {
        if hasName {
            try name.store(memory, header.name, lengthAt: headerPointer.nameLength.address)
        }
        headerPointer.flags.store(receivedFlags)
        headerPointer.controlLength.store(UInt64(UInt32(truncatingIfNeeded: receivedControlLength)))
    }
}
