import Foundation
import XCTest
import WALIModule

/// The cache index (file identity -> content digest) serves only an unchanged file.
final class ModuleIndexTests: XCTestCase {
    var dir = ""

    override func setUp() {
        dir = NSTemporaryDirectory() + "wali-index-\(getpid())-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        setenv("WALI_CACHE_DIR", dir + "/cache", 1)
    }

    override func tearDown() {
        unsetenv("WALI_CACHE_DIR")
        try? FileManager.default.removeItem(atPath: dir)
    }

    func write(_ path: String, _ bytes: [UInt8]) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    /// Records `path` as if it had been read long after its last change.
    func recordSettled(_ path: String) throws -> ModuleImage {
        let image = try ModuleImage.load(path: path)
        ModuleIndex.record(image, identity: try XCTUnwrap(FileIdentity.of(path: path)))
        return image
    }

    func testUnchangedFileIsServedWithItsDigestAndMemory() throws {
        let path = dir + "/m.wasm"
        let bytes = ModuleLoadingTests.module()
        try write(path, bytes)
        let image = try recordSettled(path)
        let entry = try XCTUnwrap(ModuleIndex.lookup(path: path))
        XCTAssertEqual(entry.digest, image.contentDigest)
        XCTAssertEqual(entry.digest, EngineCache.digest([bytes]))
        XCTAssertEqual(entry.memory, image.memory)
        let indexed = ModuleImage(indexedPath: path, entry: entry)
        XCTAssertEqual(indexed.contentDigest, image.contentDigest)
        XCTAssertEqual(indexed.memory, image.memory)
        // The compiled tier binds imports and the environment's format from these.
        XCTAssertEqual(indexed.interface, image.interface)
        XCTAssertEqual(indexed.readsNULEnvironmentRecords, image.readsNULEnvironmentRecords)
    }

    func testFileChangedInPlaceWithItsTimesPutBackMisses() throws {
        let path = dir + "/m.wasm"
        var bytes = ModuleLoadingTests.module()
        try write(path, bytes)
        _ = try recordSettled(path)
        var st = stat()
        XCTAssertEqual(stat(path, &st), 0)
        // Same size, other bytes, the modification time restored: only ctime tells.
        bytes[bytes.count - 2] = 0x01
        let fd = open(path, O_WRONLY)
        XCTAssertEqual(bytes.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }, bytes.count)
        close(fd)
        var times = [st.st_atim, st.st_mtim]
        XCTAssertEqual(utimensat(AT_FDCWD, path, &times, 0), 0)
        XCTAssertNil(ModuleIndex.lookup(path: path))
    }

    func testReplacedFileMisses() throws {
        let path = dir + "/m.wasm"
        try write(path, ModuleLoadingTests.module())
        _ = try recordSettled(path)
        try write(dir + "/new.wasm", ModuleLoadingTests.module(memory: [0x03, 0x02, 0x03]))
        XCTAssertEqual(rename(dir + "/new.wasm", path), 0)
        XCTAssertNil(ModuleIndex.lookup(path: path))
    }

    func testRecentFileIsNotSettled() throws {
        let path = dir + "/m.wasm"
        try write(path, ModuleLoadingTests.module())
        // Just written: a change within the same clock tick could keep its times.
        XCTAssertNil(try ModuleImage.loadRecordingIdentity(path: path).identity)
        let identity = try XCTUnwrap(FileIdentity.of(path: path))
        XCTAssertFalse(identity.isSettled(readStart: FileIdentity.now()))
        var later = FileIdentity.now()
        later.tv_sec += 2
        XCTAssertTrue(identity.isSettled(readStart: later))
    }

    func testDamagedIndexFileMisses() throws {
        let path = dir + "/m.wasm"
        try write(path, ModuleLoadingTests.module())
        _ = try recordSettled(path)
        let identity = try XCTUnwrap(FileIdentity.of(path: path))
        let file = dir + "/cache/index/\(identity.device)-\(identity.inode)"
        let text = try String(contentsOfFile: file, encoding: .utf8)
        XCTAssertTrue(text.hasPrefix("wali-index-3 "), text)
        for damaged in ["", "wali-index-3\n", String(text.dropLast(5)), text.replacingOccurrences(of: "wali-index-3", with: "wali-index-0"),
                        text.replacingOccurrences(of: "casts-", with: "casts-x")] {
            try damaged.write(toFile: file, atomically: true, encoding: .utf8)
            XCTAssertNil(ModuleIndex.lookup(path: path), damaged)
        }
    }
}
