import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif

/// `wali binfmt install|uninstall|status`: registers the engine with the kernel's binfmt_misc so
/// that a WALI module with execute permission runs directly (`./prog.wasm args`). The kernel
/// then runs `wali /path/to/prog.wasm args`, which `wali` treats as `wali run` (see
/// `Binfmt.commandLine`).
struct Binfmt: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "binfmt",
        abstract: "Register wali with binfmt_misc so WALI modules run directly (root).",
        discussion: """
            install: registers the entry '\(Binfmt.entryName)' (magic \\0asm\\1\\0\\0\\0, this wali
            binary as interpreter, flags P: the program's own argv[0] is passed on, and F: the
            binary is opened now, so it works in containers and chroots too). uninstall: removes
            it. status: shows it.
            """)

    enum Action: String, ExpressibleByArgument, CaseIterable { case install, uninstall, status }

    @Argument(help: "install, uninstall or status")
    var action: Action

    static let entryName = "wali"
    static let directory = "/proc/sys/fs/binfmt_misc"
    static var entryPath: String { directory + "/" + entryName }

    mutating func run() throws {
        switch action {
        case .status: try status()
        case .install: try install()
        case .uninstall: try uninstall()
        }
    }

    func status() throws {
        guard access(Binfmt.directory + "/register", F_OK) == 0 else {
            print("binfmt_misc is not mounted at \(Binfmt.directory) (as root: mount -t binfmt_misc binfmt_misc \(Binfmt.directory))")
            throw ExitCode(3)
        }
        guard let text = String(contentsOfFileAtPath: Binfmt.entryPath), !text.isEmpty else {
            print("not installed")
            throw ExitCode(1)
        }
        print("installed: \(Binfmt.entryPath)")
        for line in text.split(separator: "\n") { print("  " + line) }
    }

    func install() throws {
        try ensureMounted()
        guard let interpreter = Binfmt.engineExecutable() else {
            complain("binfmt: cannot resolve the wali executable (/proc/self/exe)")
            throw ExitCode(1)
        }
        guard !interpreter.contains(":") else {
            complain("binfmt: the interpreter path '\(interpreter)' contains ':', which binfmt_misc cannot take")
            throw ExitCode(1)
        }
        if access(Binfmt.entryPath, F_OK) == 0 { try writeControl(Binfmt.entryPath, "-1") }
        let rule = ":\(Binfmt.entryName):M::\\x00asm\\x01\\x00\\x00\\x00::\(interpreter):PF"
        try writeControl(Binfmt.directory + "/register", rule)
        print("installed: WALI modules with execute permission now run with \(interpreter)")
    }

    func uninstall() throws {
        guard access(Binfmt.entryPath, F_OK) == 0 else {
            print("not installed")
            return
        }
        try writeControl(Binfmt.entryPath, "-1")
        print("uninstalled")
    }

    func ensureMounted() throws {
        if access(Binfmt.directory + "/register", F_OK) == 0 { return }
        if mount("binfmt_misc", Binfmt.directory, "binfmt_misc", 0, nil) != 0 {
            complain("binfmt: binfmt_misc is not mounted and mounting it failed: \(String(cString: strerror(errno))) (are you root?)")
            throw ExitCode(1)
        }
    }

    func writeControl(_ path: String, _ text: String) throws {
        let fd = open(path, O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else {
            complain("binfmt: cannot open \(path): \(String(cString: strerror(errno)))\(errno == EACCES || errno == EPERM ? " (needs root)" : "")")
            throw ExitCode(1)
        }
        defer { close(fd) }
        let n = text.withCString { write(fd, $0, strlen($0)) }
        guard n == text.utf8.count else {
            complain("binfmt: writing \(path) failed: \(String(cString: strerror(errno)))")
            throw ExitCode(1)
        }
    }

    static func engineExecutable() -> String? {
        var buf = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let n = readlink("/proc/self/exe", &buf, buf.count - 1)
        guard n > 0 else { return nil }
        buf[n] = 0
        return String(cString: buf)
    }

    /// `wali FILE args...` (as binfmt_misc runs it, and as a shorthand) means `wali run FILE
    /// args...`: when the first argument is not a subcommand or an option but an existing file.
    /// binfmt_misc with flag P runs `wali FILE ARGV0 args...`: the kernel started us for an
    /// execve of FILE itself (AT_EXECFN is FILE) and our entry has P, so ARGV0 is the guest's.
    static func commandLine(_ arguments: [String], executedFile: String? = executedFileName(),
                            preservesArgv0: () -> Bool = { registeredFlags().contains("P") }) -> [String] {
        // `run` first: every `wali run` would otherwise build the command's whole configuration.
        guard let first = arguments.first, first != "run", !first.hasPrefix("-"),
              !WALICommand.configuration.subcommands.contains(where: { $0._commandName == first }) else { return arguments }
        var st = stat()
        guard stat(first, &st) == 0, st.st_mode & S_IFMT == S_IFREG else { return arguments }
        if executedFile == first, arguments.count >= 2, preservesArgv0() {
            return ["run", "--argv0", arguments[1], "--", first] + arguments.dropFirst(2)
        }
        return ["run", "--"] + arguments
    }

    /// The file name the kernel's execve was given (AT_EXECFN): with binfmt_misc, the module.
    static func executedFileName() -> String? {
        let p = auxiliaryVectorEntry(31 /* AT_EXECFN */)
        guard p != 0, let s = UnsafePointer<CChar>(bitPattern: UInt(p)) else { return nil }
        return String(cString: s)
    }

    /// The flags of our binfmt_misc entry ("" when it is not registered).
    static func registeredFlags() -> String {
        guard let text = String(contentsOfFileAtPath: entryPath) else { return "" }
        for line in text.split(separator: "\n") where line.hasPrefix("flags: ") { return String(line.dropFirst(7)) }
        return ""
    }
}

/// glibc's getauxval (sys/auxv.h is not in the Glibc module).
@_silgen_name("getauxval") func auxiliaryVectorEntry(_ type: UInt) -> UInt
