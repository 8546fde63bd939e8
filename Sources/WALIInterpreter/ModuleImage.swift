import WALIInterface

/// Errors that stop a module from loading, each with a one-line message for the user.
public enum LoadError: Error, CustomStringConvertible {
    case cannotRead(path: String, reason: String)
    case notWasm(path: String)
    case malformed(path: String, reason: String)
    case notWALI(path: String, reason: String)
    case foreignImport(path: String, module: String, name: String)
    /// A `wali` import declared with a Wasm type the ABI does not allow (ImportTypeCheck).
    case importType(path: String, reason: String)

    public var description: String {
        switch self {
        case .cannotRead(let p, let r): return "cannot open '\(p)': \(r)"
        case .notWasm(let p): return "'\(p)' is not a WebAssembly module (no \\0asm header)"
        case .malformed(let p, let r): return "'\(p)' is a malformed WebAssembly module: \(r)"
        case .notWALI(let p, let r): return "'\(p)' is not a WALI module: \(r)"
        case .foreignImport(let p, let m, let n):
            return "'\(p)' imports '\(m).\(n)'; a WALI module imports only from module 'wali'"
        case .importType(let p, let r): return "\(p): \(r)"
        }
    }

    /// Exit status for the CLI, following the shell's convention (127 not found, 126 cannot execute).
    public var exitStatus: Int32 {
        if case .cannotRead(_, let r) = self, r.contains("No such file") { return 127 }
        return 126
    }
}

/// The raw module bytes and the section-level facts the engine needs before WasmKit parses it:
/// where the memory is declared, its type, and a rewrite that imports the memory instead
/// (so every thread's instance shares one memory) and exports table 0 (so the host can call
/// guest function pointers).
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

    public let path: String
    public let bytes: [UInt8]
    public private(set) var memory: Limits?
    public private(set) var hasTable = false
    private var sections: [(id: UInt8, start: Int, contentStart: Int, end: Int)] = []

    public init(path: String, bytes: [UInt8]) throws {
        self.path = path
        self.bytes = bytes
        guard bytes.count >= 8, bytes[0] == 0, bytes[1] == 0x61, bytes[2] == 0x73, bytes[3] == 0x6d else {
            throw LoadError.notWasm(path: path)
        }
        guard bytes[4] == 1, bytes[5] == 0, bytes[6] == 0, bytes[7] == 0 else {
            throw LoadError.malformed(path: path, reason: "unsupported binary version (component or future format)")
        }
        try scan()
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

    /// The module with its memory section turned into an import from `wali_host.memory` and
    /// table 0 exported. Memory and table index spaces are unchanged (the module had no memory
    /// import), so no instruction needs rewriting.
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
            case 7 where hasTable:
                var r = Reader(bytes: Array(content), offset: 0)
                let count = r.uleb()!
                var c = uleb(count + 1)
                c += content[(content.startIndex + r.offset)...]
                c += encodeName(ModuleImage.tableExportName) + [1] + uleb(0)
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
        if hasTable && !sections.contains(where: { $0.id == 7 }) {
            // No export section at all: add one after everything but data/custom ordering is
            // lenient for custom sections only, so rebuild in canonical position.
            return insertExportSection(out)
        }
        return out
    }

    private func insertExportSection(_ module: [UInt8]) -> [UInt8] {
        var c = uleb(1)
        c += encodeName(ModuleImage.tableExportName) + [1] + uleb(0)
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
