import XCTest
import WALILinux
import WALIModule
import WALIInterpreter

/// What loading a module from bytes says: nil when it loads and links on the interpreter,
/// else the one-line refusal (always exit status 126 for bytes).
func loadError(_ bytes: [UInt8], file: StaticString = #filePath, line: UInt = #line) -> String? {
    do {
        let image = try ModuleImage(path: "m.wasm", bytes: bytes)
        _ = try Interpreter(image: image, options: ProcessOptions(arguments: ["m"], environment: []))
        return nil
    } catch let e as LoadError {
        XCTAssertEqual(e.exitStatus, 126, file: file, line: line)
        return e.description
    } catch {
        return "unexpected: \(error)"
    }
}
