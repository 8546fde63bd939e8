import XCTest
import WALILinux
import WALIInterpreter
import WALIModule

/// Import types are checked against the ABI at load: the expected type and the accepted variants
/// link, anything else is refused with one line naming the import and both types.
final class ImportTypeCheckTests: XCTestCase {
    /// A WALI-shaped module importing `wali.<name>` with the given Wasm type (0x7F i32, 0x7E i64,
    /// 0x7D f32, 0x7C f64) and calling nothing: type 0 is _start's () -> (), type 1 the import's.
    static func module(importing name: String, params: [UInt8], results: [UInt8]) -> [UInt8] {
        var b: [UInt8] = [0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]
        func section(_ id: UInt8, _ content: [UInt8]) { b += [id, UInt8(content.count)] + content }
        section(1, [2, 0x60, 0, 0, 0x60, UInt8(params.count)] + params + [UInt8(results.count)] + results)
        section(2, [1, 4] + Array("wali".utf8) + [UInt8(name.utf8.count)] + Array(name.utf8) + [0, 1])
        section(3, [1, 0])
        section(5, [1, 0x03, 0x01, 0x02])
        section(7, [1, 6] + Array("_start".utf8) + [0, 1])
        section(10, [1, 2, 0, 0x0b])
        return b
    }

    func testTheABITypeLoads() {
        XCTAssertNil(loadError(Self.module(importing: "SYS_getpid", params: [], results: [0x7E])))
        XCTAssertNil(loadError(Self.module(importing: "SYS_lseek", params: [0x7F, 0x7E, 0x7F], results: [0x7E])))
        XCTAssertNil(loadError(Self.module(importing: "__proc_exit", params: [0x7F], results: [])))
        // Spec aliases have their syscall's type.
        XCTAssertNil(loadError(Self.module(importing: "SYS_getdents", params: [0x7F, 0x7F, 0x7F], results: [0x7E])))
    }

    func testAWrongTypeIsRefusedNamingBothTypes() {
        XCTAssertEqual(loadError(Self.module(importing: "SYS_getpid", params: [0x7F], results: [0x7F])),
                       "m.wasm: import wali.SYS_getpid has type (i32) -> i32, expected () -> i64")
        // lseek's offset is an i64 (off_t): an i32 there is refused.
        XCTAssertEqual(loadError(Self.module(importing: "SYS_lseek", params: [0x7F, 0x7F, 0x7F], results: [0x7E])),
                       "m.wasm: import wali.SYS_lseek has type (i32, i32, i32) -> i64, expected (i32, i64, i32) -> i64")
        XCTAssertEqual(loadError(Self.module(importing: "__cl_get_argc", params: [], results: [0x7E])),
                       "m.wasm: import wali.__cl_get_argc has type () -> i64, expected () -> i32")
        XCTAssertEqual(loadError(Self.module(importing: "SYS_read", params: [0x7F, 0x7F, 0x7F], results: [0x7C])),
                       "m.wasm: import wali.SYS_read has type (i32, i32, i32) -> f64, expected (i32, i32, i32) -> i64")
    }

    func testAcceptedVariantsLoadAndAreListedWhenRefusing() {
        // SYS_exit: (i32) -> i64 per the spec, (i32) -> () as reference-built modules declare it.
        XCTAssertNil(loadError(Self.module(importing: "SYS_exit", params: [0x7F], results: [0x7E])))
        XCTAssertNil(loadError(Self.module(importing: "SYS_exit", params: [0x7F], results: [])))
        XCTAssertEqual(loadError(Self.module(importing: "SYS_exit", params: [0x7E], results: [0x7E])),
                       "m.wasm: import wali.SYS_exit has type (i64) -> i64, expected (i32) -> i64 or (i32) -> ()")
    }

    func testUnknownImportsLinkWhateverTheirType() {
        // Not in the ABI: linked, and a call returns -ENOSYS.
        XCTAssertNil(loadError(Self.module(importing: "SYS_frobnicate", params: [0x7C], results: [0x7D])))
        XCTAssertNil(loadError(Self.module(importing: "SYS_mincore", params: [0x7F], results: [])))
        XCTAssertNil(ImportTypeCheck.mismatch(name: "not_a_wali_call", params: [.f32], results: [.f64]))
    }

    /// Every row of the hand-written tables has its types in the generated ABI data, and the
    /// generated data has no syscall the table lacks.
    func testEveryTableRowHasABITypes() {
        for e in SyscallTable.entries {
            XCTAssertFalse(e.signatures.isEmpty, "SYS_\(e.name) has no ABI types (run scripts/generate)")
        }
        for e in AuxImports.entries {
            XCTAssertFalse(e.signatures.isEmpty, "\(e.name) has no ABI types (run scripts/generate)")
        }
        for name in ABISignatures.byImport.keys {
            XCTAssertNotNil(ImportTypeCheck.accepted(name: name), "\(name) is in the ABI data but not in SyscallTable/AuxImports")
        }
        XCTAssertEqual(ABISignatures.byImport.count,
                       SyscallTable.entries.count + SyscallTable.aliases.count + AuxImports.entries.count)
    }
}
