import ArgumentParser
import WALI
import WALICompiledTier
import WALITranslator
import WALILinux
import WALIInterpreter
import WALIModule
#if canImport(Glibc)
import Glibc
#endif

/// `--tier interp|compiled|auto`.
extension Tier: ExpressibleByArgument {}

struct Compile: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compile",
        abstract: "Compile a WALI module to native code (through C and clang) ahead of time.",
        discussion: """
            `wali run` uses the compiled code from then on (without this, its first run of a \
            module compiles it in the background). The shared object is kept in the cache \
            ($WALI_CACHE_DIR, else $XDG_CACHE_HOME/wali, else ~/.cache/wali; see `wali cache`), \
            keyed by the module's bytes, the engine version, the compiler flags and the C compiler \
            (its path and version); `-o` also copies it to a file. The C compiler is $WALI_CC, \
            else clang-22, else clang. This also retries a module whose background compile failed.
            Exit status: 0 compiled; 126 the module is invalid or not WALI (one line on stderr); \
            127 it cannot be found; 3 it uses a feature the translator does not handle; 1 the C \
            compiler or the cache failed.
            """)

    @Option(name: .shortAndLong, help: ArgumentHelp("Also write the shared object here.", valueName: "path"))
    var output: String?

    @Flag(help: "Compile even if the cache has the module.")
    var force = false

    @Option(help: "Parallel C compiler jobs.")
    var jobs = 2

    @Argument(help: "The WALI module (.wasm).")
    var module: String

    mutating func run() throws {
        let image: ModuleImage, identity: FileIdentity?
        do {
            (image, identity) = try ModuleImage.loadRecordingIdentity(path: module)
        } catch let e as LoadError {
            complain(e.description)
            throw ExitCode(e.exitStatus)
        }
        var options = CompilerDriver.Options()
        options.force = force
        options.jobs = jobs
        do {
            let path = try CompilerDriver.compile(bytes: image.bytes, digest: image.contentDigest, name: module,
                                                  output: output, options: options)
            // The cache index learns the module and its object, so its first `wali run` already
            // starts without reading or hashing it (when the file is settled: FileIdentity).
            if let identity {
                ModuleIndex.record(image, identity: identity, object: .init(key: CompilerDriver.objectKey, path: path))
            }
            print(output ?? path)
        } catch {
            complain("\(module): \(error)")
            throw ExitCode(error.exitStatus)
        }
    }
}

extension CompileError {
    /// `wali compile`'s exit status: an invalid module cannot be executed (126, as for `wali
    /// run`); an untranslated feature is 3; the toolchain failing is 1.
    var exitStatus: Int32 {
        switch self {
        case .invalid, .importType: return 126
        case .unsupported: return 3
        case .toolchain: return 1
        }
    }
}

/// Loads the module on the chosen tier and runs it to its end in this process; a module that
/// cannot start is one line on stderr and the shell's exit status.
func runGuest(module: String, options: ProcessOptions, tier: Tier, backgroundCompile: Bool,
              report: ((String) -> Void)?) throws -> GuestTermination {
    do {
        return try WALIEngine.runInProcess(module: module, options: options, tier: tier,
                                           backgroundCompile: backgroundCompile, report: report)
    } catch let e as WALIError {
        complain(e.message)
        throw ExitCode(e.exitStatus)
    }
}
