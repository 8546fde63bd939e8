// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "SwiftWALI",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "wali", targets: ["WALICLI"]),
        .library(name: "WALIInterface", targets: ["WALIInterface"]),
        .library(name: "WALIInterpreter", targets: ["WALIInterpreter"]),
    ],
    dependencies: [
        .package(url: "https://github.com/swiftwasm/WasmKit", exact: "0.4.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", exact: "0.6.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        // Thin C layer: raw syscalls and async-signal-safe signal plumbing Swift cannot express.
        .target(name: "CWALIHost"),
        // The Linux interface, independent of any Wasm engine.
        .target(name: "WALIInterface", dependencies: ["CWALIHost"]),
        // The module, independent of any engine: parsing, the WALI shape, the rewrite, load
        // errors, the trap type and the engine's cache, for both tiers (WALIInterface only for
        // its file I/O).
        .target(
            name: "WALIModule",
            dependencies: ["WALIInterface", .product(name: "WasmParser", package: "WasmKit"),
                           .product(name: "Crypto", package: "swift-crypto")]),
        // Execution tier 1: the WasmKit interpreter.
        .target(
            name: "WALIInterpreter",
            dependencies: [
                "WALIInterface", "WALIModule",
                .product(name: "WasmKit", package: "WasmKit"),
                .product(name: "WasmParser", package: "WasmKit"),
            ]),
        // Execution tier 2: Wasm translated to C and compiled to a native shared object.
        // The C the translator puts in every generated file lives in templates/ (real C, compiled
        // on its own by a test) and is embedded into the library at build time.
        .target(name: "CWALICompiled", dependencies: ["CWALIHost"], exclude: ["templates"],
                linkerSettings: [.linkedLibrary("dl")]),
        .target(
            name: "WALICompiler",
            dependencies: ["CWALICompiled", "WALIInterface", "WALIModule", .product(name: "WasmParser", package: "WasmKit")]),
        .target(
            name: "WALICompiled",
            dependencies: ["WALIInterface", "WALIModule", "WALICompiler", "CWALICompiled", "CWALIHost"]),
        .executableTarget(
            name: "WALICLI",
            dependencies: [
                "WALIInterface", "WALIModule", "WALIInterpreter", "WALICompiler", "WALICompiled",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "TOMLKit", package: "TOMLKit"),
            ]),
        .testTarget(name: "WALIInterfaceTests", dependencies: ["WALIInterface", "WALIModule", "WALIInterpreter"]),
        .testTarget(
            name: "WALICompilerTests",
            dependencies: ["WALICompiler", "WALICompiled", "WALIInterface", "WALIModule", "WALIInterpreter",
                           .product(name: "WAT", package: "WasmKit"), .product(name: "WasmParser", package: "WasmKit")]),
    ],
    swiftLanguageModes: [.v5]
)
