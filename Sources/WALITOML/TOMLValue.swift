/// TOML 1.0 values as the parser produces them. The engine reads policy files with this
/// module instead of a TOML package because every TOML package available here imports
/// Foundation, which costs the `wali` binary ~3 MiB of resident memory and ~0.4 ms at every
/// start (measured; see bench/RESULTS.md). Conformance is checked against the toml-test corpus
/// and Python's tomllib by tests/run_toml.py.
public indirect enum TOMLValue: Equatable, Sendable {
    case string(String)
    case integer(Int64)
    case float(Double)
    case boolean(Bool)
    case dateTime(TOMLDateTime)
    case array([TOMLValue])
    case table(TOMLTable)

    public var string: String? { if case .string(let s) = self { return s } else { return nil } }
    public var bool: Bool? { if case .boolean(let b) = self { return b } else { return nil } }
    public var int: Int? { if case .integer(let n) = self { return Int(exactly: n) } else { return nil } }
    public var table: TOMLTable? { if case .table(let t) = self { return t } else { return nil } }
    public var array: [TOMLValue]? { if case .array(let a) = self { return a } else { return nil } }
}

/// A table whose keys keep the order of the document, so that messages about a file name the
/// first offending key the reader sees.
public struct TOMLTable: Equatable, Sendable {
    public private(set) var keys: [String] = []
    private var values: [String: TOMLValue] = [:]

    public init() {}

    public subscript(key: String) -> TOMLValue? { values[key] }

    /// Adds a key the table does not hold yet (the parser has checked that).
    mutating func append(_ key: String, _ value: TOMLValue) {
        keys.append(key)
        values[key] = value
    }
}

/// The four date-time forms of TOML: offset date-time (`offsetMinutes` set), local date-time,
/// local date (`time` nil) and local time (`date` nil).
public struct TOMLDateTime: Equatable, Sendable, CustomStringConvertible {
    public struct Date: Equatable, Sendable { public var year, month, day: Int }
    public struct Time: Equatable, Sendable {
        public var hour, minute, second: Int
        /// The fractional second's digits as written ("" when there are none).
        public var fraction: String
    }
    public var date: Date?
    public var time: Time?
    /// Minutes east of UTC; nil for the local forms.
    public var offsetMinutes: Int?

    /// RFC 3339 text: `T` between date and time, `Z` for a zero offset.
    public var description: String {
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        var text = ""
        if let d = date {
            let year = String(d.year)
            text += String(repeating: "0", count: max(0, 4 - year.count)) + year + "-\(two(d.month))-\(two(d.day))"
        }
        if let t = time {
            if date != nil { text += "T" }
            text += "\(two(t.hour)):\(two(t.minute)):\(two(t.second))"
            if !t.fraction.isEmpty { text += "." + t.fraction }
        }
        if let offset = offsetMinutes {
            if offset == 0 {
                text += "Z"
            } else {
                text += (offset < 0 ? "-" : "+") + "\(two(abs(offset) / 60)):\(two(abs(offset) % 60))"
            }
        }
        return text
    }
}

/// Where and why a document is not TOML 1.0.
public struct TOMLError: Error, Equatable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public var message: String
    public var description: String { "line \(line), column \(column): \(message)" }
}
