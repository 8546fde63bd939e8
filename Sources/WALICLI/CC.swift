import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif

/// `wali cc ARGS...`: the SDK's C compiler driver (sdk/wali-cc), arguments passed through verbatim,
/// so `CC="wali cc" ./configure && make` builds autotools projects for WALI.
struct CC: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cc",
        abstract: "Compile and link C for WALI (clang 22 with the SDK's target, sysroot and flags).",
        discussion: """
            Every argument goes to sdk/wali-cc unchanged (clang's options), e.g.
            `wali cc -O2 hello.c -o hello.wasm`. The SDK is found beside the wali executable's
            source tree, or at $WALI_SDK. Build its sysroot once with scripts/setup.
            """)

    @Argument(parsing: .captureForPassthrough, help: "clang arguments.")
    var arguments: [String] = []

    mutating func run() throws {
        let sdk = try WALISDK.locate()
        WALISDK.exec(sdk + "/wali-cc", arguments)
    }
}

/// `wali c++ ARGS...`: the SDK's C++ compiler driver (sdk/wali-c++: clang++ with libc++ and Wasm
/// exceptions), arguments passed through verbatim. When the C++ library is not installed, the
/// driver names the one command that installs it (sdk/cxx-setup.sh).
struct CXX: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "c++",
        abstract: "Compile and link C++ for WALI (clang++ 22 with libc++, libc++abi and Wasm exceptions).",
        discussion: """
            Every argument goes to sdk/wali-c++ unchanged (clang++'s options), e.g.
            `wali c++ -O2 -std=c++20 hello.cpp -o hello.wasm`. The C++ library is built once by
            sdk/cxx-setup.sh (scripts/setup runs it).
            """)

    @Argument(parsing: .captureForPassthrough, help: "clang++ arguments.")
    var arguments: [String] = []

    mutating func run() throws {
        let sdk = try WALISDK.locate()
        WALISDK.exec(sdk + "/wali-c++", arguments)
    }
}

enum WALISDK {
    /// The SDK directory (holding wali-cc and sysroot/), with a built sysroot.
    static func locate() throws -> String {
        var candidates: [String] = []
        if let env = getenv("WALI_SDK"), env.pointee != 0 {
            candidates.append(String(cString: env))
        } else {
            // .build/<triple>/release/wali -> <repo>/sdk; walk up so any build layout works.
            var dir = parent(executablePath())
            for _ in 0..<6 where dir != "/" && !dir.isEmpty {
                candidates.append(dir + "/sdk")
                candidates.append(dir + "/share/wali/sdk")
                dir = parent(dir)
            }
        }
        guard let sdk = candidates.first(where: { access($0 + "/wali-cc", X_OK) == 0 }) else {
            complain("cannot find the WALI SDK (sdk/wali-cc) near the wali executable; set WALI_SDK to the sdk directory")
            throw ExitCode(1)
        }
        let sysroot = getenv("WALI_SYSROOT").map { String(cString: $0) } ?? sdk + "/sysroot"
        guard access(sysroot + "/lib/wasm32-linux-muslwali/libc.a", R_OK) == 0 else {
            complain("the WALI sysroot is not built (\(sysroot)): run scripts/setup")
            throw ExitCode(1)
        }
        return sdk
    }

    /// Replaces this process with `path args...`; returns only to report failure and exit.
    static func exec(_ path: String, _ args: [String]) -> Never {
        let argv = ([path] + args).map { strdup($0) } + [nil]
        execv(path, argv)
        let reason = String(cString: strerror(errno))
        complain("cannot run \(path): \(reason)")
        Glibc.exit(126)
    }

    static func executablePath() -> String {
        var buf = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let n = readlink("/proc/self/exe", &buf, buf.count - 1)
        if n > 0 { return String(cString: buf) }
        return CommandLine.arguments.first ?? "wali"
    }

    static func parent(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}
