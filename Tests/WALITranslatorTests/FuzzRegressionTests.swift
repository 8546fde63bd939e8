import Foundation
import XCTest
import WAT
import WALILinux
import WALIInterpreter
import WALIModule
import WALICompiledTier
import WALITranslator

/// Engine bugs the fuzzers (tests/fuzz) found, each pinned on both tiers.
final class FuzzRegressionTests: XCTestCase {
    static let cacheDirectory = NSTemporaryDirectory() + "wali-fuzz-regression-tests-\(getpid())"

    override class func setUp() {
        super.setUp()
        setenv("WALI_CACHE_DIR", cacheDirectory, 1)
    }

    override class func tearDown() {
        try? FileManager.default.removeItem(atPath: cacheDirectory)
        super.tearDown()
    }

    enum Tier { case interp, compiled }

    /// A finished run; it keeps its engine alive so linear memory can still be read.
    struct Run {
        let engine: AnyObject
        let termination: GuestTermination
        let memory: GuestMemory
        func u32(_ address: UInt32) throws -> UInt32 { try memory.load(address) }
    }

    func run(_ wat: String, tier: Tier) throws -> Run {
        let bytes = try wat2wasm(wat, features: .all)
        let image = try ModuleImage(path: "test.wasm", bytes: bytes)
        let options = ProcessOptions(arguments: ["test"], environment: [])
        switch tier {
        case .interp:
            let interpreter = try Interpreter(image: image, options: options)
            return Run(engine: interpreter, termination: interpreter.run(), memory: interpreter.process.memory)
        case .compiled:
            let object = try CompilerDriver.compile(bytes: bytes, name: "test")
            let runtime = try CompiledRuntime(image: image, objectPath: object, options: options)
            return Run(engine: runtime, termination: runtime.run(), memory: runtime.process.memory)
        }
    }

    /// A signal whose SA_SIGINFO handler needs a frame when linear memory is at its maximum
    /// (syscall fuzzer, seed 1 batch 35: `trap: ENOMEM`, the errno escaping as a trap). Linux
    /// kills a process it cannot build a signal frame for by SIGSEGV; so does the engine.
    static let signalWithoutRoomForItsFrame = """
        (module
          (import "wali" "SYS_rt_sigaction" (func $sigaction (param i32 i32 i32 i32) (result i64)))
          (import "wali" "SYS_getpid" (func $getpid (result i64)))
          (import "wali" "SYS_kill" (func $kill (param i32 i32) (result i64)))
          (memory 1 1 shared)
          (table 2 funcref)
          (elem (i32.const 1) $onSignal)
          (func $onSignal (param i32 i32 i32) (i32.store (i32.const 16) (i32.const 1)))
          (func (export "_start")
            (i32.store (i32.const 64) (i32.const 1))  ;; handler: table[1]
            (i32.store (i32.const 68) (i32.const 4))  ;; flags: SA_SIGINFO
            (drop (call $sigaction (i32.const 10) (i32.const 64) (i32.const 0) (i32.const 8)))
            (drop (call $kill (i32.wrap_i64 (call $getpid)) (i32.const 10)))
            (i32.store (i32.const 8) (i32.const 7))))
        """

    func assertNoRoomForASignalFrameEndsBySIGSEGV(_ tier: Tier, file: StaticString = #filePath, line: UInt = #line) throws {
        let r = try run(Self.signalWithoutRoomForItsFrame, tier: tier)
        XCTAssertEqual(r.termination, .exited(128 + SIGSEGV), file: file, line: line)
        XCTAssertEqual(try r.u32(16), 0, "the handler must not run", file: file, line: line)
        XCTAssertEqual(try r.u32(8), 0, "the program must not go on", file: file, line: line)
    }

    func testNoRoomForASignalFrameEndsBySIGSEGVInterpreted() throws {
        try assertNoRoomForASignalFrameEndsBySIGSEGV(.interp)
    }

    func testNoRoomForASignalFrameEndsBySIGSEGVCompiled() throws {
        try assertNoRoomForASignalFrameEndsBySIGSEGV(.compiled)
    }

    /// Parser errors are plain text (module fuzzer: sections out of order were reported as
    /// `"Message(text: "…")" at offset …`, and `wali compile` refused with exit status 1).
    func testParserErrorsAreDescribedInPlainText() throws {
        // Export section (7) before the function section (3): out of order.
        let bytes: [UInt8] = [0, 0x61, 0x73, 0x6d, 1, 0, 0, 0,
                              1, 4, 1, 0x60, 0, 0,
                              5, 3, 1, 0, 1,
                              7, 10, 1, 6] + Array("_start".utf8) + [0, 0,
                              3, 2, 1, 0,
                              10, 4, 1, 2, 0, 0x0b]
        do {
            let image = try ModuleImage(path: "m.wasm", bytes: bytes)
            _ = try Interpreter(image: image, options: ProcessOptions(arguments: ["m"], environment: []))
            XCTFail("the interpreter loaded a module with sections out of order")
        } catch let e as LoadError {
            XCTAssertTrue(e.description.hasPrefix("'m.wasm' is a malformed WebAssembly module: Sections in the module are out of order at offset 0x"),
                          e.description)
            XCTAssertEqual(e.exitStatus, 126)
        }
        do {
            _ = try CompilerDriver.compile(bytes: bytes, name: "m")
            XCTFail("the compiler accepted a module with sections out of order")
        } catch {
            XCTAssertTrue(error.description.hasPrefix("invalid module: Sections in the module are out of order at offset 0x"),
                          error.description)
        }
    }

    /// An export naming a function that does not exist (module fuzzer, seed 3: a mutated
    /// `_start` index crashed `wali compile` with an index out of range).
    func testExportOfAMissingFunctionIsRefusedByTheCompiler() throws {
        let bytes: [UInt8] = [0, 0x61, 0x73, 0x6d, 1, 0, 0, 0,
                              1, 4, 1, 0x60, 0, 0,
                              3, 2, 1, 0,
                              5, 3, 1, 0, 1,
                              7, 10, 1, 6] + Array("_start".utf8) + [0, 5,
                              10, 4, 1, 2, 0, 0x0b]
        XCTAssertThrowsError(try CompilerDriver.compile(bytes: bytes, name: "m")) { error in
            XCTAssertEqual(error as? CompileError, .invalid("export '_start' names function 5, which does not exist"))
        }
    }

    func testLEBErrorsAreNamedInWords() {
        XCTAssertEqual(WasmErrorText.describe(TestError.text("overflow")), "integer too large (LEB128)")
        XCTAssertEqual(WasmErrorText.describe(TestError.text("\"Message(text: \"unexpected end\")\" at offset 0x1f")),
                       "unexpected end at offset 0x1f")
        XCTAssertEqual(WasmErrorText.describe(TestError.text("already plain\nsecond line")), "already plain")
    }

    enum TestError: Error, CustomStringConvertible {
        case text(String)
        var description: String {
            switch self { case .text(let s): return s }
        }
    }
}
