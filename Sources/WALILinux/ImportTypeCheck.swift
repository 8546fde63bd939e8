/// A Wasm value type as an import's signature spells it, independent of any Wasm engine.
public enum WasmValueType: String, Equatable, Sendable {
    case i32, i64, f32, f64, v128
    /// Any reference type (no `wali` import takes or returns one).
    case ref
}

/// A function's Wasm type: parameters and results.
public struct WasmSignature: Equatable, Sendable, CustomStringConvertible {
    public let params: [WasmValueType]
    public let results: [WasmValueType]

    public init(_ params: [WasmValueType], _ results: [WasmValueType]) {
        self.params = params
        self.results = results
    }

    /// `(i32, i32) -> i64`, `() -> ()`, `(i32) -> (i32, i32)`.
    public var description: String {
        let p = "(" + params.map(\.rawValue).joined(separator: ", ") + ")"
        let r = results.count == 1 ? results[0].rawValue : "(" + results.map(\.rawValue).joined(separator: ", ") + ")"
        return p + " -> " + r
    }
}

/// Checks a `wali` import's declared type against the ABI (the expected type or one of the
/// variants real toolchains emit, from ABISignatures), at load on both tiers.
public enum ImportTypeCheck {
    /// The types the engine links `name` with; nil for an import it does not know (which links
    /// with any type and returns -ENOSYS).
    public static func accepted(name: String) -> [WasmSignature]? {
        if name.hasPrefix("SYS_"), let entry = SyscallTable.entry(named: name.dropFirst(4)) {
            return entry.signatures
        }
        return AuxImports.entry(named: name)?.signatures
    }

    /// nil when `wali.<name>` may be linked with this type; otherwise the one-line reason, e.g.
    /// `import wali.SYS_getpid has type (i32) -> i32, expected () -> i64`.
    public static func mismatch(name: String, params: [WasmValueType], results: [WasmValueType]) -> String? {
        guard let accepted = accepted(name: name), !accepted.isEmpty else { return nil }
        let declared = WasmSignature(params, results)
        if accepted.contains(declared) { return nil }
        let expected = accepted.map(\.description).joined(separator: " or ")
        return "import wali.\(name) has type \(declared), expected \(expected)"
    }
}
