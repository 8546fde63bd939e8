#!/usr/bin/env python3
"""Differential C++ suite: every tests/cxx/*.cpp is built with the SDK (sdk/wali-c++: clang++ 22,
libc++, libc++abi, Wasm exceptions, musl) and natively (g++ with libstdc++ and glibc), run both
ways in fresh scratch directories with the same environment, and the exit status and stdout are
compared. The WALI build runs on both tiers (interpreter and compiled) unless --tier picks one.

Directives in a test's leading comments:
  // ARGS: a b c          arguments for every run
  // STDIN: text          bytes on standard input (\\n escapes allowed)
  // TIMEOUT: 30          seconds per run (default 120)
  // WASM-CFLAGS: -O2     extra flags for the WALI build
  // FLAT-RSS: compiled 100000 1000000
                        also runs that tier with each single argument and fails when the second
                        run's peak RSS exceeds the first's by more than 10% (a per-iteration leak)
An exit by a signal is compared as such (native and WALI must die of the same one).
Prints one line per test and tier and a closing `cxx: N passed, N failed` line; exits 1 on any
failure."""
import argparse, concurrent.futures as cf, os, re, shutil, subprocess, sys, tempfile, time
from difftest import close, mismatch, directives, newer, run, run_all

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SRC = os.path.join(ROOT, "tests", "cxx")
OUT = os.path.join(ROOT, "tests", "out", "cxx")
WALI = os.environ.get("WALI", os.path.join(ROOT, ".build", "release", "wali"))
WALI_CXX = os.path.join(ROOT, "sdk", "wali-c++")
LIBDIR = os.path.join(ROOT, "sdk", "sysroot", "lib", "wasm32-linux-muslwali")
FLAGS = ["-O1", "-std=c++20", "-Wall"]
NATIVE_FLAGS = FLAGS + ["-pthread"]
TIERS = ["interp", "compiled"]
# The same environment for every run (HOME and TMPDIR point into each run's scratch directory).
ENV = {"PATH": "/usr/bin:/bin", "LANG": "C", "TZ": "UTC"}


def build(name):
    src = os.path.join(SRC, name + ".cpp")
    wasm = os.path.join(OUT, name + ".wasm")
    native = os.path.join(OUT, name + ".native")
    runtime = [os.path.join(LIBDIR, lib) for lib in ("libc.a", "libc++.a", "libc++abi.a")]
    if not newer(wasm, [src, WALI_CXX, os.path.join(ROOT, "sdk", "wali-cc"), *runtime]):
        extra = directives(src, timeout=120)["WASM-CFLAGS"]
        r = subprocess.run([WALI_CXX, *FLAGS, *extra, "-o", wasm, src], capture_output=True, text=True)
        if r.returncode:
            return None, None, "wasm build failed:\n" + r.stderr
    if not newer(native, [src]):
        r = subprocess.run(["g++", *NATIVE_FLAGS, "-o", native, src], capture_output=True, text=True)
        if r.returncode:
            return None, None, "native build failed:\n" + r.stderr
    return wasm, native, None


def run_in_scratch(cmd, d):
    scratch = tempfile.mkdtemp(prefix="wali-cxx-")
    # The compiled tier's cache lives outside the scratch directories, shared by all tests.
    env = dict(ENV, HOME=scratch, TMPDIR=scratch, WALI_CACHE_DIR=os.path.join(OUT, "cache"))
    try:
        return run(cmd + d["ARGS"], d, scratch, env)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


# Peak RSS may grow this much from the small run to the large one (allocator noise); a leak of a few
# bytes per iteration grows it by tens of MB over a million iterations.
FLAT_RSS_RATIO = 1.10


def flat_rss(src):
    """The FLAT-RSS directive of a test: (tier, small, large) or None."""
    with open(src) as f:
        m = re.search(r"^//\s*FLAT-RSS:\s*(\S+)\s+(\d+)\s+(\d+)\s*$", f.read(), re.M)
    return (m.group(1), m.group(2), m.group(3)) if m else None


def peak_rss_kb(cmd):
    """Runs `cmd` in a scratch directory (output discarded): (exit status, its peak RSS in KiB)."""
    scratch = tempfile.mkdtemp(prefix="wali-cxx-")
    env = dict(ENV, HOME=scratch, TMPDIR=scratch, WALI_CACHE_DIR=os.path.join(OUT, "cache"))
    try:
        p = subprocess.Popen(cmd, cwd=scratch, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(p.pid, 0)
        p.returncode = os.waitstatus_to_exitcode(status)
        return p.returncode, usage.ru_maxrss
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def check_flat_rss(wasm, tier, small, large):
    """Peak RSS of the WALI run with `large` iterations against `small`: (ok, report)."""
    rc1, rss1 = peak_rss_kb([WALI, "run", "--tier", tier, wasm, small])
    rc2, rss2 = peak_rss_kb([WALI, "run", "--tier", tier, wasm, large])
    report = f"peak RSS {rss1} KiB for {small}, {rss2} KiB for {large} (ratio {rss2 / max(rss1, 1):.2f})"
    ok = rc1 == 0 and rc2 == 0 and rss2 <= rss1 * FLAT_RSS_RATIO
    return ok, report + ("" if rc1 == rc2 == 0 else f"; exit statuses {rc1}, {rc2}")


def test(name, tiers):
    """Builds `name` once and compares each tier's run with the native one: a list of results."""
    start = time.monotonic()
    wasm, native, err = build(name)
    if err:
        return [(f"{name} [{t}]", False, f"{time.monotonic() - start:.1f}s", err) for t in tiers]
    d = directives(os.path.join(SRC, name + ".cpp"), timeout=120)
    nrc, nout, _ = run_in_scratch([native], d)
    results = []
    if "compiled" in tiers:
        # Compile to native code once, untimed (a C++ module is large; the cache then serves the run).
        subprocess.run([WALI, "compile", wasm], capture_output=True,
                       env=dict(os.environ, WALI_CACHE_DIR=os.path.join(OUT, "cache")))
    for tier in tiers:
        t0 = time.monotonic()
        wrc, wout, werr = run_in_scratch([WALI, "run", "--tier", tier, wasm], d)
        secs = f"{time.monotonic() - t0:.1f}s"
        ok = nrc == wrc and nout == wout
        results.append((f"{name} [{tier}]", ok, secs, "" if ok else "\n".join(mismatch(nrc, nout, wrc, wout, werr))))
    rss = flat_rss(os.path.join(SRC, name + ".cpp"))
    if rss and rss[0] in tiers:
        ok, report = check_flat_rss(wasm, *rss)
        results.append((f"{name} [{rss[0]}, flat RSS]", ok, report, "" if ok else report))
    return results


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("tests", nargs="*", help="test names (default: all)")
    ap.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--tier", choices=TIERS, help="run the WALI side on this tier only (default: both)")
    args = ap.parse_args()
    if not os.path.exists(WALI):
        print(f"wali not built at {WALI}; run scripts/setup first", file=sys.stderr)
        return 2
    if not os.path.exists(os.path.join(LIBDIR, "libc++.a")):
        print(f"the SDK's C++ library is not built; run {os.path.join(ROOT, 'sdk', 'cxx-setup.sh')} (scripts/setup does)",
              file=sys.stderr)
        return 2
    if not shutil.which("g++"):
        print("g++ is missing (the native side); run scripts/setup", file=sys.stderr)
        return 2
    os.makedirs(OUT, exist_ok=True)
    names = args.tests or sorted(f[:-4] for f in os.listdir(SRC) if f.endswith(".cpp"))
    tiers = [args.tier] if args.tier else TIERS
    # One job per test (its tiers run one after the other); results are then listed per tier.
    rows = []
    with cf.ThreadPoolExecutor(args.jobs) as pool:
        for res in pool.map(lambda n: test(n, tiers), names):
            rows.extend(res)
    return close("cxx", *run_all(lambda row: row, rows, 1))


if __name__ == "__main__":
    sys.exit(main())
