import XCTest
import WALILinux

/// The policy's own data: what `execve` passes to the next engine must come back unchanged, and
/// anything else must be refused; allow-list entries are exact numeric addresses.
final class SandboxPolicyTests: XCTestCase {
    func testSerializationRoundTrips() {
        var p = SandboxPolicy()
        p.directories = [.init(hostPath: "/srv/da,ta=x", guestPath: "/data", writable: true),
                         .init(hostPath: "/usr/share", guestPath: "/usr/share", writable: false)]
        p.network = .loopback
        p.connectAllow = ["127.0.0.1:80", "[::1]:8080"]
        p.bindAllow = ["127.0.0.1"]
        p.exec = .any
        p.maxMemoryBytes = 64 << 20
        p.maxThreads = 8
        p.maxProcesses = 4
        p.maxFileDescriptors = 64
        p.cpuTimeSeconds = 10
        p.auditOnly = true
        p.processTreeID = 12345
        XCTAssertEqual(SandboxPolicy(serialized: p.serialized()), p)
        XCTAssertEqual(SandboxPolicy(serialized: SandboxPolicy().serialized()), SandboxPolicy())
    }

    func testSerializationRefusesTampering() {
        let good = SandboxPolicy().serialized()
        for bad in [good + ",net=616c6c6c", good + ",bogus=00", good + ",threads=30", good + ",dir=2f",
                    good + ",as=2f", "net=zz", good + ",threads=2d31", good + ",fds=3"] {
            XCTAssertNil(SandboxPolicy(serialized: bad), bad)
        }
    }

    func testEndpointsAreExactAndNumeric() {
        XCTAssertEqual(NetworkEndpoint(parsing: "127.0.0.1:80"), NetworkEndpoint(address: [127, 0, 0, 1], port: 80))
        XCTAssertEqual(NetworkEndpoint(parsing: "10.1.2.3"), NetworkEndpoint(address: [10, 1, 2, 3], port: nil))
        XCTAssertEqual(NetworkEndpoint(parsing: "[::1]:8080")?.port, 8080)
        XCTAssertEqual(NetworkEndpoint(parsing: "::1")?.isLoopback, true)
        // An IPv4-mapped address is the IPv4 address.
        XCTAssertEqual(NetworkEndpoint(parsing: "::ffff:127.0.0.1"), NetworkEndpoint(address: [127, 0, 0, 1], port: nil))
        for bad in ["localhost", "127.0.0.1:", "127.0.0.1:99999", "[::1", "[::1]x", "1.2.3", "::1:80:", "", "[127.0.0.1]:80"] {
            XCTAssertNil(NetworkEndpoint(parsing: bad), bad)
        }
        let entry = NetworkEndpoint(parsing: "127.0.0.1:80")!
        XCTAssertTrue(entry.admits(NetworkEndpoint(address: [127, 0, 0, 1], port: 80)))
        XCTAssertFalse(entry.admits(NetworkEndpoint(address: [127, 0, 0, 1], port: 81)))
        XCTAssertFalse(entry.admits(NetworkEndpoint(address: [127, 0, 0, 2], port: 80)))
        XCTAssertTrue(NetworkEndpoint(parsing: "127.0.0.1")!.admits(NetworkEndpoint(address: [127, 0, 0, 1], port: 9)))
        XCTAssertFalse(NetworkEndpoint(address: [0, 0, 0, 0], port: 0).isLoopback)
        XCTAssertTrue(NetworkEndpoint(address: [127, 9, 9, 9], port: 0).isLoopback)
    }
}
