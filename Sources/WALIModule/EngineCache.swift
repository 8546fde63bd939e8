import Crypto
import WALILinux
#if canImport(Glibc)
import Glibc
#endif

/// The engine's cache directory, shared by both tiers: compiled objects (`wali compile`), the
/// C compilers' versions, and which modules the interpreter has validated.
public enum EngineCache {
    /// $WALI_CACHE_DIR, else $XDG_CACHE_HOME/wali, else ~/.cache/wali.
    public static var directory: String {
        func env(_ name: String) -> String? { getenv(name).map { String(cString: $0) } }
        if let d = env("WALI_CACHE_DIR"), !d.isEmpty { return d }
        if let x = env("XDG_CACHE_HOME"), !x.isEmpty { return x + "/wali" }
        if let h = env("HOME"), !h.isEmpty { return h + "/.cache/wali" }
        return "/tmp/wali-cache-\(getuid())"
    }

    /// SHA-256 of `parts`, in lowercase hex.
    public static func digest(_ parts: [[UInt8]]) -> String {
        var hash = SHA256()
        for part in parts { hash.update(data: part) }
        return hash.finalize().map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    /// Creates `path` and its missing parents; false if one cannot be made.
    @discardableResult
    public static func makeDirectories(_ path: String) -> Bool {
        var prefix = ""
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            prefix += "/" + part
            if mkdir(prefix, 0o755) != 0 && errno != EEXIST { return false }
        }
        return true
    }
}

/// Which modules have had every function validated by an engine, so later runs need not
/// validate again before starting (a marker file per module bytes and engine). Safe to trust:
/// an engine that skips validation still validates each function when it first compiles it, so
/// a wrong marker can only turn a load-time refusal into a trap, never run invalid code.
public enum ValidationCache {
    /// Keyed by the module's content digest (which the cache index may already know, so a
    /// later run need not hash the module again).
    static func marker(digest: String, engine: String) -> String {
        EngineCache.directory + "/validated/" + EngineCache.digest([Array((digest + "\0" + engine).utf8)])
    }

    public static func isValidated(_ image: ModuleImage, engine: String) -> Bool {
        access(marker(digest: image.contentDigest, engine: engine), F_OK) == 0
    }

    public static func isValidated(_ bytes: [UInt8], engine: String) -> Bool {
        access(marker(digest: EngineCache.digest([bytes]), engine: engine), F_OK) == 0
    }

    public static func recordValidated(_ bytes: [UInt8], engine: String) {
        record(marker(digest: EngineCache.digest([bytes]), engine: engine))
    }

    /// Remembers that the module validated; a cache that cannot be written only costs speed.
    public static func recordValidated(_ image: ModuleImage, engine: String) {
        record(marker(digest: image.contentDigest, engine: engine))
    }

    static func record(_ path: String) {
        guard EngineCache.makeDirectories(EngineCache.directory + "/validated") else { return }
        let fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o644)
        if fd >= 0 { close(fd) }
    }
}

/// A file's identity as `stat` reports it: device, inode, size, and the modification and
/// status-change times to the nanosecond. Any write, truncation, `utimes`, rename over it or
/// replacement changes it: the kernel sets ctime to the current time on every change, and no
/// call lets a user set it back.
public struct FileIdentity: Equatable {
    public var device: UInt64
    public var inode: UInt64
    public var size: Int64
    public var modified: timespec
    public var changed: timespec

    public init(_ st: stat) {
        device = UInt64(st.st_dev)
        inode = UInt64(st.st_ino)
        size = Int64(st.st_size)
        modified = st.st_mtim
        changed = st.st_ctim
    }

    init(device: UInt64, inode: UInt64, size: Int64, modified: timespec, changed: timespec) {
        self.device = device
        self.inode = inode
        self.size = size
        self.modified = modified
        self.changed = changed
    }

    /// The identity of the file `path` names (following symlinks), if it is a regular file.
    public static func of(path: String) -> FileIdentity? {
        var st = stat()
        guard stat(path, &st) == 0, st.st_mode & S_IFMT == S_IFREG else { return nil }
        return FileIdentity(st)
    }

    public static func == (a: FileIdentity, b: FileIdentity) -> Bool {
        a.device == b.device && a.inode == b.inode && a.size == b.size
            && a.modified.tv_sec == b.modified.tv_sec && a.modified.tv_nsec == b.modified.tv_nsec
            && a.changed.tv_sec == b.changed.tv_sec && a.changed.tv_nsec == b.changed.tv_nsec
    }

    /// The wall clock, as file times are stamped.
    public static func now() -> timespec {
        var t = timespec()
        clock_gettime(CLOCK_REALTIME, &t)
        return t
    }

    /// Whether a change after `readStart` must show in the identity. File times come from a
    /// coarse clock (a tick of up to 10 ms), so a file changed twice within one tick may keep
    /// its times; a file whose times are a second older than the moment we started reading
    /// gets newer ones from any later change (git's "racy clean" rule).
    public func isSettled(readStart: timespec) -> Bool {
        let limit = readStart.tv_sec - 1
        return (modified.tv_sec < limit || (modified.tv_sec == limit && modified.tv_nsec <= readStart.tv_nsec))
            && (changed.tv_sec < limit || (changed.tv_sec == limit && changed.tv_nsec <= readStart.tv_nsec))
    }

    /// The index file's one line for this identity.
    var text: String {
        "\(device) \(inode) \(size) \(modified.tv_sec).\(modified.tv_nsec) \(changed.tv_sec).\(changed.tv_nsec)"
    }
}

/// An ASCII hex digit (the index's digest line).
private func isHexDigit(_ c: UInt8) -> Bool {
    (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9")) || (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "f"))
        || (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "F"))
}

/// The cache index: a module file's identity -> its content digest and the facts the compiled
/// tier needs (its memory), so a run of a cached module neither reads, hashes nor parses it.
/// One small file per inode (`index/DEVICE-INODE`); a lookup is a `stat` of the module, one
/// read, and a comparison of every field of the identity. An entry is written only for a
/// module that loaded and passed every check, from an identity taken before and after reading
/// that is settled (`FileIdentity.isSettled`), so any later change of the file misses the index
/// and the module is read, hashed and checked again.
public enum ModuleIndex {
    public struct Entry: Equatable {
        public var identity: FileIdentity
        /// SHA-256 of the module's bytes (hex).
        public var digest: String
        public var memory: ModuleImage.Limits
        /// What the compiled tier needs to know of the module besides its memory.
        public var interface: ModuleInterface
        public var readsNULEnvironmentRecords: Bool
        /// The compiled tier's object last used for this module, so a cached run does not even
        /// look for the C compiler that keys the cache (CompilerDriver.recordedObject).
        public var object: ObjectRecord?
    }

    /// A compiled object and the engine settings it was made under (the caller's key).
    public struct ObjectRecord: Equatable {
        public var key: String
        public var path: String
        public init(key: String, path: String) { self.key = key; self.path = path }

        /// Whether the record fits the entry's line: a key without spaces or line breaks, an
        /// absolute path without line breaks.
        var isWritable: Bool {
            !key.isEmpty && !key.contains(where: { $0 == " " || $0 == "\n" }) && !path.contains("\n") && path.first == "/"
        }
    }

    /// The digest is of the bytes the tiers run, after the load-time rewrites (CastAdapters),
    /// so the entry also names the loader's revision and whether adapters were on: a run with
    /// other settings (`WALI_FP_CASTS=trap`) or a newer loader misses it.
    static var format: String { "wali-index-3 loader-1 casts-" + (ModuleImage.adaptsCasts ? "on" : "off") }

    static func file(device: UInt64, inode: UInt64) -> String {
        EngineCache.directory + "/index/\(device)-\(inode)"
    }

    /// The entry for the file `path` names, if the index has one and the file is unchanged.
    public static func lookup(path: String) -> Entry? {
        guard let identity = FileIdentity.of(path: path) else { return nil }
        let fd = open(file(device: identity.device, inode: identity.inode), O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 8192)
        let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        guard n > 0, n < buffer.count else { return nil }
        // Split as bytes: a String splits by Character (grapheme breaking), which cost more than
        // the rest of a cached start.
        func text(_ bytes: ArraySlice<UInt8>) -> String { String(decoding: bytes, as: UTF8.self) }
        func fields(_ line: ArraySlice<UInt8>, maxSplits: Int = .max) -> [String] {
            line.split(separator: UInt8(ascii: " "), maxSplits: maxSplits).map(text)
        }
        let lines = buffer[..<n].split(separator: UInt8(ascii: "\n"))
        guard lines.count == 5 || lines.count == 6, text(lines[0]) == format, text(lines[1]) == identity.text,
              lines[2].count == 64, lines[2].allSatisfy({ isHexDigit($0) }) else { return nil }
        let digest = text(lines[2])
        let m = fields(lines[3])
        guard m.count == 3, let min = UInt64(m[0]), let shared = Int(m[2]) else { return nil }
        let max = m[1] == "-" ? nil : UInt64(m[1])
        if m[1] != "-" && max == nil { return nil }
        let traits = fields(lines[4])
        guard traits.count == 2, let nul = Int(traits[1]),
              let interface = ModuleInterface(importModule: traits[0]) else { return nil }
        var object: ObjectRecord?
        if lines.count == 6 {
            let o = fields(lines[5], maxSplits: 2)
            guard o.count == 3, o[0] == "object", o[2].first == "/" else { return nil }
            object = ObjectRecord(key: o[1], path: o[2])
        }
        return Entry(identity: identity, digest: digest, memory: ModuleImage.Limits(min: min, max: max, shared: shared != 0),
                     interface: interface, readsNULEnvironmentRecords: nul != 0, object: object)
    }

    static func text(identity: FileIdentity, digest: String, memory: ModuleImage.Limits, interface: ModuleInterface,
                     readsNULEnvironmentRecords: Bool, object: ObjectRecord?) -> String {
        var lines = [format, identity.text, digest,
                     "\(memory.min) \(memory.max.map(String.init) ?? "-") \(memory.shared ? 1 : 0)",
                     "\(interface.importModule) \(readsNULEnvironmentRecords ? 1 : 0)"]
        if let object { lines.append("object \(object.key) \(object.path)") }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Adds the compiled object to an entry (once it is known to be in the cache). A record that
    /// does not fit the line (ObjectRecord.isWritable) is not written.
    public static func recordObject(_ entry: Entry, _ object: ObjectRecord) {
        guard entry.object != object, object.isWritable else { return }
        let text = text(identity: entry.identity, digest: entry.digest, memory: entry.memory, interface: entry.interface,
                        readsNULEnvironmentRecords: entry.readsNULEnvironmentRecords, object: object)
        EngineCache.writeAtomically(file(device: entry.identity.device, inode: entry.identity.inode), text)
    }

    /// Remembers `image` (read with `identity`) and, when known, its compiled object, in one
    /// write: the next run is then the fast one. A cache that cannot be written only costs speed.
    public static func record(_ image: ModuleImage, identity: FileIdentity, object: ObjectRecord? = nil) {
        guard let memory = image.memory, EngineCache.makeDirectories(EngineCache.directory + "/index") else { return }
        let text = text(identity: identity, digest: image.contentDigest, memory: memory, interface: image.interface,
                        readsNULEnvironmentRecords: image.readsNULEnvironmentRecords,
                        object: object?.isWritable == true ? object : nil)
        EngineCache.writeAtomically(file(device: identity.device, inode: identity.inode), text)
    }
}

extension EngineCache {
    /// Writes `text` to a temporary name and renames it over `path`, so a reader sees the old
    /// file or the new one, never a part. False if it could not be written.
    @discardableResult
    public static func writeAtomically(_ path: String, _ text: String, mode: mode_t = 0o644) -> Bool {
        let temp = path + ".tmp\(getpid())"
        let fd = open(temp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        guard fd >= 0 else { return false }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { (try? HostIO.writeAll(fd, $0)) != nil }
        close(fd)
        guard written, rename(temp, path) == 0 else {
            unlink(temp)
            return false
        }
        return true
    }
}
