import Foundation
import XCTest
import WAT
import WasmParser
import WALIInterface
import WALIInterpreter
import WALICompiled
import WALICompiler

/// Small hand-written modules, translated to C, compiled with clang and run on the compiled tier:
/// results are read back from linear memory; traps must be reported like the interpreter's.
final class TranslatorTests: XCTestCase {
    override class func setUp() {
        super.setUp()
        setenv("WALI_CACHE_DIR", NSTemporaryDirectory() + "wali-compiler-tests-\(getpid())", 1)
    }

    /// A runtime kept alive with its result, so memory can be read afterwards.
    struct Run {
        let runtime: CompiledRuntime
        let termination: GuestTermination
        func u32(_ address: UInt32) throws -> UInt32 { try load(address) }
        func u64(_ address: UInt32) throws -> UInt64 { try load(address) }
        /// Reads memory directly (GuestMemory's checked access refuses address 0, as syscalls do).
        func load<T: FixedWidthInteger>(_ address: UInt32) throws -> T {
            let memory = runtime.process.memory
            guard Int(address) + MemoryLayout<T>.size <= memory.byteCount else { throw Errno.EFAULT }
            return T(littleEndian: (memory.base + Int(address)).loadUnaligned(as: T.self))
        }
    }

    func run(_ body: String, memory: String = "(memory 1 4 shared)") throws -> Run {
        let wat = "(module\n\(body)\n\(memory)\n)"
        let bytes = try wat2wasm(wat, features: .all)
        let image = try ModuleImage(path: "test.wasm", bytes: bytes)
        let object = try CompilerDriver.compile(bytes: bytes, name: "test")
        let runtime = try CompiledRuntime(image: image, objectPath: object,
                                          options: ProcessOptions(arguments: ["test"], environment: []))
        return Run(runtime: runtime, termination: runtime.run())
    }

    func assertTrap(_ body: String, _ message: String, _ signal: Int32, memory: String = "(memory 1 4 shared)",
                    file: StaticString = #filePath, line: UInt = #line) throws {
        let r = try run(body, memory: memory)
        XCTAssertEqual(r.termination, .trapped(message: message, signal: signal), file: file, line: line)
    }

    func testSHA256() {
        var h = SHA256()
        h.update("abc")
        XCTAssertEqual(SHA256.hex(h.finish()), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    func testArithmetic() throws {
        let r = try run("""
            (func (export "_start")
              (i32.store (i32.const 0) (i32.add (i32.const 7) (i32.const 5)))
              (i32.store (i32.const 4) (i32.div_s (i32.const -7) (i32.const 2)))
              (i32.store (i32.const 8) (i32.rem_s (i32.const -7) (i32.const 2)))
              (i32.store (i32.const 12) (i32.shr_s (i32.const -16) (i32.const 34)))
              (i32.store (i32.const 16) (i32.rotl (i32.const 0x80000001) (i32.const 1)))
              (i32.store (i32.const 20) (i32.clz (i32.const 1)))
              (i32.store (i32.const 24) (i32.ctz (i32.const 0)))
              (i32.store (i32.const 28) (i32.rem_s (i32.const 0x80000000) (i32.const -1)))
              (i64.store (i32.const 32) (i64.mul (i64.const 0x100000000) (i64.const 3)))
              (i64.store (i32.const 40) (i64.extend_i32_s (i32.const -2)))
              (i32.store (i32.const 48) (i32.trunc_sat_f32_s (f32.const 3e10)))
              (i32.store (i32.const 52) (i32.trunc_sat_f64_u (f64.const -5)))
              (i32.store (i32.const 56) (i32.trunc_f64_s (f64.const -3.9)))
              (f32.store (i32.const 60) (f32.min (f32.const 0) (f32.const -0)))
              (f64.store (i32.const 64) (f64.nearest (f64.const 2.5)))
              (i32.store (i32.const 72) (i32.extend8_s (i32.const 0x80)))
              (i64.store (i32.const 80) (i64.popcnt (i64.const -1)))
              (i32.store (i32.const 88) (f32.ne (f32.const nan) (f32.const nan)))
              (i32.store (i32.const 92) (select (i32.const 10) (i32.const 20) (i32.const 0)))
              (i64.store (i32.const 96) (i64.trunc_sat_f64_s (f64.const -1e300)))
              (i32.store (i32.const 104) (i32.reinterpret_f32 (f32.convert_i64_u (i64.const -1)))))
            """)
        XCTAssertEqual(r.termination, .exited(0))
        let expect32: [(UInt32, UInt32)] = [
            (0, 12), (4, UInt32(bitPattern: -3)), (8, UInt32(bitPattern: -1)), (12, UInt32(bitPattern: -4)),
            (16, 3), (20, 31), (24, 32), (28, 0), (48, 0x7fff_ffff), (52, 0), (56, UInt32(bitPattern: -3)),
            (60, 0x8000_0000), (72, UInt32(bitPattern: -128)), (88, 1), (92, 20), (104, Float(18446744073709551615.0).bitPattern),
        ]
        for (a, v) in expect32 { XCTAssertEqual(try r.u32(a), v, "i32 at \(a)") }
        XCTAssertEqual(try r.u64(32), 0x3_0000_0000)
        XCTAssertEqual(try r.u64(40), UInt64(bitPattern: -2))
        XCTAssertEqual(try r.u64(64), (2.0 as Double).bitPattern)
        XCTAssertEqual(try r.u64(80), 64)
        XCTAssertEqual(try r.u64(96), 0x8000_0000_0000_0000)
    }

    func testLoopsRecursionAndGlobals() throws {
        let r = try run("""
            (global $g (mut i32) (i32.const 5))
            (global $k i64 (i64.const 20))
            (func $fact (param i64) (result i64)
              (if (result i64) (i64.le_u (local.get 0) (i64.const 1))
                (then (i64.const 1))
                (else (i64.mul (local.get 0) (call $fact (i64.sub (local.get 0) (i64.const 1)))))))
            (func (export "_start") (local $i i32) (local $s i32)
              (block $done
                (loop $l
                  (br_if $done (i32.gt_u (local.get $i) (i32.const 1000)))
                  (local.set $s (i32.add (local.get $s) (local.get $i)))
                  (local.set $i (i32.add (local.get $i) (i32.const 1)))
                  (global.set $g (i32.add (global.get $g) (i32.const 1)))
                  (br $l)))
              (i32.store (i32.const 0) (local.get $s))
              (i64.store (i32.const 8) (call $fact (global.get $k)))
              (i32.store (i32.const 16) (global.get $g)))
            """)
        XCTAssertEqual(r.termination, .exited(0))
        XCTAssertEqual(try r.u32(0), 500_500)
        XCTAssertEqual(try r.u64(8), 2_432_902_008_176_640_000)
        XCTAssertEqual(try r.u32(16), 1006)
    }

    func testBrTableAndMultiValue() throws {
        let r = try run("""
            (func $classify (param i32) (result i32)
              (block $d (block $c (block $b (block $a
                (br_table $a $b $c $b $d (local.get 0)))
                (return (i32.const 100)))
                (return (i32.const 200)))
                (return (i32.const 300)))
              (i32.const 400))
            (func $pair (param i32) (result i32 i64)
              (local.get 0) (i64.extend_i32_u (i32.mul (local.get 0) (i32.const 2))))
            (func $sub (param i32 i32) (result i32)
              (local.get 0) (local.get 1)
              (block (param i32 i32) (result i32) (i32.sub)))
            (func $scale (param i32 i32) (result i32)
              (local.get 0) (local.get 1)
              (if (param i32) (result i32) (then (i32.const 2) (i32.mul)) (else (i32.const 3) (i32.mul))))
            (func (export "_start") (local $a i32) (local $b i64) (local $i i32)
              (loop $l
                (i32.store (i32.mul (local.get $i) (i32.const 4)) (call $classify (local.get $i)))
                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                (br_if $l (i32.lt_u (local.get $i) (i32.const 7))))
              (call $pair (i32.const 21)) (local.set $b) (local.set $a)
              (i32.store (i32.const 32) (local.get $a))
              (i64.store (i32.const 40) (local.get $b))
              (i32.store (i32.const 48) (call $sub (i32.const 10) (i32.const 3)))
              (i32.store (i32.const 52) (call $scale (i32.const 5) (i32.const 1)))
              (i32.store (i32.const 56) (call $scale (i32.const 5) (i32.const 0))))
            """)
        XCTAssertEqual(r.termination, .exited(0))
        for (i, v) in [100, 200, 300, 200, 400, 400, 400].enumerated() {
            XCTAssertEqual(try r.u32(UInt32(i * 4)), UInt32(v), "classify(\(i))")
        }
        XCTAssertEqual(try r.u32(32), 21)
        XCTAssertEqual(try r.u64(40), 42)
        XCTAssertEqual(try r.u32(48), 7)
        XCTAssertEqual(try r.u32(52), 10)
        XCTAssertEqual(try r.u32(56), 15)
    }

    static let tableModule = """
        (type $ii (func (param i32) (result i32)))
        (table 4 funcref)
        (elem (i32.const 0) $double $inc $noargs)
        (func $double (type $ii) (i32.mul (local.get 0) (i32.const 2)))
        (func $inc (type $ii) (i32.add (local.get 0) (i32.const 1)))
        (func $noargs (result i32) (i32.const 9))
        """

    func testCallIndirect() throws {
        let r = try run(Self.tableModule + """
            (func (export "_start")
              (i32.store (i32.const 0) (call_indirect (type $ii) (i32.const 5) (i32.const 0)))
              (i32.store (i32.const 4) (call_indirect (type $ii) (i32.const 5) (i32.const 1)))
              (i32.store (i32.const 8) (call_indirect (result i32) (i32.const 2))))
            """)
        XCTAssertEqual(r.termination, .exited(0))
        XCTAssertEqual(try r.u32(0), 10)
        XCTAssertEqual(try r.u32(4), 6)
        XCTAssertEqual(try r.u32(8), 9)
        func call(_ index: Int) -> String {
            Self.tableModule + "(func (export \"_start\") (drop (call_indirect (type $ii) (i32.const 5) (i32.const \(index)))))"
        }
        try assertTrap(call(2), "indirect call type mismatch", SIGILL)
        try assertTrap(call(3), "indirect call to null element (uninitialized element)", SIGILL)
        try assertTrap(call(10), "out of bounds table access (undefined element)", SIGILL)
    }

    func testMemory() throws {
        let r = try run("""
            (data $d "hello")
            (func (export "_start")
              (i32.store (i32.const 0) (memory.size))
              (i32.store (i32.const 4) (memory.grow (i32.const 2)))
              (i32.store (i32.const 8) (memory.size))
              (i32.store (i32.const 12) (memory.grow (i32.const 5)))
              (i32.store (i32.const 0x2fffc) (i32.const 77))
              (memory.fill (i32.const 100) (i32.const 0xab) (i32.const 10))
              (memory.copy (i32.const 200) (i32.const 98) (i32.const 14))
              (memory.init $d (i32.const 300) (i32.const 1) (i32.const 4))
              (data.drop $d))
            """)
        XCTAssertEqual(r.termination, .exited(0))
        XCTAssertEqual(try r.u32(0), 1)
        XCTAssertEqual(try r.u32(4), 1)
        XCTAssertEqual(try r.u32(8), 3)
        XCTAssertEqual(try r.u32(12), 0xffff_ffff)
        XCTAssertEqual(try r.u32(0x2fffc), 77)
        XCTAssertEqual(try r.u32(200), 0xabab_0000)
        XCTAssertEqual(try r.u32(210), 0x0000_abab)
        XCTAssertEqual(try r.u32(300), UInt32(littleEndian: 0x6f6c_6c65)) // "ello"
        XCTAssertEqual(r.runtime.process.memory.byteCount, 3 * 65536)
    }

    func testTraps() throws {
        func start(_ s: String) -> String { "(func (export \"_start\") \(s))" }
        try assertTrap(start("unreachable"), "unreachable", SIGILL)
        try assertTrap(start("(drop (i32.load (i32.const 65536)))"), "out of bounds memory access", SIGSEGV)
        try assertTrap(start("(i64.store offset=0xfffffff0 (i32.const 0xffffff00) (i64.const 1))"), "out of bounds memory access", SIGSEGV)
        try assertTrap(start("(memory.fill (i32.const 65530) (i32.const 0) (i32.const 7))"), "out of bounds memory access", SIGSEGV)
        try assertTrap(start("(drop (i32.div_u (i32.const 1) (i32.const 0)))"), "integer divide by zero", SIGFPE)
        try assertTrap(start("(drop (i32.div_s (i32.const 0x80000000) (i32.const -1)))"), "integer overflow", SIGFPE)
        try assertTrap(start("(drop (i32.trunc_f32_s (f32.const nan)))"), "invalid conversion to integer", SIGILL)
        try assertTrap(start("(drop (i64.trunc_f64_u (f64.const -1)))"), "integer overflow", SIGFPE)
        try assertTrap(start("(drop (i32.atomic.load (i32.const 2)))"), "unaligned atomic", SIGILL)
        // Recursion clang cannot turn into a loop: it may end (memory decides) and the store
        // follows the call.
        try assertTrap("""
            (func $f (param i32) (result i32) (local $r i32)
              (if (i32.eq (i32.load (i32.const 1024)) (i32.const 1)) (then (return (i32.const 0))))
              (local.set $r (call $f (i32.add (local.get 0) (i32.const 1))))
              (i32.store (i32.and (local.get 0) (i32.const 0xfc)) (local.get $r))
              (local.get $r))
            """ + start("(drop (call $f (i32.const 0)))"), "call stack exhausted", SIGSEGV)
    }

    func testAtomicsAndImports() throws {
        let r = try run("""
            (import "wali" "SYS_getpid" (func $getpid (result i64)))
            (func (export "_start")
              (i32.store (i32.const 0) (i32.const 5))
              (drop (i32.atomic.rmw.add (i32.const 0) (i32.const 3)))
              (i32.store (i32.const 4) (i32.atomic.rmw.cmpxchg (i32.const 0) (i32.const 8) (i32.const 20)))
              (i32.store (i32.const 8) (memory.atomic.wait32 (i32.const 0) (i32.const 0) (i64.const 1000)))
              (i32.store (i32.const 12) (memory.atomic.wait32 (i32.const 0) (i32.const 20) (i64.const 1000000)))
              (i32.store (i32.const 16) (memory.atomic.notify (i32.const 0) (i32.const 1)))
              (i64.store (i32.const 24) (i64.atomic.rmw8.xchg_u (i32.const 0) (i64.const 0x1ff)))
              (i64.store (i32.const 32) (call $getpid)))
            """)
        XCTAssertEqual(r.termination, .exited(0))
        XCTAssertEqual(try r.u32(0), 0xff)
        XCTAssertEqual(try r.u32(4), 8)
        XCTAssertEqual(try r.u32(8), 1)
        XCTAssertEqual(try r.u32(12), 2)
        XCTAssertEqual(try r.u32(16), 0)
        XCTAssertEqual(try r.u64(24), 20)
        XCTAssertEqual(try r.u64(32), UInt64(getpid()))
    }

    func testExceptions() throws {
        let r = try run("""
            (tag $e (param i32 f64))
            (tag $f (param i64))
            (func $thrower (param i32)
              (if (i32.eq (local.get 0) (i32.const 1)) (then (throw $e (i32.const 41) (f64.const 2.5))))
              (if (i32.eq (local.get 0) (i32.const 2)) (then (throw $f (i64.const 7)))))
            ;; catch with a payload; a local set inside the try body survives the throw
            (func $catch1 (result i32) (local $x i32)
              (block $h (result i32 f64)
                (try_table (catch $e $h)
                  (local.set $x (i32.const 100))
                  (call $thrower (i32.const 1))
                  (local.set $x (i32.const 999)))
                (return (i32.const -1)))
              (drop) (i32.add (local.get $x)))
            ;; catch_all_ref then throw_ref: rethrown to the outer handler
            (func $rethrow (result i64)
              (block $outer (result i64)
                (try_table (catch $f $outer)
                  (block $h (result exnref)
                    (try_table (catch_all_ref $h) (call $thrower (i32.const 2)))
                    (return (i64.const -1)))
                  (throw_ref))
                (i64.const -2)))
            ;; branching out of a try_table uninstalls its handler; catch_all of another tag
            (func $branchout (result i32)
              (local $n i32)
              (block $h
                (try_table (catch_all $h)
                  (drop (block $out (result i64) (try_table (catch $f $out) (br $out (i64.const 3))) (i64.const 4)))
                  (block $out2 (try_table (catch_all $out2) (br $out2)))
                  (local.set $n (i32.const 5))
                  (call $thrower (i32.const 1)))
                (return (i32.const 0)))
              (local.get $n))
            (func (export "_start")
              (i32.store (i32.const 0) (call $catch1))
              (i64.store (i32.const 8) (call $rethrow))
              (i32.store (i32.const 16) (call $branchout))
              (call $thrower (i32.const 2)))
            """)
        XCTAssertEqual(try r.u32(0), 141)
        XCTAssertEqual(try r.u64(8), 7)
        XCTAssertEqual(try r.u32(16), 5)
        XCTAssertEqual(r.termination, .trapped(message: "uncaught wasm exception", signal: SIGILL))
    }

    func testUnsupportedFeaturesAreNamed() throws {
        let bytes = try wat2wasm("""
            (module (memory 1 1 shared)
              (func (export "_start") (drop (i32x4.splat (i32.const 1)))))
            """, features: .all)
        XCTAssertThrowsError(try ModuleTranslator.translate(bytes: bytes)) { error in
            guard case CompileError.unsupported(let what)? = error as? CompileError else { return XCTFail("\(error)") }
            XCTAssertTrue(what.contains("SIMD"), what)
        }
    }
}
