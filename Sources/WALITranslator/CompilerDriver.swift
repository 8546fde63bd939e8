import CWALINativeRuntime
import WALILinux
import WALIModule
#if canImport(Glibc)
import Glibc
#endif

/// `wali compile`: Wasm -> C (ModuleTranslator) -> native shared object (clang), kept in a cache
/// keyed by the module's bytes, the translator version, the compiler flags and the C compiler
/// (its path and `--version`).
public enum CompilerDriver {
    /// Bump when the generated code changes meaning, so stale cached objects are never used.
    public static let translatorVersion = "swiftwali-c-10"
    public static let compileFlags = ["-O2", "-fPIC", "-std=gnu11", "-fno-strict-aliasing", "-ffp-contract=off",
                                      "-fno-math-errno", "-fvisibility=hidden", "-fno-stack-protector", "-w"]
        + archFlags

    #if arch(x86_64)
    /// Hot guest loops are tiny; where one ends on a 32-byte boundary the branch at its end can
    /// cost the loop most of its speed (seen: matmul 0.38 s vs 0.65 s from a 3-byte shift of
    /// unrelated code). Loops start on 32-byte boundaries, so a small loop never straddles one.
    /// (-mbranches-within-32B-boundaries, which pads every branch, ran no faster on the CPU
    /// benchmarks, Lua or SQLite, and doubled clang's time: bench/RESULTS.md.)
    static let archFlags = ["-falign-loops=32"]
    #else
    static let archFlags: [String] = []
    #endif

    public struct Options {
        /// The C compiler; default $WALI_CC, else clang-22, else clang.
        public var compiler: String?
        public var jobs = 2
        /// Show progress on stderr (only when it is a terminal).
        public var progress = true
        /// Recompile even when a cached object exists.
        public var force = false
        /// Bytes of Wasm code per C translation unit.
        public var chunkBytes = ModuleTranslator.defaultChunkBytes
        /// The caller already holds the entry's lock (a background compile: the run that
        /// started it took the lock and handed it over).
        var lockHeld = false
        public init() {}
    }

    /// The cache directory: $WALI_CACHE_DIR, else $XDG_CACHE_HOME/wali, else ~/.cache/wali.
    public static var cacheDirectory: String { EngineCache.directory }

    /// Where the compiled object of the module whose bytes have SHA-256 `digest` (hex), built
    /// by the C compiler `cc`, lives in the cache. Next to it: `ENTRY.lock` (held while it is
    /// built), `ENTRY.info` (which module it came from) and `ENTRY.failed` (a background compile
    /// failed; why).
    public static func cachePath(digest: String, compiler cc: CCompiler) -> String {
        let settings = "\0\(translatorVersion)\0abi\(WALI_COMPILED_ABI)\0" + compileFlags.joined(separator: " ")
            + "\0" + cc.identity
        return cacheDirectory + "/" + EngineCache.digest([Array(digest.utf8), Array(settings.utf8)]) + ".so"
    }

    public static func cachePath(for bytes: [UInt8], compiler cc: CCompiler) -> String {
        cachePath(digest: EngineCache.digest([bytes]), compiler: cc)
    }

    /// The cached object for the module with this content digest, if there is one (and a C
    /// compiler to key it by).
    public static func cachedObject(digest: String, options: Options = Options()) -> String? {
        guard let cc = try? CCompiler.find(options.compiler, cacheDirectory: cacheDirectory) else { return nil }
        let path = cachePath(digest: digest, compiler: cc)
        return access(path, R_OK) == 0 ? path : nil
    }

    /// The engine's part of an object's cache key (translator, compiled-tier ABI, C flags): an
    /// object the cache index recorded under another key is not used.
    public static let objectKey: String = {
        // A loop, not `joined`: this runs at every cached start, where generic code costs metadata.
        var key = translatorVersion + "/abi" + String(WALI_COMPILED_ABI) + "/"
        for flag in compileFlags { key += flag; key += "," }
        return key
    }()

    /// The cached object for a module the cache index knows: the one its entry records when this
    /// engine made it and it is still in the cache (a cached run then neither looks for the C
    /// compiler nor hashes the key), else the one the cache has for its digest, which the entry
    /// then records. The record is not used with WALI_CC set or a compiler asked for, whose own
    /// object is wanted.
    public static func cachedObject(indexed entry: ModuleIndex.Entry, options: Options = Options()) -> String? {
        if let object = entry.object, object.key == objectKey, options.compiler == nil, env("WALI_CC") == nil,
           access(object.path, R_OK) == 0 {
            return object.path
        }
        guard let path = cachedObject(digest: entry.digest, options: options) else { return nil }
        ModuleIndex.recordObject(entry, .init(key: objectKey, path: path))
        return path
    }

    public static func cachedObject(for bytes: [UInt8], options: Options = Options()) -> String? {
        cachedObject(digest: EngineCache.digest([bytes]), options: options)
    }

    /// Notes that a cached object was used (its modification time, at most once a day), so
    /// `wali cache prune --older-than` keeps what is in use.
    public static func markUsed(_ path: String) {
        var st = stat()
        guard stat(path, &st) == 0, st.st_mtim.tv_sec < time(nil) - 86400 else { return }
        _ = utimensat(AT_FDCWD, path, nil, 0)
    }

    public static func compile(bytes: [UInt8], name: String, output: String? = nil,
                               options: Options = Options()) throws(CompileError) -> String {
        try compile(bytes: bytes, digest: EngineCache.digest([bytes]), name: name, output: output, options: options)
    }

    /// Compiles (or finds in the cache) the module with these bytes and content digest; returns
    /// the shared object's path. With `output`, the object is also copied there.
    @discardableResult
    public static func compile(bytes: [UInt8], digest: String, name: String, output: String? = nil,
                               options: Options = Options()) throws(CompileError) -> String {
        let cc = try CCompiler.find(options.compiler, cacheDirectory: cacheDirectory)
        let target = cachePath(digest: digest, compiler: cc)
        if options.lockHeld {
            try build(bytes: bytes, name: name, target: target, compiler: cc, options: options)
        } else if options.force || access(target, R_OK) != 0 {
            // One compile per entry: concurrent runs of the same module wait for it, then use it.
            try makeDirectories(cacheDirectory)
            let lockPath = target + ".lock"
            let lock = open(lockPath, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
            if lock >= 0 {
                while flock(lock, LOCK_EX) != 0 && errno == EINTR {}
            }
            defer {
                if lock >= 0 {
                    // Gone once the entry is there: a run that waited on it (or races to a new
                    // lock) finds the entry and does not build (BackgroundCompile checks again
                    // once it holds the lock for the same reason).
                    unlink(lockPath)
                    close(lock)
                }
            }
            if options.force || access(target, R_OK) != 0 {
                try build(bytes: bytes, name: name, target: target, compiler: cc, options: options)
            }
        }
        if let output { try copyFile(target, output) }
        return target
    }

    // MARK: Building

    static func build(bytes: [UInt8], name: String, target: String, compiler: CCompiler,
                      options: Options) throws(CompileError) {
        // Which module this is, for `wali cache list` (also while it compiles, or if it fails).
        let source = realpath(name, nil).map { p in defer { free(p) }; return String(cString: p) } ?? name
        try makeDirectories(cacheDirectory)
        EngineCache.writeAtomically(target + ".info", "module \(source)\nbytes \(bytes.count)\nengine \(translatorVersion)\n")
        let show = options.progress && isatty(2) != 0
        let progress = Progress(enabled: show, name: name)
        // Two parts per job: parts differ in how long clang takes over the same Wasm size.
        let translated = try ModuleTranslator.translate(bytes: bytes, chunkBytes: options.chunkBytes,
                                                        minChunks: 2 * max(1, options.jobs)) { done, total in
            if done == total || done % 64 == 0 { progress.show("translating \(done)/\(total) functions") }
        }
        try makeDirectories(cacheDirectory)
        // Named after the entry, so `wali cache clear|prune` can tell (by its lock) whether it is in use.
        let entryName = target.split(separator: "/").last.map(String.init) ?? "entry"
        var template = Array((cacheDirectory + "/build-\(entryName)-XXXXXX").utf8CString)
        guard template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) != nil else {
            throw .toolchain("cannot create a build directory in \(cacheDirectory): \(String(cString: strerror(errno)))")
        }
        let dir = String(cString: template)
        let keep = env("WALI_KEEP_C") == "1"
        defer { if !keep { removeTree(dir) } }

        let cc = compiler.path
        var jobs: [[String]] = []
        var objects: [String] = []
        for (i, chunk) in translated.chunks.enumerated() {
            let c = "\(dir)/chunk\(i).c", o = "\(dir)/chunk\(i).o"
            try writeFile(c, chunk)
            jobs.append([cc] + compileFlags + ["-c", c, "-o", o])
            objects.append(o)
        }
        let total = jobs.count
        try runAll(jobs, parallel: max(1, options.jobs), logDir: dir) { done in
            progress.show("compiling C: \(done)/\(total) parts (\(translated.functionCount) functions)")
        }
        let temp = target + ".tmp\(getpid())"
        try runAll([[cc, "-shared", "-o", temp] + objects], parallel: 1, logDir: dir) { _ in }
        guard rename(temp, target) == 0 else {
            unlink(temp)
            throw .toolchain("cannot store \(target): \(String(cString: strerror(errno)))")
        }
        unlink(target + ".failed")
        progress.clear()
    }

    /// Runs commands, at most `parallel` at once; the first failure is reported with its stderr.
    static func runAll(_ commands: [[String]], parallel: Int, logDir: String, onDone: (Int) -> Void) throws(CompileError) {
        var next = 0, done = 0
        var running: [(pid: pid_t, log: String, argv: [String])] = []
        var failure: CompileError?
        while next < commands.count || !running.isEmpty {
            if failure == nil && next < commands.count && running.count < parallel {
                let log = "\(logDir)/cc\(next).log"
                do {
                    let pid = try ChildProcess.spawn(commands[next], stdoutPath: "/dev/null", stderrPath: log)
                    running.append((pid, log, commands[next]))
                } catch {
                    failure = error
                }
                next += 1
                continue
            }
            if running.isEmpty { break }
            let job = running.removeFirst()
            let status = ChildProcess.wait(job.pid)
            done += 1
            if status != 0 && failure == nil {
                let text = readText(job.log)
                let lines = text.split(separator: "\n").prefix(12).joined(separator: "\n")
                failure = .toolchain("C compiler failed (\(job.argv.first ?? "cc"), status \(status)):\n\(lines)")
            }
            if failure == nil { onDone(done) }
        }
        if let failure { throw failure }
    }

    // MARK: Files

    static func env(_ name: String) -> String? { getenv(name).map { String(cString: $0) } }

    static func makeDirectories(_ path: String) throws(CompileError) {
        var prefix = ""
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            prefix += "/" + part
            if mkdir(prefix, 0o755) != 0 && errno != EEXIST {
                throw .toolchain("cannot create \(prefix): \(String(cString: strerror(errno)))")
            }
        }
    }

    static func writeFile(_ path: String, _ text: String) throws(CompileError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .toolchain("cannot write \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        do {
            try bytes.withUnsafeBytes { buffer in try HostIO.writeAll(fd, buffer) }
        } catch {
            throw .toolchain("cannot write \(path): \(String(cString: strerror((error as? Errno)?.rawValue ?? EIO)))")
        }
    }

    static func readText(_ path: String) -> String {
        (try? readBytes(path)).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }

    /// A whole file's bytes.
    public static func readBytes(_ path: String) throws(CompileError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .toolchain("cannot open '\(path)': \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        do {
            return try HostIO.readAll(fd)
        } catch {
            throw .toolchain("cannot read '\(path)': \(String(cString: strerror(error.rawValue)))")
        }
    }

    static func copyFile(_ from: String, _ to: String) throws(CompileError) {
        let bytes = try readBytes(from)
        let temp = to + ".tmp\(getpid())"
        let fd = open(temp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o755)
        guard fd >= 0 else { throw .toolchain("cannot write '\(to)': \(String(cString: strerror(errno)))") }
        var failure: Int32?
        do {
            try bytes.withUnsafeBytes { buffer in try HostIO.writeAll(fd, buffer) }
        } catch {
            failure = (error as? Errno)?.rawValue ?? EIO
        }
        close(fd)
        guard failure == nil, rename(temp, to) == 0 else {
            let code = failure ?? errno
            unlink(temp)
            throw .toolchain("cannot write '\(to)': \(String(cString: strerror(code)))")
        }
    }

    static func removeTree(_ dir: String) {
        guard let d = opendir(dir) else { return }
        while let e = readdir(d) {
            let name = withUnsafeBytes(of: e.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
            if name == "." || name == ".." { continue }
            unlink(dir + "/" + name)
        }
        closedir(d)
        rmdir(dir)
    }
}

/// A one-line progress display on stderr (a terminal only).
final class Progress {
    let enabled: Bool
    let name: String
    init(enabled: Bool, name: String) {
        self.enabled = enabled
        self.name = name
    }
    func show(_ text: String) {
        guard enabled else { return }
        let line = "\r\u{1B}[Kwali: compiling \(name): \(text)"
        _ = line.withCString { write(2, $0, strlen($0)) }
    }
    func clear() {
        guard enabled else { return }
        _ = "\r\u{1B}[K".withCString { write(2, $0, strlen($0)) }
    }
}
