import WasmParser

/// Signal safe points in compute-bound code, for the interpreter.
///
/// The interpreter reaches a safe point when a `wali` call returns; a loop without calls would
/// never get there, so a guest busy-waiting for a signal (`while (!got) n++;`) would spin
/// forever. `instrument` rewrites a module so that every loop header, and every tail call (a
/// cycle of `return_call`s is a loop too), tests a flag the engine sets when a signal arrives for
/// the thread, and calls the engine only when it is set:
///
///     global.get $signal_flag  if  call $safe_point  end
///
/// The flag is a mutable i32 global appended to the module's own (so no global index moves) and
/// exported as `__wali_signal_flag`; the host's signal handler sets it with a plain store (a
/// global is the cheapest thing WasmKit can test: a memory other than memory 0 costs a switch of
/// memories around every access). `wali_host.safe_point` is appended to the function imports,
/// which shifts every defined function's index by one: calls, tail calls, `ref.func`, exports,
/// the start function and element segments are renumbered, and the `name` section (now stale)
/// is dropped.
///
/// The rewrite takes the bytes `ModuleImage.rewritten()` produces (memory imported, one memory)
/// and returns nil for a module outside the shape it understands; such a module runs as it is,
/// its signals waiting for the next `wali` call.
public enum SafePoints {
    public static let module = ModuleImage.hostModule
    public static let pollName = "safe_point"
    public static let flagExport = "__wali_signal_flag"

    public static func instrument(_ bytes: [UInt8]) -> [UInt8]? {
        guard let facts = ModuleFacts(bytes) else { return nil }
        var rewriter = Rewriter(bytes: bytes, facts: facts)
        return try? rewriter.run()
    }

    /// What the rewrite needs to know before it starts: type and function-import counts and each
    /// function body's instructions of interest, from WasmKit's parser.
    struct ModuleFacts {
        var typeCount = 0
        var importedFunctions = 0
        var memoryImports = 0
        var globalCount = 0
        var bodies: [Body] = []

        struct Body {
            /// Where the instructions start (after the locals).
            var start = -1
            /// Offsets where the poll goes: after each `loop`'s block type, before each tail call.
            var polls: [Int] = []
            /// Offsets of `call`, `return_call` and `ref.func`, whose function index is renumbered.
            var functionRefs: [Int] = []
        }

        init?(_ bytes: [UInt8]) {
            var parser = Parser(bytes: bytes, features: .all)
            do {
                while let payload = try parser.parseNext() {
                    switch payload {
                    case .typeSection(let groups):
                        typeCount = groups.reduce(0) { $0 + $1.types.count }
                    case .importSection(let imports):
                        for imp in imports {
                            switch imp.descriptor {
                            case .function: importedFunctions += 1
                            case .memory: memoryImports += 1
                            case .global: globalCount += 1
                            default: break
                            }
                        }
                    case .globalSection(let globals):
                        globalCount += globals.count
                    case .codeSection(let codes):
                        for code in codes { bodies.append(try ModuleFacts.scan(code)) }
                    default: break
                    }
                }
            } catch {
                return nil
            }
            // The guest's memory, imported by ModuleImage, must be the only one.
            guard memoryImports == 1 else { return nil }
        }

        static func scan(_ code: Code) throws -> Body {
            struct Finder: AnyInstructionVisitor {
                typealias VisitorError = Never
                var binaryOffset = 0
                var body = Body()
                var afterLoop = false
                mutating func visit(_ instruction: Instruction) {
                    if body.start < 0 { body.start = binaryOffset }
                    if afterLoop { body.polls.append(binaryOffset) }
                    afterLoop = false
                    switch instruction {
                    case .loop: afterLoop = true
                    case .call, .refFunc: body.functionRefs.append(binaryOffset)
                    case .returnCall:
                        body.polls.append(binaryOffset)
                        body.functionRefs.append(binaryOffset)
                    case .returnCallIndirect, .returnCallRef: body.polls.append(binaryOffset)
                    default: break
                    }
                }
            }
            var parser = ExpressionParser(code: code)
            var finder = Finder()
            while let visit = try parser.parse() { visit(visitor: &finder) }
            return finder.body
        }
    }

    struct Malformed: Error {}

    struct Rewriter {
        let bytes: [UInt8]
        let facts: ModuleFacts
        var out: [UInt8] = []

        init(bytes: [UInt8], facts: ModuleFacts) {
            self.bytes = bytes
            self.facts = facts
        }

        /// The poll's function index (after every other function import) and type index (a new
        /// `[] -> []` type after the others).
        var pollFunction: UInt64 { UInt64(facts.importedFunctions) }
        var pollType: UInt64 { UInt64(facts.typeCount) }
        /// The flag: a global after all the others.
        var flagGlobal: UInt64 { UInt64(facts.globalCount) }
        static let flagDefinition: [UInt8] = [0x7f, 0x01, 0x41, 0x00, 0x0b] // mut i32 = 0

        func renumber(_ function: UInt64) -> UInt64 {
            function >= UInt64(facts.importedFunctions) ? function + 1 : function
        }

        mutating func run() throws -> [UInt8] {
            out = Array(bytes[0..<8])
            var r = Reader(bytes: bytes, offset: 8)
            var wroteTypes = false, wroteGlobals = false, wroteExports = false
            while !r.atEnd {
                let start = r.offset
                guard let id = r.byte(), let size = r.uleb() else { throw Malformed() }
                let contentStart = r.offset
                let end = contentStart + Int(size)
                guard end <= bytes.count else { throw Malformed() }
                r.offset = end
                if id != 0 && id != 1 && !wroteTypes {
                    // No type section: the poll's type gets one, first.
                    guard facts.typeCount == 0 else { throw Malformed() }
                    section(1, uleb(1) + [0x60, 0x00, 0x00])
                    wroteTypes = true
                }
                // Sections that come after the global section: the flag needs one before them.
                if [7, 8, 9, 10, 11, 12].contains(id) && !wroteGlobals {
                    section(6, uleb(1) + Rewriter.flagDefinition)
                    wroteGlobals = true
                }
                var c = Reader(bytes: bytes, offset: contentStart, end: end)
                switch id {
                case 0:
                    if isNameSection(&c) { continue }
                    out += bytes[start..<end]
                case 1:
                    guard let count = c.uleb() else { throw Malformed() }
                    section(1, uleb(count + 1) + bytes[c.offset..<end] + [0x60, 0x00, 0x00])
                    wroteTypes = true
                case 2:
                    guard let count = c.uleb() else { throw Malformed() }
                    var content = uleb(count + 1) + bytes[c.offset..<end]
                    content += encodeName(SafePoints.module) + encodeName(SafePoints.pollName) + [0x00] + uleb(pollType)
                    section(2, content)
                case 6:
                    section(6, try globals(&c) + Rewriter.flagDefinition)
                    wroteGlobals = true
                case 7:
                    section(7, try exports(&c))
                    wroteExports = true
                case 8:
                    guard let f = c.uleb() else { throw Malformed() }
                    section(8, uleb(renumber(f)))
                case 9: section(9, try elements(&c))
                case 10: section(10, try code(&c))
                default: out += bytes[start..<end]
                }
            }
            // WALI modules export _start, so there is an export section to carry the flag.
            guard wroteExports else { throw Malformed() }
            return out
        }

        mutating func section(_ id: UInt8, _ content: [UInt8]) {
            out.append(id)
            out += uleb(UInt64(content.count))
            out += content
        }

        func isNameSection(_ c: inout Reader) -> Bool { c.name() == "name" }

        /// The exports, renumbered, and the flag's.
        func exports(_ c: inout Reader) throws -> [UInt8] {
            guard let count = c.uleb() else { throw Malformed() }
            var content = uleb(count + 1)
            for _ in 0..<count {
                let nameStart = c.offset
                guard c.name() != nil else { throw Malformed() }
                content += bytes[nameStart..<c.offset]
                guard let kind = c.byte(), let index = c.uleb() else { throw Malformed() }
                content.append(kind)
                content += uleb(kind == 0 ? renumber(index) : index)
            }
            return content + encodeName(SafePoints.flagExport) + [0x03] + uleb(flagGlobal)
        }

        /// The globals as they were, counting the flag appended after them.
        func globals(_ c: inout Reader) throws -> [UInt8] {
            guard let count = c.uleb() else { throw Malformed() }
            var content = uleb(count + 1)
            for _ in 0..<count {
                let typeStart = c.offset
                try skipValueType(&c)
                guard c.byte() != nil else { throw Malformed() } // mutability
                content += bytes[typeStart..<c.offset]
                content += try constantExpression(&c)
            }
            return content
        }

        /// Element segments, in each of the eight encodings (flags 0...7).
        func elements(_ c: inout Reader) throws -> [UInt8] {
            guard let count = c.uleb() else { throw Malformed() }
            var content = uleb(count)
            for _ in 0..<count {
                guard let flags = c.uleb(), flags <= 7 else { throw Malformed() }
                content += uleb(flags)
                let passiveOrDeclared = flags & 1 != 0
                let explicitTable = flags & 2 != 0
                let expressions = flags & 4 != 0
                if !passiveOrDeclared {
                    if explicitTable {
                        guard let table = c.uleb() else { throw Malformed() }
                        content += uleb(table)
                    }
                    content += try constantExpression(&c)
                }
                if passiveOrDeclared || explicitTable {
                    // elemkind (a byte) or reftype
                    let typeStart = c.offset
                    if expressions { try skipValueType(&c) } else { guard c.byte() != nil else { throw Malformed() } }
                    content += bytes[typeStart..<c.offset]
                }
                guard let n = c.uleb() else { throw Malformed() }
                content += uleb(n)
                for _ in 0..<n {
                    if expressions {
                        content += try constantExpression(&c)
                    } else {
                        guard let f = c.uleb() else { throw Malformed() }
                        content += uleb(renumber(f))
                    }
                }
            }
            return content
        }

        /// A constant expression with its `ref.func` renumbered. Only the instructions constant
        /// expressions may hold (MVP, reference types, extended-const, v128.const) are understood.
        func constantExpression(_ c: inout Reader) throws -> [UInt8] {
            var content: [UInt8] = []
            while true {
                let start = c.offset
                guard let op = c.byte() else { throw Malformed() }
                switch op {
                case 0x0b:
                    content.append(op)
                    return content
                case 0x41, 0x42: try skipLEB(&c)                       // i32.const, i64.const
                case 0x43: guard c.skip(4) else { throw Malformed() }  // f32.const
                case 0x44: guard c.skip(8) else { throw Malformed() }  // f64.const
                case 0x23: guard c.uleb() != nil else { throw Malformed() } // global.get
                case 0xd0: try skipLEB(&c)                             // ref.null heaptype
                case 0xd2:                                             // ref.func
                    guard let f = c.uleb() else { throw Malformed() }
                    content.append(op)
                    content += uleb(renumber(f))
                    continue
                case 0x6a, 0x6b, 0x6c, 0x7c, 0x7d, 0x7e: break         // extended-const arithmetic
                case 0xfd:                                             // v128.const
                    guard c.uleb() == 12, c.skip(16) else { throw Malformed() }
                default: throw Malformed()
                }
                content += bytes[start..<c.offset]
            }
        }

        func skipLEB(_ c: inout Reader) throws {
            while true {
                guard let b = c.byte() else { throw Malformed() }
                if b & 0x80 == 0 { return }
            }
        }

        /// A value or reference type: one byte, or a (ref null? heaptype) pair.
        func skipValueType(_ c: inout Reader) throws {
            guard let t = c.byte() else { throw Malformed() }
            if t == 0x63 || t == 0x64 { try skipLEB(&c) }
        }

        /// Function bodies: the locals as they were, then the instructions with polls inserted
        /// and function indices renumbered.
        func code(_ c: inout Reader) throws -> [UInt8] {
            guard let count = c.uleb(), count == UInt64(facts.bodies.count) else { throw Malformed() }
            let poll: [UInt8] = [0x23] + uleb(flagGlobal) + [0x04, 0x40, 0x10] + uleb(pollFunction) + [0x0b]
            var content = uleb(count)
            for body in facts.bodies {
                guard let size = c.uleb() else { throw Malformed() }
                let bodyStart = c.offset, bodyEnd = bodyStart + Int(size)
                guard body.start >= bodyStart, body.start <= bodyEnd, bodyEnd <= c.end else { throw Malformed() }
                var text = Array(bytes[bodyStart..<body.start])
                var copied = body.start
                var polls = body.polls[...], refs = body.functionRefs[...]
                while true {
                    let nextPoll = polls.first ?? Int.max, nextRef = refs.first ?? Int.max
                    let next = min(nextPoll, nextRef)
                    if next == Int.max { break }
                    guard next >= copied, next < bodyEnd else { throw Malformed() }
                    text += bytes[copied..<next]
                    copied = next
                    if next == nextPoll {
                        text += poll
                        polls.removeFirst()
                    } else {
                        var r = Reader(bytes: bytes, offset: next + 1, end: bodyEnd)
                        guard let f = r.uleb() else { throw Malformed() }
                        text.append(bytes[next])
                        text += uleb(renumber(f))
                        copied = r.offset
                        refs.removeFirst()
                    }
                }
                text += bytes[copied..<bodyEnd]
                content += uleb(UInt64(text.count)) + text
                c.offset = bodyEnd
            }
            return content
        }
    }
}

extension Reader {
    mutating func skip(_ n: Int) -> Bool {
        guard n <= end - offset else { return false }
        offset += n
        return true
    }
}
