/// A WASI preview 1 `errno` (witx `$errno`, u16). WASI numbers its errors differently from
/// Linux, so every failure of the Linux interface is translated here, in one place.
public struct WASIErrno: Error, Equatable, CustomStringConvertible {
    public let code: UInt16
    public init(_ code: UInt16) { self.code = code }

    public static let success = WASIErrno(0), toobig = WASIErrno(1), acces = WASIErrno(2)
    public static let again = WASIErrno(6), badf = WASIErrno(8), exist = WASIErrno(20)
    public static let fault = WASIErrno(21), inval = WASIErrno(28), io = WASIErrno(29)
    public static let isdir = WASIErrno(31), loop = WASIErrno(32), nametoolong = WASIErrno(37)
    public static let noent = WASIErrno(44), nosys = WASIErrno(52), notdir = WASIErrno(54)
    public static let notempty = WASIErrno(55), notsock = WASIErrno(57), notsup = WASIErrno(58)
    public static let perm = WASIErrno(63), rofs = WASIErrno(69), spipe = WASIErrno(70)
    public static let xdev = WASIErrno(75), notcapable = WASIErrno(76)

    /// The witx names, by code.
    static let names = [
        "success", "2big", "acces", "addrinuse", "addrnotavail", "afnosupport", "again", "already",
        "badf", "badmsg", "busy", "canceled", "child", "connaborted", "connrefused", "connreset",
        "deadlk", "destaddrreq", "dom", "dquot", "exist", "fault", "fbig", "hostunreach", "idrm",
        "ilseq", "inprogress", "intr", "inval", "io", "isconn", "isdir", "loop", "mfile", "mlink",
        "msgsize", "multihop", "nametoolong", "netdown", "netreset", "netunreach", "nfile", "nobufs",
        "nodev", "noent", "noexec", "nolck", "nolink", "nomem", "nomsg", "noprotoopt", "nospc",
        "nosys", "notconn", "notdir", "notempty", "notrecoverable", "notsock", "notsup", "notty",
        "nxio", "overflow", "ownerdead", "perm", "pipe", "proto", "protonosupport", "prototype",
        "range", "rofs", "spipe", "srch", "stale", "timedout", "txtbsy", "xdev", "notcapable",
    ]

    public var description: String { Int(code) < Self.names.count ? Self.names[Int(code)] : "errno(\(code))" }

    /// The WASI errno for a Linux one (x86_64 numbering, the interface's `Errno`). Linux errors
    /// WASI has no name for become `io`.
    public init(linux e: Errno) {
        self.init(Self.fromLinux[Int(e.rawValue)] ?? 29)
    }

    static let fromLinux: [Int: UInt16] = [
        1: 63, 2: 44, 3: 71, 4: 27, 5: 29, 6: 60, 7: 1, 8: 45, 9: 8, 10: 12, 11: 6, 12: 48,
        13: 2, 14: 21, 16: 10, 17: 20, 18: 75, 19: 43, 20: 54, 21: 31, 22: 28, 23: 41, 24: 33,
        25: 59, 26: 74, 27: 22, 28: 51, 29: 70, 30: 69, 31: 34, 32: 64, 33: 18, 34: 68, 35: 16,
        36: 37, 37: 46, 38: 52, 39: 55, 40: 32, 42: 49, 43: 24, 67: 47, 71: 65, 72: 36, 74: 9,
        75: 61, 84: 25, 88: 57, 89: 17, 90: 35, 91: 67, 92: 50, 93: 66, 95: 58, 97: 5, 98: 3,
        99: 4, 100: 38, 101: 40, 102: 39, 103: 13, 104: 15, 105: 42, 106: 30, 107: 53, 110: 73,
        111: 14, 113: 23, 114: 7, 115: 26, 116: 72, 122: 19, 125: 11, 130: 62, 131: 56,
    ]
}
