#if canImport(Glibc)
import Glibc
#endif
import WALILinux
import WasmParser
import WasmTypes

/// Errors that stop a module from loading, each with a one-line message for the user.
public enum LoadError: Error, CustomStringConvertible {
    case cannotRead(path: String, reason: String)
    case notWasm(path: String)
    case malformed(path: String, reason: String)
    case notWALI(path: String, reason: String)
    case foreignImport(path: String, module: String, name: String)
    /// The module needs more than the sandbox policy gives (its initial memory, ...).
    case policy(path: String, reason: String)
    /// A `wali` import declared with a Wasm type the ABI does not allow (ImportTypeCheck).
    case importType(path: String, reason: String)

    public var description: String {
        switch self {
        case .cannotRead(let p, let r): return "cannot open '\(p)': \(r)"
        case .notWasm(let p): return "'\(p)' is not a WebAssembly module (no \\0asm header)"
        case .malformed(let p, let r): return "'\(p)' is a malformed WebAssembly module: \(r)"
        case .notWALI(let p, let r): return "'\(p)' is not a WALI module: \(r)"
        case .foreignImport(let p, let m, let n):
            return "'\(p)' imports '\(m).\(n)'; a WALI module imports only from module 'wali', a WASI one only from '\(WASI.moduleName)'"
        case .policy(let p, let r): return "'\(p)' cannot run under the sandbox policy: \(r)"
        case .importType(let p, let r): return "\(p): \(r)"
        }
    }

    /// What is wrong, without the path (for messages that name the module themselves).
    public var reason: String {
        switch self {
        case .cannotRead(_, let r): return r
        case .notWasm: return "not a WebAssembly module (no \\0asm header)"
        case .malformed(_, let r): return "malformed: \(r)"
        case .notWALI(_, let r): return "not a WALI module: \(r)"
        case .foreignImport(_, let m, let n): return "it imports '\(m).\(n)'; a WALI module imports only from module 'wali', a WASI one only from '\(WASI.moduleName)'"
        case .policy(_, let r): return "cannot run under the sandbox policy: \(r)"
        case .importType(_, let r): return r
        }
    }

    /// Exit status for the CLI, following the shell's convention (127 not found, 126 cannot execute).
    public var exitStatus: Int32 {
        if case .cannotRead(_, let r) = self, r.contains("No such file") { return 127 }
        return 126
    }
}

/// A WALI module as both tiers load it: the raw bytes, checked to be a WebAssembly module of
/// WALI's shape (imports only functions from `wali`, defines one 32-bit memory, exports
/// `_start`), the section-level facts the engines need, and the rewrite the interpreter runs:
/// the memory imported instead (so every thread's instance shares one memory), table 0
/// exported (so the host can call guest function pointers) and the start function exported
/// instead of run by instantiation (so every function is validated before any guest code runs).

extension ModuleImage {
    /// The linear memory's limits under `policy`: the maximum bounded by `--max-memory`; a
    /// module whose initial memory is already larger cannot start.
    public func memoryLimits(policy: SandboxPolicy?) throws -> Limits {
        var limits = importedMemory
        let pageSize = UInt64(GuestMemory.wasmPageSize)
        let declared = Int(limits.max!) * GuestMemory.wasmPageSize
        let allowed = UInt64(PolicyGuard.linearMemoryLimit(policy, declaredMaxBytes: declared)) / pageSize
        if limits.min > allowed {
            throw LoadError.policy(path: path, reason: "its initial memory (\(limits.min * pageSize) bytes) exceeds --max-memory (\(allowed * pageSize) bytes)")
        }
        limits.max = allowed
        return limits
    }
}

/// The system interface a module imports: WALI (Linux syscalls from `wali`) or WASI preview 1
/// (`wasi_snapshot_preview1`), carried on the same Linux interface.
public enum ModuleInterface: String, Sendable {
    case wali = "WALI"
    case wasiPreview1 = "WASI preview 1"

    /// The import module name of the interface.
    public var importModule: String { self == .wali ? "wali" : WASI.moduleName }

    public init?(importModule: String) {
        switch importModule {
        case "wali": self = .wali
        case WASI.moduleName: self = .wasiPreview1
        default: return nil
        }
    }
}

public struct ModuleImage {
    public struct Limits: Equatable {
        public var min: UInt64
        public var max: UInt64?
        public var shared: Bool
        public init(min: UInt64, max: UInt64?, shared: Bool) {
            self.min = min
            self.max = max
            self.shared = shared
        }
    }

    public static let hostModule = "wali_host"
    public static let memoryImportName = "memory"
    public static let tableExportName = "__wali_table"
    /// The rewritten module's export of what was its start function.
    public static let startExportName = "__wali_start"

    public let path: String
    /// The module's bytes (empty for an image made from the cache index: see `init(indexedPath:)`).
    public let bytes: [UInt8]
    private let digestBox = DigestBox()
    public private(set) var memory: Limits?
    public private(set) var hasTable = false
    /// The start section's function, if any.
    public private(set) var startFunction: UInt32?
    /// The module's function imports in order (all from `interface.importModule`), with their types.
    public private(set) var imports: [(name: String, type: FunctionType)] = []
    /// Whether the module's libc reads NUL-terminated environment records (our SDK's exports
    /// the marker `__wali_env_nul_records`; other WALI libcs read lines).
    public private(set) var readsNULEnvironmentRecords = false
    /// WALI, unless the module imports from `wasi_snapshot_preview1` (never both).
    public private(set) var interface: ModuleInterface = .wali
    private var sections: [(id: UInt8, start: Int, contentStart: Int, end: Int)] = []

    /// `checkImportTypes: false` is for `wali inspect`, which marks mismatched types instead.
    public init(path: String, bytes: [UInt8], checkImportTypes: Bool = true) throws {
        self.path = path
        self.bytes = bytes
        guard bytes.count >= 8, bytes[0] == 0, bytes[1] == 0x61, bytes[2] == 0x73, bytes[3] == 0x6d else {
            throw LoadError.notWasm(path: path)
        }
        guard bytes[4] == 1, bytes[5] == 0, bytes[6] == 0, bytes[7] == 0 else {
            throw LoadError.malformed(path: path, reason: "unsupported binary version (component or future format)")
        }
        try scan()
        try checkWALIShape()
        let chosen = interface
        if checkImportTypes, let reason = imports.lazy.compactMap({ ModuleImage.typeMismatch($0, chosen) }).first {
            throw LoadError.importType(path: path, reason: reason)
        }
    }

    /// Reads and checks the module at `path`; every failure is a `LoadError` with a one-line message.
    /// Both tiers run the module with CastAdapters' rewrite unless `WALI_FP_CASTS=trap`.
    public static func load(path: String, checkImportTypes: Bool = true) throws -> ModuleImage {
        let image = try ModuleImage(path: path, bytes: readModuleFile(path), checkImportTypes: checkImportTypes)
        return image.withCastAdapters(checkImportTypes: checkImportTypes)
    }

    /// The image both tiers run: CastAdapters' rewrite of this one, unless it is off or does not apply.
    private func withCastAdapters(checkImportTypes: Bool = true) -> ModuleImage {
        guard ModuleImage.adaptsCasts, let adapted = CastAdapters.adapt(bytes) else { return self }
        return (try? ModuleImage(path: path, bytes: adapted, checkImportTypes: checkImportTypes)) ?? self
    }

    /// Whether mismatched indirect calls that a C ABI tolerates go through adapters (the default).
    public static var adaptsCasts: Bool {
        getenv(CastAdapters.environmentSwitch).map { String(cString: $0) != "trap" } ?? true
    }

    /// `load`, plus the file's identity for the cache index (`ModuleIndex`): nil when the file
    /// changed while it was read or so recently that a change could keep its identity.
    public static func loadRecordingIdentity(path: String) throws -> (image: ModuleImage, identity: FileIdentity?) {
        var identity: FileIdentity?
        let image = try ModuleImage(path: path, bytes: readModuleFile(path, identity: &identity))
        return (image.withCastAdapters(), identity)
    }

    /// A module the cache index vouches for (`ModuleIndex.lookup`): it loaded and passed every
    /// check when its entry was recorded, and its file has not changed since. Only the compiled
    /// tier runs such an image (it needs the path and the memory, not the bytes).
    public init(indexedPath path: String, entry: ModuleIndex.Entry) {
        self.path = path
        self.bytes = []
        self.memory = entry.memory
        self.interface = entry.interface
        self.readsNULEnvironmentRecords = entry.readsNULEnvironmentRecords
        digestBox.digest = entry.digest
    }

    /// SHA-256 of the bytes in hex (the cache's key for the module), computed once; known
    /// without hashing for an image from the cache index.
    public var contentDigest: String {
        if let d = digestBox.digest { return d }
        let d = EngineCache.digest([bytes])
        digestBox.digest = d
        return d
    }

    /// Uses a digest the cache index already knows for these bytes.
    public func assumeContentDigest(_ digest: String) { digestBox.digest = digest }

    /// The checks that make a WebAssembly module a WALI module, for both tiers (the memory's are
    /// in `scan`). Parsing every section here also finds malformed ones before any engine runs.
    private mutating func checkWALIShape() throws {
        var parser = Parser(bytes: bytes, features: .all)
        var types: [FunctionType?] = []
        var exportsStart = false
        do {
            while let payload = try parser.parseNext() {
                switch payload {
                case .typeSection(let groups):
                    for group in groups {
                        for sub in group.types {
                            if case .function(let f) = sub.body { types.append(f) } else { types.append(nil) }
                        }
                    }
                case .importSection(let list):
                    // The first import decides the interface; every other must come from it too.
                    if let first = list.first, let chosen = ModuleInterface(importModule: first.module) { interface = chosen }
                    for imp in list {
                        guard imp.module == interface.importModule else {
                            throw LoadError.foreignImport(path: path, module: imp.module, name: imp.name)
                        }
                        guard case .function(let t) = imp.descriptor else {
                            throw LoadError.notWALI(path: path, reason: "import '\(imp.module).\(imp.name)' is not a function")
                        }
                        guard Int(t) < types.count, let type = types[Int(t)] else {
                            throw malformed("import '\(imp.module).\(imp.name)' has type \(t), which is not a function type")
                        }
                        imports.append((imp.name, type))
                    }
                case .exportSection(let list):
                    readsNULEnvironmentRecords = list.contains { $0.name == "__wali_env_nul_records" }
                    exportsStart = list.contains { e in
                        if e.name == "_start", case .function = e.descriptor { return true }
                        return false
                    }
                default:
                    break
                }
            }
        } catch let e as LoadError {
            throw e
        } catch {
            throw malformed(WasmErrorText.describe(error))
        }
        guard exportsStart else { throw LoadError.notWALI(path: path, reason: "it exports no '_start' function") }
    }

    /// The `wali` imports with their Wasm types as text and, when the ABI refuses the type,
    /// ImportTypeCheck's one-line reason (the load refuses the module; `wali inspect` marks it).
    public var importSignatures: [(name: String, type: String, typeMismatch: String?)] {
        imports.map { imp in
            let signature = WasmSignature(imp.type.parameters.map(WasmValueType.init), imp.type.results.map(WasmValueType.init))
            return (imp.name, signature.description, ModuleImage.typeMismatch(imp, interface))
        }
    }

    /// ImportTypeCheck's (or, for WASI, the WASI table's) reason when the import's type is
    /// refused, else nil.
    static func typeMismatch(_ imp: (name: String, type: FunctionType), _ interface: ModuleInterface) -> String? {
        let params = imp.type.parameters.map(WasmValueType.init), results = imp.type.results.map(WasmValueType.init)
        switch interface {
        case .wali: return ImportTypeCheck.mismatch(name: imp.name, params: params, results: results)
        case .wasiPreview1: return WASI.mismatch(name: imp.name, params: params, results: results)
        }
    }

    private func malformed(_ reason: String) -> LoadError { .malformed(path: path, reason: reason) }

    private mutating func scan() throws {
        var r = Reader(bytes: bytes, offset: 8)
        while !r.atEnd {
            let start = r.offset
            guard let id = r.byte(), let size = r.uleb() else { throw malformed("truncated section header at offset \(start)") }
            let contentStart = r.offset
            let (end, overflow) = contentStart.addingReportingOverflow(Int(clamping: size))
            guard !overflow, end <= bytes.count else { throw malformed("section \(id) at offset \(start) runs past the end of the file") }
            sections.append((id, start, contentStart, end))
            var c = Reader(bytes: bytes, offset: contentStart, end: end)
            switch id {
            case 2: // imports: a table import also gives table 0; memory imports are not WALI
                guard let count = c.uleb() else { throw malformed("bad import section") }
                for _ in 0..<count {
                    guard let _ = c.name(), let _ = c.name(), let kind = c.byte() else { throw malformed("bad import entry") }
                    switch kind {
                    case 0: guard c.uleb() != nil else { throw malformed("bad import entry") }
                    case 1:
                        hasTable = true
                        guard c.byte() != nil, c.limits() != nil else { throw malformed("bad table import") }
                    case 2: throw LoadError.notWALI(path: path, reason: "it imports its memory; WALI modules define their own")
                    case 3: guard c.byte() != nil, c.byte() != nil else { throw malformed("bad global import") }
                    case 4: guard c.byte() != nil, c.uleb() != nil else { throw malformed("bad tag import") }
                    default: throw malformed("unknown import kind \(kind)")
                    }
                }
            case 4:
                if let n = c.uleb(), n > 0 { hasTable = true }
            case 8:
                guard let index = c.uleb(), index <= UInt64(UInt32.max) else { throw malformed("bad start section") }
                startFunction = UInt32(index)
            case 5:
                guard let count = c.uleb() else { throw malformed("bad memory section") }
                guard count == 1 else {
                    throw LoadError.notWALI(path: path, reason: "it defines \(count) memories; WALI modules have one")
                }
                guard let limits = c.limits() else { throw malformed("bad memory limits") }
                if limits.flags & 0x04 != 0 { throw LoadError.notWALI(path: path, reason: "it uses a 64-bit memory") }
                memory = Limits(min: limits.min, max: limits.max, shared: limits.flags & 0x02 != 0)
            default: break
            }
            r.offset = end
        }
        guard memory != nil else { throw LoadError.notWALI(path: path, reason: "it defines no linear memory") }
    }

    /// The memory type every instance imports: the module's own, made shared (threads need it)
    /// with a maximum (shared memories must have one).
    public var importedMemory: Limits {
        var m = memory!
        m.shared = true
        if m.max == nil { m.max = 65536 }
        if m.max! < m.min { m.max = m.min }
        return m
    }

    /// Exports the rewrite adds: table 0, and the start function (whose section it drops).
    private var addedExports: [UInt8] {
        var entries: [UInt8] = []
        if hasTable { entries += encodeName(ModuleImage.tableExportName) + [1] + uleb(0) }
        if let startFunction { entries += encodeName(ModuleImage.startExportName) + [0] + uleb(UInt64(startFunction)) }
        return entries
    }

    private var addedExportCount: UInt64 { (hasTable ? 1 : 0) + (startFunction != nil ? 1 : 0) }

    /// The module with its memory section turned into an import from `wali_host.memory`, table 0
    /// exported, and its start function exported instead of started. Memory and table index
    /// spaces are unchanged (the module had no memory import), so no instruction needs rewriting.
    public func rewritten() -> [UInt8] {
        var out = Array(bytes[0..<8])
        let mem = importedMemory
        var importEntry: [UInt8] = []
        importEntry += encodeName(ModuleImage.hostModule)
        importEntry += encodeName(ModuleImage.memoryImportName)
        importEntry.append(2)
        importEntry.append(mem.shared ? 0x03 : 0x01)
        importEntry += uleb(mem.min)
        importEntry += uleb(mem.max!)

        var wroteImport = false
        func emitImportSection(existing: ArraySlice<UInt8>?) {
            var content: [UInt8] = []
            if let existing {
                var r = Reader(bytes: Array(existing), offset: 0)
                let count = r.uleb()!
                content += uleb(count + 1)
                content += existing[(existing.startIndex + r.offset)...]
            } else {
                content += uleb(1)
            }
            content += importEntry
            out.append(2)
            out += uleb(UInt64(content.count))
            out += content
            wroteImport = true
        }
        for s in sections {
            let content = bytes[s.contentStart..<s.end]
            switch s.id {
            case 2:
                emitImportSection(existing: content)
            case 5:
                continue // memory now imported
            case 8:
                continue // the start function is exported instead
            case 7 where addedExportCount > 0:
                var r = Reader(bytes: Array(content), offset: 0)
                let count = r.uleb()!
                var c = uleb(count + addedExportCount)
                c += content[(content.startIndex + r.offset)...]
                c += addedExports
                out.append(7)
                out += uleb(UInt64(c.count))
                out += c
                continue
            default:
                // The import section must precede function/table/memory/... sections.
                if !wroteImport && s.id != 0 && s.id != 1 && s.id != 2 { emitImportSection(existing: nil) }
            }
            if s.id != 2 { out += bytes[s.start..<s.end] }
        }
        if !wroteImport { emitImportSection(existing: nil) }
        if addedExportCount > 0 && !sections.contains(where: { $0.id == 7 }) {
            // No export section at all: add one in its canonical position.
            return insertExportSection(out)
        }
        return out
    }

    private func insertExportSection(_ module: [UInt8]) -> [UInt8] {
        let c = uleb(addedExportCount) + addedExports
        let section = [UInt8(7)] + uleb(UInt64(c.count)) + c
        var r = Reader(bytes: module, offset: 8)
        while !r.atEnd {
            let start = r.offset
            let id = r.byte()!
            let size = r.uleb()!
            // Sections after exports: start(8), element(9), datacount(12), code(10), data(11).
            if [8, 9, 10, 11, 12].contains(id) {
                return Array(module[0..<start]) + section + Array(module[start...])
            }
            r.offset += Int(size)
        }
        return module + section
    }
}

/// Encoding pieces of the WebAssembly binary format, for modules the engine assembles itself.
public enum WasmBinary {
    /// An unsigned LEB128 number.
    public static func uleb(_ value: UInt64) -> [UInt8] { WALIModule.uleb(value) }
    /// A name: its UTF-8 length, then its bytes.
    public static func name(_ s: String) -> [UInt8] { encodeName(s) }
}

func uleb(_ value: UInt64) -> [UInt8] {
    var v = value
    var out: [UInt8] = []
    repeat {
        var b = UInt8(v & 0x7f)
        v >>= 7
        if v != 0 { b |= 0x80 }
        out.append(b)
    } while v != 0
    return out
}

func encodeName(_ s: String) -> [UInt8] { uleb(UInt64(s.utf8.count)) + Array(s.utf8) }

/// A bounds-checked cursor over module bytes; every read returns nil past the end.
struct Reader {
    let bytes: [UInt8]
    var offset: Int
    let end: Int
    init(bytes: [UInt8], offset: Int, end: Int? = nil) {
        self.bytes = bytes
        self.offset = offset
        self.end = end ?? bytes.count
    }
    var atEnd: Bool { offset >= end }
    mutating func byte() -> UInt8? {
        guard offset < end else { return nil }
        defer { offset += 1 }
        return bytes[offset]
    }
    mutating func uleb() -> UInt64? {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard let b = byte(), shift < 64 else { return nil }
            result |= UInt64(b & 0x7f) << shift
            if b & 0x80 == 0 { return result }
            shift += 7
        }
    }
    mutating func name() -> String? {
        guard let n = uleb(), n <= UInt64(end - offset) else { return nil }
        let s = String(decoding: bytes[offset..<offset + Int(n)], as: UTF8.self)
        offset += Int(n)
        return s
    }
    mutating func limits() -> (flags: UInt8, min: UInt64, max: UInt64?)? {
        guard let flags = byte(), let min = uleb() else { return nil }
        if flags & 0x01 != 0 {
            guard let max = uleb() else { return nil }
            return (flags, min, max)
        }
        return (flags, min, nil)
    }
}

/// Reads a whole module file, mapping failures to a LoadError.
func readModuleFile(_ path: String) throws -> [UInt8] {
    var identity: FileIdentity?
    return try readModuleFile(path, identity: &identity)
}

/// The file's bytes; `identity` is its identity if it is settled (see `FileIdentity.isSettled`)
/// and did not change while it was read.
func readModuleFile(_ path: String, identity: inout FileIdentity?) throws -> [UInt8] {
    let readStart = FileIdentity.now()
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { throw LoadError.cannotRead(path: path, reason: String(cString: strerror(errno))) }
    defer { close(fd) }
    var st = stat()
    guard fstat(fd, &st) == 0 else { throw LoadError.cannotRead(path: path, reason: String(cString: strerror(errno))) }
    if (st.st_mode & S_IFMT) == S_IFDIR { throw LoadError.cannotRead(path: path, reason: "Is a directory") }
    let bytes: [UInt8]
    do {
        bytes = try HostIO.readAll(fd, expectedSize: Int(st.st_size))
    } catch {
        throw LoadError.cannotRead(path: path, reason: String(cString: strerror(error.rawValue)))
    }
    var after = stat()
    let before = FileIdentity(st)
    if (st.st_mode & S_IFMT) == S_IFREG, fstat(fd, &after) == 0, FileIdentity(after) == before,
       Int64(bytes.count) == before.size, before.isSettled(readStart: readStart) {
        identity = before
    }
    return bytes
}

/// Holds a lazily computed digest (a class, so a `let` image can fill it in once).
final class DigestBox {
    var digest: String?
}

extension WasmValueType {
    init(_ type: ValueType) {
        switch type {
        case .i32: self = .i32
        case .i64: self = .i64
        case .f32: self = .f32
        case .f64: self = .f64
        case .v128: self = .v128
        case .ref: self = .ref
        }
    }
}
