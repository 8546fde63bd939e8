import WALILinux
#if canImport(Glibc)
import Glibc
#endif

/// The compiler's child processes (the C compiler): posix_spawn with stdout and stderr sent to
/// files, and waiting for them. The one place the engine starts a host program for itself.
enum ChildProcess {
    /// Starts `argv` (looked up in PATH) with stdout and stderr written to the given files.
    static func spawn(_ argv: [String], stdoutPath: String, stderrPath: String) throws(CompileError) -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, stdoutPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, stderrPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        var cargs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { for p in cargs { free(p) } }
        // The C compiler finds its linker through PATH; an engine exec'd by a guest that cleared
        // its environment has none.
        var cenv: [UnsafeMutablePointer<CChar>?] = []
        if getenv("PATH") == nil {
            var p = environ
            while let entry = p.pointee {
                cenv.append(strdup(entry))
                p += 1
            }
            cenv.append(strdup("PATH=/usr/local/bin:/usr/bin:/bin"))
        }
        cenv.append(nil)
        defer { for p in cenv { free(p) } }
        var pid: pid_t = 0
        let rc = cenv.count > 1 ? posix_spawnp(&pid, argv[0], &actions, nil, &cargs, &cenv)
                                : posix_spawnp(&pid, argv[0], &actions, nil, &cargs, environ)
        guard rc == 0 else { throw .toolchain("cannot run \(argv[0]): \(String(cString: strerror(rc)))") }
        return pid
    }

    /// Waits for a child; its wait status (0: exited with status 0).
    static func wait(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno != EINTR { return -1 }
        }
        return status
    }

    /// Runs `argv` to its end; its stdout if it succeeded.
    static func output(_ argv: [String], scratchDirectory: String) throws(CompileError) -> String {
        let out = "\(scratchDirectory)/out.\(getpid())", err = "\(scratchDirectory)/err.\(getpid())"
        defer {
            unlink(out)
            unlink(err)
        }
        let pid = try spawn(argv, stdoutPath: out, stderrPath: err)
        let status = wait(pid)
        guard status == 0 else {
            throw .toolchain("\(argv.joined(separator: " ")) failed (status \(status)): \(CompilerDriver.readText(err))")
        }
        return CompilerDriver.readText(out)
    }
}
