// Test tool, not shipped: decodes a TOML document on standard input into toml-test's tagged
// JSON on standard output (https://github.com/toml-lang/toml-test, "decoder" interface), or a
// one-line error on standard error and exit status 1. tests/run_toml.py runs it on the toml-test
// corpus and compares with Python's tomllib.
import WALILinux
import WALITOML
#if canImport(Glibc)
import Glibc
#endif

let input: [UInt8]
do {
    input = try HostIO.readAll(0)
} catch {
    var message = "toml: cannot read standard input: \(error)\n"
    message.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
    exit(1)
}

func quoted(_ s: String) -> String {
    var out = "\""
    for u in s.unicodeScalars {
        switch u {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        default:
            if u.value < 0x20 || u.value == 0x7F {
                let h = String(u.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - h.count) + h
            } else {
                out.unicodeScalars.append(u)
            }
        }
    }
    return out + "\""
}

func tagged(_ type: String, _ value: String) -> String { "{\"type\": \(quoted(type)), \"value\": \(quoted(value))}" }

func json(_ value: TOMLValue) -> String {
    switch value {
    case .string(let s): return tagged("string", s)
    case .integer(let n): return tagged("integer", String(n))
    case .float(let d):
        return tagged("float", d.isNaN ? "nan" : d.isInfinite ? (d < 0 ? "-inf" : "inf") : "\(d)")
    case .boolean(let b): return tagged("bool", b ? "true" : "false")
    case .dateTime(let t):
        let type = t.date == nil ? "time-local" : t.time == nil ? "date-local" : t.offsetMinutes == nil ? "datetime-local" : "datetime"
        return tagged(type, t.description)
    case .array(let a): return "[" + a.map(json).joined(separator: ", ") + "]"
    case .table(let t): return json(t)
    }
}

func json(_ table: TOMLTable) -> String {
    "{" + table.keys.map { quoted($0) + ": " + json(table[$0]!) }.joined(separator: ", ") + "}"
}

do {
    print(json(try TOML.parse(bytes: input)))
} catch {
    var message = "toml: \(error)\n"
    message.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
    exit(1)
}
