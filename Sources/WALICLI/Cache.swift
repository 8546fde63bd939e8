import ArgumentParser
import WALIModule
import WALITranslator
#if canImport(Glibc)
import Glibc
#endif

struct Cache: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List, clear or prune the engine's cache of compiled modules.",
        discussion: """
            The cache is $WALI_CACHE_DIR, else $XDG_CACHE_HOME/wali, else ~/.cache/wali. It holds \
            each compiled module (a shared object, about as large as the module's native build), \
            the index that lets a run of an unchanged module skip reading and hashing it, and \
            which modules the interpreter has validated. Nothing in it is needed: a removed entry \
            is compiled again when a module next runs.
            """,
        subcommands: [CacheList.self, CacheClear.self, CachePrune.self], defaultSubcommand: CacheList.self)
}

struct CacheList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "Show each cached module: state (compiled, compiling, failed), size, last use, module.")

    mutating func run() throws {
        let entries = CompileCache.entries()
        for e in entries {
            let size = e.state == .compiled ? formatSize(e.bytes) : "-"
            print([e.state.rawValue.padding(9), size.padding(9), formatTime(e.time), e.module ?? "(unknown module)"].joined(separator: " "))
            if let failure = e.failure {
                for line in failure.split(separator: "\n").prefix(4) { print("    " + line) }
            }
        }
        let compiled = entries.filter { $0.state == .compiled }
        let count = { (state: CompileCache.State) in entries.filter { $0.state == state }.count }
        print("\(compiled.count) compiled (\(formatSize(compiled.reduce(0) { $0 + $1.bytes }))), \(count(.compiling)) compiling, "
              + "\(count(.failed)) failed; \(formatSize(CompileCache.totalBytes())) in \(EngineCache.directory)")
    }
}

struct CacheClear: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clear",
        abstract: "Remove everything the engine cached (compiles in progress finish on their own).")

    mutating func run() throws {
        let s = CompileCache.clear()
        print("removed \(s.removedFiles) files (\(formatSize(s.removedBytes))) from \(EngineCache.directory)")
    }
}

struct CachePrune: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prune",
        abstract: "Remove leftovers, old and least recently used compiled modules.",
        discussion: """
            Always removes leftovers (temporary files, unfinished builds, failure markers, so a \
            module whose background compile failed is tried again). --older-than removes \
            compiled modules not run for that many days (and index and validation records that \
            old); --max-size then removes the least recently used compiled modules until the \
            rest fit. Compiles in progress are kept.
            """)

    @Option(name: .customLong("max-size"), help: ArgumentHelp("Keep at most this much compiled code (bytes, or with K/M/G).", valueName: "SIZE"))
    var maxSize: String?

    @Option(name: .customLong("older-than"), help: ArgumentHelp("Remove compiled modules not used for this many days.", valueName: "DAYS"))
    var olderThan: Int?

    mutating func run() throws {
        var maxBytes: Int64?
        if let maxSize {
            guard let n = SandboxOptions.size(maxSize), n <= UInt64(Int64.max) else {
                complain("--max-size expects a size (bytes, or with K/M/G), got '\(maxSize)'")
                throw ExitCode(2)
            }
            maxBytes = Int64(n)
        }
        if let olderThan, olderThan < 0 {
            complain("--older-than expects a number of days, got \(olderThan)")
            throw ExitCode(2)
        }
        let s = CompileCache.prune(maxBytes: maxBytes, olderThanDays: olderThan)
        print("removed \(s.removedFiles) files (\(formatSize(s.removedBytes))); kept \(s.keptEntries) compiled (\(formatSize(s.keptBytes))) in \(EngineCache.directory)")
    }
}

/// `123 B`, `4.0 KiB`, `1.9 MiB`, ...
func formatSize(_ bytes: Int64) -> String {
    if bytes < 1024 { return "\(bytes) B" }
    var value = Double(bytes)
    for unit in ["KiB", "MiB", "GiB", "TiB"] {
        value /= 1024
        if value < 1024 || unit == "TiB" {
            let tenths = Int((value * 10).rounded())
            return "\(tenths / 10).\(tenths % 10) \(unit)"
        }
    }
    return "\(bytes) B"
}

/// Local time as `YYYY-MM-DD HH:MM`.
func formatTime(_ seconds: Int) -> String {
    var t = time_t(seconds)
    var parts = tm()
    guard localtime_r(&t, &parts) != nil else { return "-" }
    func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
    return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday)) \(two(parts.tm_hour)):\(two(parts.tm_min))"
}
