#!/usr/bin/env python3
"""Differential conformance suite: every tests/conformance/*.c is built for WALI (freestanding,
clang-22 + wasm-ld-22, calling the `wali` imports directly) and natively (host cc, syscall(2)),
run both ways in fresh scratch directories, and the exit status and stdout are compared.

Directives in a test's leading comments:
  // ARGS: a b c          arguments for both runs
  // STDIN: text          bytes on standard input (\\n escapes allowed)
  // TIMEOUT: 20          seconds per run (default 20)
  // NATIVE-ONLY-STDERR   (stderr is never compared)
  // INTERP-EXITS: SIGABRT  on the interpreter tier, the program must die of this signal with a
                          message (a documented limit) instead of matching native
An ARGS word `@OUT/name` becomes the built artifact of test `name` for each side
(tests/out/conformance/name.wasm under wali, name.native natively), built first if needed:
tests that exec a sibling test program find it this way (their cwd is a scratch directory).
Prints one line per test and a closing `N passed, N failed` line; exits 1 on any failure."""
import argparse, collections, os, re, shutil, signal, subprocess, sys, tempfile, threading
from difftest import close, mismatch, directives, newer, run, run_all

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SRC = os.path.join(ROOT, "tests", "conformance")
OUT = os.path.join(ROOT, "tests", "out", "conformance")
WALI = os.environ.get("WALI", os.path.join(ROOT, ".build", "release", "wali"))
CLANG = os.environ.get("WALI_CLANG", "clang-22")
WASM_FLAGS = ["--target=wasm32-unknown-linux-muslwali", "-O1", "-nostdlib", "-ffreestanding",
              "-matomics", "-mbulk-memory", "-Wl,--shared-memory", "-Wl,--max-memory=2147483648",
              "-Wl,--no-entry", "-Wl,--export=_start", "-Wl,--export-table", "-Wl,--growable-table"]
NATIVE_FLAGS = ["-O1", "-pthread"]


_build_locks = collections.defaultdict(threading.Lock)


def build(name):
    # A test may also be built as another test's @OUT/ dependency: one build at a time per name.
    with _build_locks[name]:
        return build_unlocked(name)


def out_args(args, side):
    """Substitutes `@OUT/name` words with the artifact of test `name` for `side` (wasm/native)."""
    result = []
    for a in args:
        if a.startswith("@OUT/"):
            dep = a[len("@OUT/"):]
            wasm, native, err = build(dep)
            if err:
                raise RuntimeError(f"building {dep} for @OUT: {err}")
            a = wasm if side == "wali" else native
        result.append(a)
    return result


def build_unlocked(name):
    src = os.path.join(SRC, name + ".c")
    deps = [src] + [os.path.join(SRC, "include", h) for h in os.listdir(os.path.join(SRC, "include"))]
    wasm = os.path.join(OUT, name + ".wasm")
    native = os.path.join(OUT, name + ".native")
    inc = "-I" + os.path.join(SRC, "include")
    if not newer(wasm, deps):
        r = subprocess.run([CLANG, *WASM_FLAGS, inc, "-o", wasm, src], capture_output=True, text=True)
        if r.returncode:
            return None, None, "wasm build failed:\n" + r.stderr
    if not newer(native, deps):
        r = subprocess.run(["cc", *NATIVE_FLAGS, inc, "-o", native, src], capture_output=True, text=True)
        if r.returncode:
            return None, None, "native build failed:\n" + r.stderr
    return wasm, native, None


def test(name, tier):
    wasm, native, err = build(name)
    if err:
        return name, False, err
    d = directives(os.path.join(SRC, name + ".c"), timeout=20)
    results = []
    for label, cmd in (("native", [native]), ("wali", [WALI, "run", *(["--tier", tier] if tier else []), wasm])):
        scratch = tempfile.mkdtemp(prefix="wali-conf-")
        env = {"PATH": "/usr/bin:/bin", "HOME": scratch, "LANG": "C", "WALI_TEST": "1", "TMPDIR": scratch,
               # The compiled tier's cache: shared by all tests, and outside the guest's cwd.
               "WALI_CACHE_DIR": os.path.join(OUT, "cache")}
        argv0 = "prog"
        try:
            # argv[0] differs (module path vs binary), so tests never print it.
            try:
                args = out_args(d["ARGS"], label)
            except RuntimeError as e:
                return name, False, str(e)
            results.append(run(cmd + args, d, scratch, env))
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
    (nrc, nout, _), (wrc, wout, werr) = results
    expected_death = d.get("INTERP-EXITS")
    if expected_death and tier in (None, "interp"):
        # A documented limit of the interpreter: it must end the program this way, with a message.
        signo = getattr(signal, expected_death)
        if wrc == -signo and werr.strip():
            return name, True, f"interpreter: {expected_death} as documented"
        return name, False, f"interpreter tier: expected death by {expected_death} with a message, got status {wrc}, stderr {werr[-300:]!r}"
    if nrc == wrc and nout == wout and nrc != "timeout":
        return name, True, ""
    msg = mismatch(nrc, nout, wrc, wout, werr)
    return name, False, "\n".join(msg)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("tests", nargs="*", help="test names (default: all)")
    ap.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 2)
    # Explicit: plain `wali run` is --tier auto, which would start a background compile per test.
    ap.add_argument("--tier", default="interp", choices=["interp", "compiled", "auto"], help="the tier of wali run (default interp)")
    args = ap.parse_args()
    os.makedirs(OUT, exist_ok=True)
    names = args.tests or sorted(f[:-2] for f in os.listdir(SRC) if f.endswith(".c"))
    if not os.path.exists(WALI):
        print(f"wali not built at {WALI}; run the setup first", file=sys.stderr)
        return 2
    def one(name):
        name, ok, msg = test(name, args.tier)
        return name, ok, "", msg
    passed, failed = run_all(one, names, args.jobs)
    if not args.tests:
        failed += coverage()
    return close("conformance", passed, failed)


def coverage():
    """Every syscall the table calls implemented must be exercised by some differential test
    (a call of sys_<name>( in a test or the shared headers). Returns 1 if one is not."""
    rows = subprocess.run([WALI, "inspect", "--syscalls"], capture_output=True, text=True, check=True).stdout
    sources = ""
    for d in (SRC, os.path.join(SRC, "include")):
        for f in os.listdir(d):
            if f.endswith((".c", ".h")) and f != "wali_sys.h":
                sources += open(os.path.join(d, f)).read()
    implemented = missing = 0
    untested = []
    for line in rows.splitlines():
        name, status = line.split("\t")[:2]
        if status.startswith("unimplemented"):
            missing += 1
            continue
        implemented += 1
        if name.startswith("_") or name in ("setjmp", "sigsetjmp", "longjmp"):
            pattern = r'import_name\("' + re.escape(name) + r'"\)'  # aux imports are declared by name
        else:
            pattern = r"\bsys_" + re.escape(name) + r"\s*\("
        if not re.search(pattern, sources):
            untested.append(name)
    print(f"coverage: {implemented - len(untested)} of {implemented} implemented imports have a differential test"
          f" ({missing} not implemented)")
    if untested:
        print("FAIL coverage: implemented but untested: " + ", ".join(untested))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
