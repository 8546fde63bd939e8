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
    ],
    targets: [
        // Thin C layer: raw syscalls and async-signal-safe signal plumbing Swift cannot express.
        .target(name: "CWALIHost"),
        // The Linux interface, independent of any Wasm engine.
        .target(name: "WALIInterface", dependencies: ["CWALIHost"]),
        // Execution tier 1: the WasmKit interpreter.
        .target(
            name: "WALIInterpreter",
            dependencies: [
                "WALIInterface",
                .product(name: "WasmKit", package: "WasmKit"),
                .product(name: "WasmParser", package: "WasmKit"),
            ]),
        // Execution tier 2: Wasm translated to C and compiled to a native shared object.
        .target(name: "CWALICompiled", dependencies: ["CWALIHost"], linkerSettings: [.linkedLibrary("dl")]),
        .target(
            name: "WALICompiler",
            dependencies: ["CWALICompiled", "WALIInterface", .product(name: "WasmParser", package: "WasmKit")]),
        .target(
            name: "WALICompiled",
            dependencies: ["WALIInterface", "WALIInterpreter", "WALICompiler", "CWALICompiled", "CWALIHost"]),
        .executableTarget(
            name: "WALICLI",
            dependencies: [
                "WALIInterface", "WALIInterpreter", "WALICompiler", "WALICompiled",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .testTarget(name: "WALIInterfaceTests", dependencies: ["WALIInterface", "WALIInterpreter"]),
        .testTarget(
            name: "WALICompilerTests",
            dependencies: ["WALICompiler", "WALICompiled", "WALIInterface", "WALIInterpreter",
                           .product(name: "WAT", package: "WasmKit"), .product(name: "WasmParser", package: "WasmKit")]),
    ],
    swiftLanguageModes: [.v5]
)
