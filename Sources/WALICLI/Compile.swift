import ArgumentParser
import WALICompiled
import WALICompiler
import WALIInterface
import WALIInterpreter
#if canImport(Glibc)
import Glibc
#endif

/// Which execution tier `wali run` uses.
enum Tier: String, ExpressibleByArgument, CaseIterable {
    /// The WasmKit interpreter: starts at once.
    case interp
    /// Native code from `wali compile` (compiled first if not cached).
    case compiled
    /// Compiled when the module is in the cache, else the interpreter.
    case auto

    /// --tier, else $WALI_TIER, else the interpreter.
    static func resolve(_ option: Tier?) -> Tier {
        if let option { return option }
        if let env = getenv("WALI_TIER"), let t = Tier(rawValue: String(cString: env)) { return t }
        return .interp
    }
}

struct Compile: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compile a WALI module to native code (through C and clang) for `wali run --tier compiled`.",
        discussion: """
            The shared object is kept in the cache ($WALI_CACHE_DIR, else $XDG_CACHE_HOME/wali, \
            else ~/.cache/wali), keyed by the module's bytes, the engine version and the compiler \
            flags; `-o` also copies it to a file. The C compiler is $WALI_CC, else clang-22, else clang.
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
        let image = try loadImage(module)
        var options = CompilerDriver.Options()
        options.force = force
        options.jobs = jobs
        do {
            let path = try CompilerDriver.compile(bytes: image.bytes, name: module, output: output, options: options)
            print(output ?? path)
        } catch {
            complain("\(module): \(error)")
            // A module the compiler refuses cannot be executed (126, as `wali run` says); a
            // toolchain failure is the host's.
            throw ExitCode(error.isToolchain ? 1 : 126)
        }
    }
}

func loadImage(_ module: String) throws -> ModuleImage {
    do {
        return try Interpreter.load(path: module)
    } catch let e as LoadError {
        complain(e.description)
        throw ExitCode(e.exitStatus)
    }
}

extension CompileError {
    var isToolchain: Bool {
        if case .toolchain = self { return true }
        return false
    }
}

/// Loads the module on the chosen tier and runs it to its end.
func runGuest(module: String, options: ProcessOptions, tier: Tier) throws -> GuestTermination {
    let image = try loadImage(module)
    var objectPath: String?
    switch tier {
    case .interp:
        break
    case .auto:
        objectPath = CompilerDriver.cachedObject(for: image.bytes)
    case .compiled:
        do {
            objectPath = try CompilerDriver.compile(bytes: image.bytes, name: module)
        } catch {
            complain("\(module): cannot compile: \(error)")
            throw ExitCode(126)
        }
    }
    do {
        if let objectPath {
            return try CompiledRuntime(image: image, objectPath: objectPath, options: options).run()
        }
        return try Interpreter(image: image, options: options).run()
    } catch let e as LoadError {
        complain(e.description)
        throw ExitCode(e.exitStatus)
    }
}
