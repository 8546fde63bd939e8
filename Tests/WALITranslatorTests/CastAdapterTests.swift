import Foundation
import XCTest
import WAT
import WasmParser
import WALILinux
import WALIInterpreter
import WALIModule
import WALICompiledTier
import WALITranslator

/// Function-pointer casts (CastAdapters): calls whose type differs from the callee's only in
/// missing/extra results or trailing integer parameters reach the callee through an adapter on
/// both tiers; every other mismatch still traps; modules whose table 0 can change are left alone.
final class CastAdapterTests: XCTestCase {
    override class func setUp() {
        super.setUp()
        setenv("WALI_CACHE_DIR", NSTemporaryDirectory() + "wali-cast-tests-\(getpid())", 1)
    }

    static let functions = """
        (type $i_i (func (param i32) (result i32)))
        (func $set (param i32) (i32.store (i32.const 100) (local.get 0)))
        (func $add3 (param i32 i32 i32) (result i32)
          (i32.add (i32.mul (local.get 0) (i32.const 100)) (i32.add (i32.mul (local.get 1) (i32.const 10)) (local.get 2))))
        (func $wide (param i32 i64) (result i64) (i64.add (i64.extend_i32_u (local.get 0)) (local.get 1)))
        (func $dbl (param f64) (result f64) (f64.mul (local.get 0) (f64.const 2)))
        (func $exact (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
        (table 5 funcref)
        (elem (i32.const 0) $set $add3 $wide $dbl $exact)
        """

    static let calls = """
        (func (export "_start")
          ;; void(i32) called as i32(i32): the argument arrives, the result is 0
          (i32.store (i32.const 0) (call_indirect (type $i_i) (i32.const 7) (i32.const 0)))
          ;; i32(i32,i32,i32) called as i32(i32,i32): the third is 0
          (i32.store (i32.const 4) (call_indirect (param i32 i32) (result i32) (i32.const 1) (i32.const 2) (i32.const 1)))
          ;; i32(i32,i32,i32) called as i32(i32,i32,i32,i32): the extra one is dropped
          (i32.store (i32.const 8) (call_indirect (param i32 i32 i32 i32) (result i32)
            (i32.const 3) (i32.const 4) (i32.const 5) (i32.const 6) (i32.const 1)))
          ;; i64(i32,i64) called as i64(i32): the i64 is 0
          (i64.store (i32.const 16) (call_indirect (param i32) (result i64) (i32.const 9) (i32.const 2)))
          ;; i64(i32,i64) called as void(i32,i64): the result is dropped
          (call_indirect (param i32 i64) (i32.const 1) (i64.const 2) (i32.const 2))
          ;; an exact call through the same type as the first one still calls the function itself
          (i32.store (i32.const 24) (call_indirect (type $i_i) (i32.const 41) (i32.const 4)))
        )
        """

    func adapted(_ wat: String) throws -> [UInt8] {
        let bytes = try wat2wasm(wat, features: .all)
        return try XCTUnwrap(CastAdapters.adapt(bytes), "the module needs adapters")
    }

    /// Runs on both tiers; returns each tier's termination and the i32 words at 0, 4, ... 28.
    func runBoth(_ bytes: [UInt8]) throws -> [(GuestTermination, [UInt32])] {
        let image = try ModuleImage(path: "test.wasm", bytes: bytes)
        let object = try CompilerDriver.compile(bytes: bytes, name: "test")
        let compiled = try CompiledRuntime(image: image, objectPath: object, options: ProcessOptions(arguments: ["test"], environment: []))
        let interp = try Interpreter(image: image, options: ProcessOptions(arguments: ["test"], environment: []))
        var results: [(GuestTermination, [UInt32])] = []
        for (termination, memory) in [(compiled.run(), compiled.process.memory), (interp.run(), interp.process.memory)] {
            let words = (0..<8).map { UInt32(littleEndian: (memory.base + 4 * $0).loadUnaligned(as: UInt32.self)) }
            results.append((termination, words))
        }
        return results
    }

    func testAdaptedCallsOnBothTiers() throws {
        let bytes = try adapted("(module\n\(Self.functions)\n\(Self.calls)\n(memory 1 4 shared))")
        for (tier, (termination, words)) in zip(["compiled", "interp"], try runBoth(bytes)) {
            XCTAssertEqual(termination, .exited(0), tier)
            XCTAssertEqual(words[0], 0, "\(tier): missing result")
            XCTAssertEqual(words[25], 7, "\(tier): argument of the adapted call") // address 100
            XCTAssertEqual(words[1], 120, "\(tier): missing trailing i32")
            XCTAssertEqual(words[2], 345, "\(tier): extra trailing i32")
            XCTAssertEqual(words[4], 9, "\(tier): missing trailing i64 (low word)")
            XCTAssertEqual(words[5], 0, "\(tier): missing trailing i64 (high word)")
            XCTAssertEqual(words[6], 42, "\(tier): exact call")
        }
    }

    func testOtherMismatchesStillTrap() throws {
        // f64(f64) called as i32(i32): no adapter may bridge it, on either tier.
        let wat = "(module\n\(Self.functions)\n\(Self.calls.replacingOccurrences(of: "(i32.const 41) (i32.const 4)", with: "(i32.const 41) (i32.const 3)"))\n(memory 1 4 shared))"
        for (tier, (termination, _)) in zip(["compiled", "interp"], try runBoth(try adapted(wat))) {
            XCTAssertEqual(termination, .trapped(message: "indirect call type mismatch", signal: SIGILL), tier)
        }
        // A null entry and an index past the end trap as they do without adapters.
        for index in ["(i32.const 6)", "(i32.const 7)"] {
            let body = Self.functions.replacingOccurrences(of: "(table 5 funcref)", with: "(table 7 funcref)")
            let w = "(module\n\(body)\n(func (export \"_start\") (drop (call_indirect (type $i_i) (i32.const 1) \(index))) (drop (call_indirect (type $i_i) (i32.const 1) (i32.const 0))))\n(memory 1 4 shared))"
            let plain = try runBoth(try wat2wasm(w, features: .all)).map(\.0)
            let withAdapters = try runBoth(try adapted(w)).map(\.0)
            XCTAssertEqual(plain, withAdapters, index)
            XCTAssertNotEqual(plain[0], .exited(0), index)
        }
    }

    func testSkippedWhenTableZeroCanChange() throws {
        let base = "(module\n\(Self.functions)\n\(Self.calls)\n"
        for extra in ["(func (table.set 0 (i32.const 0) (ref.null func)))",
                      "(func (drop (table.grow 0 (ref.null func) (i32.const 1))))",
                      "(func (table.copy (i32.const 0) (i32.const 1) (i32.const 1)))",
                      "(export \"t\" (table 0))"] {
            let bytes = try wat2wasm(base + extra + "\n(memory 1 4 shared))", features: .all)
            XCTAssertNil(CastAdapters.adapt(bytes), extra)
        }
        // Nothing to adapt: every call's type is its callee's.
        let exact = try wat2wasm("(module\n\(Self.functions)\n(func (export \"_start\") (drop (call_indirect (type $i_i) (i32.const 1) (i32.const 4))))\n(memory 1 4 shared))", features: .all)
        XCTAssertNil(CastAdapters.adapt(exact))
    }
}
