#!/usr/bin/env python3
"""CPython under WALI: each script in tests/python/ is run by the build machine's python3.11
(Debian's, the same CPython version) and by examples/out/python.wasm (CPython 3.11 built with the
SDK by `examples/build.sh python`) under `wali run`; exit status, stdout and stderr must be
identical.

Each run gets a fresh scratch cwd (also HOME and TMPDIR) and the same environment: TZ=UTC,
PYTHONHASHSEED=0, PYTHONUTF8=1, and PYTHONDONTWRITEBYTECODE=1 (nothing is written into the
installed standard library). WALI_TIER is set to the tier under test, so that the Python processes
a script starts (subprocess with sys.executable, os.execv) run on the same tier. With --tier
compiled, python.wasm is compiled once first (cached). Prints one line per script and
`python: N passed, N failed`.

With --regrtest, runs CPython's own regression tests instead: `python.wasm -m test MODULE` for
each module (default: REGRTEST_CI, the modules that pass under WALI; the whole list and each
failure's cause are in tests/software/python/RESULTS.md), which must report `Tests result:
SUCCESS`; the closing line is `regrtest: N passed, N failed`."""
import argparse, os, shutil, subprocess, sys, tempfile, time
from difftest import close, mismatch, run_all

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SRC = os.path.join(ROOT, "tests", "python")
PYTHON_WASM = os.path.join(ROOT, "examples", "out", "python.wasm")
WALI = os.environ.get("WALI", os.path.join(ROOT, ".build", "release", "wali"))
HOST_PYTHON = "/usr/bin/python3.11" if os.path.exists("/usr/bin/python3.11") else shutil.which("python3.11")
ENV = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "TZ": "UTC", "PYTHONHASHSEED": "0", "PYTHONUTF8": "1",
       "PYTHONDONTWRITEBYTECODE": "1"}
TIMEOUT = 600  # a hang guard only: a loaded 2-core machine runs the interpreter tier slowly
CACHE = os.path.join(ROOT, "tests", "out", "cache")  # the compiled tier's cache


def run(cmd, cwd, env):
    try:
        p = subprocess.run(cmd, capture_output=True, timeout=TIMEOUT, cwd=cwd, env=env, stdin=subprocess.DEVNULL)
        return p.returncode, p.stdout, p.stderr
    except subprocess.TimeoutExpired as e:
        return "timeout", e.stdout or b"", e.stderr or b""


def test(script, tier):
    name = os.path.basename(script)
    start = time.monotonic()
    results = []
    wali = [WALI, "run", "--tier", tier, PYTHON_WASM]
    for prefix in ([HOST_PYTHON], wali):
        scratch = tempfile.mkdtemp(prefix="wali-py-")
        env = dict(ENV, HOME=scratch, TMPDIR=scratch, WALI_CACHE_DIR=CACHE, WALI_TIER=tier)
        try:
            results.append(run(prefix + [script], scratch, env) + (time.monotonic(),))
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
    (nrc, nout, nerr, t1), (wrc, wout, werr, t2) = results
    times = f"native {t1 - start:.1f}s, wali {t2 - t1:.1f}s"
    if nrc == wrc and nout == wout and nerr == werr:
        return name, True, times, ""
    return name, False, times, "\n".join(mismatch(nrc, nout, wrc, wout, werr, nerr, compare_stderr=True))


# CPython's regression-test modules that pass under WALI, run in CI (tests/software/python/RESULTS.md).
REGRTEST_CI = ["test_select", "test_string", "test_struct"]


def regrtest(module, tier):
    start = time.monotonic()
    scratch = tempfile.mkdtemp(prefix="wali-regrtest-")
    env = dict(ENV, HOME=scratch, TMPDIR=scratch, WALI_CACHE_DIR=CACHE, WALI_TIER=tier)
    try:
        rc, out, err = run([WALI, "run", "--tier", tier, PYTHON_WASM, "-m", "test", "--timeout", "600", module], scratch, env)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    text = out.decode(errors="replace")
    took = f"{time.monotonic() - start:.0f}s"
    if rc == 0 and "Tests result: SUCCESS" in text:
        return module, True, took, ""
    return module, False, f"{took}, exit status {rc}", (text + err.decode(errors="replace"))[-3000:]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("scripts", nargs="*", help="script names, e.g. processes.py (default: all)")
    ap.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--no-build", action="store_true", help="do not run examples/build.sh python first")
    ap.add_argument("--tier", default="interp", choices=["interp", "compiled"])
    ap.add_argument("--regrtest", action="store_true", help="run CPython's regression tests (SCRIPTS: test modules)")
    args = ap.parse_args()
    if not os.path.exists(WALI):
        print(f"wali not built at {WALI}; run scripts/setup first", file=sys.stderr)
        return 2
    if not HOST_PYTHON:
        print("python3.11 (the reference) not found: apt-get install python3.11", file=sys.stderr)
        return 2
    if args.regrtest:
        scripts = args.scripts or REGRTEST_CI
    else:
        scripts = [os.path.join(SRC, f) for f in sorted(os.listdir(SRC))
                   if f.endswith(".py") and (not args.scripts or f in args.scripts)]
    if not args.no_build:
        if subprocess.run([os.path.join(ROOT, "examples", "build.sh"), "python"]).returncode:
            print("python: examples/build.sh python failed")
            return 1
    if args.tier == "compiled":
        print("compiling python.wasm for the compiled tier", flush=True)
        start = time.monotonic()
        r = subprocess.run([WALI, "compile", PYTHON_WASM], env=dict(os.environ, WALI_CACHE_DIR=CACHE))
        if r.returncode:
            print("python: wali compile python.wasm failed")
            return 1
        print(f"compiled (or found in the cache) in {time.monotonic() - start:.0f}s", flush=True)
    if args.regrtest:
        return close("regrtest", *run_all(lambda m: regrtest(m, args.tier), scripts, args.jobs))
    return close("python", *run_all(lambda s: test(s, args.tier), scripts, args.jobs))


if __name__ == "__main__":
    sys.exit(main())
