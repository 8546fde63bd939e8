import CWALICompiled
import WasmParser
import WasmTypes

/// A module translated to C: one or more translation units ("chunks") that together make the
/// shared object. Chunk 0 holds the module-level data (segments, tables, descriptor).
public struct TranslatedModule {
    public var chunks: [String]
    public var functionCount: Int
    public var instructionCount: Int
}

public enum ModuleTranslator {
    /// Bytes of function bodies per chunk when a module is split (clang's time grows with the
    /// size of a translation unit; chunks compile in parallel).
    public static let defaultChunkBytes = 400_000

    public static func translate(bytes: [UInt8], chunkBytes: Int = defaultChunkBytes,
                                 progress: ((Int, Int) -> Void)? = nil) throws(CompileError) -> TranslatedModule {
        let module = try WasmModule(bytes: bytes)
        var t = Translation(module: module)
        return try t.run(chunkBytes: chunkBytes, progress: progress)
    }
}

struct Translation {
    let module: WasmModule
    /// Functions whose descriptor (type, pointer) is needed: table entries and ref.func.
    var referenced: Set<Int> = []

    init(module: WasmModule) { self.module = module }

    mutating func run(chunkBytes: Int, progress: ((Int, Int) -> Void)?) throws(CompileError) -> TranslatedModule {
        guard let entry = module.exportedFunction("_start") else {
            throw .invalid("it exports no '_start' function")
        }
        guard module.sig(ofFunction: entry) == FuncSig(params: [], results: []) else {
            throw .invalid("its '_start' is not a function of no arguments and no results")
        }
        for (name, t) in module.imports {
            let s = module.sig(ofType: t)
            guard s.results.count <= 1, s.results.allSatisfy({ $0 == .i32 || $0 == .i64 }) else {
                throw .invalid("import 'wali.\(name)' has results \(s.text) (a WALI import returns nothing, i32 or i64)")
            }
        }

        // Split the bodies into chunks of about `chunkBytes` bytes of Wasm code.
        var groups: [[Int]] = [[]]
        var size = 0
        for (i, code) in module.codes.enumerated() {
            if size > 0 && size + code.expression.count > chunkBytes {
                groups.append([])
                size = 0
            }
            groups[groups.count - 1].append(i)
            size += code.expression.count
        }
        let multi = groups.count > 1

        // Module-level expressions first: they may reference functions too.
        var globalsInit = ""
        var constants = ""
        for (g, global) in module.globals.enumerated() {
            let t = try VT(global.type.valueType)
            let e = try constExpr(global.initializer, t)
            if global.type.mutability == .variable {
                globalsInit += "  \(module.mutableGlobal(g, t)) = \(e);\n"
            } else {
                constants += "#define K\(g) ((\(t.c))(\(e)))\n"
            }
        }
        var elementArrays = ""
        var tableInit = ""
        var passiveElemLengths: [Int] = []
        for (k, seg) in module.elements.enumerated() {
            var items: [String] = []
            for e in seg.initializer { items.append(try elemItem(e)) }
            elementArrays += "static void *const wali_e\(k)[] = { " + (items.isEmpty ? "0" : items.joined(separator: ", ")) + " };\n"
            switch seg.mode {
            case .active(let table, let offset):
                guard Int(table) < module.tables.count else { throw .invalid("element segment \(k) targets a missing table") }
                let off = try constExpr(offset, .i32)
                tableInit += "  { uint32_t off = (uint32_t)(\(off)); if ((uint64_t)off + \(items.count) > wali_tables[\(table)].size) return -1;\n"
                tableInit += "    memcpy(wali_tables[\(table)].elems + off, wali_e\(k), \(items.count) * sizeof(void *)); }\n"
                passiveElemLengths.append(0)
            case .passive:
                passiveElemLengths.append(items.count)
            case .declarative:
                passiveElemLengths.append(0)
            }
        }

        // Function bodies.
        var bodies = [String](repeating: "", count: module.codes.count)
        var instructions = 0
        for (i, code) in module.codes.enumerated() {
            var f = FunctionTranslator(module: module, index: module.importCount + i)
            bodies[i] = try f.translate(code: code)
            referenced.formUnion(f.referencedFunctions)
            instructions += f.instructionCount
            progress?(i + 1, module.codes.count)
        }

        let prelude = makePrelude(multi: multi, constants: constants)
        var chunks: [String] = []
        for (c, group) in groups.enumerated() {
            var s = prelude
            if c == 0 {
                s += moduleChunk(entry: entry, globalsInit: globalsInit, elementArrays: elementArrays,
                                 tableInit: tableInit, passiveElemLengths: passiveElemLengths)
            }
            for i in group { s += bodies[i] }
            chunks.append(s)
        }
        return TranslatedModule(chunks: chunks, functionCount: module.codes.count, instructionCount: instructions)
    }

    // MARK: Constant expressions

    mutating func constExpr(_ expr: ConstExpression, _ type: VT) throws(CompileError) -> String {
        var st: [String] = []
        func pop2() throws(CompileError) -> (String, String) {
            guard st.count >= 2 else { throw .invalid("malformed constant expression") }
            let b = st.removeLast(), a = st.removeLast()
            return (a, b)
        }
        for ins in expr {
            switch ins {
            case .i32Const(let v): st.append("(uint32_t)\(Names.i32(v))")
            case .i64Const(let v): st.append("(uint64_t)\(Names.i64(v))")
            case .f32Const(let v): st.append("wali_f32(\(Names.u32(v.bitPattern)))")
            case .f64Const(let v): st.append("wali_f64(\(Names.u64(v.bitPattern)))")
            case .refNull: st.append("(uintptr_t)0")
            case .refFunc(let f):
                guard Int(f) < module.functionTypes.count else { throw .invalid("ref.func of unknown function \(f)") }
                referenced.insert(Int(f))
                st.append("(uintptr_t)&wali_fd\(f)")
            case .globalGet(let g):
                guard Int(g) < module.globals.count, module.globals[Int(g)].type.mutability == .constant else {
                    throw .invalid("constant expression reads a mutable or unknown global")
                }
                st.append("K\(g)")
            case .binary(let op):
                let (a, b) = try pop2()
                switch op {
                case .i32Add: st.append("(uint32_t)(\(a) + \(b))")
                case .i32Sub: st.append("(uint32_t)(\(a) - \(b))")
                case .i32Mul: st.append("(uint32_t)(\(a) * \(b))")
                case .i64Add: st.append("(uint64_t)(\(a) + \(b))")
                case .i64Sub: st.append("(uint64_t)(\(a) - \(b))")
                case .i64Mul: st.append("(uint64_t)(\(a) * \(b))")
                default: throw .unsupported("constant expression with \(op)")
                }
            case .end: break
            case .v128Const(let v): st.append(SIMDHelpers.constant(v))
            default: throw .unsupported("constant expression with \(ins)")
            }
        }
        guard st.count == 1 else { throw .invalid("malformed constant expression") }
        return st[0]
    }

    mutating func elemItem(_ expr: ConstExpression) throws(CompileError) -> String {
        if let first = expr.first, expr.count <= 2 {
            switch first {
            case .refFunc(let f):
                guard Int(f) < module.functionTypes.count else { throw .invalid("element of unknown function \(f)") }
                referenced.insert(Int(f))
                return "(void *)&wali_fd\(f)"
            case .refNull:
                return "0"
            default: break
            }
        }
        throw .unsupported("element segment expression \(expr)")
    }

    // MARK: C text

    func signature(_ s: FuncSig) -> String {
        (["wali_inst *inst"] + s.params.enumerated().map { "\($0.element.c) l\($0.offset)" }).joined(separator: ", ")
    }

    func makePrelude(multi: Bool, constants: String) -> String {
        var s = "/* Generated by `wali compile` from a WebAssembly module. */\n"
        s += "#include <stdint.h>\n#include <stdlib.h>\n#include <string.h>\n#include <setjmp.h>\n"
        s += String(cString: wali_rt_abi_source()) + "\n"
        s += "#define WALI_FUEL \(WALI_FUEL)u\n"
        s += multi ? "#define WALI_FN __attribute__((visibility(\"hidden\")))\n" : "#define WALI_FN static\n"
        s += Translation.helpers + SIMDHelpers.c
        // One return struct and function-pointer type per distinct signature.
        for t in Set(module.canonical).sorted() {
            guard let sig = module.types[t] else { continue }
            let ret: String
            switch sig.results.count {
            case 0: ret = "void"
            case 1: ret = sig.results[0].c
            default:
                s += "typedef struct { " + sig.results.enumerated().map { "\($0.element.c) v\($0.offset);" }.joined(separator: " ") + " } RS\(t);\n"
                ret = "RS\(t)"
            }
            s += "typedef \(ret) RT\(t);\n"
            s += "typedef RT\(t) (*FT\(t))(" + (["wali_inst *"] + sig.params.map(\.c)).joined(separator: ", ") + ");\n"
        }
        for f in referenced.sorted() { s += "extern const wali_func_desc wali_fd\(f);\n" }
        s += constants
        // Imports: each a wrapper that widens its arguments as the interpreter does.
        for (k, imp) in module.imports.enumerated() {
            let tid = module.canonical[imp.type]
            let sig = module.sig(ofType: imp.type)
            s += "static inline RT\(tid) wf\(k)(\(signature(sig))) {\n"
            let args = sig.params.enumerated().map { i, t -> String in
                switch t {
                case .i32, .i64: return "(int64_t)l\(i)"
                default: return "0"
                }
            }
            s += "  const int64_t a[\(max(args.count, 1))] = { \(args.isEmpty ? "0" : args.joined(separator: ", ")) };\n"
            let call = "inst->host->call_import(inst, \(k), a)"
            switch sig.results.first {
            case nil: s += "  \(call);\n"
            case .i32?: s += "  return (uint32_t)\(call);\n"
            default: s += "  return (uint64_t)\(call);\n"
            }
            s += "}\n"
        }
        for i in module.importCount..<module.functionTypes.count {
            let tid = module.canonical[module.functionTypes[i]]
            s += "WALI_FN RT\(tid) wf\(i)(\(signature(module.sig(ofFunction: i))));\n"
        }
        return s
    }

    func moduleChunk(entry: Int, globalsInit: String, elementArrays: String, tableInit: String,
                     passiveElemLengths: [Int]) -> String {
        var s = "\n/* ---- module ---- */\n"
        let tables = max(module.tables.count, 1)
        s += "wali_table wali_tables[\(tables)];\n"
        for f in referenced.sorted() {
            s += "const wali_func_desc wali_fd\(f) = { \(module.canonical[module.functionTypes[f]]), \(f), (void *)wf\(f) };\n"
        }
        // Data segments, as string literals (fast for clang to read).
        var passiveLengths: [Int] = []
        var memoryInit = ""
        for (k, seg) in module.data.enumerated() {
            let bytes: ArraySlice<UInt8>
            switch seg {
            case .passive(let b):
                bytes = b
                passiveLengths.append(b.count)
            case .active(let a):
                bytes = a.initializer
                passiveLengths.append(0)
                let off = (try? constExprNoRefs(a.offset)) ?? "0"
                memoryInit += "  { uint32_t off = (uint32_t)(\(off)); if ((uint64_t)off + \(bytes.count)u > *inst->mem_size) return -1;\n"
                memoryInit += "    memcpy(inst->mem + off, wali_d\(k), \(bytes.count)u); }\n"
            }
            s += "static const uint8_t wali_d\(k)[\(bytes.count + 1)] = " + Translation.cString(bytes) + ";\n"
        }
        s += "const uint8_t *const wali_data[\(max(module.data.count, 1))] = { "
            + (module.data.isEmpty ? "0" : (0..<module.data.count).map { "wali_d\($0)" }.joined(separator: ", ")) + " };\n"
        s += "const uint32_t wali_data_passive_len[\(max(module.data.count, 1))] = { "
            + (passiveLengths.isEmpty ? "0" : passiveLengths.map { "\($0)u" }.joined(separator: ", ")) + " };\n"
        s += elementArrays
        s += "void *const *const wali_elems[\(max(module.elements.count, 1))] = { "
            + (module.elements.isEmpty ? "0" : (0..<module.elements.count).map { "wali_e\($0)" }.joined(separator: ", ")) + " };\n"
        s += "const uint32_t wali_elem_passive_len[\(max(module.elements.count, 1))] = { "
            + (passiveElemLengths.isEmpty ? "0" : passiveElemLengths.map { "\($0)u" }.joined(separator: ", ")) + " };\n"

        s += "static void wali_init_globals(wali_inst *inst) {\n" + globalsInit + "}\n"
        s += "static int32_t wali_init_memory(wali_inst *inst) {\n" + memoryInit + "  return 0;\n}\n"
        s += "static int32_t wali_init_tables(void) {\n"
        for (k, t) in module.tables.enumerated() {
            let min = t.limits.min, max = t.limits.max.map { "\($0)u" } ?? "0xffffffffu"
            s += "  free(wali_tables[\(k)].elems);\n"
            s += "  wali_tables[\(k)].elems = calloc(\(min) + 1, sizeof(void *));\n"
            s += "  if (!wali_tables[\(k)].elems) return -1;\n"
            s += "  wali_tables[\(k)].size = \(min)u; wali_tables[\(k)].capacity = \(min)u + 1; wali_tables[\(k)].max = \(max);\n"
        }
        s += tableInit + "  return 0;\n}\n"
        s += Translation.tableGrow

        func quoted(_ x: String) -> String { Translation.cString(ArraySlice(Array(x.utf8))) }
        s += "static const char *const wali_import_names[\(max(module.imports.count, 1))] = { "
            + (module.imports.isEmpty ? "0" : module.imports.map { quoted($0.name) }.joined(separator: ", ")) + " };\n"
        s += "static const char *const wali_import_sigs[\(max(module.imports.count, 1))] = { "
            + (module.imports.isEmpty ? "0" : module.imports.map { quoted(module.sig(ofType: $0.type).text) }.joined(separator: ", ")) + " };\n"
        s += "static const char *const wali_type_sigs[\(max(module.types.count, 1))] = { "
            + (module.types.isEmpty ? "0" : module.types.map { quoted($0?.text ?? "-") }.joined(separator: ", ")) + " };\n"

        let unit = FuncSig(params: [], results: [])
        var start = "0"
        if let st = module.start, Int(st) < module.functionTypes.count, module.sig(ofFunction: Int(st)) == unit {
            start = "(void (*)(wali_inst *))wf\(st)"
        }
        var threadEntry = "0"
        if let te = module.exportedFunction("__wasm_thread_start_libc"),
           module.sig(ofFunction: te) == FuncSig(params: [.i32, .i32], results: []) {
            threadEntry = "(void (*)(wali_inst *, uint32_t, uint32_t))wf\(te)"
        }
        let mem = module.memory!
        s += """
            static const wali_module_desc wali_desc = {
              \(WALI_COMPILED_ABI), \(module.imports.count), wali_import_names, wali_import_sigs,
              \(module.types.count), \(module.globalSlotCount), wali_type_sigs,
              \(module.data.count), \(module.elements.count),
              \(mem.min)ull, \(mem.max ?? 0)ull, \(mem.max == nil ? 0 : 1), \(module.tables.count), wali_tables,
              wali_init_globals, wali_init_memory, wali_init_tables,
              \(start), (void (*)(wali_inst *))wf\(entry), \(threadEntry)
            };
            __attribute__((visibility("default"))) const wali_module_desc *wali_module_get(void) { return &wali_desc; }

            """
        return s
    }

    /// A constant expression of an active data segment's offset (no function references).
    func constExprNoRefs(_ expr: ConstExpression) throws(CompileError) -> String {
        var copy = self
        return try copy.constExpr(expr, .i32)
    }

    /// Bytes as a C string literal (octal escapes; a trailing NUL is added by C).
    static func cString(_ bytes: ArraySlice<UInt8>) -> String {
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2 + 8)
        out.append(UInt8(ascii: "\""))
        var column = 0
        for b in bytes {
            if column >= 100 {
                out += Array("\"\n\"".utf8)
                column = 0
            }
            if b >= 0x20 && b < 0x7f && b != UInt8(ascii: "\"") && b != UInt8(ascii: "\\") && b != UInt8(ascii: "?") {
                out.append(b)
                column += 1
            } else {
                out.append(UInt8(ascii: "\\"))
                out.append(UInt8(ascii: "0") + (b >> 6))
                out.append(UInt8(ascii: "0") + ((b >> 3) & 7))
                out.append(UInt8(ascii: "0") + (b & 7))
                column += 4
            }
        }
        out.append(UInt8(ascii: "\""))
        return String(decoding: out, as: UTF8.self)
    }

    /// table.grow may race with other threads' calls through the table: growers take a lock;
    /// readers take none, so a grown array is published before the new size and old arrays are
    /// never freed (a reader that saw the old size may still index the old array).
    static let tableGrow = """
        static int wali_table_lock;
        uint32_t wali_table_grow(wali_table *t, uintptr_t v, uint32_t n) {
          while (__atomic_exchange_n(&wali_table_lock, 1, __ATOMIC_ACQUIRE)) {}
          uint32_t old = t->size, result = 0xffffffffu;
          if (n <= t->max - old) {
            uint32_t size = old + n;
            int ok = 1;
            if (size > t->capacity) {
              uint64_t cap = (uint64_t)size * 2 + 16;
              if (cap > t->max) cap = t->max;
              void **e = malloc((size_t)cap * sizeof(void *));
              if (e) {
                memcpy(e, t->elems, (size_t)old * sizeof(void *));
                __atomic_store_n(&t->elems, e, __ATOMIC_RELEASE);
                t->capacity = (uint32_t)cap;
              } else {
                ok = 0;
              }
            }
            if (ok) {
              for (uint32_t i = old; i < size; i++) t->elems[i] = (void *)v;
              __atomic_store_n(&t->size, size, __ATOMIC_RELEASE);
              result = old;
            }
          }
          __atomic_store_n(&wali_table_lock, 0, __ATOMIC_RELEASE);
          return result;
        }

        """

    static let helpers = #"""
        #define TRAP(c) inst->host->trap(inst, (c))
        #define WALI_UNLIKELY(x) __builtin_expect(!!(x), 0)
        #define MEM(a, o) (M + (uint64_t)(a) + (uint64_t)(o))
        /* A load whose value is unused must still happen, to trap where the guest would. */
        #define WALI_FORCE_READ_INT(v) __asm__("" :: "r"(v))
        #if defined(__aarch64__)
        #define WALI_FORCE_READ_FLOAT(v) __asm__("" :: "w"(v))
        #else
        #define WALI_FORCE_READ_FLOAT(v) __asm__("" :: "x"(v))
        #endif
        typedef uint16_t __attribute__((aligned(1))) u16u;
        typedef int16_t __attribute__((aligned(1))) i16u;
        typedef uint32_t __attribute__((aligned(1))) u32u;
        typedef int32_t __attribute__((aligned(1))) i32u;
        typedef uint64_t __attribute__((aligned(1))) u64u;
        typedef float __attribute__((aligned(1))) f32u;
        typedef double __attribute__((aligned(1))) f64u;
        #define G_i(k) (*(uint32_t *)&inst->globals[k])
        #define G_I(k) (*(uint64_t *)&inst->globals[k])
        #define G_f(k) (*(float *)&inst->globals[k])
        #define G_F(k) (*(double *)&inst->globals[k])
        #define G_r(k) (*(uintptr_t *)&inst->globals[k])
        #define WALI_LOOP_POLL() do { if (WALI_UNLIKELY(--wpoll == 0)) { wpoll = WALI_FUEL; inst->host->poll(inst); } } while (0)
        /* The stack pointer, without forcing a frame pointer where the compiler has the builtin. */
        #ifdef __has_builtin
        #if __has_builtin(__builtin_stack_address)
        #define WALI_SP() ((uintptr_t)__builtin_stack_address())
        #endif
        #endif
        #ifndef WALI_SP
        #define WALI_SP() ((uintptr_t)__builtin_frame_address(0))
        #endif
        /* One compare per call: stack exhaustion and a waiting signal (the engine raises
           stack_limit when one arrives) share the slow path. */
        #define WALI_ENTRY_CHECKS() do { \
            if (WALI_UNLIKELY(WALI_SP() < inst->stack_limit)) inst->host->entry_slow(inst); } while (0)

        /* Exceptions (wali_exn, wali_eh: see the engine ABI): thrown by the runtime. */
        #define wali_throw(inst, e) (inst)->host->throw_exn((inst), (e))
        static __attribute__((unused)) wali_exn *wali_exn_new(wali_inst *inst, uint32_t tag, uint32_t count) {
          wali_exn *e = (wali_exn *)malloc(sizeof(wali_exn) + (size_t)count * 8);
          if (!e) TRAP(WALI_TRAP_OUT_OF_MEMORY);
          e->tag = tag;
          e->count = count;
          return e;
        }

        static inline float wali_f32(uint32_t b) { float f; memcpy(&f, &b, 4); return f; }
        static inline double wali_f64(uint64_t b) { double f; memcpy(&f, &b, 8); return f; }
        static inline uint32_t wali_bits_f32(float f) { uint32_t b; memcpy(&b, &f, 4); return b; }
        static inline uint64_t wali_bits_f64(double f) { uint64_t b; memcpy(&b, &f, 8); return b; }

        static inline uint32_t wali_div_s32(wali_inst *inst, uint32_t a, uint32_t b) {
          if (WALI_UNLIKELY(b == 0)) TRAP(WALI_TRAP_DIV_ZERO);
          if (WALI_UNLIKELY(a == 0x80000000u && b == 0xffffffffu)) TRAP(WALI_TRAP_INT_OVERFLOW);
          return (uint32_t)((int32_t)a / (int32_t)b);
        }
        static inline uint32_t wali_div_u32(wali_inst *inst, uint32_t a, uint32_t b) {
          if (WALI_UNLIKELY(b == 0)) TRAP(WALI_TRAP_DIV_ZERO);
          return a / b;
        }
        static inline uint32_t wali_rem_s32(wali_inst *inst, uint32_t a, uint32_t b) {
          if (WALI_UNLIKELY(b == 0)) TRAP(WALI_TRAP_DIV_ZERO);
          if (WALI_UNLIKELY(b == 0xffffffffu)) return 0;
          return (uint32_t)((int32_t)a % (int32_t)b);
        }
        static inline uint32_t wali_rem_u32(wali_inst *inst, uint32_t a, uint32_t b) {
          if (WALI_UNLIKELY(b == 0)) TRAP(WALI_TRAP_DIV_ZERO);
          return a % b;
        }
        static inline uint64_t wali_div_s64(wali_inst *inst, uint64_t a, uint64_t b) {
          if (WALI_UNLIKELY(b == 0)) TRAP(WALI_TRAP_DIV_ZERO);
          if (WALI_UNLIKELY(a == 0x8000000000000000ull && b == 0xffffffffffffffffull)) TRAP(WALI_TRAP_INT_OVERFLOW);
          return (uint64_t)((int64_t)a / (int64_t)b);
        }
        static inline uint64_t wali_div_u64(wali_inst *inst, uint64_t a, uint64_t b) {
          if (WALI_UNLIKELY(b == 0)) TRAP(WALI_TRAP_DIV_ZERO);
          return a / b;
        }
        static inline uint64_t wali_rem_s64(wali_inst *inst, uint64_t a, uint64_t b) {
          if (WALI_UNLIKELY(b == 0)) TRAP(WALI_TRAP_DIV_ZERO);
          if (WALI_UNLIKELY(b == 0xffffffffffffffffull)) return 0;
          return (uint64_t)((int64_t)a % (int64_t)b);
        }
        static inline uint64_t wali_rem_u64(wali_inst *inst, uint64_t a, uint64_t b) {
          if (WALI_UNLIKELY(b == 0)) TRAP(WALI_TRAP_DIV_ZERO);
          return a % b;
        }

        static inline float wali_fminf(float a, float b) {
          if (a != a || b != b) return a + b;
          if (a == 0 && b == 0) return __builtin_signbit(a) ? a : b;
          return a < b ? a : b;
        }
        static inline float wali_fmaxf(float a, float b) {
          if (a != a || b != b) return a + b;
          if (a == 0 && b == 0) return __builtin_signbit(a) ? b : a;
          return a > b ? a : b;
        }
        static inline double wali_fmin(double a, double b) {
          if (a != a || b != b) return a + b;
          if (a == 0 && b == 0) return __builtin_signbit(a) ? a : b;
          return a < b ? a : b;
        }
        static inline double wali_fmax(double a, double b) {
          if (a != a || b != b) return a + b;
          if (a == 0 && b == 0) return __builtin_signbit(a) ? b : a;
          return a > b ? a : b;
        }

        #define WALI_TRUNC(name, R, F, cast, lo_ok, hi_ok) \
          static inline R name(wali_inst *inst, F x) { \
            if (WALI_UNLIKELY(x != x)) TRAP(WALI_TRAP_INVALID_CONVERSION); \
            if (WALI_UNLIKELY(!((lo_ok) && (hi_ok)))) TRAP(WALI_TRAP_INT_OVERFLOW); \
            return (R)(cast)x; }
        WALI_TRUNC(wali_i32_trunc_s_f32, uint32_t, float, int32_t, x >= -2147483648.0f, x < 2147483648.0f)
        WALI_TRUNC(wali_i32_trunc_u_f32, uint32_t, float, uint32_t, x > -1.0f, x < 4294967296.0f)
        WALI_TRUNC(wali_i32_trunc_s_f64, uint32_t, double, int32_t, x > -2147483649.0, x < 2147483648.0)
        WALI_TRUNC(wali_i32_trunc_u_f64, uint32_t, double, uint32_t, x > -1.0, x < 4294967296.0)
        WALI_TRUNC(wali_i64_trunc_s_f32, uint64_t, float, int64_t, x >= -9223372036854775808.0f, x < 9223372036854775808.0f)
        WALI_TRUNC(wali_i64_trunc_u_f32, uint64_t, float, uint64_t, x > -1.0f, x < 18446744073709551616.0f)
        WALI_TRUNC(wali_i64_trunc_s_f64, uint64_t, double, int64_t, x >= -9223372036854775808.0, x < 9223372036854775808.0)
        WALI_TRUNC(wali_i64_trunc_u_f64, uint64_t, double, uint64_t, x > -1.0, x < 18446744073709551616.0)

        #define WALI_SAT(name, R, F, cast, lo, lo_value, hi, hi_value) \
          static inline R name(F x) { \
            if (x != x) return 0; \
            if (!(x > (lo))) return (lo_value); \
            if (x >= (hi)) return (hi_value); \
            return (R)(cast)x; }
        WALI_SAT(wali_i32_sat_s_f32, uint32_t, float, int32_t, -2147483649.0f, 0x80000000u, 2147483648.0f, 0x7fffffffu)
        WALI_SAT(wali_i32_sat_u_f32, uint32_t, float, uint32_t, -1.0f, 0u, 4294967296.0f, 0xffffffffu)
        WALI_SAT(wali_i32_sat_s_f64, uint32_t, double, int32_t, -2147483649.0, 0x80000000u, 2147483648.0, 0x7fffffffu)
        WALI_SAT(wali_i32_sat_u_f64, uint32_t, double, uint32_t, -1.0, 0u, 4294967296.0, 0xffffffffu)
        WALI_SAT(wali_i64_sat_s_f32, uint64_t, float, int64_t, -9223372036854775808.0f, 0x8000000000000000ull, 9223372036854775808.0f, 0x7fffffffffffffffull)
        WALI_SAT(wali_i64_sat_u_f32, uint64_t, float, uint64_t, -1.0f, 0ull, 18446744073709551616.0f, 0xffffffffffffffffull)
        WALI_SAT(wali_i64_sat_s_f64, uint64_t, double, int64_t, -9223372036854775808.0, 0x8000000000000000ull, 9223372036854775808.0, 0x7fffffffffffffffull)
        WALI_SAT(wali_i64_sat_u_f64, uint64_t, double, uint64_t, -1.0, 0ull, 18446744073709551616.0, 0xffffffffffffffffull)

        static inline uint8_t *wali_atomic_ptr(wali_inst *inst, uint8_t *M, uint32_t a, uint32_t o, uint32_t size) {
          uint64_t ea = (uint64_t)a + o;
          if (WALI_UNLIKELY(ea & (size - 1))) TRAP(WALI_TRAP_UNALIGNED_ATOMIC);
          return M + ea;
        }
        static inline uint32_t wali_ea32(wali_inst *inst, uint32_t a, uint32_t o) {
          uint64_t ea = (uint64_t)a + o;
          if (WALI_UNLIKELY(ea > 0xffffffffull)) TRAP(WALI_TRAP_MEMORY_OOB);
          return (uint32_t)ea;
        }

        extern const uint8_t *const wali_data[];
        extern const uint32_t wali_data_passive_len[];
        extern void *const *const wali_elems[];
        extern const uint32_t wali_elem_passive_len[];
        extern wali_table wali_tables[];
        uint32_t wali_table_grow(wali_table *t, uintptr_t v, uint32_t n);

        static inline void wali_memory_copy(wali_inst *inst, uint32_t d, uint32_t s, uint32_t n) {
          uint64_t size = *inst->mem_size;
          if (WALI_UNLIKELY((uint64_t)d + n > size || (uint64_t)s + n > size)) TRAP(WALI_TRAP_MEMORY_OOB);
          memmove(inst->mem + d, inst->mem + s, n);
        }
        static inline void wali_memory_fill(wali_inst *inst, uint32_t d, uint32_t v, uint32_t n) {
          if (WALI_UNLIKELY((uint64_t)d + n > *inst->mem_size)) TRAP(WALI_TRAP_MEMORY_OOB);
          memset(inst->mem + d, (int)(uint8_t)v, n);
        }
        static inline void wali_memory_init(wali_inst *inst, uint32_t seg, uint32_t d, uint32_t s, uint32_t n) {
          uint32_t len = inst->data_dropped[seg] ? 0 : wali_data_passive_len[seg];
          if (WALI_UNLIKELY((uint64_t)s + n > len || (uint64_t)d + n > *inst->mem_size)) TRAP(WALI_TRAP_MEMORY_OOB);
          memcpy(inst->mem + d, wali_data[seg] + s, n);
        }

        static inline const wali_func_desc *wali_call_target(wali_inst *inst, wali_table *t, uint32_t i, uint32_t type) {
          /* Acquire: a size another thread's table.grow published comes with its array. */
          if (WALI_UNLIKELY(i >= __atomic_load_n(&t->size, __ATOMIC_ACQUIRE))) TRAP(WALI_TRAP_TABLE_OOB);
          const wali_func_desc *fd = (const wali_func_desc *)t->elems[i];
          if (WALI_UNLIKELY(!fd)) TRAP(WALI_TRAP_NULL_ELEMENT);
          if (WALI_UNLIKELY(fd->type != type)) TRAP(WALI_TRAP_INDIRECT_MISMATCH);
          return fd;
        }
        static inline void *wali_table_get(wali_inst *inst, wali_table *t, uint32_t i) {
          if (WALI_UNLIKELY(i >= __atomic_load_n(&t->size, __ATOMIC_ACQUIRE))) TRAP(WALI_TRAP_TABLE_OOB_ACCESS);
          return t->elems[i];
        }
        static inline void wali_table_set(wali_inst *inst, wali_table *t, uint32_t i, uintptr_t v) {
          if (WALI_UNLIKELY(i >= t->size)) TRAP(WALI_TRAP_TABLE_OOB_ACCESS);
          t->elems[i] = (void *)v;
        }
        static inline void wali_table_fill(wali_inst *inst, wali_table *t, uint32_t d, uintptr_t v, uint32_t n) {
          if (WALI_UNLIKELY((uint64_t)d + n > t->size)) TRAP(WALI_TRAP_TABLE_OOB_ACCESS);
          for (uint32_t i = 0; i < n; i++) t->elems[d + i] = (void *)v;
        }
        static inline void wali_table_copy(wali_inst *inst, wali_table *dt, wali_table *st, uint32_t d, uint32_t s, uint32_t n) {
          if (WALI_UNLIKELY((uint64_t)d + n > dt->size || (uint64_t)s + n > st->size)) TRAP(WALI_TRAP_TABLE_OOB_ACCESS);
          memmove(dt->elems + d, st->elems + s, (size_t)n * sizeof(void *));
        }
        static inline void wali_table_init(wali_inst *inst, wali_table *t, uint32_t seg, uint32_t d, uint32_t s, uint32_t n) {
          uint32_t len = inst->elem_dropped[seg] ? 0 : wali_elem_passive_len[seg];
          if (WALI_UNLIKELY((uint64_t)s + n > len || (uint64_t)d + n > t->size)) TRAP(WALI_TRAP_TABLE_OOB_ACCESS);
          memcpy(t->elems + d, wali_elems[seg] + s, (size_t)n * sizeof(void *));
        }

        """#
}

