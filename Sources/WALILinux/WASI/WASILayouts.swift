#if canImport(Glibc)
import Glibc
#endif

// WASI preview 1 records as they lie in linear memory (witx, wasm32: little-endian, natural
// alignment). The iovec/ciovec record is the guest `struct iovec` (GuestIOVec): { u32 buf; u32 len }.

/// `$filetype` (u8).
public enum WASIFileType: UInt8 {
    case unknown = 0, blockDevice, characterDevice, directory, regularFile, socketDgram, socketStream, symbolicLink

    /// From a host `st_mode` (and, for sockets, SO_TYPE when `fd` is given).
    init(mode: UInt32, socketFD: Int32? = nil) {
        switch mode & UInt32(S_IFMT) {
        case UInt32(S_IFBLK): self = .blockDevice
        case UInt32(S_IFCHR): self = .characterDevice
        case UInt32(S_IFDIR): self = .directory
        case UInt32(S_IFREG): self = .regularFile
        case UInt32(S_IFLNK): self = .symbolicLink
        case UInt32(S_IFSOCK):
            var type: Int32 = 0
            var length = socklen_t(4)
            if let fd = socketFD, getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &length) == 0, type == Int32(SOCK_DGRAM.rawValue) {
                self = .socketDgram
            } else {
                self = .socketStream
            }
        default: self = .unknown
        }
    }

    /// From a `d_type` of getdents.
    init(direntType: UInt8) {
        switch Int(direntType) {
        case Int(DT_BLK): self = .blockDevice
        case Int(DT_CHR): self = .characterDevice
        case Int(DT_DIR): self = .directory
        case Int(DT_REG): self = .regularFile
        case Int(DT_LNK): self = .symbolicLink
        case Int(DT_SOCK): self = .socketStream
        default: self = .unknown
        }
    }
}

/// `$fdstat` (24 bytes): filetype u8 @0, fs_flags u16 @2, rights_base u64 @8, rights_inheriting u64 @16.
struct WASIFDStat: GuestLayout {
    var fileType: WASIFileType
    var flags: UInt16
    var rightsBase: UInt64
    var rightsInheriting: UInt64
    static var guestSize: Int { 24 }
    static var guestAlignment: Int { 8 }
    static func load(from p: UnsafeRawPointer) -> WASIFDStat {
        WASIFDStat(fileType: WASIFileType(rawValue: p.loadGuestField(at: 0)) ?? .unknown, flags: p.loadGuestField(at: 2),
                   rightsBase: p.loadGuestField(at: 8), rightsInheriting: p.loadGuestField(at: 16))
    }
    func store(to p: UnsafeMutableRawPointer) {
        p.initializeMemory(as: UInt8.self, repeating: 0, count: Self.guestSize)
        p.storeGuestField(fileType.rawValue, at: 0)
        p.storeGuestField(flags, at: 2)
        p.storeGuestField(rightsBase, at: 8)
        p.storeGuestField(rightsInheriting, at: 16)
    }
}

/// `$filestat` (64 bytes): dev, ino, filetype (u8 @16), nlink @24, size @32, atim, mtim, ctim (ns).
struct WASIFileStat: GuestLayout {
    var device: UInt64
    var inode: UInt64
    var fileType: WASIFileType
    var linkCount: UInt64
    var size: UInt64
    var accessTime: UInt64
    var modifyTime: UInt64
    var changeTime: UInt64
    static var guestSize: Int { 64 }
    static var guestAlignment: Int { 8 }

    init(device: UInt64, inode: UInt64, fileType: WASIFileType, linkCount: UInt64, size: UInt64,
         accessTime: UInt64, modifyTime: UInt64, changeTime: UInt64) {
        self.device = device
        self.inode = inode
        self.fileType = fileType
        self.linkCount = linkCount
        self.size = size
        self.accessTime = accessTime
        self.modifyTime = modifyTime
        self.changeTime = changeTime
    }

    /// From the host's `struct stat`.
    init(_ st: Glibc.stat, socketFD: Int32? = nil) {
        func ns(_ t: timespec) -> UInt64 { UInt64(bitPattern: Int64(t.tv_sec) &* 1_000_000_000 &+ Int64(t.tv_nsec)) }
        self.init(device: UInt64(st.st_dev), inode: UInt64(st.st_ino),
                  fileType: WASIFileType(mode: st.st_mode, socketFD: socketFD), linkCount: UInt64(st.st_nlink),
                  size: UInt64(bitPattern: Int64(st.st_size)), accessTime: ns(st.st_atim), modifyTime: ns(st.st_mtim),
                  changeTime: ns(st.st_ctim))
    }

    static func load(from p: UnsafeRawPointer) -> WASIFileStat {
        WASIFileStat(device: p.loadGuestField(at: 0), inode: p.loadGuestField(at: 8),
                     fileType: WASIFileType(rawValue: p.loadGuestField(at: 16)) ?? .unknown,
                     linkCount: p.loadGuestField(at: 24), size: p.loadGuestField(at: 32),
                     accessTime: p.loadGuestField(at: 40), modifyTime: p.loadGuestField(at: 48), changeTime: p.loadGuestField(at: 56))
    }
    func store(to p: UnsafeMutableRawPointer) {
        p.initializeMemory(as: UInt8.self, repeating: 0, count: Self.guestSize)
        p.storeGuestField(device, at: 0)
        p.storeGuestField(inode, at: 8)
        p.storeGuestField(fileType.rawValue, at: 16)
        p.storeGuestField(linkCount, at: 24)
        p.storeGuestField(size, at: 32)
        p.storeGuestField(accessTime, at: 40)
        p.storeGuestField(modifyTime, at: 48)
        p.storeGuestField(changeTime, at: 56)
    }
}

/// `$prestat` (8 bytes): tag u8 @0 (0: a directory), pr_name_len u32 @4.
struct WASIPrestat: GuestLayout {
    var nameLength: UInt32
    static var guestSize: Int { 8 }
    static var guestAlignment: Int { 4 }
    static func load(from p: UnsafeRawPointer) -> WASIPrestat { WASIPrestat(nameLength: p.loadGuestField(at: 4)) }
    func store(to p: UnsafeMutableRawPointer) {
        p.initializeMemory(as: UInt8.self, repeating: 0, count: Self.guestSize)
        p.storeGuestField(nameLength, at: 4)
    }
}

/// `$dirent` header (24 bytes, the name follows): d_next u64 @0, d_ino u64 @8, d_namlen u32 @16,
/// d_type u8 @20.
struct WASIDirent {
    static let size = 24
    var next: UInt64
    var inode: UInt64
    var nameLength: UInt32
    var type: WASIFileType
    var bytes: [UInt8] {
        var b = [UInt8](repeating: 0, count: Self.size)
        b.withUnsafeMutableBytes { p in
            p.baseAddress!.storeGuestField(next, at: 0)
            p.baseAddress!.storeGuestField(inode, at: 8)
            p.baseAddress!.storeGuestField(nameLength, at: 16)
            p.baseAddress!.storeGuestField(type.rawValue, at: 20)
        }
        return b
    }
}

/// `$subscription` (48 bytes): userdata u64 @0, tag u8 @8, then the union at @16: clock { id u32
/// @16, timeout u64 @24, precision u64 @32, flags u16 @40 } or fd_readwrite { fd u32 @16 }.
struct WASISubscription: GuestLayout {
    enum Kind: UInt8 { case clock = 0, fdRead = 1, fdWrite = 2 }
    var userdata: UInt64
    var tag: UInt8
    var clockID: UInt32
    var timeout: UInt64
    var precision: UInt64
    var clockFlags: UInt16
    var fd: UInt32 { clockID }
    static let absoluteTime: UInt16 = 1
    static var guestSize: Int { 48 }
    static var guestAlignment: Int { 8 }
    static func load(from p: UnsafeRawPointer) -> WASISubscription {
        WASISubscription(userdata: p.loadGuestField(at: 0), tag: p.loadGuestField(at: 8), clockID: p.loadGuestField(at: 16),
                         timeout: p.loadGuestField(at: 24), precision: p.loadGuestField(at: 32), clockFlags: p.loadGuestField(at: 40))
    }
    func store(to p: UnsafeMutableRawPointer) {
        p.initializeMemory(as: UInt8.self, repeating: 0, count: Self.guestSize)
        p.storeGuestField(userdata, at: 0)
        p.storeGuestField(tag, at: 8)
        p.storeGuestField(clockID, at: 16)
        p.storeGuestField(timeout, at: 24)
        p.storeGuestField(precision, at: 32)
        p.storeGuestField(clockFlags, at: 40)
    }
}

/// `$event` (32 bytes): userdata u64 @0, error u16 @8, type u8 @10, fd_readwrite { nbytes u64
/// @16, flags u16 @24 (1: hangup) }.
struct WASIEvent: GuestLayout {
    var userdata: UInt64
    var error: UInt16
    var type: UInt8
    var bytesAvailable: UInt64
    var flags: UInt16
    static let hangup: UInt16 = 1
    static var guestSize: Int { 32 }
    static var guestAlignment: Int { 8 }
    static func load(from p: UnsafeRawPointer) -> WASIEvent {
        WASIEvent(userdata: p.loadGuestField(at: 0), error: p.loadGuestField(at: 8), type: p.loadGuestField(at: 10),
                  bytesAvailable: p.loadGuestField(at: 16), flags: p.loadGuestField(at: 24))
    }
    func store(to p: UnsafeMutableRawPointer) {
        p.initializeMemory(as: UInt8.self, repeating: 0, count: Self.guestSize)
        p.storeGuestField(userdata, at: 0)
        p.storeGuestField(error, at: 8)
        p.storeGuestField(type, at: 10)
        p.storeGuestField(bytesAvailable, at: 16)
        p.storeGuestField(flags, at: 24)
    }
}

/// WASI flag words and their Linux counterparts.
enum WASIFlags {
    // $fdflags
    static let append: UInt16 = 1, dsync: UInt16 = 2, nonblock: UInt16 = 4, rsync: UInt16 = 8, sync: UInt16 = 16
    // $oflags
    static let create: UInt16 = 1, directory: UInt16 = 2, exclusive: UInt16 = 4, truncate: UInt16 = 8
    // $lookupflags
    static let symlinkFollow: UInt32 = 1
    // $fstflags
    static let accessTime: UInt16 = 1, accessTimeNow: UInt16 = 2, modifyTime: UInt16 = 4, modifyTimeNow: UInt16 = 8

    // $rights
    static let fdDatasync: UInt64 = 1 << 0, fdRead: UInt64 = 1 << 1, fdSeek: UInt64 = 1 << 2
    static let fdFdstatSetFlags: UInt64 = 1 << 3, fdSync: UInt64 = 1 << 4, fdTell: UInt64 = 1 << 5
    static let fdWrite: UInt64 = 1 << 6, fdAdvise: UInt64 = 1 << 7, fdAllocate: UInt64 = 1 << 8
    static let pathCreateDirectory: UInt64 = 1 << 9, pathCreateFile: UInt64 = 1 << 10
    static let pathLinkSource: UInt64 = 1 << 11, pathLinkTarget: UInt64 = 1 << 12, pathOpen: UInt64 = 1 << 13
    static let fdReaddir: UInt64 = 1 << 14, pathReadlink: UInt64 = 1 << 15, pathRenameSource: UInt64 = 1 << 16
    static let pathRenameTarget: UInt64 = 1 << 17, pathFilestatGet: UInt64 = 1 << 18
    static let pathFilestatSetSize: UInt64 = 1 << 19, pathFilestatSetTimes: UInt64 = 1 << 20
    static let fdFilestatGet: UInt64 = 1 << 21, fdFilestatSetSize: UInt64 = 1 << 22, fdFilestatSetTimes: UInt64 = 1 << 23
    static let pathSymlink: UInt64 = 1 << 24, pathRemoveDirectory: UInt64 = 1 << 25, pathUnlinkFile: UInt64 = 1 << 26
    static let pollFdReadwrite: UInt64 = 1 << 27, sockShutdown: UInt64 = 1 << 28, sockAccept: UInt64 = 1 << 29
    static let allRights: UInt64 = (1 << 30) - 1

    /// Rights that change a file system (refused beneath a read-only grant).
    static let writeRights: UInt64 = fdWrite | fdAllocate | fdFilestatSetSize | fdFilestatSetTimes | fdDatasync | fdSync
}
