import Foundation
import XCTest
import WAT
import WasmParser
import WALILinux
import WALIInterpreter
import WALIModule
import WALICompiledTier
import WALITranslator

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

    /// The trap is reported alike on both tiers: one message and signal per kind (WasmTrap).
    func assertTrap(_ body: String, _ message: String, _ signal: Int32, memory: String = "(memory 1 4 shared)",
                    file: StaticString = #filePath, line: UInt = #line) throws {
        let r = try run(body, memory: memory)
        XCTAssertEqual(r.termination, .trapped(message: message, signal: signal), "compiled", file: file, line: line)
        let bytes = try wat2wasm("(module\n\(body)\n\(memory)\n)", features: .all)
        let interp = try Interpreter(image: ModuleImage(path: "test.wasm", bytes: bytes),
                                     options: ProcessOptions(arguments: ["test"], environment: []))
        XCTAssertEqual(interp.run(), .trapped(message: message, signal: signal), "interpreter", file: file, line: line)
        XCTAssertTrue(WasmTrap.Kind.allCases.contains { WasmTrap($0).message == message }, message, file: file, line: line)
    }

    func testCacheKeyIncludesTheCCompiler() throws {
        let bytes = Array("\0asm module bytes".utf8)
        let clang21 = CCompiler(path: "/usr/bin/clang", version: "clang version 21.1.0\n")
        let clang22 = CCompiler(path: "/usr/bin/clang", version: "clang version 22.0.0\n")
        let other = CCompiler(path: "/opt/clang", version: "clang version 22.0.0\n")
        let key = CompilerDriver.cachePath(for: bytes, compiler: clang22)
        XCTAssertEqual(key, CompilerDriver.cachePath(for: bytes, compiler: clang22))
        XCTAssertNotEqual(key, CompilerDriver.cachePath(for: bytes, compiler: clang21))
        XCTAssertNotEqual(key, CompilerDriver.cachePath(for: bytes, compiler: other))
        XCTAssertNotEqual(key, CompilerDriver.cachePath(for: bytes + [0], compiler: clang22))
        // A SHA-256 digest names the entry.
        let name = String(key.split(separator: "/").last!)
        XCTAssertEqual(name.count, 64 + 3, name)
        XCTAssertTrue(name.dropLast(3).allSatisfy { $0.isHexDigit }, name)

        // The real compiler: its --version is part of the key.
        let found = try CCompiler.find(nil, cacheDirectory: CompilerDriver.cacheDirectory)
        XCTAssertTrue(found.resolvedPath.hasPrefix("/"), found.resolvedPath)
        XCTAssertTrue(found.version.contains("clang"), found.version)
        XCTAssertEqual(try CCompiler.find(nil, cacheDirectory: CompilerDriver.cacheDirectory), found)
    }

    func testCompileLeavesOnlyTheObjectInTheCache() throws {
        let bytes = try wat2wasm("(module (memory 1 1) (func (export \"_start\")))", features: .all)
        let object = try CompilerDriver.compile(bytes: bytes, name: "lock", options: {
            var o = CompilerDriver.Options()
            o.force = true
            return o
        }())
        XCTAssertTrue(FileManager.default.fileExists(atPath: object))
        let entries = try FileManager.default.contentsOfDirectory(atPath: CompilerDriver.cacheDirectory)
        XCTAssertFalse(entries.contains { $0.hasSuffix(".lock") || $0.contains(".tmp") || $0.hasPrefix("build-") }, "\(entries)")
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

    func testTailCallsRunInConstantStack() throws {
        // Ten million tail calls: without real tail calls this exhausts any stack.
        let r = try run("""
            (type $t (func (param i64 i64) (result i64)))
            (table 1 funcref)
            (elem (i32.const 0) $count)
            (func $count (type $t)
              (if (result i64) (i64.eqz (local.get 0))
                (then (local.get 1))
                (else (return_call $viaTable (i64.sub (local.get 0) (i64.const 1)) (i64.add (local.get 1) (i64.const 2))))))
            (func $viaTable (type $t)
              (return_call_indirect (type $t) (local.get 0) (local.get 1) (i32.const 0)))
            (func $direct (type $t)
              (if (result i64) (i64.eqz (local.get 0))
                (then (local.get 1))
                (else (return_call $direct (i64.sub (local.get 0) (i64.const 1)) (i64.add (local.get 1) (i64.const 1))))))
            (func (export "_start")
              (i64.store (i32.const 0) (call $count (i64.const 10000000) (i64.const 0)))
              (i64.store (i32.const 8) (call $direct (i64.const 10000000) (i64.const 5))))
            """)
        XCTAssertEqual(r.termination, .exited(0))
        XCTAssertEqual(try r.u64(0), 20_000_000)
        XCTAssertEqual(try r.u64(8), 10_000_005)
    }

    func testSignalReachesLoopFreeRecursion() throws {
        // SIGALRM lands while a doubly recursive function without loops (fib 60: would run for
        // ages) computes; the function-entry safe point must run the handler, whose flag ends it.
        let r = try withTimeout(60, "signal in loop-free recursion") {
            try run("""
                (import "wali" "SYS_rt_sigaction" (func $sigaction (param i32 i32 i32 i32) (result i64)))
                (import "wali" "SYS_setitimer" (func $setitimer (param i32 i32 i32) (result i64)))
                (table 2 funcref)
                (elem (i32.const 1) $onAlarm)
                (func $onAlarm (param i32) (i32.store (i32.const 0) (i32.const 1)))
                (func $f (param i32) (result i32)
                  (if (result i32) (i32.load (i32.const 0))
                    (then (i32.const 0))
                    (else (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
                      (then (local.get 0))
                      (else (i32.add (call $f (i32.sub (local.get 0) (i32.const 1)))
                                     (call $f (i32.sub (local.get 0) (i32.const 2)))))))))
                (func (export "_start")
                  (i32.store (i32.const 64) (i32.const 1))  ;; sigaction: handler = table[1]
                  (drop (call $sigaction (i32.const 14) (i32.const 64) (i32.const 0) (i32.const 8)))
                  (i64.store (i32.const 152) (i64.const 20000))  ;; itimerval: it_value = 20 ms
                  (drop (call $setitimer (i32.const 0) (i32.const 128) (i32.const 0)))
                  (drop (call $f (i32.const 60)))
                  (i32.store (i32.const 8) (i32.const 7)))
                """)
        }
        XCTAssertEqual(r.termination, .exited(0))
        XCTAssertEqual(try r.u32(0), 1)
        XCTAssertEqual(try r.u32(8), 7)
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

    func testExnrefThrownAgain() throws {
        // An exnref from catch_ref may be thrown any number of times, its payload intact: packed
        // into the reference (an i32 payload, as C++ and setjmp use) or kept on the heap (i64).
        let r = try run("""
            (tag $small (param i32))
            (tag $big (param i64))
            (global $kept (mut exnref) (ref.null exn))
            (func $keep (param i32)
              (block $done
                (block $hb (result i64 exnref)
                  (block $hs (result i32 exnref)
                    (try_table (catch_ref $small $hs) (catch_ref $big $hb)
                      (if (local.get 0) (then (throw $big (i64.const 0x100000005))))
                      (throw $small (i32.const 0xdeadbeef)))
                    (unreachable))
                  (global.set $kept)
                  (drop)
                  (br $done))
                (global.set $kept)
                (drop)))
            (func $small_again (result i32)
              (block $h (result i32) (try_table (catch $small $h) (throw_ref (global.get $kept))) (i32.const -1)))
            (func $big_again (result i64)
              (block $h (result i64) (try_table (catch $big $h) (throw_ref (global.get $kept))) (i64.const -1)))
            (func (export "_start")
              (call $keep (i32.const 0))
              (i32.store (i32.const 0) (call $small_again))
              (i32.store (i32.const 4) (call $small_again))
              (call $keep (i32.const 1))
              (i64.store (i32.const 8) (call $big_again))
              (i64.store (i32.const 16) (call $big_again)))
            """)
        XCTAssertEqual(r.termination, .exited(0))
        XCTAssertEqual(try r.u32(0), 0xdeadbeef)
        XCTAssertEqual(try r.u32(4), 0xdeadbeef)
        XCTAssertEqual(try r.u64(8), 0x100000005)
        XCTAssertEqual(try r.u64(16), 0x100000005)
    }

    func testUnsupportedFeaturesAreNamed() throws {
        // Exception payloads are kept one per u64: a v128 payload is refused (the interpreter runs it).
        let bytes = try wat2wasm("""
            (module (memory 1 1 shared)
              (tag $t (param v128))
              (func (export "_start") (throw $t (v128.const i64x2 1 2))))
            """, features: .all)
        XCTAssertThrowsError(try ModuleTranslator.translate(bytes: bytes)) { error in
            guard case CompileError.unsupported(let what)? = error as? CompileError else { return XCTFail("\(error)") }
            XCTAssertTrue(what.contains("v128"), what)
        }
    }

    // MARK: SIMD

    /// Fails the test process (instead of hanging the suite) if `body` takes longer than `seconds`.
    func withTimeout<T>(_ seconds: Double, _ what: String, _ body: () throws -> T) rethrows -> T {
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            if done.wait(timeout: .now() + seconds) == .timedOut { fatalError("\(what) timed out after \(seconds)s") }
        }
        defer { done.signal() }
        return try body()
    }

    /// Runs `wat` (a whole module) on both tiers; returns both terminations and the bytes of
    /// [from, from + count) of each tier's memory afterwards.
    func runBothTiers(_ wat: String, from: Int, count: Int) throws
        -> (interp: GuestTermination, compiled: GuestTermination, interpBytes: [UInt8], compiledBytes: [UInt8]) {
        let bytes = try wat2wasm(wat, features: .all)
        func read(_ memory: GuestMemory) -> [UInt8] {
            guard from + count <= memory.byteCount else { return [] }
            return Array(UnsafeRawBufferPointer(start: memory.base + from, count: count))
        }
        let options = ProcessOptions(arguments: ["test"], environment: [])
        let interp = try Interpreter(image: ModuleImage(path: "simd.wasm", bytes: bytes), options: options)
        let it = withTimeout(120, "interpreter run") { interp.run() }
        let object = try withTimeout(300, "compile") { try CompilerDriver.compile(bytes: bytes, name: "simd") }
        let compiled = try CompiledRuntime(image: ModuleImage(path: "simd.wasm", bytes: bytes), objectPath: object, options: options)
        let ct = withTimeout(60, "compiled run") { compiled.run() }
        return (it, ct, read(interp.process.memory), read(compiled.process.memory))
    }

    static func watBytes(_ b: [UInt8]) -> String { "\"" + b.map { String(format: "\\%02x", $0) }.joined() + "\"" }
    static func le<T: FixedWidthInteger>(_ lanes: [T]) -> [UInt8] {
        lanes.flatMap { v in (0..<MemoryLayout<T>.size).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) } }
    }
    static func f32(_ lanes: [Float]) -> [UInt8] { le(lanes.map(\.bitPattern)) }
    static func f64(_ lanes: [Double]) -> [UInt8] { le(lanes.map(\.bitPattern)) }

    /// The SIMD inputs, 16 bytes each, laid out from address 0 in this order. NaN lanes of the
    /// float inputs never meet another NaN lane in a two-operand case (which NaN a commuted
    /// hardware operation returns is not something the tiers need to agree on).
    static let simdInputs: [(String, [UInt8])] = [
        ("A", [0x00, 0x01, 0x7f, 0x80, 0xff, 0xfe, 0x40, 0xc0, 0x10, 0x20, 0x81, 0x7e, 0x55, 0xaa, 0x33, 0x99]),
        ("B", [0x01, 0xff, 0x01, 0xff, 0x01, 0x80, 0x40, 0xc0, 0x7f, 0xe0, 0x81, 0x02, 0x0f, 0xf0, 0xcc, 0x11]),
        ("C", le([0, 1, 0x7fff, 0x8000, 0xffff, 0x1234, 0x8001, 0x4000] as [UInt16])),
        ("D", le([0x8000, 0xffff, 1, 0x8000, 2, 0x7fff, 0x7fff, 0x4000] as [UInt16])),
        ("E", le([0, 0x7fff_ffff, 0x8000_0000, 0xffff_ffff] as [UInt32])),
        ("F", le([1, 0x7fff_ffff, 0x8000_0000, 5] as [UInt32])),
        ("G", le([0x8000_0000_0000_0000, 0x7fff_ffff_ffff_ffff] as [UInt64])),
        ("H", le([0xffff_ffff_ffff_ffff, 2] as [UInt64])),
        ("S", [0, 15, 16, 255, 3, 0x80, 17, 1, 2, 31, 4, 0x7f, 5, 6, 7, 8]),
        ("FA", f32([.nan, -0.0, 1.5, -.infinity])),
        ("FB", le([Float(1).bitPattern, 0, 0x7fa0_0001, Float(3e9).bitPattern])),
        ("FC", f32([2.5, -2.5, 3.5, -0.5])),
        ("FD", f32([4294967296.0, -1.0, 2147483520.0, -2147483904.0])),
        ("FE", le([Float(0.5).bitPattern, 1, Float(-3.7).bitPattern, Float(2147483648.0).bitPattern])),
        ("FF", le([Float(-0.0).bitPattern, 0, Float(5).bitPattern, 0xffc0_0123])),
        ("DA", f64([.nan, -0.0])),
        ("DB", f64([0.0, 1.0])),
        ("DC", f64([2.5, -3.5])),
        ("DD", f64([4294967295.9, -2147483648.9])),
        ("DE", f64([-2147483649.0, 1e300])),
        ("DF", le([Double(-Double.infinity).bitPattern, 0x7ff4_0000_0000_0001])),
    ]

    /// Every SIMD instruction WasmParser decodes, on edge-case inputs: (label, type of the
    /// result, WAT expression).
    static func simdCases() -> [(String, String, String)] {
        let addr = Dictionary(uniqueKeysWithValues: simdInputs.enumerated().map { ($0.element.0, $0.offset * 16) })
        func v(_ name: String) -> String { "(v128.load (i32.const \(addr[name]!)))" }
        var cases: [(String, String, String)] = []
        let intPairs = [("A", "B"), ("B", "A"), ("C", "D"), ("D", "C"), ("E", "F"), ("F", "E"), ("G", "H"), ("H", "G"), ("A", "S"), ("C", "C")]
        let f32Pairs = [("FA", "FB"), ("FB", "FA"), ("FC", "FD"), ("FE", "FF"), ("FF", "FE"), ("FA", "FF"), ("FF", "FA"), ("FB", "FF"), ("FC", "FC")]
        let f64Pairs = [("DA", "DB"), ("DB", "DA"), ("DC", "DD"), ("DE", "DF"), ("DF", "DE"), ("DA", "DC"), ("DC", "DC")]
        let ints = ["A", "B", "C", "D", "E", "F", "G", "H", "S"]
        let f32s = ["FA", "FB", "FC", "FD", "FE", "FF", "E"]
        let f64s = ["DA", "DB", "DC", "DD", "DE", "DF", "G"]
        func binary(_ ops: String, _ pairs: [(String, String)]) {
            for op in ops.split(whereSeparator: \.isWhitespace) {
                for (a, b) in pairs { cases.append(("\(op) \(a) \(b)", "v128", "(\(op) \(v(a)) \(v(b)))")) }
            }
        }
        func unary(_ ops: String, _ inputs: [String], result: String = "v128") {
            for op in ops.split(whereSeparator: \.isWhitespace) {
                for a in inputs { cases.append(("\(op) \(a)", result, "(\(op) \(v(a)))")) }
            }
        }
        binary("""
            i8x16.swizzle i8x16.relaxed_swizzle v128.and v128.andnot v128.or v128.xor \
            i8x16.eq i8x16.ne i8x16.lt_s i8x16.lt_u i8x16.gt_s i8x16.gt_u i8x16.le_s i8x16.le_u i8x16.ge_s i8x16.ge_u \
            i16x8.eq i16x8.ne i16x8.lt_s i16x8.lt_u i16x8.gt_s i16x8.gt_u i16x8.le_s i16x8.le_u i16x8.ge_s i16x8.ge_u \
            i32x4.eq i32x4.ne i32x4.lt_s i32x4.lt_u i32x4.gt_s i32x4.gt_u i32x4.le_s i32x4.le_u i32x4.ge_s i32x4.ge_u \
            i64x2.eq i64x2.ne i64x2.lt_s i64x2.gt_s i64x2.le_s i64x2.ge_s \
            i8x16.narrow_i16x8_s i8x16.narrow_i16x8_u i16x8.narrow_i32x4_s i16x8.narrow_i32x4_u \
            i8x16.add i8x16.add_sat_s i8x16.add_sat_u i8x16.sub i8x16.sub_sat_s i8x16.sub_sat_u \
            i8x16.min_s i8x16.min_u i8x16.max_s i8x16.max_u i8x16.avgr_u \
            i16x8.add i16x8.add_sat_s i16x8.add_sat_u i16x8.sub i16x8.sub_sat_s i16x8.sub_sat_u i16x8.mul \
            i16x8.min_s i16x8.min_u i16x8.max_s i16x8.max_u i16x8.avgr_u i16x8.q15mulr_sat_s i16x8.relaxed_q15mulr_s \
            i32x4.add i32x4.sub i32x4.mul i32x4.min_s i32x4.min_u i32x4.max_s i32x4.max_u i32x4.dot_i16x8_s \
            i64x2.add i64x2.sub i64x2.mul \
            i16x8.extmul_low_i8x16_s i16x8.extmul_high_i8x16_s i16x8.extmul_low_i8x16_u i16x8.extmul_high_i8x16_u \
            i32x4.extmul_low_i16x8_s i32x4.extmul_high_i16x8_s i32x4.extmul_low_i16x8_u i32x4.extmul_high_i16x8_u \
            i64x2.extmul_low_i32x4_s i64x2.extmul_high_i32x4_s i64x2.extmul_low_i32x4_u i64x2.extmul_high_i32x4_u \
            i16x8.relaxed_dot_i8x16_i7x16_s
            """, intPairs)
        binary("""
            f32x4.eq f32x4.ne f32x4.lt f32x4.gt f32x4.le f32x4.ge f32x4.add f32x4.sub f32x4.mul f32x4.div \
            f32x4.min f32x4.max f32x4.pmin f32x4.pmax f32x4.relaxed_min f32x4.relaxed_max
            """, f32Pairs)
        binary("""
            f64x2.eq f64x2.ne f64x2.lt f64x2.gt f64x2.le f64x2.ge f64x2.add f64x2.sub f64x2.mul f64x2.div \
            f64x2.min f64x2.max f64x2.pmin f64x2.pmax f64x2.relaxed_min f64x2.relaxed_max
            """, f64Pairs)
        unary("""
            v128.not i8x16.abs i8x16.neg i8x16.popcnt i16x8.abs i16x8.neg i32x4.abs i32x4.neg i64x2.abs i64x2.neg \
            i16x8.extend_low_i8x16_s i16x8.extend_high_i8x16_s i16x8.extend_low_i8x16_u i16x8.extend_high_i8x16_u \
            i32x4.extend_low_i16x8_s i32x4.extend_high_i16x8_s i32x4.extend_low_i16x8_u i32x4.extend_high_i16x8_u \
            i64x2.extend_low_i32x4_s i64x2.extend_high_i32x4_s i64x2.extend_low_i32x4_u i64x2.extend_high_i32x4_u \
            i16x8.extadd_pairwise_i8x16_s i16x8.extadd_pairwise_i8x16_u i32x4.extadd_pairwise_i16x8_s i32x4.extadd_pairwise_i16x8_u \
            f32x4.convert_i32x4_s f32x4.convert_i32x4_u f64x2.convert_low_i32x4_s f64x2.convert_low_i32x4_u
            """, ints)
        unary("v128.any_true i8x16.all_true i16x8.all_true i32x4.all_true i64x2.all_true i8x16.bitmask i16x8.bitmask i32x4.bitmask i64x2.bitmask",
              ints + ["FA"], result: "i32")
        unary("""
            f32x4.abs f32x4.neg f32x4.sqrt f32x4.ceil f32x4.floor f32x4.trunc f32x4.nearest \
            i32x4.trunc_sat_f32x4_s i32x4.trunc_sat_f32x4_u i32x4.relaxed_trunc_f32x4_s i32x4.relaxed_trunc_f32x4_u f64x2.promote_low_f32x4
            """, f32s)
        unary("""
            f64x2.abs f64x2.neg f64x2.sqrt f64x2.ceil f64x2.floor f64x2.trunc f64x2.nearest \
            i32x4.trunc_sat_f64x2_s_zero i32x4.trunc_sat_f64x2_u_zero i32x4.relaxed_trunc_f64x2_s_zero i32x4.relaxed_trunc_f64x2_u_zero \
            f32x4.demote_f64x2_zero
            """, f64s)
        // Three operands
        for (a, b, c) in [("A", "B", "S"), ("E", "F", "C"), ("G", "H", "D")] {
            for op in ["v128.bitselect", "i8x16.relaxed_laneselect", "i16x8.relaxed_laneselect", "i32x4.relaxed_laneselect",
                       "i64x2.relaxed_laneselect", "i32x4.relaxed_dot_i8x16_i7x16_add_s"] {
                cases.append(("\(op) \(a) \(b) \(c)", "v128", "(\(op) \(v(a)) \(v(b)) \(v(c)))"))
            }
        }
        for (a, b, c) in [("FA", "FB", "FC"), ("FC", "FD", "FE"), ("FE", "FC", "FF")] {
            for op in ["f32x4.relaxed_madd", "f32x4.relaxed_nmadd"] {
                cases.append(("\(op) \(a) \(b) \(c)", "v128", "(\(op) \(v(a)) \(v(b)) \(v(c)))"))
            }
        }
        for (a, b, c) in [("DA", "DB", "DC"), ("DC", "DD", "DE"), ("DE", "DC", "DF")] {
            for op in ["f64x2.relaxed_madd", "f64x2.relaxed_nmadd"] {
                cases.append(("\(op) \(a) \(b) \(c)", "v128", "(\(op) \(v(a)) \(v(b)) \(v(c)))"))
            }
        }
        // Shifts: the count is taken modulo the lane width.
        for (shape, bits, input) in [("i8x16", 8, "A"), ("i16x8", 16, "C"), ("i32x4", 32, "E"), ("i64x2", 64, "G")] {
            for op in ["shl", "shr_s", "shr_u"] {
                for n in [0, 1, bits - 1, bits, bits + 1, 255, -1] {
                    cases.append(("\(shape).\(op) \(input) \(n)", "v128", "(\(shape).\(op) \(v(input)) (i32.const \(n)))"))
                }
            }
        }
        // Splats, lanes
        for x in ["0x1ff", "-1", "0x80"] { cases.append(("i8x16.splat \(x)", "v128", "(i8x16.splat (i32.const \(x)))")) }
        for x in ["0x18001", "-2"] { cases.append(("i16x8.splat \(x)", "v128", "(i16x8.splat (i32.const \(x)))")) }
        cases.append(("i32x4.splat", "v128", "(i32x4.splat (i32.load (i32.const \(addr["E"]! + 12))))"))
        cases.append(("i64x2.splat", "v128", "(i64x2.splat (i64.load (i32.const \(addr["G"]!))))"))
        cases.append(("f32x4.splat", "v128", "(f32x4.splat (f32.load (i32.const \(addr["FB"]! + 8))))"))
        cases.append(("f64x2.splat", "v128", "(f64x2.splat (f64.load (i32.const \(addr["DF"]! + 8))))"))
        for (shape, n, input, value) in [("i8x16", 16, "A", "(i32.const 0x1ab)"), ("i16x8", 8, "C", "(i32.const 0x1abcd)"),
                                         ("i32x4", 4, "E", "(i32.const 0x12345678)"), ("i64x2", 2, "G", "(i64.const 0x0123456789abcdef)"),
                                         ("f32x4", 4, "FA", "(f32.load (i32.const \(addr["FF"]! + 12)))"),
                                         ("f64x2", 2, "DA", "(f64.load (i32.const \(addr["DF"]! + 8)))")] {
            let scalar = ["i8x16": "i32", "i16x8": "i32", "i32x4": "i32", "i64x2": "i64", "f32x4": "f32", "f64x2": "f64"][shape]!
            let extracts = shape == "i8x16" || shape == "i16x8" ? ["extract_lane_s", "extract_lane_u"] : ["extract_lane"]
            for lane in 0..<n {
                for e in extracts { cases.append(("\(shape).\(e) \(lane) \(input)", scalar, "(\(shape).\(e) \(lane) \(v(input)))")) }
                cases.append(("\(shape).replace_lane \(lane) \(input)", "v128", "(\(shape).replace_lane \(lane) \(v(input)) \(value))"))
            }
        }
        cases.append(("i8x16.shuffle A B", "v128",
                      "(i8x16.shuffle 0 16 1 17 31 15 30 14 2 2 18 18 7 23 8 24 \(v("A")) \(v("B")))"))
        cases.append(("i8x16.shuffle A A", "v128", "(i8x16.shuffle 15 14 13 12 11 10 9 8 7 6 5 4 3 2 1 0 \(v("A")) \(v("A")))"))
        cases.append(("v128.const", "v128", "(v128.const i8x16 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16)"))
        cases.append(("v128.const f32x4", "v128", "(v128.const f32x4 -0 nan inf 1.5)"))
        // Memory: unaligned addresses with offsets.
        let base = addr["A"]!
        for load in ["v128.load", "v128.load8x8_s", "v128.load8x8_u", "v128.load16x4_s", "v128.load16x4_u", "v128.load32x2_s",
                     "v128.load32x2_u", "v128.load8_splat", "v128.load16_splat", "v128.load32_splat", "v128.load64_splat",
                     "v128.load32_zero", "v128.load64_zero"] {
            cases.append(("\(load) +3+5", "v128", "(\(load) offset=5 (i32.const \(base + 3)))"))
        }
        for (shape, n) in [("8", 16), ("16", 8), ("32", 4), ("64", 2)] {
            for lane in 0..<n {
                cases.append(("v128.load\(shape)_lane \(lane)", "v128", "(v128.load\(shape)_lane offset=3 \(lane) (i32.const \(base + 1)) \(v("B")))"))
            }
        }
        return cases
    }

    /// Whether two vectors of float lanes are equal except for the sign of NaN lanes: clang may
    /// turn relaxed_nmadd's -(a*b) + c into c - a*b, whose NaN sign differs (Wasm leaves a NaN's
    /// sign nondeterministic).
    static func sameUpToNaNSign(_ a: ArraySlice<UInt8>, _ b: ArraySlice<UInt8>, wide: Bool) -> Bool {
        let n = wide ? 8 : 4
        return stride(from: 0, to: 16, by: n).allSatisfy { k in
            let x = a.dropFirst(k).prefix(n), y = b.dropFirst(k).prefix(n)
            if x.elementsEqual(y) { return true }
            func bits(_ s: ArraySlice<UInt8>) -> UInt64 { s.reversed().reduce(0) { $0 << 8 | UInt64($1) } }
            let isNaN = { (v: UInt64) in wide ? Double(bitPattern: v).isNaN : Float(bitPattern: UInt32(v)).isNaN }
            let sign: UInt64 = wide ? 1 << 63 : 1 << 31
            return isNaN(bits(x)) && bits(x) ^ bits(y) == sign
        }
    }

    /// Every SIMD instruction on both tiers: the compiled tier must store the same bytes as the
    /// interpreter (WasmKit), and hand-computed edge cases must come out as Wasm specifies.
    func testSIMDInstructionsMatchInterpreter() throws {
        let cases = Self.simdCases()
        let out = 0x8000
        var data = ""
        for (k, (_, bytes)) in Self.simdInputs.enumerated() { data += "(data (i32.const \(k * 16)) \(Self.watBytes(bytes)))\n" }
        // Lane stores: each lane of B to its own slot, after the cases.
        var laneStores: [String] = []
        let storeBase = out + cases.count * 16
        var storeSlots = 0
        for (shape, n) in [("8", 16), ("16", 8), ("32", 4), ("64", 2)] {
            for lane in 0..<n {
                laneStores.append("(v128.store\(shape)_lane offset=7 \(lane) (i32.const \(storeBase + storeSlots * 16 - 7 + 3)) (v128.load (i32.const 16)))")
                storeSlots += 1
            }
        }
        // Chunks of cases per function keep each C function small.
        var funcs = "", calls = ""
        for (f, start) in stride(from: 0, to: cases.count, by: 64).enumerated() {
            funcs += "(func $c\(f)\n"
            for i in start..<min(start + 64, cases.count) {
                funcs += "  (\(cases[i].1).store (i32.const \(out + i * 16)) \(cases[i].2))\n"
            }
            funcs += ")\n"
            calls += "(call $c\(f)) "
        }
        let wat = "(module (memory 4 4 shared)\n\(data)\(funcs)(func (export \"_start\") \(calls)\(laneStores.joined(separator: " ")))\n)"
        let count = (cases.count + storeSlots) * 16
        let r = try runBothTiers(wat, from: out, count: count)
        XCTAssertEqual(r.interp, .exited(0))
        XCTAssertEqual(r.compiled, .exited(0))
        guard r.interpBytes.count == count, r.compiledBytes.count == count else { return XCTFail("memory not readable") }
        func hex(_ b: ArraySlice<UInt8>) -> String { b.map { String(format: "%02x", $0) }.joined() }
        var mismatches = 0
        for i in 0..<(cases.count + storeSlots) {
            let a = r.interpBytes[(i * 16)..<(i * 16 + 16)], b = r.compiledBytes[(i * 16)..<(i * 16 + 16)]
            if a != b && !(i < cases.count && cases[i].0.contains("relaxed_nmadd") && Self.sameUpToNaNSign(a, b, wide: cases[i].0.hasPrefix("f64"))) {
                mismatches += 1
                let label = i < cases.count ? cases[i].0 : "lane store \(i - cases.count)"
                XCTFail("\(label): interpreter \(hex(a)), compiled \(hex(b))")
            }
        }
        XCTAssertEqual(mismatches, 0, "of \(cases.count + storeSlots) results")

        // Hand-computed results (what Wasm specifies), independent of the interpreter.
        let index = Dictionary(cases.enumerated().map { ($0.element.0, $0.offset) }, uniquingKeysWith: { a, _ in a })
        func result(_ label: String) -> [UInt8] {
            guard let i = index[label] else { XCTFail("no case \(label)"); return [] }
            return Array(r.compiledBytes[(i * 16)..<(i * 16 + 16)])
        }
        func expect(_ label: String, _ bytes: [UInt8], line: UInt = #line) {
            XCTAssertEqual(hex(result(label)[...]), hex(bytes[...]), label, line: line)
        }
        let le = { (x: [UInt32]) in Self.le(x) }
        expect("i8x16.add_sat_s A B", [1, 0, 127, 0x80, 0, 0x80, 127, 0x80, 127, 0, 0x80, 127, 100, 0x9a, 0xff, 0xaa])
        expect("i8x16.sub_sat_u A B", [0, 0, 126, 0, 254, 126, 0, 0, 0, 0, 0, 124, 70, 0, 0, 136])
        expect("i8x16.avgr_u A B", [1, 128, 64, 192, 128, 191, 64, 192, 72, 128, 129, 64, 50, 205, 128, 85])
        expect("i8x16.popcnt A", [0, 1, 7, 1, 8, 7, 1, 2, 1, 1, 2, 6, 4, 4, 4, 4])
        expect("i8x16.abs A", [0, 1, 127, 0x80, 1, 2, 64, 64, 16, 32, 127, 126, 85, 86, 51, 103])
        expect("i8x16.swizzle A S", [0x00, 0x99, 0, 0, 0x80, 0, 0, 0x01, 0x7f, 0, 0xff, 0, 0xfe, 0x40, 0xc0, 0x10])
        expect("i8x16.shuffle A B", [0x00, 0x01, 0x01, 0xff, 0x11, 0x99, 0xcc, 0x33, 0x7f, 0x7f, 0x01, 0x01, 0xc0, 0xc0, 0x10, 0x7f])
        expect("i8x16.shl A 9", [0x00, 0x02, 0xfe, 0x00, 0xfe, 0xfc, 0x80, 0x80, 0x20, 0x40, 0x02, 0xfc, 0xaa, 0x54, 0x66, 0x32])
        expect("i8x16.shr_s A -1", [0, 0, 0, 0xff, 0xff, 0xff, 0, 0xff, 0, 0, 0xff, 0, 0, 0xff, 0, 0xff])
        expect("i16x8.shr_u C 17", Self.le([0, 0, 0x3fff, 0x4000, 0x7fff, 0x091a, 0x4000, 0x2000] as [UInt16]))
        expect("i32x4.shr_s E 33", le([0, 0x3fff_ffff, 0xc000_0000, 0xffff_ffff]))
        expect("i64x2.shr_u G 64", Self.le([0x8000_0000_0000_0000, 0x7fff_ffff_ffff_ffff] as [UInt64]))
        expect("i8x16.narrow_i16x8_s C D", [0, 1, 0x7f, 0x80, 0xff, 0x7f, 0x80, 0x7f, 0x80, 0xff, 1, 0x80, 2, 0x7f, 0x7f, 0x7f])
        expect("i8x16.narrow_i16x8_u C D", [0, 1, 0xff, 0, 0, 0xff, 0, 0xff, 0, 0, 1, 0, 2, 0xff, 0xff, 0xff])
        expect("i32x4.dot_i16x8_s C D", le([0xffff_ffff, 0x4000_7fff, 0x0919_edca, 0xd000_ffff]))
        expect("i16x8.q15mulr_sat_s C D", Self.le([0, 0, 1, 0x7fff, 0, 0x1234, 0x8002, 0x2000] as [UInt16]))
        expect("i64x2.extmul_high_i32x4_s E F", Self.le([0x4000_0000_0000_0000, UInt64(bitPattern: -5)] as [UInt64]))
        expect("i64x2.extmul_high_i32x4_u E F", Self.le([0x4000_0000_0000_0000, 0x4_ffff_fffb] as [UInt64]))
        expect("i16x8.extadd_pairwise_i8x16_u A", Self.le([1, 255, 509, 256, 48, 255, 255, 204] as [UInt16]))
        expect("i16x8.extadd_pairwise_i8x16_s A", Self.le([1, -1, -3, 0, 48, -1, -1, -52] as [Int16]))
        expect("i16x8.relaxed_dot_i8x16_i7x16_s A B", Self.le([-1, 255, 255, 8192, 1008, 16381, 2651, -4403] as [Int16]))
        expect("f32x4.min FA FB", le([0x7fc0_0000, 0x8000_0000, 0x7fc0_0000, Float(-Float.infinity).bitPattern]))
        expect("f32x4.max FA FB", le([0x7fc0_0000, 0, 0x7fc0_0000, Float(3e9).bitPattern]))
        expect("f32x4.min FB FA", le([0x7fc0_0000, 0x8000_0000, 0x7fc0_0000, Float(-Float.infinity).bitPattern]))
        expect("f32x4.max FB FA", le([0x7fc0_0000, 0, 0x7fc0_0000, Float(3e9).bitPattern]))
        expect("f32x4.pmin FA FB", le([0x7fc0_0000, 0x8000_0000, Float(1.5).bitPattern, Float(-Float.infinity).bitPattern]))
        expect("f32x4.pmax FA FB", le([0x7fc0_0000, 0x8000_0000, Float(1.5).bitPattern, Float(3e9).bitPattern]))
        expect("f32x4.nearest FC", Self.f32([2, -2, 4, -0.0]))
        expect("f32x4.neg FF", le([0, 0x8000_0000, Float(-5).bitPattern, 0x7fc0_0123]))
        expect("f64x2.nearest DC", Self.f64([2, -4]))
        expect("f64x2.min DA DB", Self.le([0x7ff8_0000_0000_0000, (-0.0 as Double).bitPattern] as [UInt64]))
        expect("i32x4.trunc_sat_f32x4_s FD", le([0x7fff_ffff, 0xffff_ffff, 0x7fff_ff80, 0x8000_0000]))
        expect("i32x4.trunc_sat_f32x4_u FD", le([0xffff_ffff, 0, 0x7fff_ff80, 0]))
        expect("i32x4.trunc_sat_f32x4_s FA", le([0, 0, 1, 0x8000_0000]))
        expect("i32x4.trunc_sat_f32x4_s FE", le([0, 0, 0xffff_fffd, 0x7fff_ffff]))
        expect("i32x4.trunc_sat_f32x4_u FE", le([0, 0, 0, 0x8000_0000]))
        expect("i32x4.trunc_sat_f64x2_s_zero DD", le([0x7fff_ffff, 0x8000_0000, 0, 0]))
        expect("i32x4.trunc_sat_f64x2_u_zero DD", le([0xffff_ffff, 0, 0, 0]))
        expect("i32x4.trunc_sat_f64x2_s_zero DE", le([0x8000_0000, 0x7fff_ffff, 0, 0]))
        expect("i32x4.trunc_sat_f64x2_s_zero DA", le([0, 0, 0, 0]))
        expect("f32x4.convert_i32x4_u E", Self.f32([0, 2147483648.0, 2147483648.0, 4294967296.0]))
        expect("i8x16.bitmask A", le([0xa4b8, 0, 0, 0]))
        expect("i16x8.bitmask C", le([0x58, 0, 0, 0]))
        expect("i32x4.bitmask E", le([0xc, 0, 0, 0]))
        expect("i8x16.all_true A", le([0, 0, 0, 0]))
        expect("i8x16.all_true B", le([1, 0, 0, 0]))
        expect("i8x16.extract_lane_s 3 A", le([0xffff_ff80, 0, 0, 0]))
        expect("i8x16.extract_lane_u 3 A", le([0x80, 0, 0, 0]))
        expect("i16x8.extract_lane_s 6 C", le([0xffff_8001, 0, 0, 0]))
        expect("i8x16.splat 0x1ff", [UInt8](repeating: 0xff, count: 16))
        expect("v128.load8x8_s +3+5", Self.le([0x10, 0x20, -127, 0x7e, 0x55, -86, 0x33, -103] as [Int16]))
        expect("v128.load32_zero +3+5", [0x10, 0x20, 0x81, 0x7e] + [UInt8](repeating: 0, count: 12))
        expect("v128.load16_lane 7", [0x01, 0xff, 0x01, 0xff, 0x01, 0x80, 0x40, 0xc0, 0x7f, 0xe0, 0x81, 0x02, 0x0f, 0xf0, 0xff, 0xfe])
    }

    /// v128 values through locals, parameters, results (multi-value too), blocks, loops, if
    /// parameters, select, call_indirect and globals (mutable ones next to other globals), and
    /// v128 memory accesses that trap.
    func testSIMDValuesAndTraps() throws {
        let wat = """
            (module (memory 1 1 shared)
              (type $vv (func (param v128) (result v128)))
              (table 1 funcref)
              (elem (i32.const 0) $twice)
              (global $a (mut i32) (i32.const 7))
              (global $v (mut v128) (v128.const i32x4 1 2 3 4))
              (global $b (mut i64) (i64.const -1))
              (global $k v128 (v128.const i64x2 0x1111111111111111 0x2222222222222222))
              (tag $e (param i32))
              (func $twice (type $vv) (i32x4.add (local.get 0) (local.get 0)))
              ;; v128 locals keep their value across a throw into the handler (volatile slots)
              (func $caught (result v128) (local $x v128)
                (local.set $x (v128.const i32x4 1 1 1 1))
                (block $h (result i32)
                  (try_table (catch $e $h)
                    (local.set $x (i32x4.add (local.get $x) (local.get $x)))
                    (throw $e (i32.const 3)))
                  (return (local.get $x)))
                (i32x4.splat) (i32x4.add (local.get $x)))
              (func $pair (param v128 i32) (result i32 v128 v128)
                (local.get 1) (local.get 0) (i32x4.splat (local.get 1)))
              (func $sum (param $n i32) (result v128) (local $acc v128)
                (loop $l
                  (local.set $acc (i32x4.add (local.get $acc) (i32x4.splat (local.get $n))))
                  (local.tee $n (i32.sub (local.get $n) (i32.const 1)))
                  (br_if $l))
                (local.get $acc))
              (func (export "_start") (local $x v128) (local $y v128) (local $i i32)
                (v128.store (i32.const 0) (call $twice (global.get $v)))
                (call $pair (v128.const i8x16 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1) (i32.const 9))
                (local.set $y) (local.set $x) (local.set $i)
                (v128.store (i32.const 16) (local.get $y))
                (v128.store (i32.const 32) (local.get $x))
                (i32.store (i32.const 48) (i32.add (global.get $a) (local.get $i)))
                (v128.store (i32.const 64) (call $sum (i32.const 10)))
                (v128.store (i32.const 80)
                  (block (result v128) (br_if 0 (global.get $k) (i32.const 1)) (drop) (v128.const i64x2 0 0)))
                (v128.store (i32.const 96)
                  (select (global.get $v) (global.get $k) (i32.load (i32.const 100))))
                (global.set $v (i64x2.splat (i64.const 0x0505050505050505)))
                (global.set $a (i32.const 8))
                (v128.store (i32.const 112) (global.get $v))
                (i64.store (i32.const 128) (global.get $b))
                (i32.store (i32.const 136) (global.get $a))
                (v128.store (i32.const 144)
                  (call_indirect (type $vv) (v128.const i32x4 5 6 7 8) (i32.const 0)))
                (v128.store (i32.const 160)
                  (v128.const i32x4 10 20 30 40)
                  (if (param v128) (result v128) (i32.load (i32.const 136))
                    (then (i32x4.splat (i32.const 3)) (i32x4.mul))
                    (else (i32x4.splat (i32.const 5)) (i32x4.mul))))
                (local.set $x (v128.load (i32.const 160)))
                (v128.store (i32.const 176) (i8x16.shuffle 4 5 6 7 0 1 2 3 12 13 14 15 8 9 10 11 (local.get $x) (local.get $x)))
                (v128.store (i32.const 192) (call $caught))))
            """
        let r = try runBothTiers(wat, from: 0, count: 208)
        XCTAssertEqual(r.interp, .exited(0))
        XCTAssertEqual(r.compiled, .exited(0))
        XCTAssertEqual(r.compiledBytes, r.interpBytes)
        let b = r.compiledBytes
        func u32s(_ at: Int) -> [UInt32] { (0..<4).map { k in (0..<4).reduce(UInt32(0)) { $0 | UInt32(b[at + 4 * k + $1]) << (8 * $1) } } }
        XCTAssertEqual(u32s(0), [2, 4, 6, 8])
        XCTAssertEqual(u32s(16), [9, 9, 9, 9])
        XCTAssertEqual(u32s(32), [0x0101_0101, 0x0101_0101, 0x0101_0101, 0x0101_0101])
        XCTAssertEqual(u32s(48)[0], 16)
        XCTAssertEqual(u32s(64), [55, 55, 55, 55])
        XCTAssertEqual(u32s(80), [0x1111_1111, 0x1111_1111, 0x2222_2222, 0x2222_2222])
        XCTAssertEqual(u32s(96), [0x1111_1111, 0x1111_1111, 0x2222_2222, 0x2222_2222])
        XCTAssertEqual(u32s(112), [0x0505_0505, 0x0505_0505, 0x0505_0505, 0x0505_0505])
        XCTAssertEqual(u32s(128), [0xffff_ffff, 0xffff_ffff, 8, 0])
        XCTAssertEqual(u32s(144), [10, 12, 14, 16])
        XCTAssertEqual(u32s(160), [30, 60, 90, 120])
        XCTAssertEqual(u32s(176), [60, 30, 120, 90])
        XCTAssertEqual(u32s(192), [5, 5, 5, 5])

        // Accesses reaching past the end of memory trap (an unused load too).
        func start(_ s: String) -> String { "(func (export \"_start\") \(s))" }
        for body in ["(drop (v128.load (i32.const 65528)))",
                     "(v128.store offset=0xfffffff8 (i32.const 0xfffffff8) (v128.const i64x2 0 0))",
                     "(drop (v128.load64_splat (i32.const 65529)))",
                     "(drop (v128.load32_lane 1 (i32.const 65533) (v128.const i64x2 0 0)))",
                     "(v128.store8_lane 0 (i32.const 65536) (v128.const i64x2 0 0))"] {
            try withTimeout(120, body) {
                try assertTrap(start(body), "out of bounds memory access", SIGSEGV, memory: "(memory 1 1 shared)")
            }
        }
        // A v128 import is not a WALI module.
        let imp = try wat2wasm("""
            (module (import "wali" "f" (func (param v128))) (memory 1 1 shared)
              (func (export "_start")))
            """, features: .all)
        XCTAssertThrowsError(try ModuleTranslator.translate(bytes: imp)) { error in
            guard case CompileError.invalid(let what)? = error as? CompileError else { return XCTFail("\(error)") }
            XCTAssertTrue(what.contains("v128"), what)
        }
    }

    /// The compiled tier refuses an import whose type is not the ABI's, in the interpreter's
    /// words; the ABI's type, an accepted variant and imports the engine does not know translate.
    func testImportTypesAreCheckedAgainstTheABI() throws {
        let bad = try wat2wasm("""
            (module (import "wali" "SYS_getpid" (func (param i32) (result i32))) (memory 1 1 shared)
              (func (export "_start")))
            """, features: .all)
        XCTAssertThrowsError(try ModuleTranslator.translate(bytes: bad)) { error in
            XCTAssertEqual(error as? CompileError, .importType("import wali.SYS_getpid has type (i32) -> i32, expected () -> i64"))
        }
        let good = try wat2wasm("""
            (module
              (import "wali" "SYS_getpid" (func (result i64)))
              (import "wali" "SYS_exit" (func (param i32)))
              (import "wali" "SYS_frobnicate" (func (param f64 i32) (result i32)))
              (memory 1 1 shared)
              (func (export "_start")))
            """, features: .all)
        XCTAssertNoThrow(try ModuleTranslator.translate(bytes: good))
    }
}
