import CWALIHost
#if canImport(Glibc)
import Glibc
#endif

/// sock_* calls on sockets the guest holds (WASI preview 1 can neither create nor connect one:
/// they come inherited, as with wasmtime's --tcplisten).
enum WASISockets {
    static let socketRights = WASIFlags.fdRead | WASIFlags.fdWrite | WASIFlags.fdFdstatSetFlags | WASIFlags.fdFilestatGet
        | WASIFlags.pollFdReadwrite | WASIFlags.sockShutdown | WASIFlags.sockAccept

    static func socket(_ c: WASIContext, _ fd: UInt32, _ rights: UInt64) throws -> Int32 {
        let d = try c.descriptor(fd, rights)
        let st = try WASIFiles.hostStat(d.host)
        guard st.st_mode & S_IFMT == S_IFSOCK else { throw WASIErrno.notsock }
        return d.host
    }

    static func accept(_ c: WASIContext, _ t: WALIThread, _ a: WASIArgs) throws {
        let host = try socket(c, a.u32(0), WASIFlags.sockAccept)
        let flags = a.u16(1)
        guard flags & ~WASIFlags.nonblock == 0 else { throw WASIErrno.inval }
        let extra = SOCK_CLOEXEC.rawValue | (flags & WASIFlags.nonblock != 0 ? SOCK_NONBLOCK.rawValue : 0)
        let accepted = try t.blocking { try Host.syscall(HOST_NR_accept4, Int(host), 0, 0, Int(extra)) }
        let number = c.insert(WASIContext.Descriptor(host: Int32(accepted), rightsBase: socketRights, rightsInheriting: 0))
        try c.memory.store(a.u32(2), number)
    }

    static func recv(_ c: WASIContext, _ t: WALIThread, _ a: WASIArgs) throws {
        let host = try socket(c, a.u32(0), WASIFlags.fdRead)
        var iov = try WASIFiles.iovecs(c, a.u32(1), a.u32(2))
        let wasiFlags = a.u16(3)
        guard wasiFlags & ~3 == 0 else { throw WASIErrno.inval }
        var flags: Int32 = 0
        if wasiFlags & 1 != 0 { flags |= Int32(MSG_PEEK) }
        if wasiFlags & 2 != 0 { flags |= Int32(MSG_WAITALL) }
        var truncated = false
        let n = try iov.withUnsafeMutableBufferPointer { b in
            try t.blocking {
                var message = msghdr()
                message.msg_iov = b.baseAddress
                message.msg_iovlen = b.count
                let n = try hostCheck(recvmsg(host, &message, flags))
                truncated = message.msg_flags & Int32(MSG_TRUNC) != 0
                return Int64(n)
            }
        }
        try c.memory.store(a.u32(4), UInt32(n))
        try c.memory.store(a.u32(5), UInt16(truncated ? 1 : 0))
    }

    static func send(_ c: WASIContext, _ t: WALIThread, _ a: WASIArgs) throws {
        let host = try socket(c, a.u32(0), WASIFlags.fdWrite)
        var iov = try WASIFiles.iovecs(c, a.u32(1), a.u32(2))
        guard a.u16(3) == 0 else { throw WASIErrno.inval }
        let n = try iov.withUnsafeMutableBufferPointer { b in
            try t.blocking {
                var message = msghdr()
                message.msg_iov = b.baseAddress
                message.msg_iovlen = b.count
                // WASI has no SIGPIPE: a closed peer is the EPIPE error.
                return Int64(try hostCheck(sendmsg(host, &message, Int32(MSG_NOSIGNAL))))
            }
        }
        try c.memory.store(a.u32(4), UInt32(n))
    }

    static func shutdown(_ c: WASIContext, _ t: WALIThread, _ a: WASIArgs) throws {
        let host = try socket(c, a.u32(0), WASIFlags.sockShutdown)
        let how: Int32
        switch a.u32(1) & 0xff {
        case 1: how = Int32(SHUT_RD)
        case 2: how = Int32(SHUT_WR)
        case 3: how = Int32(SHUT_RDWR)
        default: throw WASIErrno.inval
        }
        _ = try hostCheck(Glibc.shutdown(host, how))
    }
}
