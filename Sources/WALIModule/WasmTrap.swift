#if canImport(Glibc)
import Glibc
#endif

/// A WebAssembly trap, whichever tier raised it: what happened, the message `wali` prints, and
/// the signal the native program's crash would raise (so a parent sees the same wait status).
public struct WasmTrap: Error, Equatable, CustomStringConvertible {
    public enum Kind: Equatable, CaseIterable {
        case unreachable
        case memoryOutOfBounds
        case integerDivideByZero
        case integerOverflow
        case invalidConversionToInteger
        case callStackExhausted
        case indirectCallTypeMismatch
        /// call_indirect past the end of the table.
        case undefinedElement
        /// call_indirect (or call_ref) to a null entry.
        case uninitializedElement
        case unalignedAtomic
        case nullReference
        /// table.get/set/copy/init/fill out of bounds.
        case tableOutOfBounds
        case uncaughtException
        /// A legacy `longjmp` to a `setjmp` whose function has returned.
        case longjmpToReturnedFunction
        /// A legacy `longjmp` with no `setjmp` left to land on.
        case longjmpOutOfEngine
        case outOfMemory
        /// Anything else an engine reports; `detail` says what.
        case other
    }

    public let kind: Kind
    /// The engine's own words, for `.other` (one line).
    public let detail: String?

    public init(_ kind: Kind, detail: String? = nil) {
        self.kind = kind
        self.detail = detail
    }

    public var message: String {
        switch kind {
        case .unreachable: return "unreachable"
        case .memoryOutOfBounds: return "out of bounds memory access"
        case .integerDivideByZero: return "integer divide by zero"
        case .integerOverflow: return "integer overflow"
        case .invalidConversionToInteger: return "invalid conversion to integer"
        case .callStackExhausted: return "call stack exhausted"
        case .indirectCallTypeMismatch: return "indirect call type mismatch"
        case .undefinedElement: return "out of bounds table access (undefined element)"
        case .uninitializedElement: return "indirect call to null element (uninitialized element)"
        case .unalignedAtomic: return "unaligned atomic"
        case .nullReference: return "null reference"
        case .tableOutOfBounds: return "out of bounds table access"
        case .uncaughtException: return "uncaught wasm exception"
        case .longjmpToReturnedFunction: return "longjmp to a setjmp whose function has returned"
        case .longjmpOutOfEngine: return "longjmp out of the engine"
        case .outOfMemory: return "out of memory"
        case .other: return detail ?? "trap"
        }
    }

    public var description: String { message }

    /// The signal the CPU (or the kernel) would raise for the native program's fault.
    public var signal: Int32 {
        switch kind {
        case .memoryOutOfBounds, .callStackExhausted, .longjmpToReturnedFunction: return SIGSEGV
        case .integerDivideByZero, .integerOverflow: return SIGFPE
        default: return SIGILL
        }
    }
}
