import WALIModule
#if canImport(Glibc)
import Glibc
#endif

/// What is in the engine's cache directory, for `wali cache list|clear|prune`.
///
/// Layout (all under `EngineCache.directory`):
/// - `KEY.so`: a compiled module (KEY: SHA-256 of the module's content digest, the translator
///   version, the compiler flags and the C compiler); its modification time is its last use
///   (refreshed at most daily). `KEY.so.info`: which module it came from. `KEY.so.lock`: held
///   while it is being built. `KEY.so.failed`: a background compile failed (the reason).
/// - `build-KEY.so-XXXXXX/`: a compile in progress (C files and objects).
/// - `index/DEVICE-INODE`: the cache index (file identity -> content digest).
/// - `validated/`: modules the interpreter validated. `compilers/`: C compilers' versions.
/// Only these names are ever removed, whatever else the directory holds.
public enum CompileCache {
    public enum State: String {
        case compiled, compiling, failed
    }

    public struct Entry {
        public let key: String
        public let state: State
        /// The object's size (0 unless compiled).
        public let bytes: Int64
        /// Last use (compiled), or when the failure or the build started.
        public let time: Int
        /// The module it was compiled from, as recorded in `.info` (nil if unknown).
        public let module: String?
        /// Why the compile failed.
        public let failure: String?
    }

    public struct Summary {
        public var removedFiles = 0
        public var removedBytes: Int64 = 0
        public var keptEntries = 0
        public var keptBytes: Int64 = 0
    }

    static var directory: String { EngineCache.directory }

    /// Every entry: compiled objects, compiles in progress, failure markers (newest use first).
    public static func entries() -> [Entry] {
        let names = list(directory)
        let nameSet = Set(names)
        var keys = Set<String>()
        for name in names {
            for suffix in [".so", ".so.lock", ".so.failed", ".so.info"] where name.hasSuffix(suffix) {
                let key = String(name.dropLast(suffix.count))
                if isKey(key) { keys.insert(key) }
            }
        }
        var result: [Entry] = []
        for key in keys {
            let base = directory + "/" + key + ".so"
            let module = nameSet.contains(key + ".so.info") ? infoModule(base + ".info") : nil
            if nameSet.contains(key + ".so"), let st = fileStat(base) {
                result.append(Entry(key: key, state: .compiled, bytes: Int64(st.st_size), time: st.st_mtim.tv_sec,
                                    module: module, failure: nil))
            } else if nameSet.contains(key + ".so.lock") && isLocked(base + ".lock") {
                result.append(Entry(key: key, state: .compiling, bytes: 0, time: fileStat(base + ".lock")?.st_mtim.tv_sec ?? 0,
                                    module: module, failure: nil))
            } else if nameSet.contains(key + ".so.failed"), let st = fileStat(base + ".failed") {
                let reason = CompilerDriver.readText(base + ".failed").trimmingSuffix("\n")
                result.append(Entry(key: key, state: .failed, bytes: 0, time: st.st_mtim.tv_sec, module: module, failure: reason))
            }
        }
        return result.sorted { ($0.time, $0.key) > ($1.time, $1.key) }
    }

    /// Total bytes of every file the cache holds (ours or not).
    public static func totalBytes() -> Int64 { treeBytes(directory) }

    /// Removes everything but compiles in progress (whose lock is held).
    public static func clear() -> Summary {
        var summary = Summary()
        let busy = Set(entries().filter { $0.state == .compiling }.map(\.key))
        for name in list(directory) {
            if let key = keyOf(name), busy.contains(key) { continue }
            if ours(name) { remove(directory + "/" + name, &summary) }
        }
        summary.keptEntries = busy.count
        return summary
    }

    /// Removes leftovers (temporary files, builds and locks nobody holds, failure markers,
    /// `.info` without an object), compiled objects not used for `olderThanDays` days and index
    /// and validation records as old, then the least recently used objects until the objects
    /// take at most `maxBytes`.
    public static func prune(maxBytes: Int64?, olderThanDays: Int?) -> Summary {
        var summary = Summary()
        let now = time(nil)
        let cutoff = olderThanDays.map { now - $0 * 86400 }
        let all = entries()
        let busy = Set(all.filter { $0.state == .compiling }.map(\.key))
        var compiled = all.filter { $0.state == .compiled }
        if let cutoff {
            for e in compiled where e.time < cutoff { removeEntry(e.key, &summary) }
            compiled.removeAll { $0.time < cutoff }
            for sub in ["index", "validated"] {
                let dir = directory + "/" + sub
                for name in list(dir) where (fileStat(dir + "/" + name)?.st_mtim.tv_sec ?? now) < cutoff {
                    remove(dir + "/" + name, &summary)
                }
            }
        }
        if let maxBytes {
            var total = compiled.reduce(0) { $0 + $1.bytes }
            // Newest use first: drop from the end.
            while total > maxBytes, let oldest = compiled.popLast() {
                removeEntry(oldest.key, &summary)
                total -= oldest.bytes
            }
        }
        let kept = Set(compiled.map(\.key))
        for name in list(directory) {
            let key = keyOf(name)
            if let key, busy.contains(key) { continue }
            let path = directory + "/" + name
            if name.hasPrefix("build-") || name.contains(".tmp") || name.hasSuffix(".so.lock") || name.hasSuffix(".so.failed") {
                remove(path, &summary)
            } else if name.hasSuffix(".so.info"), let key, !kept.contains(key) {
                remove(path, &summary)
            }
        }
        for sub in ["index", "validated", "compilers"] {
            let dir = directory + "/" + sub
            for name in list(dir) where name.contains(".tmp") || name.hasPrefix("out.") || name.hasPrefix("err.") {
                remove(dir + "/" + name, &summary)
            }
        }
        summary.keptEntries = compiled.count
        summary.keptBytes = compiled.reduce(0) { $0 + $1.bytes }
        return summary
    }

    // MARK: Helpers

    static func removeEntry(_ key: String, _ summary: inout Summary) {
        for suffix in [".so", ".so.info", ".so.failed"] {
            let path = directory + "/" + key + suffix
            if access(path, F_OK) == 0 { remove(path, &summary) }
        }
    }

    /// A 64-digit lowercase hex key.
    static func isKey(_ s: String) -> Bool {
        s.utf8.count == 64 && s.utf8.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }
    }

    /// The entry key a file or build directory belongs to.
    static func keyOf(_ name: String) -> String? {
        var rest = Substring(name)
        if rest.hasPrefix("build-") { rest = rest.dropFirst(6) }
        let key = String(rest.prefix(64))
        return isKey(key) && rest.dropFirst(64).hasPrefix(".so") ? key : nil
    }

    /// Names the engine makes in the cache directory (nothing else is removed).
    static func ours(_ name: String) -> Bool {
        keyOf(name) != nil || ["index", "validated", "compilers"].contains(name)
    }

    static func isLocked(_ path: String) -> Bool {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        // Taking it shows nobody holds it; it is let go at once by closing.
        return flock(fd, LOCK_SH | LOCK_NB) != 0 && errno == EWOULDBLOCK
    }

    static func infoModule(_ path: String) -> String? {
        for line in CompilerDriver.readText(path).split(separator: "\n") where line.hasPrefix("module ") {
            return String(line.dropFirst(7))
        }
        return nil
    }

    static func fileStat(_ path: String) -> stat? {
        var st = stat()
        return lstat(path, &st) == 0 ? st : nil
    }

    static func list(_ dir: String) -> [String] {
        guard let d = opendir(dir) else { return [] }
        defer { closedir(d) }
        var names: [String] = []
        while let e = readdir(d) {
            let name = withUnsafeBytes(of: e.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    static func treeBytes(_ path: String) -> Int64 {
        guard let st = fileStat(path) else { return 0 }
        if st.st_mode & S_IFMT != S_IFDIR { return Int64(st.st_size) }
        return list(path).reduce(0) { $0 + treeBytes(path + "/" + $1) }
    }

    /// Removes a file or a directory tree, counting what went.
    static func remove(_ path: String, _ summary: inout Summary) {
        guard let st = fileStat(path) else { return }
        if st.st_mode & S_IFMT == S_IFDIR {
            for name in list(path) { remove(path + "/" + name, &summary) }
            rmdir(path)
        } else if unlink(path) == 0 {
            summary.removedFiles += 1
            summary.removedBytes += Int64(st.st_size)
        }
    }
}

extension String {
    func trimmingSuffix(_ suffix: String) -> String {
        var s = self
        while s.hasSuffix(suffix) { s.removeLast(suffix.count) }
        return s
    }
}
