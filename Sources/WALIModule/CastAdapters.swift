import WasmParser
import WasmTypes

/// Function-pointer casts, as C code does them and native code tolerates them.
///
/// C programs call functions through pointers of another type (a `void f(int)` called as
/// `int (*)(int)`, a handler given fewer arguments than it is called with). Native code runs
/// such a call with garbage in the missing values; Wasm's `call_indirect` traps ("indirect call
/// type mismatch"). `adapt` rewrites a module so that such calls reach the callee through an
/// engine-made adapter, on both tiers alike, when the types differ only in ways a C ABI
/// tolerates:
///
/// - a missing or extra result (an extra result is dropped, a missing one is zero);
/// - missing or extra trailing integer (i32/i64) parameters (extra ones are dropped, missing
///   ones are zero); the parameters both types have must be the same.
///
/// Every other mismatch still traps with the same message as before.
///
/// How: for each type T that `call_indirect` uses on table 0 and for which some entry of table 0
/// needs an adapter, a new table is appended whose entry i is table 0's entry i when its type
/// is T (or it is null, or it is incompatible: the call then traps as it did), else an adapter
/// of type T that calls it. Those `call_indirect T` instructions are pointed at the new table
/// (their table index is rewritten in place, same length, so no body moves). New functions and
/// tables are appended, so no existing index changes.
///
/// This is only sound when table 0 never changes after instantiation: the rewrite is skipped
/// for a module that imports or exports a table or uses any instruction that writes a table
/// (`table.set/grow/init/copy/fill`), or whose table 0 is filled in a way this does not follow
/// (a non-constant segment offset, a segment out of bounds). Adapters only pass Wasm values
/// from one function to another: they never reach anything that is not a function, nor touch
/// memory.
public enum CastAdapters {
    /// Environment switch: `WALI_FP_CASTS=trap` keeps every mismatched indirect call a trap.
    public static let environmentSwitch = "WALI_FP_CASTS"
    /// Table entries the new tables may hold in all (each costs a pointer per entry at run time).
    static let maxNewEntries = 1 << 20

    /// The adapted module, or nil when nothing needs adapting or the module is outside what the
    /// rewrite understands (it then runs unchanged).
    public static func adapt(_ bytes: [UInt8]) -> [UInt8]? {
        guard let facts = Facts(bytes) else { return nil }
        return facts.rewrite(bytes)
    }

    /// Whether the types `expected` (the call's) and `actual` (the callee's) differ only in ways
    /// the adapter bridges. Equal types are not "compatible": they need no adapter.
    static func compatible(expected: FunctionType, actual: FunctionType) -> Bool {
        guard expected != actual, expected.results.count <= 1, actual.results.count <= 1 else { return false }
        if let e = expected.results.first, let a = actual.results.first, e != a { return false }
        for r in expected.results + actual.results where !isNumber(r) { return false }
        let common = min(expected.parameters.count, actual.parameters.count)
        guard expected.parameters.prefix(common) == actual.parameters.prefix(common) else { return false }
        let extra = expected.parameters.dropFirst(common) + actual.parameters.dropFirst(common)
        return extra.allSatisfy { $0 == .i32 || $0 == .i64 }
    }

    static func isNumber(_ t: ValueType) -> Bool { t == .i32 || t == .i64 || t == .f32 || t == .f64 }

    /// The body of an adapter of type `expected` calling function `callee` of type `actual`.
    static func adapterBody(expected: FunctionType, actual: FunctionType, callee: UInt32) -> [UInt8] {
        var code: [UInt8] = [0x00] // no locals
        for (i, p) in actual.parameters.enumerated() {
            if i < expected.parameters.count {
                code += [0x20] + uleb(UInt64(i)) // local.get
            } else {
                code += zero(p)
            }
        }
        code += [0x10] + uleb(UInt64(callee)) // call
        if !actual.results.isEmpty && expected.results.isEmpty { code.append(0x1a) } // drop
        if let r = expected.results.first, actual.results.isEmpty { code += zero(r) }
        code.append(0x0b)
        return uleb(UInt64(code.count)) + code
    }

    static func zero(_ t: ValueType) -> [UInt8] {
        switch t {
        case .i64: return [0x42, 0x00]
        case .f32: return [0x43] + [UInt8](repeating: 0, count: 4)
        case .f64: return [0x44] + [UInt8](repeating: 0, count: 8)
        default: return [0x41, 0x00]
        }
    }

    /// What the rewrite needs from the module, from WasmKit's parser.
    struct Facts {
        var types: [FunctionType] = []
        /// The type index of every function, imported ones first.
        var functionTypes: [UInt32] = []
        var importedFunctions = 0
        var tables: [TableType] = []
        /// Table 0's contents after instantiation: function indices, nil for null.
        var table0: [UInt32?] = []
        var elementSegments = 0
        /// `call_indirect`/`return_call_indirect` on table 0: offset of the instruction and its type.
        var indirectCalls: [(offset: Int, type: UInt32)] = []

        init?(_ bytes: [UInt8]) {
            var parser = Parser(bytes: bytes, features: .all)
            var segments: [ElementSegment] = []
            do {
                while let payload = try parser.parseNext() {
                    switch payload {
                    case .typeSection(let groups):
                        for g in groups {
                            guard g.types.count == 1, case .function(let f) = g.types[0].body else { return nil }
                            types.append(f)
                        }
                    case .importSection(let imports):
                        for imp in imports {
                            guard case .function(let t) = imp.descriptor else { return nil } // a table, global, ...
                            functionTypes.append(t)
                            importedFunctions += 1
                        }
                    case .functionSection(let list):
                        functionTypes += list
                    case .tableSection(let list):
                        guard list.allSatisfy({ $0.initializer == nil }) else { return nil }
                        tables = list.map(\.type)
                    case .exportSection(let list):
                        for e in list { if case .table = e.descriptor { return nil } }
                    case .elementSection(let list):
                        segments = list
                        elementSegments = list.count
                    case .codeSection(let codes):
                        for code in codes { guard try scan(code) else { return nil } }
                    default: break
                    }
                }
            } catch {
                return nil
            }
            guard let t0 = tables.first, t0.elementType == .funcRef, t0.limits.min <= UInt64(CastAdapters.maxNewEntries),
                  !indirectCalls.isEmpty, functionTypes.allSatisfy({ Int($0) < types.count }) else { return nil }
            table0 = Array(repeating: nil, count: Int(t0.limits.min))
            for s in segments {
                guard case .active(let table, let offset) = s.mode, table == 0 else { continue }
                let offsetCode = offset.filter { if case .end = $0 { return false } else { return true } }
                guard offsetCode.count == 1, case .i32Const(let v) = offsetCode[0] else { return nil }
                let start = Int(UInt32(bitPattern: v))
                guard start + s.initializer.count <= table0.count else { return nil } // instantiation traps
                for (k, expr) in s.initializer.enumerated() {
                    switch expr.first {
                    case .refFunc(let f)?:
                        guard Int(f) < functionTypes.count else { return nil }
                        table0[start + k] = f
                    case .refNull?: table0[start + k] = nil
                    default: return nil
                    }
                }
            }
        }

        /// Records table 0's indirect calls; false when the body writes a table.
        mutating func scan(_ code: Code) throws -> Bool {
            struct Finder: AnyInstructionVisitor {
                typealias VisitorError = Never
                var binaryOffset = 0
                var calls: [(offset: Int, type: UInt32)] = []
                var writesTable = false
                mutating func visit(_ instruction: Instruction) {
                    switch instruction {
                    case .callIndirect(let type, 0), .returnCallIndirect(let type, 0):
                        calls.append((binaryOffset, type))
                    case .tableSet, .tableGrow, .tableInit, .tableCopy, .tableFill:
                        writesTable = true
                    default: break
                    }
                }
            }
            var parser = ExpressionParser(code: code)
            var finder = Finder()
            while let visit = try parser.parse() { visit(visitor: &finder) }
            indirectCalls += finder.calls
            return !finder.writesTable
        }

        func rewrite(_ original: [UInt8]) -> [UInt8]? {
            // Which types get a table, most-called first, within the size cap.
            var callCounts: [UInt32: Int] = [:]
            for c in indirectCalls { callCounts[c.type, default: 0] += 1 }
            var adapters: [(expected: UInt32, callee: UInt32)] = []
            var adapterIndex: [Pair: UInt32] = [:]
            var newTables: [(type: UInt32, entries: [UInt32?])] = []
            let firstAdapter = UInt32(functionTypes.count)
            for (type, _) in callCounts.sorted(by: { ($0.value, $1.key) > ($1.value, $0.key) }) {
                guard Int(type) < types.count else { continue }
                guard (newTables.count + 1) * table0.count <= CastAdapters.maxNewEntries,
                      tables.count + newTables.count < 128 else { break } // one-byte table index
                let expected = types[Int(type)]
                var needed = false
                let entries: [UInt32?] = table0.map { entry in
                    guard let f = entry else { return nil }
                    let actual = types[Int(functionTypes[Int(f)])]
                    guard CastAdapters.compatible(expected: expected, actual: actual) else { return f }
                    needed = true
                    let key = Pair(expected: type, callee: f)
                    if let a = adapterIndex[key] { return a }
                    let a = firstAdapter + UInt32(adapters.count)
                    adapters.append((type, f))
                    adapterIndex[key] = a
                    return a
                }
                if needed { newTables.append((type, entries)) }
            }
            guard !newTables.isEmpty else { return nil }

            // Point the calls at their type's table, rewriting the table index in place.
            var bytes = original
            var tableOf: [UInt32: UInt32] = [:]
            for (k, t) in newTables.enumerated() { tableOf[t.type] = UInt32(tables.count + k) }
            for call in indirectCalls {
                guard let table = tableOf[call.type] else { continue }
                // The index keeps its encoded length (wasm-ld pads it to five bytes). The reader is
                // gone before the bytes change: while it holds the array, each change would copy
                // the whole module (a 2 MB module took 140 ms to load).
                let index: Range<Int>? = {
                    var r = Reader(bytes: bytes, offset: call.offset + 1)
                    guard r.uleb() != nil else { return nil }
                    let start = r.offset
                    guard r.uleb() == 0 else { return nil }
                    return start..<r.offset
                }()
                guard let index else { continue }
                for (k, i) in index.enumerated() {
                    bytes[i] = UInt8((table >> (7 * UInt32(k))) & 0x7f) | (i < index.upperBound - 1 ? 0x80 : 0)
                }
            }

            var addedFunctions: [UInt8] = []
            var addedBodies: [UInt8] = []
            for a in adapters {
                addedFunctions += uleb(UInt64(a.expected))
                let calleeType = types[Int(functionTypes[Int(a.callee)])]
                addedBodies += CastAdapters.adapterBody(expected: types[Int(a.expected)], actual: calleeType, callee: a.callee)
            }
            var addedTables: [UInt8] = []
            var addedSegments: [UInt8] = []
            var segmentCount = 0
            for (k, t) in newTables.enumerated() {
                let size = uleb(UInt64(table0.count))
                addedTables += [0x70, 0x01] + size + size // funcref, fixed size
                // One active segment per run of non-null entries.
                var i = 0
                while i < t.entries.count {
                    guard t.entries[i] != nil else { i += 1; continue }
                    var run: [UInt8] = []
                    var n = 0
                    let start = i
                    while i < t.entries.count, let f = t.entries[i] { run += uleb(UInt64(f)); n += 1; i += 1 }
                    addedSegments += [0x02] + uleb(UInt64(tables.count + k)) + [0x41] + sleb(Int64(start)) + [0x0b, 0x00]
                    addedSegments += uleb(UInt64(n)) + run
                    segmentCount += 1
                }
            }
            return appendToSections(bytes, [
                3: (UInt64(adapters.count), addedFunctions),
                4: (UInt64(newTables.count), addedTables),
                9: (UInt64(segmentCount), addedSegments),
                10: (UInt64(adapters.count), addedBodies),
            ])
        }

        struct Pair: Hashable { let expected: UInt32; let callee: UInt32 }
    }

    /// The module with entries appended to vector sections (id: (count, encoded entries)); nil if
    /// one of them is missing (the module then has nothing the rewrite could use).
    static func appendToSections(_ bytes: [UInt8], _ additions: [UInt8: (count: UInt64, entries: [UInt8])]) -> [UInt8]? {
        var out = Array(bytes[0..<8])
        var r = Reader(bytes: bytes, offset: 8)
        var done = 0
        while !r.atEnd {
            let start = r.offset
            guard let id = r.byte(), let size = r.uleb() else { return nil }
            let contentStart = r.offset
            let end = contentStart + Int(size)
            guard end <= bytes.count else { return nil }
            if let add = additions[id] {
                var c = Reader(bytes: bytes, offset: contentStart, end: end)
                guard let count = c.uleb() else { return nil }
                let content = uleb(count + add.count) + bytes[c.offset..<end] + add.entries
                out.append(id)
                out += uleb(UInt64(content.count))
                out += content
                done += 1
            } else {
                out += bytes[start..<end]
            }
            r.offset = end
        }
        return done == additions.count ? out : nil
    }

    static func sleb(_ value: Int64) -> [UInt8] {
        var v = value
        var out: [UInt8] = []
        while true {
            let b = UInt8(v & 0x7f)
            v >>= 7
            if (v == 0 && b & 0x40 == 0) || (v == -1 && b & 0x40 != 0) {
                out.append(b)
                return out
            }
            out.append(b | 0x80)
        }
    }
}
