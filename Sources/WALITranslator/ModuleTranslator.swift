import CWALINativeRuntime
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
    /// The smallest chunk worth a C compiler job of its own.
    static let minChunkBytes = 24_000

    public static func translate(bytes: [UInt8], chunkBytes: Int = defaultChunkBytes, minChunks: Int = 1,
                                 progress: ((Int, Int) -> Void)? = nil) throws(CompileError) -> TranslatedModule {
        let module = try WasmModule(bytes: bytes)
        var t = Translation(module: module)
        return try t.run(chunkBytes: chunkBytes, minChunks: minChunks, progress: progress)
    }
}

struct Translation {
    let module: WasmModule
    /// Functions whose descriptor (type, pointer) is needed: table entries and ref.func.
    var referenced: Set<Int> = []

    init(module: WasmModule) { self.module = module }

    mutating func run(chunkBytes: Int, minChunks: Int, progress: ((Int, Int) -> Void)?) throws(CompileError) -> TranslatedModule {
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

        // Split the bodies into chunks of about equal Wasm code size: at most `chunkBytes` each,
        // and at least `minChunks` (so that every C compiler job has work) unless that would
        // make chunks smaller than `minChunkBytes` (each repeats the prelude).
        let sizes = module.codes.map { $0.expression.count }
        let total = sizes.reduce(0, +)
        let wanted = max((total + chunkBytes - 1) / chunkBytes, min(minChunks, total / ModuleTranslator.minChunkBytes), 1)
        var groups = [[Int]](repeating: [], count: wanted)
        var before = 0
        for (i, size) in sizes.enumerated() {
            // By where the function's middle falls in the code.
            groups[min(wanted - 1, (before + size / 2) * wanted / max(total, 1))].append(i)
            before += size
        }
        groups.removeAll { $0.isEmpty }
        if groups.isEmpty { groups = [[]] }
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

    /// table.grow (templates/table_grow.c).
    static let tableGrow = String(cString: wali_rt_template_table_grow())

    /// The runtime helpers of translated code (templates/helpers.h).
    static let helpers = String(cString: wali_rt_template_helpers())
}

