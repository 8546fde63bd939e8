#!/usr/bin/env python3
"""Escape suite: every tests/escape/*.c is built with the SDK (sdk/wali-cc) and run under
`wali run` on both tiers in a fresh scratch directory (its cwd). Each test attacks the sandbox,
asserts the exact refusal (errno) and that the allowed neighbour still works, printing
`ok WHAT` / `FAIL WHAT: ...` per check (tests/escape/escape.h). There is no native run: native
Linux would allow what the sandbox refuses.

A test passes when it exits as expected (0 unless stated), printed at least one `ok` line and
no `FAIL` line. Directives in a test's leading comments:
  // WALI-ARGS: --flag ...     extra `wali run` options (policy flags), before the module
  // ARGS: a b c               arguments for the guest
  // TIMEOUT: 30               seconds per run (default 120)
  // EXPECT-EXIT: 3            the exit status expected instead of 0
  // TIERS: interp             only these tiers (default: interp compiled)
  // WASM-CFLAGS: -pthread     extra flags for the build
Prints one line per test and tier and a closing `escape: N passed, N failed` line; exits 1 on any
failure."""
import argparse, os, re, shutil, subprocess, sys, tempfile, time
from difftest import close, newer, run, run_all

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SRC = os.path.join(ROOT, "tests", "escape")
OUT = os.path.join(ROOT, "tests", "out", "escape")
WALI = os.environ.get("WALI", os.path.join(ROOT, ".build", "release", "wali"))
WALI_CC = os.path.join(ROOT, "sdk", "wali-cc")
ENV = {"PATH": "/usr/bin:/bin", "LANG": "C", "TZ": "UTC"}
TIERS = ["interp", "compiled"]


def directives(path):
    d = {"WALI-ARGS": [], "ARGS": [], "TIMEOUT": 120, "EXPECT-EXIT": 0, "TIERS": TIERS, "WASM-CFLAGS": []}
    with open(path) as f:
        for line in f:
            m = re.match(r"\s*//\s*([A-Z-]+):\s?(.*)", line)
            if not m:
                if line.strip() and not line.lstrip().startswith(("//", "/*", "*", "#")):
                    break
                continue
            key, val = m.group(1), m.group(2).strip()
            if key not in d:
                raise ValueError(f"{path}: unknown directive {key}")
            d[key] = int(val) if key in ("TIMEOUT", "EXPECT-EXIT") else val.split()
    return d


def build(name, d):
    src, wasm = os.path.join(SRC, name + ".c"), os.path.join(OUT, name + ".wasm")
    libc = os.path.join(ROOT, "sdk", "sysroot", "lib", "wasm32-linux-muslwali", "libc.a")
    if not newer(wasm, [src, os.path.join(SRC, "escape.h"), WALI_CC, libc]):
        r = subprocess.run([WALI_CC, "-O1", "-Wall", *d["WASM-CFLAGS"], "-o", wasm, src], capture_output=True, text=True)
        if r.returncode:
            return None, "build failed:\n" + r.stderr
    return wasm, None


def test(item):
    name, tier = item
    start = time.monotonic()
    d = directives(os.path.join(SRC, name + ".c"))
    wasm, err = build(name, d)
    if err:
        return f"{name} [{tier}]", False, "", err
    scratch = tempfile.mkdtemp(prefix="wali-escape-")
    env = dict(ENV, HOME=scratch, TMPDIR=scratch, WALI_CACHE_DIR=os.path.join(OUT, "cache"))
    try:
        rc, out, err = run([WALI, "run", "--tier", tier, *d["WALI-ARGS"], wasm, *d["ARGS"]],
                           {"STDIN": b"", "TIMEOUT": d["TIMEOUT"]}, scratch, env)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    lines = out.decode(errors="replace").splitlines()
    problems = [] if rc == d["EXPECT-EXIT"] else [f"exit status {rc}, expected {d['EXPECT-EXIT']}"]
    problems += [l for l in lines if l.startswith("FAIL")]
    if not any(l.startswith("ok ") for l in lines):
        problems.append("no check ran (no `ok` line)")
    if problems and err:
        problems.append("wali stderr: " + err.decode(errors="replace")[-1500:])
    checks = sum(1 for l in lines if l.startswith("ok "))
    return f"{name} [{tier}]", not problems, f"{checks} checks, {time.monotonic() - start:.1f}s", "\n".join(problems)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("tests", nargs="*", help="test names (default: all)")
    ap.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--tier", choices=TIERS, help="run only on this tier (default: both)")
    args = ap.parse_args()
    if not os.path.exists(WALI):
        print(f"wali not built at {WALI}; run scripts/setup first", file=sys.stderr)
        return 2
    os.makedirs(OUT, exist_ok=True)
    names = args.tests or sorted(f[:-2] for f in os.listdir(SRC) if f.endswith(".c"))
    items = [(n, t) for n in names for t in directives(os.path.join(SRC, n + ".c"))["TIERS"] if args.tier in (None, t)]
    for name in names:
        build(name, directives(os.path.join(SRC, name + ".c")))
    return close("escape", *run_all(test, items, args.jobs))


if __name__ == "__main__":
    sys.exit(main())
