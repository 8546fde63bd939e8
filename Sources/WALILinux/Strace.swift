#if canImport(Glibc)
import Glibc
#endif

/// `--strace` output: one line per `wali` call, strace-style, to stderr.
public enum Strace {
    static let lock = Mutex()

    public static func record(_ t: WALIThread, _ name: String, _ kinds: [ArgKind], _ args: SyscallArgs,
                              result: Int64?, note: String? = nil) {
        var line = t.process.options.trace && threadCount > 1 ? "[pid \(t.tid)] " : ""
        line += name + "("
        line += kinds.enumerated().map { format($0.element, args[$0.offset], t.memory) }.joined(separator: ", ")
        line += ") = "
        if let r = result {
            if r < 0 && r >= -4095 {
                let e = Errno(Int32(-r))
                line += "-1 \(e.name)"
            } else if kinds.first == .ptr && name.hasPrefix("m") {
                line += "0x" + String(UInt64(bitPattern: r), radix: 16)
            } else {
                line += String(r)
            }
        } else {
            line += "?"
        }
        if let note { line += " (\(note))" }
        line += "\n"
        lock.withLock { _ = line.withCString { write(2, $0, strlen($0)) } }
    }

    /// Set by the tier when it runs more than one thread, to tag lines.
    public static var threadCount = 1

    public static func format(_ kind: ArgKind, _ v: Int64, _ memory: GuestMemory) -> String {
        switch kind {
        case .int, .fd, .signal: return String(Int32(truncatingIfNeeded: v))
        case .dirfd:
            let fd = Int32(truncatingIfNeeded: v)
            return fd == -100 ? "AT_FDCWD" : String(fd)
        case .uint, .size: return String(UInt32(truncatingIfNeeded: v))
        case .long: return String(v)
        case .hex: return "0x" + String(UInt64(bitPattern: v), radix: 16)
        case .openFlags:
            let flags = UInt32(truncatingIfNeeded: v)
            return symbolic(flags & ~3, openFlagNames, first: ["O_RDONLY", "O_WRONLY", "O_RDWR", "O_ACCMODE"][Int(flags & 3)])
        case .mmapProt:
            let prot = UInt32(truncatingIfNeeded: v)
            return prot == 0 ? "PROT_NONE" : symbolic(prot, [(1, "PROT_READ"), (2, "PROT_WRITE"), (4, "PROT_EXEC")], first: nil)
        case .mmapFlags:
            return symbolic(UInt32(truncatingIfNeeded: v), mmapFlagNames, first: nil)
        case .octal: return "0" + String(UInt32(truncatingIfNeeded: v), radix: 8)
        case .ptr:
            let p = UInt32(truncatingIfNeeded: v)
            return p == 0 ? "NULL" : "0x" + String(p, radix: 16)
        case .path:
            let p = UInt32(truncatingIfNeeded: v)
            if p == 0 { return "NULL" }
            guard let s = memory.displayString(p) else { return "0x" + String(p, radix: 16) }
            return "\"" + escape(s) + "\""
        case .unused: return "_"
        }
    }

    /// x86_64 values (the ABI's), octal as in <fcntl.h>.
    static let openFlagNames: [(UInt32, String)] = [
        (0o100, "O_CREAT"), (0o200, "O_EXCL"), (0o400, "O_NOCTTY"), (0o1000, "O_TRUNC"), (0o2000, "O_APPEND"),
        (0o4000, "O_NONBLOCK"), (0o10000, "O_DSYNC"), (0o20000, "O_ASYNC"), (0o40000, "O_DIRECT"),
        (0o100000, "O_LARGEFILE"), (0o200000, "O_DIRECTORY"), (0o400000, "O_NOFOLLOW"), (0o1000000, "O_NOATIME"),
        (0o2000000, "O_CLOEXEC"), (0o4000000, "__O_SYNC"), (0o10000000, "O_PATH"), (0o20000000, "__O_TMPFILE"),
    ]
    static let mmapFlagNames: [(UInt32, String)] = [
        (0x01, "MAP_SHARED"), (0x02, "MAP_PRIVATE"), (0x03, "MAP_SHARED_VALIDATE"), (0x10, "MAP_FIXED"),
        (0x20, "MAP_ANONYMOUS"), (0x100, "MAP_GROWSDOWN"), (0x800, "MAP_DENYWRITE"), (0x1000, "MAP_EXECUTABLE"),
        (0x2000, "MAP_LOCKED"), (0x4000, "MAP_NORESERVE"), (0x8000, "MAP_POPULATE"), (0x10000, "MAP_NONBLOCK"),
        (0x20000, "MAP_STACK"), (0x40000, "MAP_HUGETLB"), (0x80000, "MAP_SYNC"), (0x100000, "MAP_FIXED_NOREPLACE"),
    ]

    /// `A|B|0x40` as strace prints flag words; the mapping type (low two bits) is one value.
    static func symbolic(_ value: UInt32, _ names: [(UInt32, String)], first: String?) -> String {
        var parts = first.map { [$0] } ?? []
        var rest = value
        if names.first?.1 == "MAP_SHARED" {
            let type = value & 3
            if let name = names.first(where: { $0.0 == type })?.1 { parts.append(name) }
            rest &= ~3
        }
        for (bit, name) in names where bit & (bit - 1) == 0 && rest & bit != 0 && !(names.first?.1 == "MAP_SHARED" && bit < 4) {
            parts.append(name)
            rest &= ~bit
        }
        if rest != 0 { parts.append("0x" + String(rest, radix: 16)) }
        return parts.isEmpty ? "0" : parts.joined(separator: "|")
    }

    static func escape(_ s: String) -> String {
        var out = ""
        for c in s.unicodeScalars {
            switch c {
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            default:
                if c.value < 0x20 || c.value == 0x7f { out += "\\x" + String(c.value, radix: 16) } else { out.unicodeScalars.append(c) }
            }
        }
        return out
    }
}
