import CWALIHost
#if canImport(Glibc)
import Glibc
#endif

/// Errno values only the socket family uses.
enum SocketErrno {
    static let EMSGSIZE = Errno(90)
    static let ENOBUFS = Errno(105)
}

/// Socket syscalls. Addresses and option values hold no pointers (the guest's bytes are the
/// kernel's); they go through host buffers after their guest ranges are checked, so the host
/// kernel writes only where a check passed. `msghdr` is translated (Layouts/MsgHdr.swift).
/// Socket type flags (SOCK_NONBLOCK/SOCK_CLOEXEC), levels and option numbers are the same on
/// x86_64 and the generic 64-bit ABI, so they pass through.
public enum Sockets {
    static let SOL_SOCKET: Int32 = 1
    static let SO_ATTACH_FILTER: Int32 = 26 // also SO_GET_FILTER
    static let SO_ATTACH_REUSEPORT_CBPF: Int32 = 51

    public static func socket(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        if let policy = t.process.policyGuard { try policy.checkSocket(t, domain: a.int(0), type: a.int(1), protocol: a.int(2)) }
        return try Host.syscall(HOST_NR_socket, Int(a.int(0)), Int(a.int(1)), Int(a.int(2)))
    }

    public static func socketpair(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        // Linux checks the type flags, then writes sv (EFAULT) before creating the sockets.
        let typeFlags = a.int(1) & ~0xf
        if typeFlags & ~Int32(0o4000 | 0o2000000) == 0 { // only SOCK_NONBLOCK, SOCK_CLOEXEC
            _ = try t.memory.array(a.ptr(3), count: 2, of: Int32.self)
        }
        if let policy = t.process.policyGuard { try policy.checkSocket(t, domain: a.int(0), type: a.int(1), protocol: a.int(2)) }
        var fds: (Int32, Int32) = (-1, -1)
        _ = try withUnsafeMutablePointer(to: &fds) {
            try Host.syscall(HOST_NR_socketpair, Int(a.int(0)), Int(a.int(1)), Int(a.int(2)), Host.arg($0))
        }
        // Linux creates the pair first and releases it when sv cannot be written.
        do {
            try t.memory.array(a.ptr(3), count: 2, of: Int32.self).store([fds.0, fds.1])
        } catch {
            _ = Glibc.close(fds.0)
            _ = Glibc.close(fds.1)
            throw error
        }
        return 0
    }

    public static func bind(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        let fd = a.int(0)
        var address = SockAddrBuffer()
        try checkedAfterDescriptor(fd) { try address.load(t.memory, a.ptr(1), length: a.uint(2)) }
        if let policy = t.process.policyGuard { try policy.checkAddress(t, fd: fd, address, use: .bind) }
        if let r = try t.unixAddressUnderPolicy(address, bind: true, { try $0.withInput { try Host.syscall(HOST_NR_bind, Int(fd), $0, $1) } }) { return r }
        return try address.withInput { try Host.syscall(HOST_NR_bind, Int(fd), $0, $1) }
    }

    public static func connect(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        let fd = a.int(0)
        var address = SockAddrBuffer()
        // Linux looks the file up (EBADF) before copying the address, and asks whether it is a
        // socket only after.
        try checkedAfterDescriptor(fd, socket: false) { try address.load(t.memory, a.ptr(1), length: a.uint(2)) }
        if let policy = t.process.policyGuard { try policy.checkAddress(t, fd: fd, address, use: .connect) }
        if let r = try t.unixAddressUnderPolicy(address, bind: false, { rewritten in
            try t.blocking { try rewritten.withInput { try Host.syscall(HOST_NR_connect, Int(fd), $0, $1) } }
        }) { return r }
        return try t.blocking { try address.withInput { try Host.syscall(HOST_NR_connect, Int(fd), $0, $1) } }
    }

    public static func listen(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        if let policy = t.process.policyGuard { try policy.checkListen(t, fd: a.int(0)) }
        return try Host.syscall(HOST_NR_listen, Int(a.int(0)), Int(a.int(1)))
    }

    public static func shutdown(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        try Host.syscall(HOST_NR_shutdown, Int(a.int(0)), Int(a.int(1)))
    }

    public static func accept(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        try accept(t, fd: a.int(0), address: a.ptr(1), lengthAt: a.ptr(2), flags: 0)
    }

    public static func accept4(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        try accept(t, fd: a.int(0), address: a.ptr(1), lengthAt: a.ptr(2), flags: a.int(3))
    }

    /// Linux accepts first and copies the peer address after; when that copy fails the new
    /// connection is dropped and the call fails with EFAULT/EINVAL.
    static func accept(_ t: WALIThread, fd: Int32, address: UInt32, lengthAt: UInt32, flags: Int32) throws -> Int64 {
        if address == 0 {
            return try t.blocking { try Host.syscall(HOST_NR_accept4, Int(fd), 0, 0, Int(flags)) }
        }
        var peer = SockAddrBuffer()
        let newFD = try t.blocking { try peer.withResult { try Host.syscall(HOST_NR_accept4, Int(fd), $0, $1, Int(flags)) } }
        do {
            try peer.store(t.memory, address, lengthAt: lengthAt)
        } catch {
            _ = Glibc.close(Int32(newFD))
            throw error
        }
        return newFD
    }

    public static func getsockname(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        var name = SockAddrBuffer()
        _ = try name.withResult { try Host.syscall(HOST_NR_getsockname, Int(a.int(0)), $0, $1) }
        try name.store(t.memory, a.ptr(1), lengthAt: a.ptr(2))
        return 0
    }

    public static func getpeername(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        var name = SockAddrBuffer()
        _ = try name.withResult { try Host.syscall(HOST_NR_getpeername, Int(a.int(0)), $0, $1) }
        try name.store(t.memory, a.ptr(1), lengthAt: a.ptr(2))
        return 0
    }

    public static func sendto(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        let fd = a.int(0), length = a.size(2), flags = a.int(3), destination = a.ptr(4)
        let buffer = try t.memory.pointer(a.ptr(1), count: length)
        if destination == 0 {
            return try t.blocking {
                try Host.syscall(HOST_NR_sendto, Int(fd), Host.arg(buffer), length, Int(flags), 0, 0)
            }
        }
        var address = SockAddrBuffer()
        try checkedAfterDescriptor(fd) { try address.load(t.memory, destination, length: a.uint(5)) }
        if let policy = t.process.policyGuard { try policy.checkAddress(t, fd: fd, address, use: .send) }
        if let r = try t.unixAddressUnderPolicy(address, bind: false, { rewritten in
            try t.blocking { try rewritten.withInput { try Host.syscall(HOST_NR_sendto, Int(fd), Host.arg(buffer), length, Int(flags), $0, $1) } }
        }) { return r }
        return try t.blocking {
            try address.withInput { try Host.syscall(HOST_NR_sendto, Int(fd), Host.arg(buffer), length, Int(flags), $0, $1) }
        }
    }

    public static func recvfrom(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        let fd = a.int(0), length = a.size(2), flags = a.int(3), source = a.ptr(4)
        let buffer = try t.memory.pointer(a.ptr(1), count: length)
        if source == 0 {
            return try t.blocking {
                try Host.syscall(HOST_NR_recvfrom, Int(fd), Host.arg(buffer), length, Int(flags), 0, 0)
            }
        }
        var address = SockAddrBuffer()
        let received = try t.blocking {
            try address.withResult { try Host.syscall(HOST_NR_recvfrom, Int(fd), Host.arg(buffer), length, Int(flags), $0, $1) }
        }
        try address.store(t.memory, source, lengthAt: a.ptr(5))
        return received
    }

    public static func sendmsg(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        let fd = a.int(0), flags = a.int(2)
        var message = try checkedAfterDescriptor(fd) { try HostMessage(t.memory, a.ptr(1), receiving: false) }
        if let policy = t.process.policyGuard {
            if let destination = message.destination { try policy.checkAddress(t, fd: fd, destination, use: .send) }
            try policy.checkControlMessages(t, message.outgoingControlTypes)
        }
        if message.hasName, let r = try t.unixAddressUnderPolicy(message.name, bind: false, { rewritten in
            message.name = rewritten
            return try t.blocking { try message.withHost { try Host.syscall(HOST_NR_sendmsg, Int(fd), $0, Int(flags)) } }
        }) { return r }
        return try t.blocking { try message.withHost { try Host.syscall(HOST_NR_sendmsg, Int(fd), $0, Int(flags)) } }
    }

    public static func recvmsg(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        let fd = a.int(0), flags = a.int(2)
        var message = try checkedAfterDescriptor(fd) { try HostMessage(t.memory, a.ptr(1), receiving: true) }
        let received = try t.blocking { try message.withHost { try Host.syscall(HOST_NR_recvmsg, Int(fd), $0, Int(flags)) } }
        try message.storeResults(t.memory)
        return received
    }

    public static func setsockopt(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        let fd = a.int(0), level = a.int(1), option = a.int(2), value = a.ptr(3)
        let length = Int32(bitPattern: a.uint(4))
        guard length >= 0 else { throw Errno.EINVAL }
        if carriesHostPointers(level: level, option: option, get: false) { throw Errno(92) /* ENOPROTOOPT */ }
        if let policy = t.process.policyGuard { try policy.checkSocketOption(t, level: level, option: option) }
        if level == SOL_SOCKET && (option == SO_ATTACH_FILTER || option == SO_ATTACH_REUSEPORT_CBPF) {
            return try attachFilter(t, fd: fd, level: level, option: option, value: value, length: length)
        }
        // Option values hold no pointers; the kernel reads at most `length` bytes of them.
        let host = try checkedAfterDescriptor(fd) { try t.memory.optionalPointer(value, count: Int(length)) }
        return try Host.syscall(HOST_NR_setsockopt, Int(fd), Int(level), Int(option), Host.arg(host), Int(length))
    }

    /// Classic BPF programs: the guest's `struct sock_fprog` (`GuestSockFprog`) holds a 32-bit
    /// pointer; the host's a 64-bit one (16 bytes). The instructions themselves
    /// (`struct sock_filter`, 8 bytes) have no pointers.
    static func attachFilter(_ t: WALIThread, fd: Int32, level: Int32, option: Int32, value: UInt32, length: Int32) throws -> Int64 {
        // The host record (64-bit hosts): u16 len @0, pointer @8; 16 bytes.
        var program: (UInt64, UInt64) = (0, 0)
        try checkedAfterDescriptor(fd) {
            guard Int(length) == GuestSockFprog.guestSize else { throw Errno.EINVAL }
            let guest = try t.memory.load(value, as: GuestSockFprog.self)
            let instructions = try t.memory.array(guest.filter, count: Int(guest.length), of: GuestSockFilter.self)
            program = (UInt64(guest.length), UInt64(UInt(bitPattern: instructions.host)))
        }
        return try withUnsafeMutableBytes(of: &program) {
            try Host.syscall(HOST_NR_setsockopt, Int(fd), Int(level), Int(option), Host.arg($0.baseAddress!), $0.count)
        }
    }

    public static func getsockopt(_ t: WALIThread, _ a: SyscallArgs) throws -> Int64 {
        let fd = a.int(0), level = a.int(1), option = a.int(2), value = a.ptr(3), lengthAt = a.ptr(4)
        if carriesHostPointers(level: level, option: option, get: true) { throw Errno(92) /* ENOPROTOOPT */ }
        let requested = try checkedAfterDescriptor(fd) { Int32(bitPattern: try t.memory.load(lengthAt, as: UInt32.self)) }
        guard requested >= 0 else { throw Errno.EINVAL }
        // SO_GET_FILTER counts its length in 8-byte instructions, not bytes.
        let unit = level == SOL_SOCKET && option == SO_ATTACH_FILTER ? 8 : 1
        let capacity = min(Int(requested), 1 << 20) * unit
        // Some options read their input from the value buffer (IP_MSFILTER...): start from the
        // guest's bytes. The slack absorbs the few kernel paths that write past the length.
        var host = [UInt8](repeating: 0, count: capacity + 4096)
        if let guest = try? t.memory.pointer(value, count: capacity), capacity > 0 {
            host.withUnsafeMutableBytes { $0.baseAddress!.copyMemory(from: guest, byteCount: capacity) }
        }
        var hostLength = socklen_t(min(Int(requested), 1 << 20))
        _ = try host.withUnsafeMutableBytes { bytes in
            try withUnsafeMutablePointer(to: &hostLength) {
                try Host.syscall(HOST_NR_getsockopt, Int(fd), Int(level), Int(option), Host.arg(bytes.baseAddress!), Host.arg($0))
            }
        }
        // Never more than the guest asked for (some kernel paths report more than they copy).
        let written = min(Int(hostLength) * unit, capacity)
        if written > 0 {
            let guest = try t.memory.pointer(value, count: written)
            host.withUnsafeBytes { guest.copyMemory(from: $0.baseAddress!, byteCount: written) }
        }
        try t.memory.store(lengthAt, UInt32(hostLength))
        return 0
    }

    /// Options whose values hold user addresses the kernel would follow as host addresses
    /// (netfilter table replacement, ebtables entries, TCP zero-copy receive, AF_XDP umem,
    /// RDS memory registration). The guest cannot use them meaningfully, and passing them
    /// through would let it reach host memory outside linear memory: refused as unknown.
    static func carriesHostPointers(level: Int32, option: Int32, get: Bool) -> Bool {
        switch level {
        case 0, 41: // IPPROTO_IP, IPPROTO_IPV6: {ip,ip6,arp}tables replace, ebtables
            return get ? (option == 130 || option == 131) : [64, 96, 128, 129].contains(option)
        case 6: return get && option == 35 // TCP_ZEROCOPY_RECEIVE
        case 276, 283: return true // SOL_RDS, SOL_XDP
        default: return false
        }
    }

    /// Linux looks the descriptor up before it reads the guest's arguments: a bad descriptor
    /// (or, for most calls, a non-socket) is reported ahead of a bad address or length.
    @discardableResult
    static func checkedAfterDescriptor<R>(_ fd: Int32, socket: Bool = true, _ body: () throws -> R) throws -> R {
        do {
            return try body()
        } catch let error as Errno {
            if fcntl(fd, F_GETFD) < 0 { throw Errno.EBADF }
            if socket {
                var type: Int32 = 0
                var size = socklen_t(MemoryLayout<Int32>.size)
                if Glibc.getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &size) < 0 && errno == ENOTSOCK {
                    throw Errno.ENOTSOCK
                }
            }
            throw error
        }
    }
}
