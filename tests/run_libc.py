#!/usr/bin/env python3
"""Differential libc suite: every tests/libc/*.c is built against the SDK (sdk/wali-cc, musl for
WALI) and natively (host cc, glibc), run both ways in fresh scratch directories with the same
environment, and the exit status and stdout are compared.

Directives in a test's leading comments:
  // ARGS: a b c          arguments for both runs
  // STDIN: text          bytes on standard input (\\n escapes allowed)
  // TIMEOUT: 30          seconds per run (default 60)
  // WASM-CFLAGS: -msimd128  extra flags for the WALI build
With --tier, the WALI side runs on that tier (default: interp). Prints one line per test and a closing `libc: N passed, N failed` line; exits 1 on any failure."""
import argparse, os, re, shutil, subprocess, sys, tempfile, time
from difftest import close, mismatch, directives, newer, run, run_all

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SRC = os.path.join(ROOT, "tests", "libc")
OUT = os.path.join(ROOT, "tests", "out", "libc")
WALI = os.environ.get("WALI", os.path.join(ROOT, ".build", "release", "wali"))
WALI_CC = os.path.join(ROOT, "sdk", "wali-cc")
WASM_FLAGS = ["-O1", "-Wall"]
NATIVE_FLAGS = ["-O1", "-Wall", "-pthread"]
# The same environment for both runs (HOME and TMPDIR point into each run's scratch directory).
ENV = {"PATH": "/usr/bin:/bin", "LANG": "C", "TZ": "UTC", "LIBC_TEST_A": "alpha", "LIBC_TEST_EMPTY": "",
       "LIBC_TEST_SPACES": "a b  c"}


def build(name):
    src = os.path.join(SRC, name + ".c")
    wasm = os.path.join(OUT, name + ".wasm")
    native = os.path.join(OUT, name + ".native")
    lib = os.path.join(ROOT, "sdk", "sysroot", "lib", "wasm32-linux-muslwali")
    # The test's own quoted includes (string_routines_simd.c is string_routines.c with -msimd128),
    # and the simd128 string routines, which wali-cc links for -msimd128 (not part of libc.a).
    with open(src) as f:
        sources = [src] + [os.path.join(SRC, i) for i in re.findall(r'^#include "([^"]+)"', f.read(), re.M)]
    libs = [os.path.join(lib, "libc.a")] + [p for p in [os.path.join(lib, "simd-string.o")] if os.path.exists(p)]
    if not newer(wasm, sources + [WALI_CC] + libs):
        extra = directives(src, timeout=60)["WASM-CFLAGS"]
        r = subprocess.run([WALI_CC, *WASM_FLAGS, *extra, "-o", wasm, src, "-lm"], capture_output=True, text=True)
        if r.returncode:
            return None, None, "wasm build failed:\n" + r.stderr
    if not newer(native, sources):
        r = subprocess.run(["cc", *NATIVE_FLAGS, "-o", native, src, "-lm"], capture_output=True, text=True)
        if r.returncode:
            return None, None, "native build failed:\n" + r.stderr
    return wasm, native, None


def test(name, tier=None):
    start = time.monotonic()
    wasm, native, err = build(name)
    if err:
        return name, False, err, time.monotonic() - start
    d = directives(os.path.join(SRC, name + ".c"), timeout=60)
    results = []
    for cmd in ([native], [WALI, "run", *(["--tier", tier] if tier else []), wasm]):
        scratch = tempfile.mkdtemp(prefix="wali-libc-")
        # The compiled tier's cache lives outside the scratch directories, shared by all tests.
        env = dict(ENV, HOME=scratch, TMPDIR=scratch, WALI_CACHE_DIR=os.path.join(OUT, "cache"))
        try:
            results.append(run(cmd + d["ARGS"], d, scratch, env))
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
    (nrc, nout, _), (wrc, wout, werr) = results
    elapsed = time.monotonic() - start
    if nrc == wrc and nout == wout:
        return name, True, "", elapsed
    msg = mismatch(nrc, nout, wrc, wout, werr)
    return name, False, "\n".join(msg), elapsed


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("tests", nargs="*", help="test names (default: all)")
    ap.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 2)
    # Explicit: plain `wali run` is --tier auto, which would start a background compile per test.
    ap.add_argument("--tier", default="interp", choices=["interp", "compiled", "auto"], help="the tier of wali run (default interp)")
    args = ap.parse_args()
    if not os.path.exists(WALI):
        print(f"wali not built at {WALI}; run scripts/setup first", file=sys.stderr)
        return 2
    if not os.path.exists(os.path.join(ROOT, "sdk", "sysroot", "lib", "wasm32-linux-muslwali", "libc.a")):
        print("the SDK sysroot is not built; run scripts/setup (or sdk/setup.sh) first", file=sys.stderr)
        return 2
    os.makedirs(OUT, exist_ok=True)
    names = args.tests or sorted(f[:-2] for f in os.listdir(SRC) if f.endswith(".c"))
    def one(name):
        name, ok, msg, secs = test(name, args.tier)
        return name, ok, f"{secs:.1f}s", msg
    return close("libc", *run_all(one, names, args.jobs))


if __name__ == "__main__":
    sys.exit(main())
