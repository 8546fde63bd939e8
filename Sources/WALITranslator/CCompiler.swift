#if canImport(Glibc)
import Glibc
#endif

/// The C compiler `wali compile` uses, identified for the cache key by its path, the file that
/// path resolves to and its `--version` text (so upgrading clang never reuses objects an older
/// one built).
public struct CCompiler: Equatable {
    /// The compiler as run (found in PATH; symlinks kept, so a ccache-style link still works).
    public let path: String
    /// `path` with symlinks resolved.
    public let resolvedPath: String
    /// What `path --version` prints.
    public let version: String

    public init(path: String, resolvedPath: String? = nil, version: String) {
        self.path = path
        self.resolvedPath = resolvedPath ?? path
        self.version = version
    }

    /// What the cache key takes from the compiler.
    var identity: String { "\(path)\0\(resolvedPath)\0\(version)" }

    /// `explicit`, else $WALI_CC, else clang-22, else clang. The version is remembered in the
    /// cache directory per compiler path, size and modification time, so runs do not start the
    /// compiler just to ask it.
    public static func find(_ explicit: String?, cacheDirectory: String) throws(CompileError) -> CCompiler {
        let candidates = [explicit, CompilerDriver.env("WALI_CC"), "clang-22", "clang"]
            .compactMap { $0 }.filter { !$0.isEmpty }
        for name in candidates {
            guard let found = findInPath(name), let resolved = realpath(found, nil) else { continue }
            let target = String(cString: resolved)
            free(resolved)
            return CCompiler(path: found, resolvedPath: target, version: try version(of: found, file: target, cacheDirectory: cacheDirectory))
        }
        throw .toolchain("no C compiler found (tried \(candidates.joined(separator: ", "))); install clang or set WALI_CC")
    }

    /// Searched after PATH: an engine started by a guest's execve has the guest's environment,
    /// whose PATH need not hold the compiler (bash's tests run with PATH=/nonexistent), and the
    /// compiled code of a module must still be found (the compiler is part of its cache key).
    static let standardDirectories = ["/usr/local/bin", "/usr/bin", "/bin"]

    static func findInPath(_ name: String) -> String? {
        if name.contains("/") { return access(name, X_OK) == 0 ? name : nil }
        let path = (CompilerDriver.env("PATH") ?? "").split(separator: ":").map(String.init)
        for dir in path + standardDirectories where !dir.isEmpty {
            let p = "\(dir)/\(name)"
            if access(p, X_OK) == 0 { return p }
        }
        return nil
    }

    /// `path --version`, where `path` resolves to `file`.
    static func version(of path: String, file: String, cacheDirectory: String) throws(CompileError) -> String {
        var st = stat()
        guard stat(file, &st) == 0 else { throw .toolchain("cannot stat \(file): \(String(cString: strerror(errno)))") }
        // The record's first line says which file it describes; the rest is the version text.
        let stamp = "\(path) \(file) \(st.st_size) \(st.st_mtim.tv_sec).\(st.st_mtim.tv_nsec)\n"
        let directory = cacheDirectory + "/compilers"
        let record = directory + "/" + path.split(separator: "/").joined(separator: "_")
        let saved = CompilerDriver.readText(record)
        if saved.hasPrefix(stamp) { return String(saved.dropFirst(stamp.count)) }
        try CompilerDriver.makeDirectories(directory)
        let text = try ChildProcess.output([path, "--version"], scratchDirectory: directory)
        // Written whole then renamed, so a concurrent reader sees the old record or the new one.
        let temp = record + ".tmp\(getpid())"
        try CompilerDriver.writeFile(temp, stamp + text)
        if rename(temp, record) != 0 { unlink(temp) }
        return text
    }
}
