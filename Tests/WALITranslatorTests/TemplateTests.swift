import CWALINativeRuntime
import Foundation
import XCTest

/// The C templates (Sources/CWALINativeRuntime/templates) are real C: each compiles on its own with
/// clang, warnings as errors, after only the ABI definitions every generated file starts with;
/// and the engine carries them exactly as they are in the repository.
final class TemplateTests: XCTestCase {
    static let templateDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/CWALINativeRuntime/templates").path

    static let templates: [(file: String, embedded: String)] = [
        ("helpers.h", String(cString: wali_rt_template_helpers())),
        ("simd.h", String(cString: wali_rt_template_simd())),
        ("table_grow.c", String(cString: wali_rt_template_table_grow())),
    ]

    func testEmbeddedTemplatesAreTheFiles() throws {
        for (file, embedded) in Self.templates {
            let text = try String(contentsOfFile: Self.templateDirectory + "/" + file, encoding: .utf8)
            XCTAssertEqual(embedded, text, file)
        }
    }

    func testEachTemplateCompilesOnItsOwn() throws {
        let dir = NSTemporaryDirectory() + "wali-templates-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let prelude = """
            #include <stdint.h>
            #include <stdlib.h>
            #include <string.h>
            #include <setjmp.h>
            \(String(cString: wali_rt_abi_source()))
            #define WALI_FUEL \(WALI_FUEL)u
            #define WALI_FN static

            """
        let clang = ["/usr/bin/clang-22", "/usr/bin/clang"].first { FileManager.default.isExecutableFile(atPath: $0) }
        XCTAssertNotNil(clang, "clang is needed to compile the templates")
        guard let clang else { return }
        for (file, _) in Self.templates {
            // simd.h follows helpers.h in generated files; table_grow.c needs nothing else.
            let includes = file == "simd.h" ? ["helpers.h", "simd.h"] : [file]
            let source = dir + "/\(file).check.c"
            try (prelude + includes.map { "#include \"\(Self.templateDirectory)/\($0)\"\n" }.joined())
                .write(toFile: source, atomically: true, encoding: .utf8)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: clang)
            process.arguments = ["-std=gnu11", "-O1", "-fPIC", "-Wall", "-Wextra", "-Werror", "-Wno-unused-function",
                                 "-Wno-unused-parameter", "-c", source, "-o", dir + "/\(file).o"]
            let err = Pipe()
            process.standardError = err
            try process.run()
            let messages = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            XCTAssertEqual(process.terminationStatus, 0, "\(file):\n\(messages)")
        }
    }
}
