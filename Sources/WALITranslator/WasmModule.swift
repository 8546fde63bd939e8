import WALILinux
import WALIModule
import WasmParser
import WasmTypes

/// Why a module cannot be compiled: `unsupported`, a feature the translator does not handle;
/// `invalid`, a module no tier would run; `toolchain`, the C compiler or the cache failed.
public enum CompileError: Error, CustomStringConvertible, Equatable {
    case unsupported(String)
    case invalid(String)
    case toolchain(String)
    /// A `wali` import whose Wasm type is not the ABI's (ImportTypeCheck's one-line reason).
    case importType(String)

    public var description: String {
        switch self {
        case .unsupported(let s): return "not supported by the compiled tier yet: \(s)"
        case .invalid(let s): return "invalid module: \(s)"
        case .toolchain(let s), .importType(let s): return s
        }
    }
}

/// The value types the generated C knows (references are pointer-sized; v128 is a 16-byte clang
/// vector, see SIMDHelpers).
enum VT: Int, Equatable, CaseIterable {
    case i32, i64, f32, f64, ref, v128

    init(_ t: ValueType) throws(CompileError) {
        switch t {
        case .i32: self = .i32
        case .i64: self = .i64
        case .f32: self = .f32
        case .f64: self = .f64
        case .ref: self = .ref
        case .v128: self = .v128
        }
    }

    var c: String {
        switch self {
        case .i32: return "uint32_t"
        case .i64: return "uint64_t"
        case .f32: return "float"
        case .f64: return "double"
        case .ref: return "uintptr_t"
        case .v128: return "v128"
        }
    }

    /// Prefix of the C locals holding stack slots of this type.
    var slot: String {
        switch self {
        case .i32: return "si"
        case .i64: return "sj"
        case .f32: return "sf"
        case .f64: return "sd"
        case .ref: return "sr"
        case .v128: return "sv"
        }
    }

    /// One letter per type, for signature strings.
    var letter: String {
        switch self {
        case .i32: return "i"
        case .i64: return "I"
        case .f32: return "f"
        case .f64: return "F"
        case .ref: return "r"
        case .v128: return "V"
        }
    }

    /// The C initializer of a zeroed local (a vector takes no scalar initializer).
    var zero: String { self == .v128 ? "(v128){0}" : "0" }
}

struct FuncSig: Hashable {
    var params: [VT]
    var results: [VT]

    init(params: [VT], results: [VT]) {
        self.params = params
        self.results = results
    }

    init(_ t: FunctionType) throws(CompileError) {
        var p: [VT] = []
        for x in t.parameters { p.append(try VT(x)) }
        var r: [VT] = []
        for x in t.results { r.append(try VT(x)) }
        self.init(params: p, results: r)
    }

    /// `params:results`, one letter per value, e.g. `ii:i`.
    var text: String { params.map(\.letter).joined() + ":" + results.map(\.letter).joined() }
}

/// The sections of a module, as the translator needs them.
struct WasmModule {
    var types: [FuncSig?] = []            // nil: a GC type, never a function's
    var canonical: [Int] = []             // type index -> first structurally equal type index
    var imports: [(name: String, type: Int)] = []
    var functionTypes: [Int] = []         // every function (imports first) -> type index
    var tables: [TableType] = []
    var memory: Limits?
    var globals: [Global] = []
    var exports: [Export] = []
    var start: UInt32?
    var elements: [ElementSegment] = []
    var data: [DataSegment] = []
    var codes: [Code] = []
    /// Exception tags: the type index of each tag's payload (parameters, no results).
    var tags: [Int] = []

    /// Slots of inst->globals[] (u64 each): global g uses slot g, except that a mutable v128
    /// global uses two slots after the module's globals (`v128GlobalSlots[g]`, the first).
    var v128GlobalSlots: [Int: Int] = [:]
    var globalSlotCount: Int { globals.count + 2 * v128GlobalSlots.count }

    var importCount: Int { imports.count }

    /// Imports that are the legacy `setjmp(env)` / `sigsetjmp(env, savesigs)`: their call sites
    /// get a real setjmp in the calling function.
    var setjmpImports: Set<Int> {
        var set: Set<Int> = []
        for (k, imp) in imports.enumerated() {
            let s = types[imp.type]
            if (imp.name == "setjmp" && s == FuncSig(params: [.i32], results: [.i32]))
                || (imp.name == "sigsetjmp" && s == FuncSig(params: [.i32, .i32], results: [.i32])) {
                set.insert(k)
            }
        }
        return set
    }

    init(bytes: [UInt8]) throws(CompileError) {
        // The WALI shape (imports, memory, _start) is checked in one place, for both tiers.
        do {
            _ = try ModuleImage(path: "module", bytes: bytes).interface
        } catch let e as LoadError {
            switch e {
            case .importType(_, let reason): throw .importType(reason)
            case .malformed(_, let reason): throw .invalid(reason)
            default: throw .invalid(e.reason)
            }
        } catch {
            throw .invalid(WasmErrorText.describe(error))
        }
        var parser = Parser(bytes: bytes, features: .all)
        var functionSection: [UInt32] = []
        do {
            while let payload = try parser.parseNext() {
                switch payload {
                case .typeSection(let groups):
                    for g in groups {
                        for sub in g.types {
                            if case .function(let f) = sub.body {
                                types.append(try FuncSig(f))
                            } else {
                                types.append(nil)
                            }
                        }
                    }
                case .importSection(let list):
                    for imp in list {
                        guard case .function(let t) = imp.descriptor else { continue } // refused above
                        imports.append((imp.name, Int(t)))
                    }
                case .functionSection(let list): functionSection = list
                case .tableSection(let list): tables = list.map(\.type)
                case .memorySection(let list):
                    memory = list.first?.type
                case .globalSection(let list): globals = list
                case .exportSection(let list): exports = list
                case .startSection(let f): start = f
                case .elementSection(let list): elements = list
                case .codeSection(let list): codes = list
                case .dataSection(let list): data = list
                case .tagSection(let list): tags = list.map { Int($0.type) }
                case .header, .customSection, .dataCount: break
                }
            }
        } catch let e as CompileError {
            throw e
        } catch {
            throw CompileError.invalid(WasmErrorText.describe(error))
        }
        guard memory != nil else { throw CompileError.invalid("it defines no linear memory") }
        guard functionSection.count == codes.count else { throw CompileError.invalid("function and code sections differ in length") }
        for (name, t) in imports {
            try checkType(t)
            let s = types[t]!
            if s.params.contains(.v128) || s.results.contains(.v128) {
                throw CompileError.invalid("import 'wali.\(name)' has type \(s.text); WALI imports take no v128 values")
            }
            // ModuleImage checked the import types (WALI and WASI) already.
        }
        for t in functionSection { try checkType(Int(t)) }
        for t in tags {
            try checkType(t)
            guard types[t]!.results.isEmpty else { throw CompileError.invalid("an exception tag's type has results") }
            // Payload values are kept one per u64 of the exception object (Exn).
            if types[t]!.params.contains(.v128) { throw CompileError.unsupported("exception tags with v128 payloads") }
        }
        for (g, global) in globals.enumerated()
        where global.type.valueType == .v128 && global.type.mutability == .variable {
            v128GlobalSlots[g] = globalSlotCount
        }
        functionTypes = imports.map(\.type) + functionSection.map { Int($0) }
        for e in exports {
            if case .function(let f) = e.descriptor, Int(f) >= functionTypes.count {
                throw CompileError.invalid("export '\(e.name)' names function \(f), which does not exist")
            }
        }
        var first: [FuncSig: Int] = [:]
        canonical = types.enumerated().map { i, s in
            guard let s else { return i }
            if let f = first[s] { return f }
            first[s] = i
            return i
        }
    }

    private func checkType(_ t: Int) throws(CompileError) {
        guard t < types.count, types[t] != nil else { throw CompileError.invalid("function type \(t) is not a function type") }
    }

    func sig(ofType t: Int) -> FuncSig { types[t]! }

    /// The C lvalue of mutable global `g` of type `t` in inst->globals[].
    func mutableGlobal(_ g: Int, _ t: VT) -> String {
        if t == .v128, let slot = v128GlobalSlots[g] { return "G_V(\(slot))" }
        return "G_\(t.letter)(\(g))"
    }

    func sig(ofFunction f: Int) -> FuncSig { types[functionTypes[f]]! }

    func exportedFunction(_ name: String) -> Int? {
        for e in exports where e.name == name {
            if case .function(let f) = e.descriptor { return Int(f) }
        }
        return nil
    }
}
