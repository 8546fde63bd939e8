import Foundation
import XCTest
import WALILinux
import WALIInterpreter
import WALIModule

/// Bad input never crashes the engine: each broken module gets one clear error.
final class ModuleLoadingTests: XCTestCase {
    // A minimal WALI-shaped module: type ()->(), func _start, shared memory 1..2, export _start.
    static func module(memory: [UInt8]? = [0x03, 0x01, 0x02], imports: [UInt8]? = nil, exportStart: Bool = true) -> [UInt8] {
        var b: [UInt8] = [0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]
        func section(_ id: UInt8, _ content: [UInt8]) { b += [id, UInt8(content.count)] + content }
        section(1, [1, 0x60, 0, 0])
        if let imports { section(2, imports) }
        section(3, [1, 0])
        if let memory { section(5, [1] + memory) }
        if exportStart { section(7, [1, 6] + Array("_start".utf8) + [0, UInt8(imports == nil ? 0 : 1)]) }
        section(10, [1, 2, 0, 0x0b])
        return b
    }

    func testValidModuleLoads() {
        XCTAssertNil(loadError(Self.module()))
    }

    func testNotWasm() {
        XCTAssertEqual(loadError(Array("#!/bin/sh\necho hi\n".utf8)), "'m.wasm' is not a WebAssembly module (no \\0asm header)")
        XCTAssertNotNil(loadError([0, 0x61, 0x73])?.range(of: "not a WebAssembly module"))
    }

    func testTruncatedModuleIsMalformed() {
        let m = Self.module()
        let err = loadError(Array(m[0..<(m.count - 3)]))
        XCTAssertNotNil(err?.range(of: "malformed"), err ?? "nil")
    }

    func testGarbageSectionIsMalformed() {
        var m = Self.module()
        m[m.count - 2] = 0xFF  // corrupt the function body
        let err = loadError(m)
        XCTAssertNotNil(err?.range(of: "malformed"), err ?? "nil")
    }

    func testModuleWithoutMemoryIsNotWALI() {
        XCTAssertEqual(loadError(Self.module(memory: nil)), "'m.wasm' is not a WALI module: it defines no linear memory")
    }

    func testModuleWithoutStartIsNotWALI() {
        XCTAssertEqual(loadError(Self.module(exportStart: false)), "'m.wasm' is not a WALI module: it exports no '_start' function")
    }

    func testForeignImportIsRejectedByName() {
        // import "env" "f" (func (type 0))
        let imports: [UInt8] = [1, 3] + Array("env".utf8) + [1] + Array("f".utf8) + [0, 0]
        XCTAssertEqual(loadError(Self.module(imports: imports)),
                       "'m.wasm' imports 'env.f'; a WALI module imports only from module 'wali', a WASI one only from 'wasi_snapshot_preview1'")
    }

    /// `import "<module>" "<name>" (func (type 0))`: type 0 is () -> ().
    static func functionImport(_ module: String, _ name: String) -> [UInt8] {
        [UInt8(module.utf8.count)] + Array(module.utf8) + [UInt8(name.utf8.count)] + Array(name.utf8) + [0, 0]
    }

    func testWASIModuleLoadsAsWASI() throws {
        // sched_yield is () -> i32 in WASI; an unknown WASI name links with any type.
        let imports: [UInt8] = [1] + Self.functionImport("wasi_snapshot_preview1", "not_a_wasi_call")
        let image = try ModuleImage(path: "m.wasm", bytes: Self.module(imports: imports))
        XCTAssertEqual(image.interface, .wasiPreview1)
        XCTAssertEqual(try ModuleImage(path: "m.wasm", bytes: Self.module()).interface, .wali)
        XCTAssertNil(loadError(Self.module(imports: imports)))
    }

    func testWASIImportOfTheWrongTypeIsRefused() {
        let imports: [UInt8] = [1] + Self.functionImport("wasi_snapshot_preview1", "sched_yield")
        XCTAssertEqual(loadError(Self.module(imports: imports)),
                       "m.wasm: import wasi_snapshot_preview1.sched_yield has type () -> (), expected () -> i32")
    }

    func testWALIAndWASIImportsDoNotMix() {
        let imports: [UInt8] = [2] + Self.functionImport("wasi_snapshot_preview1", "x") + Self.functionImport("wali", "y")
        XCTAssertEqual(loadError(Self.module(imports: imports)),
                       "'m.wasm' imports 'wali.y'; a WALI module imports only from module 'wali', a WASI one only from 'wasi_snapshot_preview1'")
    }

    func testRewriteImportsTheMemoryAndExportsNoTableWhenThereIsNone() throws {
        let image = try ModuleImage(path: "m.wasm", bytes: Self.module())
        XCTAssertEqual(image.memory, ModuleImage.Limits(min: 1, max: 2, shared: true))
        let rewritten = image.rewritten()
        XCTAssertFalse(rewritten.contains(5) && rewritten.firstIndex(of: 5).map { rewritten[$0 + 1] == 4 } == true)
        XCTAssertNotNil(String(decoding: rewritten, as: UTF8.self).range(of: "wali_host"))
    }

    func testStartFunctionIsExportedInsteadOfStarted() throws {
        var m = Self.module()
        // A start section (function 0) before the code section (the module's last 6 bytes).
        m.insert(contentsOf: [8, 1, 0], at: m.count - 6)
        let image = try ModuleImage(path: "m.wasm", bytes: m)
        XCTAssertEqual(image.startFunction, 0)
        let rewritten = image.rewritten()
        XCTAssertNotNil(String(decoding: rewritten, as: UTF8.self).range(of: ModuleImage.startExportName))
        XCTAssertNil(loadError(m))
    }

    func testNonSharedMemoryIsImportedAsShared() throws {
        let image = try ModuleImage(path: "m.wasm", bytes: Self.module(memory: [0x00, 0x01]))
        XCTAssertEqual(image.importedMemory, ModuleImage.Limits(min: 1, max: 65536, shared: true))
        XCTAssertNil(loadError(Self.module(memory: [0x00, 0x01])))
    }
}
