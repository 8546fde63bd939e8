import CWALIHost
#if canImport(Glibc)
import Glibc
#endif

/// One WASI preview 1 process: its descriptor table (WASI fds are the guest's own numbers, each
/// naming a host fd the context owns), its arguments and environment, and its preopens.
///
/// Capabilities: the guest reaches files only through descriptors. At start it holds stdio
/// (0-2) and one preopened directory per `--dir`/`--ro-dir` grant of the sandbox policy (3, 4,
/// ... in grant order, named by the grant's guest path); without grants it has no file system
/// at all. Every path is resolved by the host kernel beneath its directory descriptor (openat2
/// RESOLVE_BENEATH, as the policy's GuestFileSystem resolves beneath its grant roots), so `..`,
/// absolute paths and symlinks cannot lead out (ENOTCAPABLE).
public final class WASIContext: @unchecked Sendable {
    /// One open WASI descriptor.
    final class Descriptor {
        let host: Int32
        var rightsBase: UInt64
        var rightsInheriting: UInt64
        /// The preopen's name, for fd_prestat_get.
        let preopenName: [UInt8]?
        /// False beneath a read-only grant: nothing below may be changed (EROFS).
        let writable: Bool
        let isDirectory: Bool
        /// fd_readdir's snapshot of the directory, taken at cookie 0.
        var entries: [(name: [UInt8], inode: UInt64, type: WASIFileType)] = []
        init(host: Int32, rightsBase: UInt64, rightsInheriting: UInt64, preopenName: [UInt8]? = nil,
             writable: Bool = true, isDirectory: Bool = false) {
            self.host = host
            self.rightsBase = rightsBase
            self.rightsInheriting = rightsInheriting
            self.preopenName = preopenName
            self.writable = writable
            self.isDirectory = isDirectory
        }
    }

    let process: WALIProcess
    let arguments: [[UInt8]]
    let environment: [[UInt8]]
    private let lock = Mutex()
    private var table: [Int: Descriptor] = [:]

    /// Sets up stdio and the preopens from the process's policy grants.
    public init(process: WALIProcess) {
        self.process = process
        arguments = process.options.arguments.map { Array($0.utf8) }
        environment = (process.options.explicitEnvironment ?? process.options.environment).map { Array($0.utf8) }
        for fd: Int32 in 0...2 {
            // A terminal cannot seek: wasi-libc's isatty() looks for exactly that.
            let rights = isatty(fd) != 0 ? WASIContext.fileRights & ~(WASIFlags.fdSeek | WASIFlags.fdTell) : WASIContext.fileRights
            table[Int(fd)] = Descriptor(host: fd, rightsBase: rights, rightsInheriting: 0)
        }
        for grant in process.options.policy?.directories ?? [] {
            let host = Glibc.open(grant.hostPath, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            guard host >= 0 else {
                let line = "wali: cannot preopen '\(grant.hostPath)': \(String(cString: strerror(errno)))\n"
                _ = line.withCString { write(2, $0, strlen($0)) }
                continue
            }
            table[table.count] = Descriptor(
                host: host, rightsBase: WASIContext.directoryRights, rightsInheriting: WASIFlags.allRights,
                preopenName: Array(grant.guestPath.utf8), writable: grant.writable, isDirectory: true)
        }
    }

    static let fileRights: UInt64 = WASIFlags.allRights & ~(WASIFlags.pathCreateDirectory | WASIFlags.pathCreateFile
        | WASIFlags.pathLinkSource | WASIFlags.pathLinkTarget | WASIFlags.pathOpen | WASIFlags.fdReaddir
        | WASIFlags.pathReadlink | WASIFlags.pathRenameSource | WASIFlags.pathRenameTarget | WASIFlags.pathFilestatGet
        | WASIFlags.pathFilestatSetSize | WASIFlags.pathFilestatSetTimes | WASIFlags.pathSymlink
        | WASIFlags.pathRemoveDirectory | WASIFlags.pathUnlinkFile)
    static let directoryRights: UInt64 = WASIFlags.allRights & ~(WASIFlags.fdRead | WASIFlags.fdWrite | WASIFlags.fdSeek
        | WASIFlags.fdTell | WASIFlags.fdAllocate | WASIFlags.fdFilestatSetSize | WASIFlags.fdAdvise)

    // MARK: The table

    /// The descriptor `fd`, which must hold every right in `rights` (ENOTCAPABLE otherwise).
    func descriptor(_ fd: UInt32, _ rights: UInt64 = 0) throws -> Descriptor {
        guard let d = lock.withLock({ table[Int(fd)] }) else { throw WASIErrno.badf }
        if d.rightsBase & rights != rights { throw WASIErrno.notcapable }
        return d
    }

    /// A directory descriptor to resolve paths beneath (any other descriptor is BADF for a
    /// directory operation, as in wasmtime).
    func directory(_ fd: UInt32, _ rights: UInt64) throws -> Descriptor {
        let d = try descriptor(fd)
        guard d.isDirectory else { throw WASIErrno.badf }
        if d.rightsBase & rights != rights { throw WASIErrno.notcapable }
        return d
    }

    /// Adds a descriptor at the lowest free number.
    func insert(_ d: Descriptor) -> UInt32 {
        lock.withLock {
            var fd = 0
            while table[fd] != nil { fd += 1 }
            table[fd] = d
            return UInt32(fd)
        }
    }

    func remove(_ fd: UInt32) throws -> Descriptor {
        try lock.withLock {
            guard let d = table.removeValue(forKey: Int(fd)) else { throw WASIErrno.badf }
            return d
        }
    }

    /// fd_renumber: `to` is closed and `from` takes its number.
    func renumber(_ from: UInt32, _ to: UInt32) throws {
        let replaced: Descriptor? = try lock.withLock {
            guard let d = table[Int(from)], let old = table[Int(to)] else { throw WASIErrno.badf }
            if from == to { return nil }
            table[Int(to)] = d
            table.removeValue(forKey: Int(from))
            return old
        }
        if let replaced { Glibc.close(replaced.host) }
    }

    // MARK: Memory

    var memory: GuestMemory { process.memory }

    /// `len` bytes of a guest string (paths are not NUL-terminated in WASI), copied out with a
    /// NUL added; a NUL inside is EINVAL (the host would cut the path there).
    func path(_ address: UInt32, _ length: UInt32) throws -> [CChar] {
        guard length <= 4096 else { throw WASIErrno.nametoolong }
        let bytes = try memory.pointer(address, count: Int(length))
        var out = [CChar](repeating: 0, count: Int(length) + 1)
        for i in 0..<Int(length) {
            let b = bytes.load(fromByteOffset: i, as: UInt8.self)
            if b == 0 { throw WASIErrno.inval }
            out[i] = CChar(bitPattern: b)
        }
        return out
    }
}

