/// One plain line for an error of the Wasm parser or validator, for load and compile refusals.
/// WasmKit 0.4.2 prints its message struct (`"Message(text: "…")" at offset 0x…`) and LEB128
/// errors by their Swift case names; neither belongs in a user-facing message.
public enum WasmErrorText {
    static let lebErrors = [
        "overflow": "integer too large (LEB128)",
        "integerRepresentationTooLong": "integer representation too long (LEB128)",
        "insufficientBytes": "unexpected end of an integer (LEB128)",
    ]

    public static func describe(_ error: Error) -> String {
        var text = "\(error)"
        if text.hasPrefix("Trap: ") { text.removeFirst(6) }
        text = text.split(separator: "\n").first.map(String.init) ?? text
        return clean(text)
    }

    static func clean(_ text: String) -> String {
        if let plain = lebErrors[text] { return plain }
        let prefix = "\"Message(text: \""
        let suffix = Array("\")\"")
        guard text.hasPrefix(prefix) else { return text }
        let chars = Array(text.dropFirst(prefix.count))
        // The message ends at the last `")"`; what follows is WasmKit's ` at offset 0x…`.
        guard let end = (0...max(0, chars.count - suffix.count)).reversed().first(where: {
            chars.count >= suffix.count && Array(chars[$0..<$0 + suffix.count]) == suffix
        }) else { return text }
        return String(chars[..<end]) + String(chars[(end + suffix.count)...])
    }
}
