import CWALIHost
#if canImport(Glibc)
import Glibc
#endif

/// `--net`, `--connect`, `--bind`: which sockets the guest may create and which addresses it may
/// bind, connect or send to. Refusals are EACCES, what Linux's security modules (Landlock's TCP
/// rules, SELinux) give for a socket or address a process may not use.
///
/// Under a policy the guest may create AF_UNIX sockets (their paths follow the filesystem
/// grants; abstract names need a network other than `none`) and, unless `--net none`, TCP and UDP sockets over IPv4/IPv6; every other family
/// (netlink, packet, ...), raw sockets and other protocols (SCTP, MPTCP, whose socket options
/// connect and bind too) are refused. Addresses are read the way the kernel reads them for the
/// socket's own family (an AF_INET socket takes an AF_UNSPEC sendto address as IPv4, an AF_INET6
/// one takes IPv4 and IPv4-mapped addresses), so no spelling of an address escapes the check.
public enum AddressUse: String { case bind, connect, send }

extension PolicyGuard {
    static let AF_UNSPEC: Int32 = 0, AF_UNIX: Int32 = 1, AF_INET: Int32 = 2, AF_INET6: Int32 = 10

    func checkSocket(_ t: WALIThread, domain: Int32, type: Int32, protocol: Int32) throws {
        let kind = type & 0xf
        let allowed: Bool
        switch domain {
        case PolicyGuard.AF_UNIX:
            allowed = true
        case PolicyGuard.AF_INET, PolicyGuard.AF_INET6:
            let tcp = kind == 1 /* SOCK_STREAM */ && (`protocol` == 0 || `protocol` == 6)
            let udp = kind == 2 /* SOCK_DGRAM */ && (`protocol` == 0 || `protocol` == 17)
            allowed = policy.network != .none && (tcp || udp)
        default:
            allowed = false
        }
        try t.enforce(allowed, .EACCES,
                      "socket(family \(domain), type \(kind), protocol \(`protocol`)) under --net \(policy.network.rawValue)")
    }

    /// bind, connect, sendto/sendmsg destinations on an IPv4/IPv6 socket.
    func checkAddress(_ t: WALIThread, fd: Int32, _ address: SockAddrBuffer, use: AddressUse) throws {
        guard destinationsRestricted, let domain = PolicyGuard.socketDomain(fd) else { return }
        if domain == PolicyGuard.AF_UNIX {
            // Paths follow the filesystem grants; the abstract namespace (a name starting with
            // NUL, or bind's autobind) is host-wide like loopback, so `--net none` closes it.
            let abstract = address.withBytes { bytes, length in
                length == 2 && use == .bind || length > 2 && bytes[2] == 0
            }
            try t.enforce(!abstract || policy.network != .none, .EACCES,
                          "\(use.rawValue) on an abstract AF_UNIX address under --net none")
            return
        }
        guard domain == PolicyGuard.AF_INET || domain == PolicyGuard.AF_INET6 else {
            try t.enforce(false, .EACCES, "\(use.rawValue) on a socket of family \(domain)")
            return
        }
        switch address.withBytes({ PolicyGuard.parse(domain: domain, $0, length: $1, use: use) }) {
        case .noDestination, .malformed:
            return // no address given, or one the kernel refuses itself (EINVAL)
        case .unknownFamily(let family):
            try t.enforce(false, .EACCES, "\(use.rawValue) with an address of family \(family)")
        case .endpoint(let endpoint):
            try t.enforce(permits(endpoint, use), .EACCES, "\(use.rawValue) \(endpoint) (\(ruleDescription(use)))")
            if use == .send && policy.network == .loopback {
                PolicyGuard.bindUnboundDatagramToLoopback(fd, domain: domain, destination: endpoint)
            }
        }
    }

    /// An unbound UDP socket that sends is bound by the kernel to the wildcard address, where
    /// datagrams from anywhere reach it; under `--net loopback` it is bound to loopback instead.
    static func bindUnboundDatagramToLoopback(_ fd: Int32, domain: Int32, destination: NetworkEndpoint) {
        var type: Int32 = 0
        var size = socklen_t(MemoryLayout<Int32>.size)
        guard getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &size) == 0, type == 2 /* SOCK_DGRAM */ else { return }
        var name = SockAddrBuffer()
        guard (try? name.withResult({ try Host.syscall(HOST_NR_getsockname, Int(fd), $0, $1) })) != nil,
              case .endpoint(let local) = name.withBytes({ parse(domain: domain, $0, length: $1, use: .bind) }),
              local.port == 0 else { return }
        if domain == AF_INET {
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = UInt32(0x7f00_0001).bigEndian
            _ = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
        } else {
            // ::1, or ::ffff:127.0.0.1 for an IPv4 destination (the socket then speaks IPv4).
            var address = sockaddr_in6()
            address.sin6_family = sa_family_t(AF_INET6)
            let bytes: [UInt8] = destination.address.count == 4
                ? [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 127, 0, 0, 1] : [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]
            withUnsafeMutableBytes(of: &address.sin6_addr) { $0.copyBytes(from: bytes) }
            _ = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in6>.size)) }
            }
        }
    }

    /// listen() on an unbound socket binds it to the wildcard address: the bound address must
    /// be one `bind` could have named.
    func checkListen(_ t: WALIThread, fd: Int32) throws {
        guard destinationsRestricted, let domain = PolicyGuard.socketDomain(fd),
              domain == PolicyGuard.AF_INET || domain == PolicyGuard.AF_INET6 else { return }
        var name = SockAddrBuffer()
        guard (try? name.withResult({ try Host.syscall(HOST_NR_getsockname, Int(fd), $0, $1) })) != nil else { return }
        if case .endpoint(let endpoint) = name.withBytes({ PolicyGuard.parse(domain: domain, $0, length: $1, use: .bind) }) {
            try t.enforce(permits(endpoint, .bind), .EACCES, "listen on \(endpoint) (\(ruleDescription(.bind)))")
        }
    }

    /// IP source routing picks the next hop itself (the first hop need not be the destination).
    func checkSocketOption(_ t: WALIThread, level: Int32, option: Int32) throws {
        guard destinationsRestricted else { return }
        try t.enforce(!PolicyGuard.isSourceRoute(level: level, type: option), .EACCES,
                      "IP source-route option \(option) (it chooses where packets go)")
    }

    func checkControlMessages(_ t: WALIThread, _ types: [(level: Int32, type: Int32)]) throws {
        guard destinationsRestricted else { return }
        for (level, type) in types where PolicyGuard.isSourceRoute(level: level, type: type, control: true) {
            try t.enforce(false, .EACCES, "IP source-route control message \(type) (it chooses where packets go)")
        }
    }

    static func isSourceRoute(level: Int32, type: Int32, control: Bool = false) -> Bool {
        switch level {
        case 0: return type == (control ? 7 /* IP_RETOPTS */ : 4 /* IP_OPTIONS */)
        case 41: return type == 57 /* IPV6_RTHDR */ || type == 5 /* IPV6_2292RTHDR */
        default: return false
        }
    }

    func permits(_ endpoint: NetworkEndpoint, _ use: AddressUse) -> Bool {
        let list = use == .bind ? bindRules : connectRules
        if !list.isEmpty { return list.contains { $0.admits(endpoint) } }
        switch policy.network {
        case .all: return true
        case .loopback: return endpoint.isLoopback
        case .none: return false
        }
    }

    func ruleDescription(_ use: AddressUse) -> String {
        let list = use == .bind ? policy.bindAllow : policy.connectAllow
        if !list.isEmpty { return "--\(use == .bind ? "bind" : "connect") " + list.joined(separator: ", ") }
        return "--net \(policy.network.rawValue)"
    }

    enum ParsedAddress {
        case noDestination
        case malformed
        case unknownFamily(Int32)
        case endpoint(NetworkEndpoint)
    }

    /// An address as the kernel reads it for a socket of `domain` (AF_INET or AF_INET6).
    static func parse(domain: Int32, _ bytes: UnsafeRawBufferPointer, length: Int, use: AddressUse) -> ParsedAddress {
        guard length >= 2 else { return .malformed }
        let family = Int32(UInt16(bytes[0]) | UInt16(bytes[1]) << 8)
        // connect(AF_UNSPEC) dissolves the association; an AF_INET6 socket sends an AF_UNSPEC
        // address to its connected peer. (An AF_INET socket reads AF_UNSPEC as IPv4.)
        if family == AF_UNSPEC && (use == .connect || (domain == AF_INET6 && use == .send)) { return .noDestination }
        let port = UInt16(bytes[2]) << 8 | UInt16(bytes[3])
        if domain == AF_INET || family == AF_INET {
            guard length >= 16 else { return .malformed }
            return .endpoint(NetworkEndpoint(address: Array(bytes[4..<8]), port: port))
        }
        guard family == AF_INET6 else { return .unknownFamily(family) }
        guard length >= 24 else { return .malformed }
        return .endpoint(NetworkEndpoint(address: Array(bytes[8..<24]), port: port))
    }

    /// The socket's family (SO_DOMAIN), or nil when `fd` is not a socket (the kernel answers).
    static func socketDomain(_ fd: Int32) -> Int32? {
        var domain: Int32 = 0
        var size = socklen_t(MemoryLayout<Int32>.size)
        return getsockopt(fd, SOL_SOCKET, 39 /* SO_DOMAIN */, &domain, &size) == 0 ? domain : nil
    }
}
