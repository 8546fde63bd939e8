import WALI
#if canImport(Glibc)
import Glibc
#endif

/// wali-embed MODULE [ARGS...]: the guest's stdout comes back to Swift, line by line.
let arguments = Array(CommandLine.arguments.dropFirst())
guard let module = arguments.first else {
    fputs("usage: wali-embed MODULE [ARGS...]\n", stderr)
    exit(2)
}
do {
    let result = try WALIEngine.run(GuestProgram(module: module, arguments: Array(arguments.dropFirst())),
                                    stdout: .capture)
    let text = String(decoding: result.stdout, as: UTF8.self)
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    if text.isEmpty || text.hasSuffix("\n") { lines.removeLast() }
    for line in lines { print("guest: \(line)") }
    switch result.status {
    case .exited(let status):
        exit(status)
    case .signaled(let signal):
        fputs("wali-embed: the guest was killed by signal \(signal)\n", stderr)
        exit(128 + signal)
    }
} catch let error as WALIError {
    fputs("wali-embed: \(error.message)\n", stderr)
    exit(error.exitStatus)
}
