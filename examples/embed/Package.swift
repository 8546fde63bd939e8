// swift-tools-version:6.0
// An example embedder: runs a WALI module through SwiftWALI's `WALI` library with the guest's
// standard output captured, and prints each captured line as `guest: LINE`.
import PackageDescription

let package = Package(
    name: "wali-embed",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "SwiftWALI", path: "../..")],
    targets: [
        .executableTarget(name: "wali-embed", dependencies: [.product(name: "WALI", package: "SwiftWALI")]),
    ],
    swiftLanguageModes: [.v5]
)
