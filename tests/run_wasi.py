#!/usr/bin/env python3
"""WASI suite: every tests/wasi/*.c is built for wasm32-wasip1 with Debian's wasi-libc (clang-22,
sysroot /usr) and run under `wali run` on both tiers. Each case (CASES below: arguments,
environment, preopens, standard input) is checked against the results the WASI preview 1
specification gives, written down in tests/wasi/expected/CASE.out (standard output) with the exit
status; when the PyPI `wasmtime` package is installed, every case is also run on wasmtime as a
peer, which must agree. There is no native WASI to compare with.

Preopens are `--dir HOST::GUEST` / `--ro-dir HOST::GUEST` on a fresh scratch directory per run,
with host-made files and symlinks (for the escape checks) laid out by the case's setup.
Prints one line per case and tier and a closing `wasi: N passed, N failed` line; exits 1 on any
failure. `--update` rewrites the expected files from the interpreter tier (review the diff!)."""
import argparse, os, shutil, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SRC = os.path.join(ROOT, "tests", "wasi")
OUT = os.path.join(ROOT, "tests", "out", "wasi")
WALI = os.environ.get("WALI", os.path.join(ROOT, ".build", "release", "wali"))
CC = os.environ.get("WASI_CC", "clang-22")
CFLAGS = ["--target=wasm32-wasi", "-Wno-deprecated", "--sysroot=/usr", "-O1", "-Wall", "-Werror"]
TIERS = ["interp", "compiled"]


def setup_escape(scratch):
    os.makedirs(os.path.join(scratch, "sandbox"))
    os.symlink("/etc", os.path.join(scratch, "sandbox", "hostlink"))
    os.symlink("../..", os.path.join(scratch, "sandbox", "hostrel"))
    os.makedirs(os.path.join(scratch, "ro"))
    with open(os.path.join(scratch, "ro", "file.txt"), "w") as f:
        f.write("read-only\n")
    with open(os.path.join(scratch, "x"), "w") as f:
        f.write("outside\n")


def setup_sandbox(scratch):
    os.makedirs(os.path.join(scratch, "sandbox"))
    os.makedirs(os.path.join(scratch, "ro"))


# name: (program, guest args, env, [(host dir, guest dir, writable)], stdin, exit status, setup)
CASES = {
    "args_env": ("args_env", ["5", "two words", ""], ["GREETING=hello there", "EMPTY="], [], b"", 5, None),
    "args_env_none": ("args_env", [], [], [], b"", 0, None),
    "exit_deep": ("exit_codes", ["deep", "42"], [], [], b"", 42, None),
    "exit_raw": ("exit_codes", ["raw", "9"], [], [], b"", 9, None),
    "exit_zero": ("exit_codes", [], [], [], b"", 0, None),
    "stdio": ("stdio", [], [], [], b"hello\nwasi world\n", 0, None),
    "clocks_random": ("clocks_random", [], [], [], b"", 0, None),
    "files": ("files", [], [], [("sandbox", "/sandbox", True)], b"", 0, setup_sandbox),
    "escape": ("escape", [], [], [("sandbox", "/sandbox", True), ("ro", "/ro", False)], b"", 0, setup_escape),
    "descriptors": ("descriptors", [], [], [("sandbox", "/sandbox", True), ("ro", "/ro", False)], b"", 0, setup_sandbox),
    "no_preopens": ("escape", [], [], [], b"", 0, None),
    "poll_stdin": ("poll_stdin", [], [], [], b"twelve bytes", 0, None),
}


# Where wasmtime (51, preview 1 through its preview 2 adapter) answers differently from the WASI
# preview 1 specification, or leaves a call out: lines starting with these labels are not compared
# with the peer (they are still compared with the expected output).
PEER_DIFFERENCES = {
    "clocks_random": {
        "process cputime readable": "wasmtime has no CPU-time clocks (errno BADF)",
        "clock_time_get(THREAD_CPUTIME)": "wasmtime has no CPU-time clocks (errno BADF)",
    },
    "files": {
        "size after fallocate": "wasmtime's fd_allocate does not extend the file (POSIX and WASI: it does)",
        "through l:": "the size fd_allocate gave (above)",
        "writev =": "wasmtime writes only the first iovec (a short write, which WASI allows)",
        "size=": "the short write above",
    },
    "descriptors": {
        "set_rights": "wasmtime no longer keeps rights (NOTSUP)",
        "write without FD_WRITE": "wasmtime no longer keeps rights",
        "path_open absolute": "wasmtime gives PERM where the spec's capability error is NOTCAPABLE",
        "path_filestat_get '..'": "wasmtime gives PERM where the spec's capability error is NOTCAPABLE",
        "proc_raise(0)": "wasmtime does not implement proc_raise (NOTSUP)",
    },
}
PEER_DIFFERENCES["poll_stdin"] = {
    "errno=0 events=1 userdata=1 type=1 error=0 nbytes=": "wasmtime says 1 byte is ready on a file; WASI: the bytes available (12)",
}
# wasmtime reports every capability failure as EPERM; the spec's errno is ENOTCAPABLE, and a
# read-only preopen here gives EROFS (as `--ro-dir` does for WALI modules). The same calls must fail.
PEER_ERRNO_EQUIVALENT = {"EPERM": {"ENOTCAPABLE", "EROFS"}}


def peer_agrees(name, ours, peer):
    skipped = PEER_DIFFERENCES.get(name, {})
    def lines(text):
        return [l for l in text.decode(errors="replace").split("\n") if not any(l.startswith(k) for k in skipped)]
    a, b = lines(ours), lines(peer)
    if len(a) != len(b):
        return False
    for x, y in zip(a, b):
        if x == y:
            continue
        xl, _, xr = x.rpartition(": ")
        yl, _, yr = y.rpartition(": ")
        if not (xl == yl and xr in PEER_ERRNO_EQUIVALENT.get(yr, ())):
            return False
    return True


def build(program):
    src = os.path.join(SRC, program + ".c")
    out = os.path.join(OUT, program + ".wasm")
    if not os.path.exists(out) or os.path.getmtime(out) < max(os.path.getmtime(src), os.path.getmtime(os.path.join(SRC, "common.h"))):
        subprocess.run([CC] + CFLAGS + [src, "-o", out], check=True)
    return out


def run_wali(module, tier, case, scratch):
    program, args, env, dirs, stdin, _, _ = case
    cmd = [WALI, "run", "--tier", tier]
    for host, guest, writable in dirs:
        cmd += ["--dir" if writable else "--ro-dir", os.path.join(scratch, host) + "::" + guest]
    for kv in env:
        cmd += ["--env", kv]
    # A fixed host environment, which the WASI guest must not see (args_env checks); the
    # engine's cache settings pass through.
    env = {"PATH": "/usr/bin:/bin", "HOME": os.environ.get("HOME", "/root"), "LANG": "C"}
    env.update({k: v for k, v in os.environ.items() if k in ("WALI_CACHE_DIR", "XDG_CACHE_HOME", "WALI_CC")})
    p = subprocess.run(cmd + [module] + args, input=stdin, capture_output=True, timeout=300, env=env)
    return p.returncode, p.stdout, p.stderr


def run_wasmtime(module, case, scratch):
    """The same case on wasmtime (PyPI), or None when it is not installed."""
    try:
        import wasmtime
    except ImportError:
        return None
    program, args, env, dirs, stdin, _, _ = case
    engine = wasmtime.Engine()
    store = wasmtime.Store(engine)
    linker = wasmtime.Linker(engine)
    linker.define_wasi()
    config = wasmtime.WasiConfig()
    config.argv = [module] + args
    config.env = [tuple(kv.split("=", 1)) for kv in env]
    for host, guest, writable in dirs:
        config.preopen_dir(os.path.join(scratch, host), guest, writable)
    files = {n: os.path.join(scratch, "peer." + n) for n in ("stdin", "stdout", "stderr")}
    with open(files["stdin"], "wb") as f:
        f.write(stdin)
    config.stdin_file, config.stdout_file, config.stderr_file = files["stdin"], files["stdout"], files["stderr"]
    store.set_wasi(config)
    instance = linker.instantiate(store, wasmtime.Module.from_file(engine, module))
    status = 0
    try:
        instance.exports(store)["_start"](store)
    except wasmtime.ExitTrap as e:
        status = e.code
    with open(files["stdout"], "rb") as f:
        out = f.read()
    for path in files.values():
        os.unlink(path)
    return status, out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--tier", choices=TIERS, action="append", help="only this tier (repeatable; default both)")
    ap.add_argument("--update", action="store_true", help="rewrite tests/wasi/expected from the interpreter tier")
    ap.add_argument("cases", nargs="*", help="only these cases")
    opts = ap.parse_args()
    os.makedirs(OUT, exist_ok=True)
    passed = failed = 0
    for name, case in CASES.items():
        if opts.cases and name not in opts.cases:
            continue
        module = build(case[0])
        expected_path = os.path.join(SRC, "expected", name + ".out")
        peer_checked = False
        for tier in opts.tier or TIERS:
            scratch = tempfile.mkdtemp(prefix="wali-wasi-")
            try:
                if case[6]:
                    case[6](scratch)
                status, out, err = run_wali(module, tier, case, scratch)
                problems = []
                if opts.update and tier == "interp":
                    with open(expected_path, "wb") as f:
                        f.write(out)
                with open(expected_path, "rb") as f:
                    expected = f.read()
                if status != case[5]:
                    problems.append(f"exit status {status}, expected {case[5]}")
                if out != expected:
                    problems.append("stdout differs from " + os.path.relpath(expected_path, ROOT) + ":\n" + out.decode(errors="replace"))
                if not peer_checked:
                    shutil.rmtree(scratch)
                    os.makedirs(scratch)
                    if case[6]:
                        case[6](scratch)
                    peer = run_wasmtime(module, case, scratch)
                    peer_checked = True
                    if peer is not None and (peer[0] != case[5] or not peer_agrees(name, expected, peer[1])):
                        problems.append(f"wasmtime (peer) disagrees: exit {peer[0]}, stdout:\n" + peer[1].decode(errors="replace"))
                if name == "stdio" and err != b"read 17 bytes\n":
                    problems.append("stderr: " + err.decode(errors="replace"))
            finally:
                shutil.rmtree(scratch, ignore_errors=True)
            if problems:
                failed += 1
                print(f"FAIL {name} [{tier}]: " + "\n  ".join(problems) + ("\n  wali stderr: " + err.decode(errors="replace") if err and name != "stdio" else ""))
            else:
                passed += 1
                print(f"ok   {name} [{tier}]")
    print(f"wasi: {passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
