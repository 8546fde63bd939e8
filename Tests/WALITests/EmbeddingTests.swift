import Foundation
import XCTest
import WALI

/// The embedding API runs a module in a child process, with its streams where the caller says,
/// and reports how it ended; a bad module is a thrown one-line error.
final class EmbeddingTests: XCTestCase {
    /// `_start` writes "hello\nworld\n" to stdout and "oops\n" to stderr, then exit_group(3);
    /// with `trap`, its body is `unreachable`.
    static func module(trap: Bool = false) -> [UInt8] {
        var m: [UInt8] = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]
        func section(_ id: UInt8, _ content: [UInt8]) { m += [id, UInt8(content.count)] + content }
        func name(_ s: String) -> [UInt8] { [UInt8(s.utf8.count)] + Array(s.utf8) }
        // Types: 0 (i32 i32 i32) -> i64 (write), 1 () -> () (_start), 2 (i32) -> i64 (exit_group).
        section(1, [3, 0x60, 3, 0x7f, 0x7f, 0x7f, 1, 0x7e, 0x60, 0, 0, 0x60, 1, 0x7f, 1, 0x7e])
        section(2, [2] + name("wali") + name("SYS_write") + [0x00, 0] + name("wali") + name("SYS_exit_group") + [0x00, 2])
        section(3, [1, 1])
        section(5, [1, 0x01, 1, 1])
        section(7, [1] + name("_start") + [0x00, 2])
        let write: [UInt8] = [0x41, 1, 0x41, 16, 0x41, 12, 0x10, 0, 0x1a,
                              0x41, 2, 0x41, 32, 0x41, 5, 0x10, 0, 0x1a,
                              0x41, 3, 0x10, 1, 0x1a]
        let body: [UInt8] = [0] + (trap ? [0x00] : write) + [0x0b]
        section(10, [1, UInt8(body.count)] + body)
        section(11, [2, 0, 0x41, 16, 0x0b, 12] + Array("hello\nworld\n".utf8) + [0, 0x41, 32, 0x0b, 5] + Array("oops\n".utf8))
        return m
    }

    func write(_ bytes: [UInt8]) throws -> String {
        let path = NSTemporaryDirectory() + "wali-embed-\(getpid())-\(bytes.count).wasm"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return path
    }

    func testCapturesStreamsAndExitStatus() throws {
        let path = try write(Self.module())
        let result = try WALIEngine.run(GuestProgram(module: path, tier: .interp), stdout: .capture, stderr: .capture)
        XCTAssertEqual(result.status, .exited(3))
        XCTAssertEqual(String(decoding: result.stdout, as: UTF8.self), "hello\nworld\n")
        XCTAssertEqual(String(decoding: result.stderr, as: UTF8.self), "oops\n")
    }

    func testStreamToAFileDescriptorAndNull() throws {
        let path = try write(Self.module())
        var fds: [Int32] = [0, 0]
        XCTAssertEqual(pipe(&fds), 0)
        let result = try WALIEngine.run(GuestProgram(module: path, tier: .interp),
                                        stdout: .fileDescriptor(fds[1]), stderr: .null)
        close(fds[1])
        var buffer = [UInt8](repeating: 0, count: 64)
        let n = read(fds[0], &buffer, buffer.count)
        close(fds[0])
        XCTAssertEqual(result.status, .exited(3))
        XCTAssertEqual(String(decoding: buffer[..<max(n, 0)], as: UTF8.self), "hello\nworld\n")
        XCTAssertEqual(result.stdout, [])
    }

    func testATrapEndsTheGuestWithTheNativeSignal() throws {
        let path = try write(Self.module(trap: true))
        let result = try WALIEngine.run(GuestProgram(module: path, tier: .interp), stdout: .capture, stderr: .capture)
        XCTAssertEqual(result.status, .signaled(SIGILL))
        XCTAssertTrue(String(decoding: result.stderr, as: UTF8.self).contains("trap: unreachable"),
                      String(decoding: result.stderr, as: UTF8.self))
    }

    func testABadModuleIsAThrownOneLineError() throws {
        let path = try write(Array("not wasm at all".utf8))
        XCTAssertThrowsError(try WALIEngine.run(GuestProgram(module: path))) { error in
            guard let error = error as? WALIError else { return XCTFail("\(error)") }
            XCTAssertEqual(error.exitStatus, 126)
            XCTAssertFalse(error.message.contains("\n"))
            XCTAssertTrue(error.message.contains("not a WebAssembly module"), error.message)
        }
        XCTAssertThrowsError(try WALIEngine.run(GuestProgram(module: "/nonexistent/x.wasm"))) { error in
            XCTAssertEqual((error as? WALIError)?.exitStatus, 127)
        }
    }
}
