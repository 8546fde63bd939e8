// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "SwiftWALI",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "wali", targets: ["WALICLI"]),
        // The embedding API: run a module from Swift (arguments, environment, policy, tier, streams).
        .library(name: "WALI", targets: ["WALI"]),
        .library(name: "WALILinux", targets: ["WALILinux"]),
        .library(name: "WALIInterpreter", targets: ["WALIInterpreter"]),
    ],
    dependencies: [
        .package(url: "https://github.com/swiftwasm/WasmKit", exact: "0.4.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
    ],
    targets: [
        // Thin C layer: raw syscalls and async-signal-safe signal plumbing Swift cannot express.
        .target(name: "CWALIHost"),
        // The Linux interface, independent of any Wasm engine.
        .target(name: "WALILinux", dependencies: ["CWALIHost"]),
        // The module, independent of any engine: parsing, the WALI shape, the rewrite, load
        // errors, the trap type and the engine's cache, for both tiers (WALILinux only for
        // its file I/O).
        .target(
            name: "WALIModule",
            dependencies: ["WALILinux", .product(name: "WasmParser", package: "WasmKit"),
                           .product(name: "Crypto", package: "swift-crypto")]),
        // Execution tier 1: the WasmKit interpreter.
        .target(
            name: "WALIInterpreter",
            dependencies: [
                "WALILinux", "WALIModule",
                .product(name: "WasmKit", package: "WasmKit"),
                .product(name: "WasmParser", package: "WasmKit"),
            ]),
        // Execution tier 2: Wasm translated to C and compiled to a native shared object.
        // The C the translator puts in every generated file lives in templates/ (real C, compiled
        // on its own by a test) and is embedded into the library at build time.
        .target(name: "CWALINativeRuntime", dependencies: ["CWALIHost"], exclude: ["templates"],
                linkerSettings: [.linkedLibrary("dl")]),
        .target(
            name: "WALITranslator",
            dependencies: ["CWALINativeRuntime", "WALILinux", "WALIModule", .product(name: "WasmParser", package: "WasmKit")]),
        .target(
            name: "WALICompiledTier",
            dependencies: ["WALILinux", "WALIModule", "WALITranslator", "CWALINativeRuntime", "CWALIHost"]),
        // TOML 1.0 for policy files, without Foundation (see TOMLValue.swift).
        .target(name: "WALITOML"),
        // Test tool: TOML to toml-test's tagged JSON, for tests/run_toml.py.
        .executableTarget(name: "WALITOMLDecode", dependencies: ["WALITOML", "WALILinux"]),
        // The embedding API over both tiers; the `wali` command is its first client.
        .target(
            name: "WALI",
            dependencies: ["WALILinux", "WALIModule", "WALIInterpreter", "WALITranslator", "WALICompiledTier"]),
        .executableTarget(
            name: "WALICLI",
            dependencies: [
                "WALI", "WALILinux", "WALIModule", "WALIInterpreter", "WALITranslator", "WALICompiledTier",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                "WALITOML",
            ],
            // The Swift runtime (and FoundationEssentials, which swift-crypto and ArgumentParser
            // import; nothing here imports Foundation itself, whose ICU data costs ~3 MiB per
            // process) linked in, so the binary runs without the toolchain (scripts/install, the
            // OCI image) and starts without loading a dozen shared libraries (the toolchain's static
            // FoundationEssentials does not name the libraries it needs, so they are listed; lld
            // takes them in any order). libstdc++ and the
            // unwinder are linked in too (link/README.md, -static-libgcc).
            // --no-export-dynamic undoes the static stdlib's -export-dynamic: ~10,000 exported symbols
            // that nothing looks up (a compiled module's object needs only libc), which the Swift
            // runtime's start-up `dladdr` scanned one by one (~5% of an empty run). Packed
            // relative relocations (DT_RELR, glibc 2.36+) shrink the 2 MB relocation table the
            // loader reads at every start to 17 KB (about 4 MB less peak RSS). The functions typical
            // runs execute (symbol-order.txt, made by scripts/symbol-order) come first in the text,
            // so a run maps far fewer code pages of its ~19 MB (about 4 MB less peak RSS, fewer page
            // faults); a stale list only orders less well. The Swift runtime's functions each have
            // a section of their own; scripts/setup compiles ours and the packages' the same way
            // (-function-sections: not set here, where it would be an unsafe flag of the libraries).
            // readonly-data.ld keeps read-only data out of the writable segment (see the file).
            exclude: ["symbol-order.txt", "readonly-data.ld"],
            linkerSettings: [.unsafeFlags(["-static-stdlib", "-use-ld=lld",
                                           "-l_FoundationCollections", "-l_FoundationCShims",
                                           "-L\(Context.packageDirectory)/link", "-Xclang-linker", "-static-libgcc",
                                           "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs", "-Xlinker", "--no-export-dynamic",
                                           "-Xlinker", "--symbol-ordering-file=\(Context.packageDirectory)/Sources/WALICLI/symbol-order.txt",
                                           "-Xlinker", "--no-warn-symbol-ordering",
                                           "-Xlinker", "-T", "-Xlinker", "\(Context.packageDirectory)/Sources/WALICLI/readonly-data.ld"])]),
        .testTarget(name: "WALITests", dependencies: ["WALI"]),
        .testTarget(name: "WALILinuxTests", dependencies: ["WALILinux", "WALIModule", "WALIInterpreter"]),
        .testTarget(
            name: "WALITranslatorTests",
            dependencies: ["WALITranslator", "WALICompiledTier", "WALILinux", "WALIModule", "WALIInterpreter",
                           .product(name: "WAT", package: "WasmKit"), .product(name: "WasmParser", package: "WasmKit")]),
    ],
    swiftLanguageModes: [.v5]
)
