/// A Linux errno value (x86_64 numbering, which is also the WALI ABI's).
/// Handlers throw it; the dispatcher turns it into the `-errno` result the guest sees.
public struct Errno: Error, Equatable, Hashable, CustomStringConvertible {
    public let rawValue: Int32
    public init(_ rawValue: Int32) { self.rawValue = rawValue }

    public static let EPERM = Errno(1), ENOENT = Errno(2), ESRCH = Errno(3), EINTR = Errno(4)
    public static let EIO = Errno(5), ENXIO = Errno(6), E2BIG = Errno(7), ENOEXEC = Errno(8)
    public static let EBADF = Errno(9), ECHILD = Errno(10), EAGAIN = Errno(11), ENOMEM = Errno(12)
    public static let EACCES = Errno(13), EFAULT = Errno(14), EBUSY = Errno(16), EEXIST = Errno(17)
    public static let EXDEV = Errno(18), ENODEV = Errno(19), ENOTDIR = Errno(20), EISDIR = Errno(21)
    public static let EINVAL = Errno(22), ENFILE = Errno(23), EMFILE = Errno(24), ENOTTY = Errno(25)
    public static let EFBIG = Errno(27), ENOSPC = Errno(28), ESPIPE = Errno(29), EROFS = Errno(30)
    public static let EPIPE = Errno(32), ERANGE = Errno(34), ENAMETOOLONG = Errno(36)
    public static let ENOSYS = Errno(38), ENOTEMPTY = Errno(39), ELOOP = Errno(40)
    public static let ENOTSOCK = Errno(88), EOPNOTSUPP = Errno(95), ETIMEDOUT = Errno(110)
    public static let ERESTARTSYS = Errno(512)

    public var name: String {
        let i = Int(rawValue)
        return i > 0 && i < Errno.names.count ? Errno.names[i] : "E\(rawValue)"
    }
    public var description: String { name }

    static let names: [String] = [
        "0", "EPERM", "ENOENT", "ESRCH", "EINTR", "EIO", "ENXIO", "E2BIG", "ENOEXEC", "EBADF",
        "ECHILD", "EAGAIN", "ENOMEM", "EACCES", "EFAULT", "ENOTBLK", "EBUSY", "EEXIST", "EXDEV",
        "ENODEV", "ENOTDIR", "EISDIR", "EINVAL", "ENFILE", "EMFILE", "ENOTTY", "ETXTBSY", "EFBIG",
        "ENOSPC", "ESPIPE", "EROFS", "EMLINK", "EPIPE", "EDOM", "ERANGE", "EDEADLK", "ENAMETOOLONG",
        "ENOLCK", "ENOSYS", "ENOTEMPTY", "ELOOP", "E41", "ENOMSG", "EIDRM", "ECHRNG", "EL2NSYNC",
        "EL3HLT", "EL3RST", "ELNRNG", "EUNATCH", "ENOCSI", "EL2HLT", "EBADE", "EBADR", "EXFULL",
        "ENOANO", "EBADRQC", "EBADSLT", "E58", "EBFONT", "ENOSTR", "ENODATA", "ETIME", "ENOSR",
        "ENONET", "ENOPKG", "EREMOTE", "ENOLINK", "EADV", "ESRMNT", "ECOMM", "EPROTO", "EMULTIHOP",
        "EDOTDOT", "EBADMSG", "EOVERFLOW", "ENOTUNIQ", "EBADFD", "EREMCHG", "ELIBACC", "ELIBBAD",
        "ELIBSCN", "ELIBMAX", "ELIBEXEC", "EILSEQ", "ERESTART", "ESTRPIPE", "EUSERS", "ENOTSOCK",
        "EDESTADDRREQ", "EMSGSIZE", "EPROTOTYPE", "ENOPROTOOPT", "EPROTONOSUPPORT",
        "ESOCKTNOSUPPORT", "EOPNOTSUPP", "EPFNOSUPPORT", "EAFNOSUPPORT", "EADDRINUSE",
        "EADDRNOTAVAIL", "ENETDOWN", "ENETUNREACH", "ENETRESET", "ECONNABORTED", "ECONNRESET",
        "ENOBUFS", "EISCONN", "ENOTCONN", "ESHUTDOWN", "ETOOMANYREFS", "ETIMEDOUT", "ECONNREFUSED",
        "EHOSTDOWN", "EHOSTUNREACH", "EALREADY", "EINPROGRESS", "ESTALE", "EUCLEAN", "ENOTNAM",
        "ENAVAIL", "EISNAM", "EREMOTEIO", "EDQUOT", "ENOMEDIUM", "EMEDIUMTYPE", "ECANCELED",
        "ENOKEY", "EKEYEXPIRED", "EKEYREVOKED", "EKEYREJECTED", "EOWNERDEAD", "ENOTRECOVERABLE",
        "ERFKILL", "EHWPOISON",
    ]
}
