/// Pointer-free kernel structures whose guest layout is the x86_64 one but whose host layout
/// depends on the host architecture. Each is described as a field table, so supporting another
/// host only takes its table; the copying code is shared.

/// One field: where it lives in the guest record and in the host kernel's record.
public struct FieldMapping: Equatable {
    public let name: String
    public let guestOffset: Int
    public let guestSize: Int
    public let hostOffset: Int
    public let hostSize: Int
    /// Whether a narrower host value is sign-extended (else zero-extended).
    public let signed: Bool

    public init(_ name: String, guest: (Int, Int), host: (Int, Int), signed: Bool = false) {
        self.name = name
        self.guestOffset = guest.0
        self.guestSize = guest.1
        self.hostOffset = host.0
        self.hostSize = host.1
        self.signed = signed
    }

    /// Same offset and size on both sides.
    public init(_ name: String, _ offset: Int, _ size: Int, signed: Bool = false) {
        self.init(name, guest: (offset, size), host: (offset, size), signed: signed)
    }
}

/// A host kernel record translated into the guest's x86_64 record, field by field.
public struct StructTranslation {
    public let guestSize: Int
    public let hostSize: Int
    public let fields: [FieldMapping]
    /// True when the host record is byte-for-byte the guest's (x86_64 host): a plain copy.
    public let identical: Bool

    public init(guestSize: Int, hostSize: Int, fields: [FieldMapping]) {
        self.guestSize = guestSize
        self.hostSize = hostSize
        self.fields = fields
        self.identical = guestSize == hostSize && fields.allSatisfy {
            $0.guestOffset == $0.hostOffset && $0.guestSize == $0.hostSize
        }
    }

    /// Writes the guest record (`guestSize` bytes at `guest`) from the host record at `host`.
    /// Bytes no field covers (padding, reserved words) are zero.
    public func toGuest(host: UnsafeRawPointer, guest: UnsafeMutableRawPointer) {
        if identical {
            guest.copyMemory(from: host, byteCount: guestSize)
            return
        }
        guest.initializeMemory(as: UInt8.self, repeating: 0, count: guestSize)
        for f in fields {
            if f.guestSize == f.hostSize && f.guestSize > 8 { // arrays (spare words, fsid)
                (guest + f.guestOffset).copyMemory(from: host + f.hostOffset, byteCount: f.guestSize)
                continue
            }
            let value = StructTranslation.load(host + f.hostOffset, size: f.hostSize, signed: f.signed)
            StructTranslation.store(guest + f.guestOffset, size: f.guestSize, value)
        }
    }

    static func load(_ p: UnsafeRawPointer, size: Int, signed: Bool) -> UInt64 {
        switch size {
        case 1: let v = p.load(as: UInt8.self); return signed ? UInt64(bitPattern: Int64(Int8(bitPattern: v))) : UInt64(v)
        case 2: let v = UInt16(littleEndian: p.loadUnaligned(as: UInt16.self))
            return signed ? UInt64(bitPattern: Int64(Int16(bitPattern: v))) : UInt64(v)
        case 4: let v = UInt32(littleEndian: p.loadUnaligned(as: UInt32.self))
            return signed ? UInt64(bitPattern: Int64(Int32(bitPattern: v))) : UInt64(v)
        default: return UInt64(littleEndian: p.loadUnaligned(as: UInt64.self))
        }
    }

    static func store(_ p: UnsafeMutableRawPointer, size: Int, _ value: UInt64) {
        switch size {
        case 1: p.storeBytes(of: UInt8(truncatingIfNeeded: value), as: UInt8.self)
        case 2: p.storeBytes(of: UInt16(truncatingIfNeeded: value).littleEndian, as: UInt16.self)
        case 4: p.storeBytes(of: UInt32(truncatingIfNeeded: value).littleEndian, as: UInt32.self)
        default: p.storeBytes(of: value.littleEndian, as: UInt64.self)
        }
    }
}

/// `struct stat`: the guest sees the x86_64 kernel record (144 bytes, layouts.txt).
public enum GuestStat {
    public static let size = 144
    /// Large enough for any host's kernel `struct stat`.
    public static let hostBufferSize = 256

    /// x86_64 host: the guest layout itself.
    public static let x86_64 = StructTranslation(guestSize: 144, hostSize: 144, fields: [
        FieldMapping("st_dev", 0, 8), FieldMapping("st_ino", 8, 8), FieldMapping("st_nlink", 16, 8),
        FieldMapping("st_mode", 24, 4), FieldMapping("st_uid", 28, 4), FieldMapping("st_gid", 32, 4),
        FieldMapping("pad0", 36, 4), FieldMapping("st_rdev", 40, 8), FieldMapping("st_size", 48, 8, signed: true),
        FieldMapping("st_blksize", 56, 8, signed: true), FieldMapping("st_blocks", 64, 8, signed: true),
        FieldMapping("st_atime", 72, 8, signed: true), FieldMapping("st_atime_nsec", 80, 8),
        FieldMapping("st_mtime", 88, 8, signed: true), FieldMapping("st_mtime_nsec", 96, 8),
        FieldMapping("st_ctime", 104, 8, signed: true), FieldMapping("st_ctime_nsec", 112, 8),
        FieldMapping("unused", 120, 24),
    ])

    /// The asm-generic record (aarch64, riscv64; 128 bytes): st_mode before a 32-bit st_nlink,
    /// a 32-bit st_blksize.
    public static let generic = StructTranslation(guestSize: 144, hostSize: 128, fields: [
        FieldMapping("st_dev", guest: (0, 8), host: (0, 8)),
        FieldMapping("st_ino", guest: (8, 8), host: (8, 8)),
        FieldMapping("st_nlink", guest: (16, 8), host: (20, 4)),
        FieldMapping("st_mode", guest: (24, 4), host: (16, 4)),
        FieldMapping("st_uid", guest: (28, 4), host: (24, 4)),
        FieldMapping("st_gid", guest: (32, 4), host: (28, 4)),
        FieldMapping("st_rdev", guest: (40, 8), host: (32, 8)),
        FieldMapping("st_size", guest: (48, 8), host: (48, 8), signed: true),
        FieldMapping("st_blksize", guest: (56, 8), host: (56, 4), signed: true),
        FieldMapping("st_blocks", guest: (64, 8), host: (64, 8), signed: true),
        FieldMapping("st_atime", guest: (72, 8), host: (72, 8), signed: true),
        FieldMapping("st_atime_nsec", guest: (80, 8), host: (80, 8)),
        FieldMapping("st_mtime", guest: (88, 8), host: (88, 8), signed: true),
        FieldMapping("st_mtime_nsec", guest: (96, 8), host: (96, 8)),
        FieldMapping("st_ctime", guest: (104, 8), host: (104, 8), signed: true),
        FieldMapping("st_ctime_nsec", guest: (112, 8), host: (112, 8)),
    ])

    #if arch(x86_64)
    public static let host = x86_64
    #else
    public static let host = generic
    #endif
}

/// `struct statfs`: 120 bytes of 64-bit words on both x86_64 and the 64-bit generic ABI.
public enum GuestStatfs {
    public static let size = 120
    public static let hostBufferSize = 128

    public static let sixtyFourBit = StructTranslation(guestSize: 120, hostSize: 120, fields: [
        FieldMapping("f_type", 0, 8), FieldMapping("f_bsize", 8, 8), FieldMapping("f_blocks", 16, 8),
        FieldMapping("f_bfree", 24, 8), FieldMapping("f_bavail", 32, 8), FieldMapping("f_files", 40, 8),
        FieldMapping("f_ffree", 48, 8), FieldMapping("f_fsid", 56, 8), FieldMapping("f_namelen", 64, 8),
        FieldMapping("f_frsize", 72, 8), FieldMapping("f_flags", 80, 8), FieldMapping("f_spare", 88, 32),
    ])

    public static let host = sixtyFourBit
}

/// `struct statx` (256 bytes) is the same on every architecture: passed through.
public enum GuestStatx {
    public static let size = 256
}

/// `struct flock` (32 bytes: short l_type, short l_whence, off_t l_start, off_t l_len,
/// pid_t l_pid) is the same on x86_64 and the 64-bit generic ABI: passed through.
public enum GuestFlock {
    public static let size = 32
}
