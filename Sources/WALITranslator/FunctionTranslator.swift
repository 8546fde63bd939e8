import WALILinux
import WALIModule
import WasmParser
import WasmTypes

/// Translates one function body to C. The Wasm value stack is resolved at translation time:
/// stack slot `k` of type T is the C local `<T-letter><k>` (so clang sees plain SSA-friendly
/// locals), structured control flow becomes labels and gotos, and every operation that can trap
/// checks explicitly (except memory accesses, which fault in the guard region).
struct FunctionTranslator {
    enum Kind { case function, block, loop, `if`, tryTable }

    struct Frame {
        var kind: Kind
        var label: Int
        var params: [VT]
        var results: [VT]
        /// Stack height below the frame's parameters.
        var base: Int
        var unreachable = false
        /// Some branch targets the frame's end label.
        var branched = false
        var hasElse = false
        /// Copies of an `if`'s parameters, restored for its `else` arm.
        var paramCopies: [String] = []
        /// A `try_table`'s catch clauses (labels relative to the frames outside it).
        var catches: [CatchClause] = []

        var branchTypes: [VT] { kind == .loop ? params : results }
    }

    let module: WasmModule
    let index: Int
    let sig: FuncSig
    var locals: [VT] = []
    var stack: [VT] = []
    var frames: [Frame] = []
    var out = ""
    var skipDepth = 0
    var nextLabel = 0
    /// Highest stack slot used per type, for the declarations.
    var slotCount = [Int](repeating: 0, count: VT.allCases.count)
    var extraDecls: [String] = []
    var usesMemory = false
    var hasLoops = false
    var makesCalls = false
    /// The body has a `try_table`: its handlers are entered by longjmp, so every local and stack
    /// slot is volatile (C keeps no value of a non-volatile local modified after setjmp).
    var hasTry = false
    /// The body calls a legacy setjmp import: it returns twice too (volatile locals), and every
    /// return drops the setjmp records it made.
    var callsSetjmp = false
    /// The module's legacy setjmp imports.
    var setjmpImports: Set<Int> = []
    /// Functions whose descriptor this body takes the address of (ref.func).
    var referencedFunctions: Set<Int> = []
    /// A count of the instructions translated (for chunking and progress).
    var instructionCount = 0

    init(module: WasmModule, index: Int) {
        self.module = module
        self.index = index
        self.sig = module.sig(ofFunction: index)
    }

    // MARK: Driver

    mutating func translate(code: Code) throws(CompileError) -> String {
        locals = sig.params
        for t in code.locals { locals.append(try VT(t)) }
        frames = [Frame(kind: .function, label: newLabel(), params: [], results: sig.results, base: 0)]
        setjmpImports = module.setjmpImports
        if !setjmpImports.isEmpty { callsSetjmp = try callsAny(setjmpImports, in: code) }
        var parser = ExpressionParser(code: code)
        var visitor = Visitor(translator: self)
        do {
            while let visit = try parser.parse() {
                try visit(visitor: &visitor)
                if visitor.translator.frames.isEmpty { break }
            }
        } catch let e as CompileError {
            throw e
        } catch {
            throw .invalid("function \(index): \(WasmErrorText.describe(error))")
        }
        self = visitor.translator
        guard frames.isEmpty else { throw .invalid("function \(index): body does not end") }
        return assemble()
    }

    /// Whether the body calls one of `functions` directly.
    func callsAny(_ functions: Set<Int>, in code: Code) throws(CompileError) -> Bool {
        struct Finder: AnyInstructionVisitor {
            typealias VisitorError = CompileError
            let functions: Set<Int>
            var found = false
            var binaryOffset: Int = 0
            mutating func visit(_ instruction: Instruction) throws(CompileError) {
                if case .call(let f) = instruction, functions.contains(Int(f)) { found = true }
            }
        }
        var parser = ExpressionParser(code: code)
        var finder = Finder(functions: functions)
        do {
            while let visit = try parser.parse() {
                try visit(visitor: &finder)
                if finder.found { return true }
            }
        } catch {
            throw .invalid("function \(index): \(WasmErrorText.describe(error))")
        }
        return false
    }

    struct Visitor: AnyInstructionVisitor {
        typealias VisitorError = CompileError
        var translator: FunctionTranslator
        var binaryOffset: Int = 0
        mutating func visit(_ instruction: Instruction) throws(CompileError) {
            try translator.emit(instruction)
        }
    }

    func assemble() -> String {
        let v = hasTry || callsSetjmp ? "volatile " : ""
        var s = "WALI_FN \(Names.returnType(module.canonical[module.functionTypes[index]])) wf\(index)(wali_inst *inst"
        for (i, t) in sig.params.enumerated() { s += ", \(t.c) \(v)l\(i)" }
        s += ") {\n"
        if usesMemory { s += "  uint8_t *const M = inst->mem;\n" }
        for i in sig.params.count..<locals.count { s += "  \(v)\(locals[i].c) l\(i) = \(locals[i].zero);\n" }
        for t in VT.allCases where slotCount[t.rawValue] > 0 {
            s += "  \(v)\(t.c) " + (0..<slotCount[t.rawValue]).map { "\(t.slot)\($0)" }.joined(separator: ", ") + ";\n"
        }
        for d in extraDecls { s += "  \(d);\n" }
        if hasLoops { s += "  uint32_t wpoll = WALI_FUEL;\n" }
        if makesCalls { s += "  WALI_ENTRY_CHECKS();\n" }
        if callsSetjmp { s += "  const uint32_t sj0_ = inst->sj_top;\n  uint32_t sje_;\n" }
        s += out
        s += "}\n"
        return s
    }

    // MARK: Stack

    mutating func newLabel() -> Int {
        nextLabel += 1
        return nextLabel
    }

    func name(_ slot: Int, _ t: VT) -> String { "\(t.slot)\(slot)" }

    mutating func push(_ t: VT) -> String {
        let slot = stack.count
        stack.append(t)
        slotCount[t.rawValue] = max(slotCount[t.rawValue], slot + 1)
        return name(slot, t)
    }

    mutating func pop(_ t: VT) throws(CompileError) -> String {
        guard stack.count > frames[frames.count - 1].base else { throw .invalid("function \(index): stack underflow") }
        let got = stack.removeLast()
        guard got == t else { throw .invalid("function \(index): type mismatch (expected \(t), got \(got))") }
        return name(stack.count, t)
    }

    mutating func popAny() throws(CompileError) -> (String, VT) {
        guard stack.count > frames[frames.count - 1].base else { throw .invalid("function \(index): stack underflow") }
        let t = stack.removeLast()
        return (name(stack.count, t), t)
    }

    /// Pops values of the given types (last on top); returns their names in order.
    mutating func pop(_ types: [VT]) throws(CompileError) -> [String] {
        var names = [String](repeating: "", count: types.count)
        for i in stride(from: types.count - 1, through: 0, by: -1) { names[i] = try pop(types[i]) }
        return names
    }

    mutating func line(_ s: String) { out += "  " + s + "\n" }

    var reachable: Bool { !frames[frames.count - 1].unreachable }

    mutating func markUnreachable() {
        frames[frames.count - 1].unreachable = true
        stack.removeSubrange(frames[frames.count - 1].base...)
    }

    func blockSig(_ bt: BlockType) throws(CompileError) -> FuncSig {
        switch bt {
        case .empty: return FuncSig(params: [], results: [])
        case .type(let t): return FuncSig(params: [], results: [try VT(t)])
        case .funcType(let i):
            guard Int(i) < module.types.count, let s = module.types[Int(i)] else { throw .invalid("function \(index): bad block type") }
            return s
        }
    }

    // MARK: Branches

    /// The C code of a branch to the label `depth` frames out: copy the carried values into the
    /// target's slots, then jump (or return, for the function's own label).
    mutating func branchCode(_ depth: UInt32) throws(CompileError) -> String {
        guard Int(depth) < frames.count else { throw .invalid("function \(index): branch depth \(depth) out of range") }
        let fi = frames.count - 1 - Int(depth)
        let target = frames[fi]
        if target.kind == .function { return try returnCode() }
        let types = target.branchTypes
        let n = types.count
        guard stack.count - frames[frames.count - 1].base >= n else { throw .invalid("function \(index): branch without its values") }
        var code = ""
        for k in 0..<n {
            let src = stack.count - n + k, dst = target.base + k
            guard stack[src] == types[k] else { throw .invalid("function \(index): branch value type mismatch") }
            if src != dst { code += "\(name(dst, types[k])) = \(name(src, types[k])); " }
        }
        code += handlerRestore(leaving: fi)
        if target.kind == .loop {
            code += "goto T\(target.label);"
        } else {
            code += "goto B\(target.label);"
            frames[fi].branched = true
        }
        return code
    }

    func returnCode() throws(CompileError) -> String {
        let n = sig.results.count
        guard stack.count - frames[frames.count - 1].base >= n else { throw .invalid("function \(index): return without its values") }
        for k in 0..<n where stack[stack.count - n + k] != sig.results[k] {
            throw .invalid("function \(index): result type mismatch")
        }
        return returnCode(values: (0..<n).map { name(stack.count - n + $0, sig.results[$0]) })
    }

    /// Returns `values` (C expressions of the function's result types), leaving every handler
    /// this function installed.
    func returnCode(values: [String]) -> String {
        let restore = handlerRestore(leaving: 0) + (callsSetjmp ? "inst->sj_top = sj0_; " : "")
        switch values.count {
        case 0: return restore + "return;"
        case 1:
            if restore.isEmpty { return "return \(values[0]);" }
            return "{ \(sig.results[0].c) r_ = \(values[0]); \(restore)return r_; }"
        default:
            let tid = module.canonical[module.functionTypes[index]]
            var s = "{ RS\(tid) r_; "
            for (k, v) in values.enumerated() { s += "r_.v\(k) = \(v); " }
            return s + restore + "return r_; }"
        }
    }

    /// Code that uninstalls the handlers of the `try_table`s among `frames[first...]` (a branch
    /// out of them): the handler chain goes back to what it was outside the outermost one.
    func handlerRestore(leaving first: Int) -> String {
        guard hasTry, first < frames.count,
              let outer = frames[first...].first(where: { $0.kind == .tryTable }) else { return "" }
        return "inst->eh = eh\(outer.label).prev; "
    }

    // MARK: Calls

    mutating func emitCall(target: String, sig callee: FuncSig, tid: Int, extraArgs: String = "") throws(CompileError) {
        makesCalls = true
        let args = try pop(callee.params)
        let argList = (["inst"] + args).joined(separator: ", ")
        let call = "\(target)(\(argList))"
        switch callee.results.count {
        case 0: line(call + ";")
        case 1:
            let r = push(callee.results[0])
            line("\(r) = \(call);")
        default:
            var s = "{ RS\(tid) r_ = \(call); "
            for (k, t) in callee.results.enumerated() { s += "\(push(t)) = r_.v\(k); " }
            line(s + "}")
        }
    }

    /// The callee of call_indirect / return_call_indirect: pops the index, checks it (bounds,
    /// null, type) and names the function pointer to call.
    mutating func indirectTarget(_ typeIndex: UInt32, _ table: UInt32) throws(CompileError) -> (target: String, sig: FuncSig, tid: Int) {
        guard Int(typeIndex) < module.types.count, let callee = module.types[Int(typeIndex)] else {
            throw .invalid("function \(index): indirect call with a bad type")
        }
        guard Int(table) < module.tables.count else { throw .invalid("function \(index): indirect call on a missing table") }
        let tid = module.canonical[Int(typeIndex)]
        let idx = try pop(.i32)
        let fd = "fd\(stack.count)_\(newLabel())"
        line("const wali_func_desc *\(fd) = wali_call_target(inst, &wali_tables[\(table)], \(idx), \(tid));")
        return ("((FT\(tid))\(fd)->fn)", callee, tid)
    }

    /// return_call: this function's handlers and setjmp records are left first (the callee runs
    /// outside them). When the callee's C prototype is this function's own, clang must make it a
    /// real tail call (musttail), so tail-recursive cycles run in constant stack; otherwise it is
    /// a call followed by a return.
    mutating func emitTailCall(target: String, sig callee: FuncSig, tid: Int) throws(CompileError) {
        makesCalls = true
        guard callee.results == sig.results else { throw .invalid("function \(index): return_call of a function with other results") }
        let args = try pop(callee.params)
        let call = "\(target)(\((["inst"] + args).joined(separator: ", ")))"
        let leave = handlerRestore(leaving: 0) + (callsSetjmp ? "inst->sj_top = sj0_; " : "")
        let ownTid = module.canonical[module.functionTypes[index]]
        if tid == ownTid {
            line("{ \(leave)__attribute__((musttail)) return \(call); }")
        } else {
            switch sig.results.count {
            case 0: line("{ \(leave)\(call); return; }")
            case 1: line("{ \(leave)return \(call); }")
            default:
                var s = "{ \(leave)RS\(tid) r_ = \(call); RS\(ownTid) q_; "
                for k in 0..<sig.results.count { s += "q_.v\(k) = r_.v\(k); " }
                line(s + "return q_; }")
            }
        }
        markUnreachable()
    }

    // MARK: Instructions

    mutating func emit(_ ins: Instruction) throws(CompileError) {
        instructionCount += 1
        if frames.isEmpty { throw .invalid("function \(index): instructions after the end") }
        if !reachable {
            // Dead code: only its block structure matters, to find the matching else/end.
            switch ins {
            case .block, .loop, .if, .tryTable:
                skipDepth += 1
                return
            case .else where skipDepth > 0:
                return
            case .end where skipDepth > 0:
                skipDepth -= 1
                return
            case .else, .end:
                break
            default:
                return
            }
        }
        switch ins {
        case .unreachable:
            line("TRAP(WALI_TRAP_UNREACHABLE);")
            markUnreachable()
        case .nop:
            break
        case .block(let bt):
            let s = try blockSig(bt)
            _ = try pop(s.params)
            let base = stack.count
            for t in s.params { _ = push(t) }
            frames.append(Frame(kind: .block, label: newLabel(), params: s.params, results: s.results, base: base))
        case .loop(let bt):
            let s = try blockSig(bt)
            _ = try pop(s.params)
            let base = stack.count
            for t in s.params { _ = push(t) }
            let label = newLabel()
            frames.append(Frame(kind: .loop, label: label, params: s.params, results: s.results, base: base))
            hasLoops = true
            line("T\(label):; WALI_LOOP_POLL();")
        case .if(let bt):
            let s = try blockSig(bt)
            let cond = try pop(.i32)
            _ = try pop(s.params)
            let base = stack.count
            var copies: [String] = []
            let label = newLabel()
            for (k, t) in s.params.enumerated() {
                let v = push(t)
                let copy = "ip\(label)_\(k)"
                extraDecls.append("\(t.c) \(copy)")
                line("\(copy) = \(v);")
                copies.append(copy)
            }
            var f = Frame(kind: .if, label: label, params: s.params, results: s.results, base: base)
            f.paramCopies = copies
            frames.append(f)
            line("if (!\(cond)) goto E\(label);")
        case .else:
            var f = frames[frames.count - 1]
            guard f.kind == .if, !f.hasElse else { throw .invalid("function \(index): else without if") }
            if !f.unreachable {
                try checkFrameEnd(f)
                line("goto B\(f.label);")
                f.branched = true
            }
            line("E\(f.label):;")
            stack.removeSubrange(f.base...)
            for (k, t) in f.params.enumerated() {
                let v = push(t)
                line("\(v) = \(f.paramCopies[k]);")
            }
            f.hasElse = true
            f.unreachable = false
            frames[frames.count - 1] = f
        case .end:
            let f = frames.removeLast()
            if !f.unreachable { try checkFrameEnd(f) }
            if f.kind == .function {
                if !f.unreachable {
                    frames.append(f)
                    line(try returnCode())
                    frames.removeLast()
                }
                return
            }
            var reachableAfter = !f.unreachable || f.branched
            if f.kind == .tryTable {
                // Falling out of the body uninstalls the handler; an exception lands at C<label>.
                if !f.unreachable { line("inst->eh = eh\(f.label).prev;") }
                line("goto B\(f.label);")
                line("C\(f.label):; {")
                line("wali_exn *e_ = (wali_exn *)inst->exn;")
                for c in f.catches { line(try catchCode(c)) }
                line("wali_throw(inst, e_); }")
            }
            if f.kind == .if && !f.hasElse {
                guard f.params == f.results else { throw .invalid("function \(index): if without else must keep its type") }
                line("E\(f.label):;")
                reachableAfter = true
            }
            if f.kind != .loop { line("B\(f.label):;") }
            stack.removeSubrange(f.base...)
            for t in f.results { _ = push(t) }
            if !reachableAfter { markUnreachable() }
        case .tryTable(let bt, let tc):
            let s = try blockSig(bt)
            _ = try pop(s.params)
            let base = stack.count
            for t in s.params { _ = push(t) }
            let label = newLabel()
            // Check the clauses now, against the frames outside the try_table.
            for c in tc.catches { _ = try catchTarget(c) }
            var f = Frame(kind: .tryTable, label: label, params: s.params, results: s.results, base: base)
            f.catches = tc.catches
            frames.append(f)
            hasTry = true
            extraDecls.append("wali_eh eh\(label)")
            line("eh\(label).prev = inst->eh; eh\(label).sj_top = inst->sj_top; inst->eh = &eh\(label); if (WALI_UNLIKELY(_setjmp(eh\(label).jb))) goto C\(label);")
        case .throw(let tag):
            let payload = try tagSig(tag)
            let values = try pop(payload)
            makesCalls = true
            var s = "{ wali_exn *e_ = wali_exn_new(inst, \(tag)u, \(payload.count)u); "
            for (k, t) in payload.enumerated() { s += "e_->v[\(k)] = \(Exn.store(values[k], t)); " }
            line(s + "wali_throw(inst, e_); }")
            markUnreachable()
        case .throwRef:
            let r = try pop(.ref)
            makesCalls = true
            line("wali_throw(inst, wali_exn_from_ref(inst, \(r)));")
            markUnreachable()
        case .br(let depth):
            line(try branchCode(depth))
            markUnreachable()
        case .brIf(let depth):
            let cond = try pop(.i32)
            line("if (\(cond)) { \(try branchCode(depth)) }")
        case .brTable(let targets):
            let idx = try pop(.i32)
            var groups: [UInt32: [Int]] = [:]
            var order: [UInt32] = []
            for (i, d) in targets.labelIndices.enumerated() where d != targets.defaultIndex {
                if groups[d] == nil { order.append(d) }
                groups[d, default: []].append(i)
            }
            var s = "switch (\(idx)) {\n"
            for d in order {
                s += "  " + groups[d]!.map { "case \($0):" }.joined(separator: " ") + " { \(try branchCode(d)) }\n"
            }
            s += "  default: { \(try branchCode(targets.defaultIndex)) }\n  }"
            line(s)
            markUnreachable()
        case .return:
            line(try returnCode())
            markUnreachable()
        case .call(let f):
            guard Int(f) < module.functionTypes.count else { throw .invalid("function \(index): call to unknown function \(f)") }
            let callee = module.sig(ofFunction: Int(f))
            if setjmpImports.contains(Int(f)) {
                // The import saves the signal mask (sigsetjmp); the jump buffer is this frame's.
                line("sje_ = \(name(stack.count - callee.params.count, .i32));")
                try emitCall(target: "wf\(f)", sig: callee, tid: module.canonical[module.functionTypes[Int(f)]])
                let r = name(stack.count - 1, .i32)
                line("{ void *jb_ = inst->host->sj_push(inst, sje_, __builtin_frame_address(0)); if (_setjmp(*(jmp_buf *)jb_)) \(r) = inst->sj_value; else \(r) = 0; }")
                return
            }
            try emitCall(target: "wf\(f)", sig: callee, tid: module.canonical[module.functionTypes[Int(f)]])
        case .returnCall(let f):
            guard Int(f) < module.functionTypes.count else { throw .invalid("function \(index): call to unknown function \(f)") }
            try emitTailCall(target: "wf\(f)", sig: module.sig(ofFunction: Int(f)), tid: module.canonical[module.functionTypes[Int(f)]])
        case .callIndirect(let typeIndex, let table):
            let (target, callee, tid) = try indirectTarget(typeIndex, table)
            try emitCall(target: target, sig: callee, tid: tid)
        case .returnCallIndirect(let typeIndex, let table):
            let (target, callee, tid) = try indirectTarget(typeIndex, table)
            try emitTailCall(target: target, sig: callee, tid: tid)
        case .drop:
            _ = try popAny()
        case .select, .typedSelect:
            let c = try pop(.i32)
            let (b, tb) = try popAny()
            let (a, ta) = try popAny()
            guard ta == tb else { throw .invalid("function \(index): select of different types") }
            _ = push(ta)
            line("\(a) = \(c) ? \(a) : \(b);")
        case .localGet(let i):
            let t = try local(i)
            line("\(push(t)) = l\(i);")
        case .localSet(let i):
            let t = try local(i)
            line("l\(i) = \(try pop(t));")
        case .localTee(let i):
            let t = try local(i)
            let v = try pop(t)
            _ = push(t)
            line("l\(i) = \(v);")
        case .globalGet(let g):
            let (t, access) = try global(g)
            line("\(push(t)) = \(access);")
        case .globalSet(let g):
            let (t, access) = try global(g)
            guard access.hasPrefix("G") else { throw .invalid("function \(index): global.set of an immutable global") }
            line("\(access) = \(try pop(t));")
        case .v128Const, .i8x16Shuffle, .simd, .simdLane, .simdMemLane:
            try emitSIMD(ins)
        case .load(let op, _) where op.type == .v128:
            try emitSIMD(ins)
        case .store(let op, _) where op.type == .v128:
            try emitSIMD(ins)
        case .load(let op, let memarg):
            try emitLoad(op, memarg)
        case .store(let op, let memarg):
            try emitStore(op, memarg)
        case .memorySize:
            line("\(push(.i32)) = (uint32_t)(*inst->mem_size >> 16);")
        case .memoryGrow:
            let n = try pop(.i32)
            line("\(push(.i32)) = (uint32_t)inst->host->memory_grow(inst, \(n));")
        case .i32Const(let v):
            line("\(push(.i32)) = \(Names.i32(v));")
        case .i64Const(let v):
            line("\(push(.i64)) = \(Names.i64(v));")
        case .f32Const(let v):
            line("\(push(.f32)) = wali_f32(\(Names.u32(v.bitPattern)));")
        case .f64Const(let v):
            line("\(push(.f64)) = wali_f64(\(Names.u64(v.bitPattern)));")
        case .refNull:
            line("\(push(.ref)) = 0;")
        case .refIsNull:
            let r = try pop(.ref)
            line("\(push(.i32)) = (\(r) == 0);")
        case .refFunc(let f):
            guard Int(f) < module.functionTypes.count else { throw .invalid("function \(index): ref.func of unknown function") }
            referencedFunctions.insert(Int(f))
            line("\(push(.ref)) = (uintptr_t)&wali_fd\(f);")
        case .i32Eqz:
            let a = try pop(.i32)
            line("\(push(.i32)) = (\(a) == 0);")
        case .i64Eqz:
            let a = try pop(.i64)
            line("\(push(.i32)) = (\(a) == 0);")
        case .cmp(let op):
            try emitCmp(op)
        case .unary(let op):
            try emitUnary(op)
        case .binary(let op):
            try emitBinary(op)
        case .conversion(let op):
            try emitConversion(op)
        case .memoryInit(let seg, _):
            guard Int(seg) < module.data.count else { throw .invalid("function \(index): memory.init of unknown segment") }
            let n = try pop(.i32), s = try pop(.i32), d = try pop(.i32)
            line("wali_memory_init(inst, \(seg), \(d), \(s), \(n));")
        case .dataDrop(let seg):
            guard Int(seg) < module.data.count else { throw .invalid("function \(index): data.drop of unknown segment") }
            line("inst->data_dropped[\(seg)] = 1;")
        case .memoryCopy:
            let n = try pop(.i32), s = try pop(.i32), d = try pop(.i32)
            line("wali_memory_copy(inst, \(d), \(s), \(n));")
        case .memoryFill:
            let n = try pop(.i32), v = try pop(.i32), d = try pop(.i32)
            line("wali_memory_fill(inst, \(d), \(v), \(n));")
        case .tableInit(let elem, let table):
            try checkTable(table)
            guard Int(elem) < module.elements.count else { throw .invalid("function \(index): table.init of unknown segment") }
            let n = try pop(.i32), s = try pop(.i32), d = try pop(.i32)
            line("wali_table_init(inst, &wali_tables[\(table)], \(elem), \(d), \(s), \(n));")
        case .elemDrop(let elem):
            guard Int(elem) < module.elements.count else { throw .invalid("function \(index): elem.drop of unknown segment") }
            line("inst->elem_dropped[\(elem)] = 1;")
        case .tableCopy(let dst, let src):
            try checkTable(dst)
            try checkTable(src)
            let n = try pop(.i32), s = try pop(.i32), d = try pop(.i32)
            line("wali_table_copy(inst, &wali_tables[\(dst)], &wali_tables[\(src)], \(d), \(s), \(n));")
        case .tableFill(let table):
            try checkTable(table)
            let n = try pop(.i32), v = try pop(.ref), d = try pop(.i32)
            line("wali_table_fill(inst, &wali_tables[\(table)], \(d), \(v), \(n));")
        case .tableGet(let table):
            try checkTable(table)
            let i = try pop(.i32)
            line("\(push(.ref)) = (uintptr_t)wali_table_get(inst, &wali_tables[\(table)], \(i));")
        case .tableSet(let table):
            try checkTable(table)
            let v = try pop(.ref), i = try pop(.i32)
            line("wali_table_set(inst, &wali_tables[\(table)], \(i), \(v));")
        case .tableGrow(let table):
            try checkTable(table)
            let n = try pop(.i32), v = try pop(.ref)
            line("\(push(.i32)) = wali_table_grow(&wali_tables[\(table)], \(v), \(n));")
        case .tableSize(let table):
            try checkTable(table)
            line("\(push(.i32)) = wali_tables[\(table)].size;")
        case .atomicFence:
            line("__atomic_thread_fence(__ATOMIC_SEQ_CST);")
        case .memoryAtomicNotify(let m):
            let n = try pop(.i32), a = try pop(.i32)
            usesMemory = true
            line("\(push(.i32)) = inst->host->notify(inst, wali_ea32(inst, \(a), \(try offset(m))), \(n));")
        case .memoryAtomicWait32(let m):
            let t = try pop(.i64), e = try pop(.i32), a = try pop(.i32)
            line("\(push(.i32)) = inst->host->wait32(inst, wali_ea32(inst, \(a), \(try offset(m))), \(e), (int64_t)\(t));")
        case .memoryAtomicWait64(let m):
            let t = try pop(.i64), e = try pop(.i64), a = try pop(.i32)
            line("\(push(.i32)) = inst->host->wait64(inst, wali_ea32(inst, \(a), \(try offset(m))), \(e), (int64_t)\(t));")
        default:
            if let rmw = AtomicRMW(ins) {
                try emitAtomicRMW(rmw)
            } else {
                throw .unsupported("instruction \(ins) in function \(index)")
            }
        }
    }

    // MARK: Exceptions

    /// The payload types of tag `tag`.
    func tagSig(_ tag: UInt32) throws(CompileError) -> [VT] {
        guard Int(tag) < module.tags.count else { throw .invalid("function \(index): unknown exception tag \(tag)") }
        return module.sig(ofType: module.tags[Int(tag)]).params
    }

    /// The frame a catch clause branches to (an index into `frames`, which must be the frames
    /// outside its try_table) and the values it carries, checked against the label's types.
    func catchTarget(_ c: CatchClause) throws(CompileError) -> (frame: Int, values: [VT]) {
        let label: UInt32, values: [VT]
        switch c {
        case .catch(let tag, let l): (label, values) = (l, try tagSig(tag))
        case .catchRef(let tag, let l): (label, values) = (l, try tagSig(tag) + [.ref])
        case .catchAll(let l): (label, values) = (l, [])
        case .catchAllRef(let l): (label, values) = (l, [.ref])
        }
        guard Int(label) < frames.count else { throw .invalid("function \(index): catch label \(label) out of range") }
        let fi = frames.count - 1 - Int(label)
        guard frames[fi].branchTypes == values else { throw .invalid("function \(index): catch clause does not match its label's types") }
        return (fi, values)
    }

    /// One catch clause of a handler: if it matches the exception `e_`, move the payload (and the
    /// exnref) to the label's slots and branch there. The exception object is freed, or becomes
    /// the exnref (`wali_exn_ref`: most are packed into the reference and freed too).
    mutating func catchCode(_ c: CatchClause) throws(CompileError) -> String {
        let (fi, values) = try catchTarget(c)
        var cond = "1", payload: [VT] = [], keep = false
        switch c {
        case .catch(let tag, _): cond = "e_->tag == \(tag)u"; payload = try tagSig(tag)
        case .catchRef(let tag, _): cond = "e_->tag == \(tag)u"; payload = try tagSig(tag); keep = true
        case .catchAll: break
        case .catchAllRef: keep = true
        }
        var exprs = payload.enumerated().map { Exn.load("p_[\($0.offset)]", $0.element) }
        if keep { exprs.append("x_") }
        var s = "if (\(cond)) { uint64_t p_[\(max(payload.count, 1))]; memcpy(p_, e_->v, \(payload.count * 8)u); "
        s += keep ? "uintptr_t x_ = wali_exn_ref(e_); " : "free(e_); "
        let target = frames[fi]
        if target.kind == .function {
            return s + returnCode(values: exprs) + " }"
        }
        for (k, t) in values.enumerated() { s += "\(name(target.base + k, t)) = \(exprs[k]); " }
        s += handlerRestore(leaving: fi)
        if target.kind == .loop {
            s += "goto T\(target.label);"
        } else {
            s += "goto B\(target.label);"
            frames[fi].branched = true
        }
        return s + " }"
    }

    func checkFrameEnd(_ f: Frame) throws(CompileError) {
        guard stack.count == f.base + f.results.count else {
            throw .invalid("function \(index): block ends with \(stack.count - f.base) values, expected \(f.results.count)")
        }
        for (k, t) in f.results.enumerated() where stack[f.base + k] != t {
            throw .invalid("function \(index): block result type mismatch")
        }
    }

    func checkTable(_ t: UInt32) throws(CompileError) {
        guard Int(t) < module.tables.count else { throw .invalid("function \(index): unknown table \(t)") }
    }

    func local(_ i: UInt32) throws(CompileError) -> VT {
        guard Int(i) < locals.count else { throw .invalid("function \(index): unknown local \(i)") }
        return locals[Int(i)]
    }

    /// A global's type and C access: `G_<T>(slot)` for a mutable (per-instance) global, the
    /// constant itself for an immutable one.
    func global(_ g: UInt32) throws(CompileError) -> (VT, String) {
        guard Int(g) < module.globals.count else { throw .invalid("function \(index): unknown global \(g)") }
        let t = try VT(module.globals[Int(g)].type.valueType)
        if module.globals[Int(g)].type.mutability == .variable {
            return (t, module.mutableGlobal(Int(g), t))
        }
        return (t, "K\(g)")
    }

    func offset(_ m: MemArg) throws(CompileError) -> String {
        guard m.offset <= UInt64(UInt32.max) else { throw .invalid("function \(index): memory offset out of range") }
        return "\(m.offset)u"
    }

    // MARK: Memory

    mutating func emitLoad(_ op: Instruction.Load, _ m: MemArg) throws(CompileError) {
        usesMemory = true
        let a = try pop(.i32)
        let o = try offset(m)
        let at = "MEM(\(a), \(o))"
        func atomic(_ bits: Int) -> String {
            "__atomic_load_n((uint\(bits)_t *)wali_atomic_ptr(inst, M, \(a), \(o), \(bits / 8)), __ATOMIC_SEQ_CST)"
        }
        let (t, expr): (VT, String)
        switch op {
        case .i32Load: (t, expr) = (.i32, "*(u32u *)\(at)")
        case .i64Load: (t, expr) = (.i64, "*(u64u *)\(at)")
        case .f32Load: (t, expr) = (.f32, "*(f32u *)\(at)")
        case .f64Load: (t, expr) = (.f64, "*(f64u *)\(at)")
        case .i32Load8S: (t, expr) = (.i32, "(uint32_t)(int32_t)*(int8_t *)\(at)")
        case .i32Load8U: (t, expr) = (.i32, "(uint32_t)*(uint8_t *)\(at)")
        case .i32Load16S: (t, expr) = (.i32, "(uint32_t)(int32_t)*(i16u *)\(at)")
        case .i32Load16U: (t, expr) = (.i32, "(uint32_t)*(u16u *)\(at)")
        case .i64Load8S: (t, expr) = (.i64, "(uint64_t)(int64_t)*(int8_t *)\(at)")
        case .i64Load8U: (t, expr) = (.i64, "(uint64_t)*(uint8_t *)\(at)")
        case .i64Load16S: (t, expr) = (.i64, "(uint64_t)(int64_t)*(i16u *)\(at)")
        case .i64Load16U: (t, expr) = (.i64, "(uint64_t)*(u16u *)\(at)")
        case .i64Load32S: (t, expr) = (.i64, "(uint64_t)(int64_t)*(i32u *)\(at)")
        case .i64Load32U: (t, expr) = (.i64, "(uint64_t)*(u32u *)\(at)")
        case .i32AtomicLoad: (t, expr) = (.i32, atomic(32))
        case .i64AtomicLoad: (t, expr) = (.i64, atomic(64))
        case .i32AtomicLoad8U: (t, expr) = (.i32, "(uint32_t)" + atomic(8))
        case .i32AtomicLoad16U: (t, expr) = (.i32, "(uint32_t)" + atomic(16))
        case .i64AtomicLoad8U: (t, expr) = (.i64, "(uint64_t)" + atomic(8))
        case .i64AtomicLoad16U: (t, expr) = (.i64, "(uint64_t)" + atomic(16))
        case .i64AtomicLoad32U: (t, expr) = (.i64, "(uint64_t)" + atomic(32))
        default: throw .invalid("function \(index): \(op) is not a scalar load")
        }
        // The load must happen (and trap) even if its value ends up unused.
        let v = push(t)
        line("\(v) = \(expr); WALI_FORCE_READ_\(t == .f32 || t == .f64 ? "FLOAT" : "INT")(\(v));")
    }

    mutating func emitStore(_ op: Instruction.Store, _ m: MemArg) throws(CompileError) {
        usesMemory = true
        let vt: VT
        switch op {
        case .i32Store, .i32Store8, .i32Store16, .i32AtomicStore, .i32AtomicStore8, .i32AtomicStore16: vt = .i32
        case .i64Store, .i64Store8, .i64Store16, .i64Store32, .i64AtomicStore, .i64AtomicStore8, .i64AtomicStore16, .i64AtomicStore32: vt = .i64
        case .f32Store: vt = .f32
        case .f64Store: vt = .f64
        default: throw .invalid("function \(index): \(op) is not a scalar store")
        }
        let v = try pop(vt)
        let a = try pop(.i32)
        let o = try offset(m)
        let at = "MEM(\(a), \(o))"
        func atomic(_ bits: Int) -> String {
            "__atomic_store_n((uint\(bits)_t *)wali_atomic_ptr(inst, M, \(a), \(o), \(bits / 8)), (uint\(bits)_t)\(v), __ATOMIC_SEQ_CST);"
        }
        switch op {
        case .i32Store: line("*(u32u *)\(at) = \(v);")
        case .i64Store: line("*(u64u *)\(at) = \(v);")
        case .f32Store: line("*(f32u *)\(at) = \(v);")
        case .f64Store: line("*(f64u *)\(at) = \(v);")
        case .i32Store8, .i64Store8: line("*(uint8_t *)\(at) = (uint8_t)\(v);")
        case .i32Store16, .i64Store16: line("*(u16u *)\(at) = (uint16_t)\(v);")
        case .i64Store32: line("*(u32u *)\(at) = (uint32_t)\(v);")
        case .i32AtomicStore, .i64AtomicStore32: line(atomic(32))
        case .i64AtomicStore: line(atomic(64))
        case .i32AtomicStore8, .i64AtomicStore8: line(atomic(8))
        case .i32AtomicStore16, .i64AtomicStore16: line(atomic(16))
        default: throw .invalid("function \(index): \(op) is not a scalar store")
        }
    }

    mutating func emitAtomicRMW(_ op: AtomicRMW) throws(CompileError) {
        usesMemory = true
        let bits = op.bits
        let ut = "uint\(bits)_t"
        if op.op == .cmpxchg {
            let r = try pop(op.type), e = try pop(op.type), a = try pop(.i32)
            let o = try offset(op.memarg)
            let x = "ex\(newLabel())"
            extraDecls.append("\(ut) \(x)")
            line("\(x) = (\(ut))\(e); __atomic_compare_exchange_n((\(ut) *)wali_atomic_ptr(inst, M, \(a), \(o), \(bits / 8)), &\(x), (\(ut))\(r), 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);")
            line("\(push(op.type)) = (\(op.type.c))\(x);")
            return
        }
        let v = try pop(op.type), a = try pop(.i32)
        let o = try offset(op.memarg)
        let fn: String
        switch op.op {
        case .add: fn = "__atomic_fetch_add"
        case .sub: fn = "__atomic_fetch_sub"
        case .and: fn = "__atomic_fetch_and"
        case .or: fn = "__atomic_fetch_or"
        case .xor: fn = "__atomic_fetch_xor"
        case .xchg: fn = "__atomic_exchange_n"
        case .cmpxchg: fn = ""
        }
        line("\(push(op.type)) = (\(op.type.c))\(fn)((\(ut) *)wali_atomic_ptr(inst, M, \(a), \(o), \(bits / 8)), (\(ut))\(v), __ATOMIC_SEQ_CST);")
    }

    // MARK: Numeric

    mutating func binary(_ t: VT, _ result: VT, _ f: (String, String) -> String) throws(CompileError) {
        let b = try pop(t), a = try pop(t)
        let r = push(result)
        line("\(r) = \(f(a, b));")
    }

    mutating func unary(_ t: VT, _ result: VT, _ f: (String) -> String) throws(CompileError) {
        let a = try pop(t)
        let r = push(result)
        line("\(r) = \(f(a));")
    }

    mutating func emitCmp(_ op: Instruction.Cmp) throws(CompileError) {
        func u(_ t: VT, _ o: String) throws(CompileError) { try binary(t, .i32) { "(\($0) \(o) \($1))" } }
        func s32(_ o: String) throws(CompileError) { try binary(.i32, .i32) { "((int32_t)\($0) \(o) (int32_t)\($1))" } }
        func s64(_ o: String) throws(CompileError) { try binary(.i64, .i32) { "((int64_t)\($0) \(o) (int64_t)\($1))" } }
        switch op {
        case .i32Eq: try u(.i32, "==")
        case .i32Ne: try u(.i32, "!=")
        case .i32LtS: try s32("<")
        case .i32LtU: try u(.i32, "<")
        case .i32GtS: try s32(">")
        case .i32GtU: try u(.i32, ">")
        case .i32LeS: try s32("<=")
        case .i32LeU: try u(.i32, "<=")
        case .i32GeS: try s32(">=")
        case .i32GeU: try u(.i32, ">=")
        case .i64Eq: try u(.i64, "==")
        case .i64Ne: try u(.i64, "!=")
        case .i64LtS: try s64("<")
        case .i64LtU: try u(.i64, "<")
        case .i64GtS: try s64(">")
        case .i64GtU: try u(.i64, ">")
        case .i64LeS: try s64("<=")
        case .i64LeU: try u(.i64, "<=")
        case .i64GeS: try s64(">=")
        case .i64GeU: try u(.i64, ">=")
        case .f32Eq: try u(.f32, "==")
        case .f32Ne: try u(.f32, "!=")
        case .f32Lt: try u(.f32, "<")
        case .f32Gt: try u(.f32, ">")
        case .f32Le: try u(.f32, "<=")
        case .f32Ge: try u(.f32, ">=")
        case .f64Eq: try u(.f64, "==")
        case .f64Ne: try u(.f64, "!=")
        case .f64Lt: try u(.f64, "<")
        case .f64Gt: try u(.f64, ">")
        case .f64Le: try u(.f64, "<=")
        case .f64Ge: try u(.f64, ">=")
        }
    }

    mutating func emitUnary(_ op: Instruction.Unary) throws(CompileError) {
        switch op {
        case .i32Clz: try unary(.i32, .i32) { "(\($0) ? (uint32_t)__builtin_clz(\($0)) : 32u)" }
        case .i32Ctz: try unary(.i32, .i32) { "(\($0) ? (uint32_t)__builtin_ctz(\($0)) : 32u)" }
        case .i32Popcnt: try unary(.i32, .i32) { "(uint32_t)__builtin_popcount(\($0))" }
        case .i64Clz: try unary(.i64, .i64) { "(\($0) ? (uint64_t)__builtin_clzll(\($0)) : 64u)" }
        case .i64Ctz: try unary(.i64, .i64) { "(\($0) ? (uint64_t)__builtin_ctzll(\($0)) : 64u)" }
        case .i64Popcnt: try unary(.i64, .i64) { "(uint64_t)__builtin_popcountll(\($0))" }
        case .f32Abs: try unary(.f32, .f32) { "__builtin_fabsf(\($0))" }
        case .f32Neg: try unary(.f32, .f32) { "(-\($0))" }
        case .f32Ceil: try unary(.f32, .f32) { "__builtin_ceilf(\($0))" }
        case .f32Floor: try unary(.f32, .f32) { "__builtin_floorf(\($0))" }
        case .f32Trunc: try unary(.f32, .f32) { "__builtin_truncf(\($0))" }
        case .f32Nearest: try unary(.f32, .f32) { "__builtin_rintf(\($0))" }
        case .f32Sqrt: try unary(.f32, .f32) { "__builtin_sqrtf(\($0))" }
        case .f64Abs: try unary(.f64, .f64) { "__builtin_fabs(\($0))" }
        case .f64Neg: try unary(.f64, .f64) { "(-\($0))" }
        case .f64Ceil: try unary(.f64, .f64) { "__builtin_ceil(\($0))" }
        case .f64Floor: try unary(.f64, .f64) { "__builtin_floor(\($0))" }
        case .f64Trunc: try unary(.f64, .f64) { "__builtin_trunc(\($0))" }
        case .f64Nearest: try unary(.f64, .f64) { "__builtin_rint(\($0))" }
        case .f64Sqrt: try unary(.f64, .f64) { "__builtin_sqrt(\($0))" }
        case .i32Extend8S: try unary(.i32, .i32) { "(uint32_t)(int32_t)(int8_t)\($0)" }
        case .i32Extend16S: try unary(.i32, .i32) { "(uint32_t)(int32_t)(int16_t)\($0)" }
        case .i64Extend8S: try unary(.i64, .i64) { "(uint64_t)(int64_t)(int8_t)\($0)" }
        case .i64Extend16S: try unary(.i64, .i64) { "(uint64_t)(int64_t)(int16_t)\($0)" }
        case .i64Extend32S: try unary(.i64, .i64) { "(uint64_t)(int64_t)(int32_t)\($0)" }
        }
    }

    mutating func emitBinary(_ op: Instruction.Binary) throws(CompileError) {
        func o(_ t: VT, _ s: String) throws(CompileError) { try binary(t, t) { "(\($0) \(s) \($1))" } }
        func call(_ t: VT, _ fn: String, inst: Bool = false) throws(CompileError) {
            try binary(t, t) { "\(fn)(\(inst ? "inst, " : "")\($0), \($1))" }
        }
        switch op {
        case .i32Add: try o(.i32, "+")
        case .i32Sub: try o(.i32, "-")
        case .i32Mul: try o(.i32, "*")
        case .i32DivS: try call(.i32, "wali_div_s32", inst: true)
        case .i32DivU: try call(.i32, "wali_div_u32", inst: true)
        case .i32RemS: try call(.i32, "wali_rem_s32", inst: true)
        case .i32RemU: try call(.i32, "wali_rem_u32", inst: true)
        case .i32And: try o(.i32, "&")
        case .i32Or: try o(.i32, "|")
        case .i32Xor: try o(.i32, "^")
        case .i32Shl: try binary(.i32, .i32) { "(\($0) << (\($1) & 31))" }
        case .i32ShrS: try binary(.i32, .i32) { "(uint32_t)((int32_t)\($0) >> (\($1) & 31))" }
        case .i32ShrU: try binary(.i32, .i32) { "(\($0) >> (\($1) & 31))" }
        case .i32Rotl: try binary(.i32, .i32) { "__builtin_rotateleft32(\($0), \($1) & 31)" }
        case .i32Rotr: try binary(.i32, .i32) { "__builtin_rotateright32(\($0), \($1) & 31)" }
        case .i64Add: try o(.i64, "+")
        case .i64Sub: try o(.i64, "-")
        case .i64Mul: try o(.i64, "*")
        case .i64DivS: try call(.i64, "wali_div_s64", inst: true)
        case .i64DivU: try call(.i64, "wali_div_u64", inst: true)
        case .i64RemS: try call(.i64, "wali_rem_s64", inst: true)
        case .i64RemU: try call(.i64, "wali_rem_u64", inst: true)
        case .i64And: try o(.i64, "&")
        case .i64Or: try o(.i64, "|")
        case .i64Xor: try o(.i64, "^")
        case .i64Shl: try binary(.i64, .i64) { "(\($0) << (\($1) & 63))" }
        case .i64ShrS: try binary(.i64, .i64) { "(uint64_t)((int64_t)\($0) >> (\($1) & 63))" }
        case .i64ShrU: try binary(.i64, .i64) { "(\($0) >> (\($1) & 63))" }
        case .i64Rotl: try binary(.i64, .i64) { "__builtin_rotateleft64(\($0), \($1) & 63)" }
        case .i64Rotr: try binary(.i64, .i64) { "__builtin_rotateright64(\($0), \($1) & 63)" }
        case .f32Add: try o(.f32, "+")
        case .f32Sub: try o(.f32, "-")
        case .f32Mul: try o(.f32, "*")
        case .f32Div: try o(.f32, "/")
        case .f32Min: try call(.f32, "wali_fminf")
        case .f32Max: try call(.f32, "wali_fmaxf")
        case .f32Copysign: try call(.f32, "__builtin_copysignf")
        case .f64Add: try o(.f64, "+")
        case .f64Sub: try o(.f64, "-")
        case .f64Mul: try o(.f64, "*")
        case .f64Div: try o(.f64, "/")
        case .f64Min: try call(.f64, "wali_fmin")
        case .f64Max: try call(.f64, "wali_fmax")
        case .f64Copysign: try call(.f64, "__builtin_copysign")
        }
    }

    mutating func emitConversion(_ op: Instruction.Conversion) throws(CompileError) {
        func cv(_ from: VT, _ to: VT, _ f: @escaping (String) -> String) throws(CompileError) { try unary(from, to, f) }
        func helper(_ from: VT, _ to: VT, _ name: String) throws(CompileError) { try unary(from, to) { "\(name)(inst, \($0))" } }
        switch op {
        case .i32WrapI64: try cv(.i64, .i32) { "(uint32_t)\($0)" }
        case .i32TruncF32S: try helper(.f32, .i32, "wali_i32_trunc_s_f32")
        case .i32TruncF32U: try helper(.f32, .i32, "wali_i32_trunc_u_f32")
        case .i32TruncF64S: try helper(.f64, .i32, "wali_i32_trunc_s_f64")
        case .i32TruncF64U: try helper(.f64, .i32, "wali_i32_trunc_u_f64")
        case .i64ExtendI32S: try cv(.i32, .i64) { "(uint64_t)(int64_t)(int32_t)\($0)" }
        case .i64ExtendI32U: try cv(.i32, .i64) { "(uint64_t)\($0)" }
        case .i64TruncF32S: try helper(.f32, .i64, "wali_i64_trunc_s_f32")
        case .i64TruncF32U: try helper(.f32, .i64, "wali_i64_trunc_u_f32")
        case .i64TruncF64S: try helper(.f64, .i64, "wali_i64_trunc_s_f64")
        case .i64TruncF64U: try helper(.f64, .i64, "wali_i64_trunc_u_f64")
        case .f32ConvertI32S: try cv(.i32, .f32) { "(float)(int32_t)\($0)" }
        case .f32ConvertI32U: try cv(.i32, .f32) { "(float)\($0)" }
        case .f32ConvertI64S: try cv(.i64, .f32) { "(float)(int64_t)\($0)" }
        case .f32ConvertI64U: try cv(.i64, .f32) { "(float)\($0)" }
        case .f32DemoteF64: try cv(.f64, .f32) { "(float)\($0)" }
        case .f64ConvertI32S: try cv(.i32, .f64) { "(double)(int32_t)\($0)" }
        case .f64ConvertI32U: try cv(.i32, .f64) { "(double)\($0)" }
        case .f64ConvertI64S: try cv(.i64, .f64) { "(double)(int64_t)\($0)" }
        case .f64ConvertI64U: try cv(.i64, .f64) { "(double)\($0)" }
        case .f64PromoteF32: try cv(.f32, .f64) { "(double)\($0)" }
        case .i32ReinterpretF32: try cv(.f32, .i32) { "wali_bits_f32(\($0))" }
        case .i64ReinterpretF64: try cv(.f64, .i64) { "wali_bits_f64(\($0))" }
        case .f32ReinterpretI32: try cv(.i32, .f32) { "wali_f32(\($0))" }
        case .f64ReinterpretI64: try cv(.i64, .f64) { "wali_f64(\($0))" }
        case .i32TruncSatF32S: try cv(.f32, .i32) { "wali_i32_sat_s_f32(\($0))" }
        case .i32TruncSatF32U: try cv(.f32, .i32) { "wali_i32_sat_u_f32(\($0))" }
        case .i32TruncSatF64S: try cv(.f64, .i32) { "wali_i32_sat_s_f64(\($0))" }
        case .i32TruncSatF64U: try cv(.f64, .i32) { "wali_i32_sat_u_f64(\($0))" }
        case .i64TruncSatF32S: try cv(.f32, .i64) { "wali_i64_sat_s_f32(\($0))" }
        case .i64TruncSatF32U: try cv(.f32, .i64) { "wali_i64_sat_u_f32(\($0))" }
        case .i64TruncSatF64S: try cv(.f64, .i64) { "wali_i64_sat_s_f64(\($0))" }
        case .i64TruncSatF64U: try cv(.f64, .i64) { "wali_i64_sat_u_f64(\($0))" }
        }
    }
}

/// An atomic read-modify-write instruction, decomposed.
struct AtomicRMW {
    enum Op { case add, sub, and, or, xor, xchg, cmpxchg }
    let op: Op
    let bits: Int
    let type: VT
    let memarg: MemArg

    init?(_ ins: Instruction) {
        switch ins {
        case .i32AtomicRmwAdd(let m): (op, bits, type, memarg) = (.add, 32, .i32, m)
        case .i64AtomicRmwAdd(let m): (op, bits, type, memarg) = (.add, 64, .i64, m)
        case .i32AtomicRmw8AddU(let m): (op, bits, type, memarg) = (.add, 8, .i32, m)
        case .i32AtomicRmw16AddU(let m): (op, bits, type, memarg) = (.add, 16, .i32, m)
        case .i64AtomicRmw8AddU(let m): (op, bits, type, memarg) = (.add, 8, .i64, m)
        case .i64AtomicRmw16AddU(let m): (op, bits, type, memarg) = (.add, 16, .i64, m)
        case .i64AtomicRmw32AddU(let m): (op, bits, type, memarg) = (.add, 32, .i64, m)
        case .i32AtomicRmwSub(let m): (op, bits, type, memarg) = (.sub, 32, .i32, m)
        case .i64AtomicRmwSub(let m): (op, bits, type, memarg) = (.sub, 64, .i64, m)
        case .i32AtomicRmw8SubU(let m): (op, bits, type, memarg) = (.sub, 8, .i32, m)
        case .i32AtomicRmw16SubU(let m): (op, bits, type, memarg) = (.sub, 16, .i32, m)
        case .i64AtomicRmw8SubU(let m): (op, bits, type, memarg) = (.sub, 8, .i64, m)
        case .i64AtomicRmw16SubU(let m): (op, bits, type, memarg) = (.sub, 16, .i64, m)
        case .i64AtomicRmw32SubU(let m): (op, bits, type, memarg) = (.sub, 32, .i64, m)
        case .i32AtomicRmwAnd(let m): (op, bits, type, memarg) = (.and, 32, .i32, m)
        case .i64AtomicRmwAnd(let m): (op, bits, type, memarg) = (.and, 64, .i64, m)
        case .i32AtomicRmw8AndU(let m): (op, bits, type, memarg) = (.and, 8, .i32, m)
        case .i32AtomicRmw16AndU(let m): (op, bits, type, memarg) = (.and, 16, .i32, m)
        case .i64AtomicRmw8AndU(let m): (op, bits, type, memarg) = (.and, 8, .i64, m)
        case .i64AtomicRmw16AndU(let m): (op, bits, type, memarg) = (.and, 16, .i64, m)
        case .i64AtomicRmw32AndU(let m): (op, bits, type, memarg) = (.and, 32, .i64, m)
        case .i32AtomicRmwOr(let m): (op, bits, type, memarg) = (.or, 32, .i32, m)
        case .i64AtomicRmwOr(let m): (op, bits, type, memarg) = (.or, 64, .i64, m)
        case .i32AtomicRmw8OrU(let m): (op, bits, type, memarg) = (.or, 8, .i32, m)
        case .i32AtomicRmw16OrU(let m): (op, bits, type, memarg) = (.or, 16, .i32, m)
        case .i64AtomicRmw8OrU(let m): (op, bits, type, memarg) = (.or, 8, .i64, m)
        case .i64AtomicRmw16OrU(let m): (op, bits, type, memarg) = (.or, 16, .i64, m)
        case .i64AtomicRmw32OrU(let m): (op, bits, type, memarg) = (.or, 32, .i64, m)
        case .i32AtomicRmwXor(let m): (op, bits, type, memarg) = (.xor, 32, .i32, m)
        case .i64AtomicRmwXor(let m): (op, bits, type, memarg) = (.xor, 64, .i64, m)
        case .i32AtomicRmw8XorU(let m): (op, bits, type, memarg) = (.xor, 8, .i32, m)
        case .i32AtomicRmw16XorU(let m): (op, bits, type, memarg) = (.xor, 16, .i32, m)
        case .i64AtomicRmw8XorU(let m): (op, bits, type, memarg) = (.xor, 8, .i64, m)
        case .i64AtomicRmw16XorU(let m): (op, bits, type, memarg) = (.xor, 16, .i64, m)
        case .i64AtomicRmw32XorU(let m): (op, bits, type, memarg) = (.xor, 32, .i64, m)
        case .i32AtomicRmwXchg(let m): (op, bits, type, memarg) = (.xchg, 32, .i32, m)
        case .i64AtomicRmwXchg(let m): (op, bits, type, memarg) = (.xchg, 64, .i64, m)
        case .i32AtomicRmw8XchgU(let m): (op, bits, type, memarg) = (.xchg, 8, .i32, m)
        case .i32AtomicRmw16XchgU(let m): (op, bits, type, memarg) = (.xchg, 16, .i32, m)
        case .i64AtomicRmw8XchgU(let m): (op, bits, type, memarg) = (.xchg, 8, .i64, m)
        case .i64AtomicRmw16XchgU(let m): (op, bits, type, memarg) = (.xchg, 16, .i64, m)
        case .i64AtomicRmw32XchgU(let m): (op, bits, type, memarg) = (.xchg, 32, .i64, m)
        case .i32AtomicRmwCmpxchg(let m): (op, bits, type, memarg) = (.cmpxchg, 32, .i32, m)
        case .i64AtomicRmwCmpxchg(let m): (op, bits, type, memarg) = (.cmpxchg, 64, .i64, m)
        case .i32AtomicRmw8CmpxchgU(let m): (op, bits, type, memarg) = (.cmpxchg, 8, .i32, m)
        case .i32AtomicRmw16CmpxchgU(let m): (op, bits, type, memarg) = (.cmpxchg, 16, .i32, m)
        case .i64AtomicRmw8CmpxchgU(let m): (op, bits, type, memarg) = (.cmpxchg, 8, .i64, m)
        case .i64AtomicRmw16CmpxchgU(let m): (op, bits, type, memarg) = (.cmpxchg, 16, .i64, m)
        case .i64AtomicRmw32CmpxchgU(let m): (op, bits, type, memarg) = (.cmpxchg, 32, .i64, m)
        default: return nil
        }
    }
}

/// How exception payload values are kept: each in a u64 of the exception object.
enum Exn {
    static func store(_ v: String, _ t: VT) -> String {
        switch t {
        case .i32, .i64, .ref: return "(uint64_t)\(v)"
        case .f32: return "(uint64_t)wali_bits_f32(\(v))"
        case .f64: return "wali_bits_f64(\(v))"
        case .v128: preconditionFailure("v128 exception payloads are refused by WasmModule")
        }
    }

    static func load(_ v: String, _ t: VT) -> String {
        switch t {
        case .i32: return "(uint32_t)\(v)"
        case .i64: return v
        case .ref: return "(uintptr_t)\(v)"
        case .f32: return "wali_f32((uint32_t)\(v))"
        case .f64: return "wali_f64(\(v))"
        case .v128: preconditionFailure("v128 exception payloads are refused by WasmModule")
        }
    }
}

/// C spellings shared by the translators.
enum Names {
    static func u32(_ v: UInt32) -> String { "0x" + String(v, radix: 16) + "u" }
    static func u64(_ v: UInt64) -> String { "0x" + String(v, radix: 16) + "ull" }
    static func i32(_ v: Int32) -> String { u32(UInt32(bitPattern: v)) }
    static func i64(_ v: Int64) -> String { u64(UInt64(bitPattern: v)) }
    static func returnType(_ tid: Int) -> String { "RT\(tid)" }
}
