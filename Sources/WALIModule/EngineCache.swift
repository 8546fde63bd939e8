import Crypto
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
    static func marker(for bytes: [UInt8], engine: String) -> String {
        EngineCache.directory + "/validated/" + EngineCache.digest([bytes, Array(("\0" + engine).utf8)])
    }

    public static func isValidated(_ bytes: [UInt8], engine: String) -> Bool {
        access(marker(for: bytes, engine: engine), F_OK) == 0
    }

    /// Remembers that `bytes` validated; a cache that cannot be written only costs speed.
    public static func recordValidated(_ bytes: [UInt8], engine: String) {
        let path = marker(for: bytes, engine: engine)
        guard EngineCache.makeDirectories(EngineCache.directory + "/validated") else { return }
        let fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o644)
        if fd >= 0 { close(fd) }
    }
}
