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

    static func format(_ kind: ArgKind, _ v: Int64, _ memory: GuestMemory) -> String {
        switch kind {
        case .int, .fd, .signal: return String(Int32(truncatingIfNeeded: v))
        case .dirfd:
            let fd = Int32(truncatingIfNeeded: v)
            return fd == -100 ? "AT_FDCWD" : String(fd)
        case .uint, .size: return String(UInt32(truncatingIfNeeded: v))
        case .long: return String(v)
        case .hex, .openFlags: return "0x" + String(UInt64(bitPattern: v), radix: 16)
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
