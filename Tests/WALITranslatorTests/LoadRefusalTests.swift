import Foundation
import XCTest
import WALILinux
import WALIInterpreter
import WALIModule

/// Malformed modules are refused before anything runs, with one line and exit status 126, on
/// both tiers and by `wali compile`; no message shows a Swift type name.
final class LoadRefusalTests: XCTestCase {
    /// `_start` writes "hello\n" to stdout; the second function is invalid (it returns an i64
    /// where its type says i32), and nothing calls it.
    static let invalidSecondFunction: [UInt8] = {
        var m: [UInt8] = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]
        func section(_ id: UInt8, _ content: [UInt8]) { m += [id, UInt8(content.count)] + content }
        func name(_ s: String) -> [UInt8] { [UInt8(s.utf8.count)] + Array(s.utf8) }
        // Types: 0 (i32 i32 i32) -> i64, 1 () -> (), 2 () -> i32.
        section(1, [3, 0x60, 3, 0x7f, 0x7f, 0x7f, 1, 0x7e, 0x60, 0, 0, 0x60, 0, 1, 0x7f])
        section(2, [1] + name("wali") + name("SYS_write") + [0x00, 0])
        section(3, [2, 1, 2])
        section(5, [1, 0x01, 1, 1])
        section(7, [1] + name("_start") + [0x00, 1])
        let start: [UInt8] = [0, 0x41, 1, 0x41, 16, 0x41, 6, 0x10, 0, 0x1a, 0x0b]
        let invalid: [UInt8] = [0, 0x42, 1, 0x0b]
        section(10, [2, UInt8(start.count)] + start + [UInt8(invalid.count)] + invalid)
        section(11, [1, 0, 0x41, 16, 0x0b, 6] + Array("hello\n".utf8))
        return m
    }()

    /// Words that would mean a Swift error leaked into a message as its type's name.
    static let swiftNames = ["Error(", "WasmParserError", "WasmKitError", "LoadError", "CompileError", "Errno(",
                             "Optional(", "kind:", "Trap("]

    func assertOneCleanLine(_ text: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(text.split(separator: "\n", omittingEmptySubsequences: false).count, 2,
                       "not one line: \(text)", file: file, line: line)
        for name in Self.swiftNames {
            XCTAssertFalse(text.contains(name), "'\(name)' in: \(text)", file: file, line: line)
        }
    }

    var waliExecutable: String {
        URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            .deletingLastPathComponent().appendingPathComponent("wali").path
    }

    func runWALI(_ arguments: [String], cache: String) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: waliExecutable)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["WALI_CACHE_DIR"] = cache
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
    }

    func testInvalidFunctionIsRefusedBeforeAnythingRuns() throws {
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: waliExecutable),
                      "build wali first (swift build --build-tests): \(waliExecutable)")
        let dir = NSTemporaryDirectory() + "wali-refusal-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let module = dir + "/invalid.wasm"
        try Data(Self.invalidSecondFunction).write(to: URL(fileURLWithPath: module))

        // Valid once the second function is fixed: the same module runs and writes.
        var fixed = Self.invalidSecondFunction
        let body = fixed.lastIndex(of: 0x42)!
        fixed[body] = 0x41 // i64.const -> i32.const
        let good = dir + "/fixed.wasm"
        try Data(fixed).write(to: URL(fileURLWithPath: good))

        for tier in ["interp", "compiled"] {
            let refused = try runWALI(["run", "--tier", tier, module], cache: dir + "/cache")
            XCTAssertEqual(refused.status, 126, "\(tier): \(refused.stderr)")
            XCTAssertEqual(refused.stdout, "", tier)
            assertOneCleanLine(refused.stderr)
            XCTAssertTrue(refused.stderr.hasPrefix("wali: "), refused.stderr)
            XCTAssertTrue(refused.stderr.contains(module), refused.stderr)

            let ran = try runWALI(["run", "--tier", tier, good], cache: dir + "/cache")
            XCTAssertEqual(ran.status, 0, "\(tier): \(ran.stderr)")
            XCTAssertEqual(ran.stdout, "hello\n", tier)
        }
        let compiled = try runWALI(["compile", module], cache: dir + "/cache")
        XCTAssertEqual(compiled.status, 126, compiled.stderr)
        XCTAssertEqual(compiled.stdout, "")
        assertOneCleanLine(compiled.stderr)
    }

    func testLoadErrorsAreOneCleanLine() throws {
        let dir = NSTemporaryDirectory() + "wali-refusal-lines-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let m = Self.invalidSecondFunction
        let cases: [(String, [UInt8], Int32)] = [
            ("truncated", Array(m[0..<(m.count - 9)]), 126),
            ("garbage-code", Array(m[0..<(m.count - 30)]) + [0xff, 0xff, 0xff], 126),
            ("text", Array("#!/bin/sh\necho hi\n".utf8), 126),
            ("empty", [], 126),
        ]
        for (name, bytes, status) in cases {
            let path = dir + "/\(name).wasm"
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            for arguments in [["run", path], ["run", "--tier", "compiled", path], ["compile", path], ["inspect", path]] {
                let r = try runWALI(arguments, cache: dir + "/cache")
                XCTAssertEqual(r.status, status, "\(arguments): \(r.stderr)")
                XCTAssertEqual(r.stdout, "", "\(arguments)")
                assertOneCleanLine(r.stderr)
            }
        }
        let missing = try runWALI(["run", dir + "/missing.wasm"], cache: dir + "/cache")
        XCTAssertEqual(missing.status, 127)
        assertOneCleanLine(missing.stderr)
    }

    /// The interpreter refuses the invalid function at load, before its thread exists.
    func testInterpreterValidatesEveryFunctionAtLoad() throws {
        let image = try ModuleImage(path: "m.wasm", bytes: Self.invalidSecondFunction)
        XCTAssertThrowsError(try Interpreter(image: image, options: ProcessOptions(arguments: ["m"], environment: []))) { error in
            guard let e = error as? LoadError, case .malformed = e else { return XCTFail("\(error)") }
            XCTAssertTrue(e.description.hasPrefix("'m.wasm' is a malformed WebAssembly module: "), e.description)
            self.assertOneCleanLine(e.description + "\n")
        }
    }
}

/// Validation happens once per module: a module that validated is marked in the cache and later
/// loads compile lazily. The mark is only a shortcut: this plants one for the invalid module,
/// which then loads (its bad function would still be refused when first compiled).
final class ValidationCacheTests: XCTestCase {
    func testValidatedModulesAreRemembered() throws {
        let dir = NSTemporaryDirectory() + "wali-validation-\(getpid())"
        let saved = getenv("WALI_CACHE_DIR").map { String(cString: $0) }
        setenv("WALI_CACHE_DIR", dir, 1)
        defer {
            if let saved { setenv("WALI_CACHE_DIR", saved, 1) } else { unsetenv("WALI_CACHE_DIR") }
            try? FileManager.default.removeItem(atPath: dir)
        }
        let options = ProcessOptions(arguments: ["m"], environment: [])
        var fixed = LoadRefusalTests.invalidSecondFunction
        fixed[fixed.lastIndex(of: 0x42)!] = 0x41
        XCTAssertFalse(ValidationCache.isValidated(fixed, engine: Interpreter.validatorName))
        _ = try Interpreter(image: ModuleImage(path: "m.wasm", bytes: fixed), options: options)
        XCTAssertTrue(ValidationCache.isValidated(fixed, engine: Interpreter.validatorName))

        let invalid = LoadRefusalTests.invalidSecondFunction
        XCTAssertThrowsError(try Interpreter(image: ModuleImage(path: "m.wasm", bytes: invalid), options: options))
        XCTAssertFalse(ValidationCache.isValidated(invalid, engine: Interpreter.validatorName))
        ValidationCache.recordValidated(invalid, engine: Interpreter.validatorName)
        XCTAssertNoThrow(try Interpreter(image: ModuleImage(path: "m.wasm", bytes: invalid), options: options))
    }
}
