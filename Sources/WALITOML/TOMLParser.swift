/// A TOML 1.0 parser (https://toml.io/en/v1.0.0) over the document's UTF-8 bytes.
public enum TOML {
    /// Parses a whole document; the first error ends the parse.
    public static func parse(_ text: String) throws(TOMLError) -> TOMLTable {
        try parse(bytes: Array(text.utf8))
    }

    public static func parse(bytes: [UInt8]) throws(TOMLError) -> TOMLTable {
        guard String(validating: bytes, as: UTF8.self) != nil else {
            throw TOMLError(line: 1, column: 1, message: "the document is not valid UTF-8")
        }
        var parser = Parser(bytes: bytes)
        return try parser.document()
    }
}

/// A table while the document is read. Tables are shared objects here because a header names a
/// table from the root, while key/value lines below it add to it.
private final class TableNode {
    enum Entry {
        case table(TableNode)
        case tableArray(TableArrayNode)
        /// A finished value: inline tables and arrays are immutable once written.
        case value(TOMLValue)
    }
    var keys: [String] = []
    var entries: [String: Entry] = [:]
    /// A header named this table, or dotted keys of an earlier section made it: it cannot be
    /// declared again or extended by dotted keys of another section.
    var closed = false

    func add(_ key: String, _ entry: Entry) {
        keys.append(key)
        entries[key] = entry
    }

    func finished() -> TOMLTable {
        var table = TOMLTable()
        for key in keys {
            switch entries[key]! {
            case .table(let node): table.append(key, .table(node.finished()))
            case .tableArray(let array): table.append(key, .array(array.elements.map { .table($0.finished()) }))
            case .value(let value): table.append(key, value)
            }
        }
        return table
    }
}

private final class TableArrayNode {
    var elements: [TableNode]
    init(_ first: TableNode) { elements = [first] }
}

private struct Parser {
    let bytes: [UInt8]
    var index = 0
    let root = TableNode()
    var current: TableNode
    /// Tables made by dotted keys in the current section; closed at the next header.
    var dottedInSection: [TableNode] = []

    init(bytes: [UInt8]) {
        self.bytes = bytes
        current = root
    }

    // MARK: Bytes

    var atEnd: Bool { index >= bytes.count }
    var peek: UInt8? { index < bytes.count ? bytes[index] : nil }
    func peek(_ offset: Int) -> UInt8? { index + offset < bytes.count ? bytes[index + offset] : nil }

    func error(_ message: String, at position: Int? = nil) -> TOMLError {
        let end = min(position ?? index, bytes.count)
        var line = 1, lineStart = 0
        for i in 0..<end where bytes[i] == UInt8(ascii: "\n") {
            line += 1
            lineStart = i + 1
        }
        return TOMLError(line: line, column: end - lineStart + 1, message: message)
    }

    mutating func eat(_ byte: UInt8) -> Bool {
        if peek == byte { index += 1; return true }
        return false
    }

    mutating func expect(_ byte: UInt8, _ what: String) throws(TOMLError) {
        guard eat(byte) else { throw error("expected \(what)") }
    }

    func starts(with text: StaticString) -> Bool {
        let count = text.utf8CodeUnitCount
        guard index + count <= bytes.count else { return false }
        return text.withUTF8Buffer { prefix in
            for k in 0..<count where bytes[index + k] != prefix[k] { return false }
            return true
        }
    }

    /// Spaces and tabs.
    mutating func skipBlanks() {
        while let c = peek, c == 0x20 || c == 0x09 { index += 1 }
    }

    /// A newline: LF or CR LF.
    mutating func eatNewline() -> Bool {
        if eat(0x0A) { return true }
        if peek == 0x0D && peek(1) == 0x0A { index += 2; return true }
        return false
    }

    /// `# ...` to the end of the line; control characters other than tab are not allowed.
    mutating func skipComment() throws(TOMLError) {
        guard eat(UInt8(ascii: "#")) else { return }
        while let c = peek, c != 0x0A {
            if c == 0x0D && peek(1) == 0x0A { return }
            if isForbiddenControl(c) { throw error("control character 0x\(hex(c)) in a comment") }
            index += 1
        }
    }

    /// Blanks, comments and newlines, as between an array's elements.
    mutating func skipBlankLines() throws(TOMLError) {
        while true {
            skipBlanks()
            if peek == UInt8(ascii: "#") { try skipComment() }
            if !eatNewline() { return }
        }
    }

    /// After a key/value pair or a header: blanks, a comment, then the end of the line.
    mutating func endOfLine() throws(TOMLError) {
        skipBlanks()
        try skipComment()
        guard atEnd || eatNewline() else { throw error("expected the end of the line") }
    }

    // MARK: Document

    mutating func document() throws(TOMLError) -> TOMLTable {
        while true {
            try skipBlankLines()
            guard let c = peek else { break }
            if c == UInt8(ascii: "[") {
                try header()
            } else {
                let start = index
                let key = try self.key()
                try keyValue(key, start: start, into: current)
            }
            try endOfLine()
        }
        return root.finished()
    }

    /// `[a.b]` or `[[a.b]]`.
    mutating func header() throws(TOMLError) {
        for node in dottedInSection { node.closed = true }
        dottedInSection = []
        let start = index
        index += 1
        let isArray = eat(UInt8(ascii: "["))
        let path = try key()
        try expect(UInt8(ascii: "]"), "']' to end the table header")
        if isArray { try expect(UInt8(ascii: "]"), "']]' to end the array-of-tables header") }
        let name = path.joined(separator: ".")

        var table = root
        for part in path.dropLast() {
            switch table.entries[part] {
            case nil:
                let node = TableNode()
                table.add(part, .table(node))
                table = node
            case .table(let node): table = node
            case .tableArray(let array): table = array.elements[array.elements.count - 1]
            case .value: throw error("'\(part)' in [\(name)] is already a value", at: start)
            }
        }
        let last = path[path.count - 1]
        let node = TableNode()
        node.closed = true
        switch (table.entries[last], isArray) {
        case (nil, false):
            table.add(last, .table(node))
        case (nil, true):
            table.add(last, .tableArray(TableArrayNode(node)))
        case (.table(let existing), false) where !existing.closed:
            existing.closed = true
            current = existing
            return
        case (.tableArray(let array), true):
            array.elements.append(node)
        case (.table, _), (.tableArray, false):
            throw error("table '\(name)' is defined more than once", at: start)
        case (.value, _):
            throw error("'\(name)' is already a value", at: start)
        }
        current = node
    }

    /// `a.b.c = value` added to `table` (the current section, or an inline table).
    mutating func keyValue(_ path: [String], start: Int, into table: TableNode) throws(TOMLError) {
        skipBlanks()
        try expect(UInt8(ascii: "="), "'=' after the key")
        skipBlanks()
        let value = try self.value()
        let name = path.joined(separator: ".")
        var table = table
        for part in path.dropLast() {
            switch table.entries[part] {
            case nil:
                let node = TableNode()
                dottedInSection.append(node)
                table.add(part, .table(node))
                table = node
            case .table(let node) where !node.closed:
                // A table the header made on the way is extended here; no header may declare it later.
                dottedInSection.append(node)
                table = node
            case .table, .tableArray:
                throw error("dotted key '\(name)' extends table '\(part)', which is defined elsewhere", at: start)
            case .value:
                throw error("dotted key '\(name)': '\(part)' is already a value", at: start)
            }
        }
        let last = path[path.count - 1]
        guard table.entries[last] == nil else { throw error("key '\(name)' is defined more than once", at: start) }
        table.add(last, .value(value))
    }

    // MARK: Keys

    /// A dotted key: simple keys (bare or quoted) joined by dots, blanks allowed around dots.
    mutating func key() throws(TOMLError) -> [String] {
        var parts: [String] = []
        repeat {
            skipBlanks()
            parts.append(try simpleKey())
            skipBlanks()
        } while eat(UInt8(ascii: "."))
        return parts
    }

    mutating func simpleKey() throws(TOMLError) -> String {
        switch peek {
        case UInt8(ascii: "\""): return try basicString()
        case UInt8(ascii: "'"): return try literalString()
        default:
            let start = index
            while let c = peek, isBareKeyByte(c) { index += 1 }
            guard index > start else { throw error("expected a key") }
            return String(decoding: bytes[start..<index], as: UTF8.self)
        }
    }

    // MARK: Values

    mutating func value() throws(TOMLError) -> TOMLValue {
        guard let c = peek else { throw error("expected a value") }
        switch c {
        case UInt8(ascii: "\""):
            return .string(starts(with: "\"\"\"") ? try multilineString(quote: c, escapes: true) : try basicString())
        case UInt8(ascii: "'"):
            return .string(starts(with: "'''") ? try multilineString(quote: c, escapes: false) : try literalString())
        case UInt8(ascii: "t"), UInt8(ascii: "f"):
            if starts(with: "true") { index += 4; return .boolean(true) }
            if starts(with: "false") { index += 5; return .boolean(false) }
            throw error("invalid value")
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "{"): return try inlineTable()
        default:
            if isDigit(c), peek(4) == UInt8(ascii: "-") || peek(2) == UInt8(ascii: ":") {
                return .dateTime(try dateTime())
            }
            return try number()
        }
    }

    mutating func array() throws(TOMLError) -> TOMLValue {
        index += 1
        var elements: [TOMLValue] = []
        while true {
            try skipBlankLines()
            if eat(UInt8(ascii: "]")) { return .array(elements) }
            elements.append(try value())
            try skipBlankLines()
            if eat(UInt8(ascii: "]")) { return .array(elements) }
            try expect(UInt8(ascii: ","), "',' or ']' in an array")
        }
    }

    /// `{ a = 1, b.c = 2 }`: on one line, no trailing comma (TOML 1.0).
    mutating func inlineTable() throws(TOMLError) -> TOMLValue {
        index += 1
        let table = TableNode()
        // Dotted keys inside make tables that belong to this value alone.
        let outerDotted = dottedInSection
        defer { dottedInSection = outerDotted }
        skipBlanks()
        if eat(UInt8(ascii: "}")) { return .table(table.finished()) }
        while true {
            let start = index
            let path = try key()
            try keyValue(path, start: start, into: table)
            skipBlanks()
            if eat(UInt8(ascii: "}")) { return .table(table.finished()) }
            try expect(UInt8(ascii: ","), "',' or '}' in an inline table")
        }
    }

    // MARK: Strings

    mutating func basicString() throws(TOMLError) -> String {
        index += 1
        var out: [UInt8] = []
        while true {
            guard let c = peek, c != 0x0A, !(c == 0x0D && peek(1) == 0x0A) else { throw error("unterminated string") }
            if c == UInt8(ascii: "\"") { index += 1; break }
            if c == UInt8(ascii: "\\") {
                try escape(into: &out)
                continue
            }
            if isForbiddenControl(c) { throw error("control character 0x\(hex(c)) in a string") }
            out.append(c)
            index += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `"""..."""` (escapes, line-ending backslashes) or `'''...'''` (neither): a newline right
    /// after the opening quotes is trimmed, and up to two quotes may end the content right before
    /// the closing three.
    mutating func multilineString(quote: UInt8, escapes: Bool) throws(TOMLError) -> String {
        index += 3
        _ = eatNewline()
        var out: [UInt8] = []
        while true {
            guard let c = peek else { throw error("unterminated multi-line string") }
            if c == quote && peek(1) == quote && peek(2) == quote {
                var quotes = 3
                while peek(quotes) == quote { quotes += 1 }
                guard quotes <= 5 else { throw error("too many quotes at the end of a multi-line string") }
                out.append(contentsOf: repeatElement(quote, count: quotes - 3))
                index += quotes
                break
            }
            if escapes && c == UInt8(ascii: "\\") {
                // A backslash at the end of a line trims it and the blanks and newlines after it.
                var k = index + 1
                while k < bytes.count, bytes[k] == 0x20 || bytes[k] == 0x09 { k += 1 }
                if k < bytes.count, bytes[k] == 0x0A || (bytes[k] == 0x0D && k + 1 < bytes.count && bytes[k + 1] == 0x0A) {
                    index = k
                    while true {
                        skipBlanks()
                        if !eatNewline() { break }
                    }
                    continue
                }
                try escape(into: &out)
                continue
            }
            if eatNewline() { out.append(0x0A); continue }
            if isForbiddenControl(c) { throw error("control character 0x\(hex(c)) in a string") }
            out.append(c)
            index += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    mutating func literalString() throws(TOMLError) -> String {
        index += 1
        let start = index
        while true {
            guard let c = peek, c != 0x0A, !(c == 0x0D && peek(1) == 0x0A) else { throw error("unterminated string") }
            if c == UInt8(ascii: "'") { break }
            if isForbiddenControl(c) { throw error("control character 0x\(hex(c)) in a string") }
            index += 1
        }
        defer { index += 1 }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    /// `\b \t \n \f \r \" \\ \uXXXX \UXXXXXXXX`; the scalar must be a Unicode scalar value.
    mutating func escape(into out: inout [UInt8]) throws(TOMLError) {
        let start = index
        index += 1
        guard let c = peek else { throw error("unterminated string") }
        index += 1
        let simple: UInt8?
        switch c {
        case UInt8(ascii: "b"): simple = 0x08
        case UInt8(ascii: "t"): simple = 0x09
        case UInt8(ascii: "n"): simple = 0x0A
        case UInt8(ascii: "f"): simple = 0x0C
        case UInt8(ascii: "r"): simple = 0x0D
        case UInt8(ascii: "\""): simple = 0x22
        case UInt8(ascii: "\\"): simple = 0x5C
        case UInt8(ascii: "u"), UInt8(ascii: "U"):
            simple = nil
            let digits = c == UInt8(ascii: "u") ? 4 : 8
            var scalar: UInt32 = 0
            for _ in 0..<digits {
                guard let d = peek, let v = hexValue(d) else { throw error("\\\(Character(Unicode.Scalar(c))) needs \(digits) hex digits", at: start) }
                scalar = scalar << 4 | UInt32(v)
                index += 1
            }
            guard let u = Unicode.Scalar(scalar) else { throw error("\\\(Character(Unicode.Scalar(c))) escape is not a Unicode scalar value", at: start) }
            out.append(contentsOf: Array(String(Character(u)).utf8))
        default:
            throw error("invalid escape sequence", at: start)
        }
        if let simple { out.append(simple) }
    }

    // MARK: Numbers and date-times

    mutating func number() throws(TOMLError) -> TOMLValue {
        let start = index
        while let c = peek, isDigit(c) || isLetter(c) || c == UInt8(ascii: "_") || c == UInt8(ascii: ".")
            || c == UInt8(ascii: "+") || c == UInt8(ascii: "-") { index += 1 }
        let token = Array(bytes[start..<index])
        guard let value = Self.numberValue(token) else {
            throw error(token.isEmpty ? "invalid value" : "invalid number '\(String(decoding: token, as: UTF8.self))'", at: start)
        }
        return value
    }

    static func numberValue(_ token: [UInt8]) -> TOMLValue? {
        var body = token[...]
        var negative = false
        if let s = body.first, s == UInt8(ascii: "+") || s == UInt8(ascii: "-") {
            negative = s == UInt8(ascii: "-")
            body = body.dropFirst()
        }
        let text = String(decoding: body, as: UTF8.self)
        if text == "inf" { return .float(negative ? -.infinity : .infinity) }
        if text == "nan" { return .float(.nan) }
        // 0x, 0o and 0b integers take no sign.
        if body.count > 2, body.first == UInt8(ascii: "0"), body.count == token.count {
            let radix: Int?
            switch body[body.startIndex + 1] {
            case UInt8(ascii: "x"): radix = 16
            case UInt8(ascii: "o"): radix = 8
            case UInt8(ascii: "b"): radix = 2
            default: radix = nil
            }
            if let radix {
                guard let digits = withoutUnderscores(body.dropFirst(2), digit: { hexValue($0).map { $0 < radix } ?? false }),
                      let n = Int64(String(decoding: digits, as: UTF8.self), radix: radix) else { return nil }
                return .integer(n)
            }
        }
        // Decimal: an integer part (no leading zeros), then a fraction and/or an exponent for a float.
        var rest = body
        let integerEnd = rest.firstIndex { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") } ?? rest.endIndex
        guard let integer = withoutUnderscores(rest[..<integerEnd], digit: isDigit),
              integer.count == 1 || integer.first != UInt8(ascii: "0") else { return nil }
        rest = rest[integerEnd...]
        var clean = negative ? [UInt8(ascii: "-")] : []
        clean += integer
        if rest.isEmpty {
            return Int64(String(decoding: clean, as: UTF8.self)).map { .integer($0) }
        }
        if rest.first == UInt8(ascii: ".") {
            let fractionEnd = rest.firstIndex { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") } ?? rest.endIndex
            guard let fraction = withoutUnderscores(rest[(rest.startIndex + 1)..<fractionEnd], digit: isDigit) else { return nil }
            clean += [UInt8(ascii: ".")] + fraction
            rest = rest[fractionEnd...]
        }
        if let e = rest.first {
            guard e == UInt8(ascii: "e") || e == UInt8(ascii: "E") else { return nil }
            var exponent = rest.dropFirst()
            clean.append(UInt8(ascii: "e"))
            if let s = exponent.first, s == UInt8(ascii: "+") || s == UInt8(ascii: "-") {
                clean.append(s)
                exponent = exponent.dropFirst()
            }
            guard let digits = withoutUnderscores(exponent, digit: isDigit) else { return nil }
            clean += digits
        }
        return Double(String(decoding: clean, as: UTF8.self)).map { .float($0) }
    }

    /// The digits of `part`, which must be digits with single underscores between them.
    static func withoutUnderscores(_ part: ArraySlice<UInt8>, digit: (UInt8) -> Bool) -> [UInt8]? {
        guard let first = part.first, let last = part.last, digit(first), digit(last) else { return nil }
        var out: [UInt8] = []
        var previousUnderscore = false
        for c in part {
            if c == UInt8(ascii: "_") {
                if previousUnderscore { return nil }
                previousUnderscore = true
            } else {
                guard digit(c) else { return nil }
                previousUnderscore = false
                out.append(c)
            }
        }
        return out
    }

    mutating func digits(_ count: Int) throws(TOMLError) -> Int {
        var n = 0
        for _ in 0..<count {
            guard let c = peek, isDigit(c) else { throw error("invalid date or time") }
            n = n * 10 + Int(c - UInt8(ascii: "0"))
            index += 1
        }
        return n
    }

    /// RFC 3339 as TOML has it: `T`, `t` or a space between date and time, seconds required.
    mutating func dateTime() throws(TOMLError) -> TOMLDateTime {
        let start = index
        var result = TOMLDateTime()
        if peek(4) == UInt8(ascii: "-") {
            let year = try digits(4)
            try expect(UInt8(ascii: "-"), "'-' in a date")
            let month = try digits(2)
            try expect(UInt8(ascii: "-"), "'-' in a date")
            let day = try digits(2)
            guard (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day) else {
                throw error("invalid date", at: start)
            }
            result.date = .init(year: year, month: month, day: day)
            let separator = peek
            let hasTime = (separator == UInt8(ascii: "T") || separator == UInt8(ascii: "t")
                || separator == 0x20) && peek(1).map(isDigit) == true
            guard hasTime else { return result }
            index += 1
        }
        let hour = try digits(2)
        try expect(UInt8(ascii: ":"), "':' in a time")
        let minute = try digits(2)
        try expect(UInt8(ascii: ":"), "':' and seconds in a time")
        let second = try digits(2)
        guard hour < 24, minute < 60, second < 60 else { throw error("invalid time", at: start) }
        var fraction = ""
        if eat(UInt8(ascii: ".")) {
            let fractionStart = index
            while let c = peek, isDigit(c) { index += 1 }
            guard index > fractionStart else { throw error("invalid time: no digits after '.'") }
            fraction = String(decoding: bytes[fractionStart..<index], as: UTF8.self)
        }
        result.time = .init(hour: hour, minute: minute, second: second, fraction: fraction)
        guard result.date != nil else { return result }
        if eat(UInt8(ascii: "Z")) || eat(UInt8(ascii: "z")) {
            result.offsetMinutes = 0
        } else if let sign = peek, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
            index += 1
            let offsetHour = try digits(2)
            try expect(UInt8(ascii: ":"), "':' in a time offset")
            let offsetMinute = try digits(2)
            guard offsetHour < 24, offsetMinute < 60 else { throw error("invalid time offset", at: start) }
            let minutes = offsetHour * 60 + offsetMinute
            result.offsetMinutes = sign == UInt8(ascii: "-") ? -minutes : minutes
        }
        return result
    }
}

private func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }
private func isLetter(_ c: UInt8) -> Bool { (c | 0x20) >= UInt8(ascii: "a") && (c | 0x20) <= UInt8(ascii: "z") }
private func isBareKeyByte(_ c: UInt8) -> Bool { isDigit(c) || isLetter(c) || c == UInt8(ascii: "_") || c == UInt8(ascii: "-") }
/// Control characters TOML allows nowhere but as escapes: all but tab, and DEL.
private func isForbiddenControl(_ c: UInt8) -> Bool { (c < 0x20 && c != 0x09) || c == 0x7F }
private func hexValue(_ c: UInt8) -> Int? {
    if isDigit(c) { return Int(c - UInt8(ascii: "0")) }
    let lower = c | 0x20
    if lower >= UInt8(ascii: "a") && lower <= UInt8(ascii: "f") { return Int(lower - UInt8(ascii: "a")) + 10 }
    return nil
}
private func hex(_ c: UInt8) -> String { (c < 16 ? "0" : "") + String(c, radix: 16) }
private func daysIn(month: Int, year: Int) -> Int {
    switch month {
    case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
}
