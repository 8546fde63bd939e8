#!/usr/bin/env python3
"""Real software under WALI: Lua 5.4, the SQLite 3 shell and GNU bash 5.2 (built from Debian's
source packages by examples/build.sh) run each script in tests/software/<program>/ under `wali run`
and natively; exit status and stdout are compared.

  tests/software/lua/*.lua     run as `lua SCRIPT`
  tests/software/sqlite/*.sql  fed to `sqlite3 -batch` on stdin
  tests/software/bash/*.sh     run as `bash SCRIPT`

Each run gets a fresh scratch cwd and the same environment (TZ=UTC). A leading `-- ARGS: ...`
line adds arguments. With --tier, the WALI side runs on that tier (compiled: each program is
compiled once first). SQLite's and bash's stderr (their error messages) are compared too. Prints one line per script and `software: N passed, N failed`."""
import argparse, os, shutil, subprocess, sys, tempfile, time
from difftest import close, mismatch, run_all

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SRC = os.path.join(ROOT, "tests", "software")
OUT = os.path.join(ROOT, "examples", "out")
WALI = os.environ.get("WALI", os.path.join(ROOT, ".build", "release", "wali"))
ENV = {"PATH": "/usr/bin:/bin", "LANG": "C", "TZ": "UTC", "LUA_TEST_VAR": "from the runner"}
PROGRAMS = {  # directory -> (examples/build.sh target, binary name, script suffix, compare stderr)
    "lua": ("lua", "lua", ".lua", False),       # Lua's messages start with argv[0], which differs
    "sqlite": ("sqlite", "sqlite3", ".sql", True),
    "bash": ("bash", "bash", ".sh", True),       # bash's messages name the script, not argv[0]
}
TIMEOUT = 120
CACHE = os.path.join(ROOT, "tests", "out", "cache")  # the compiled tier's cache


def args_of(path):
    with open(path) as f:
        for line in f:
            if line.startswith("-- ARGS:"):
                return line[len("-- ARGS:"):].split()
            if not line.startswith("--"):
                break
    return []


def command(program, binary, script):
    if program in ("lua", "bash"):
        return [binary, *args_of(script), script], b""
    with open(script, "rb") as f:
        return [binary, "-batch", *args_of(script)], f.read()


def run(cmd, stdin, cwd, env):
    try:
        p = subprocess.run(cmd, input=stdin, capture_output=True, timeout=TIMEOUT, cwd=cwd, env=env)
        return p.returncode, p.stdout, p.stderr
    except subprocess.TimeoutExpired as e:
        return "timeout", e.stdout or b"", e.stderr or b""


def test(job, tier=None):
    program, script = job
    name = f"{program}/{os.path.basename(script)}"
    binary = PROGRAMS[program][1]
    start = time.monotonic()
    results = []
    wali = [WALI, "run", *(["--tier", tier] if tier else []), os.path.join(OUT, binary + ".wasm")]
    for prefix in ([os.path.join(OUT, binary + ".native")], wali):
        cmd, stdin = command(program, binary, script)
        scratch = tempfile.mkdtemp(prefix="wali-sw-")
        env = dict(ENV, HOME=scratch, TMPDIR=scratch, WALI_CACHE_DIR=CACHE)
        try:
            results.append(run(prefix + cmd[1:], stdin, scratch, env) + (time.monotonic(),))
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
    (nrc, nout, nerr, t1), (wrc, wout, werr, t2) = results
    times = f"native {t1 - start:.1f}s, wali {t2 - t1:.1f}s"
    same_err = werr == nerr or not PROGRAMS[program][3]
    if nrc == wrc and nout == wout and same_err:
        return name, True, times
    msg = mismatch(nrc, nout, wrc, wout, werr, nerr, compare_stderr=PROGRAMS[program][3])
    return name, False, times + "\n" + "\n".join(msg)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("scripts", nargs="*", help="program/script names, e.g. lua/strings.lua or sqlite (default: all)")
    ap.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--no-build", action="store_true", help="do not run examples/build.sh first")
    # Explicit: plain `wali run` is --tier auto, which would start a background compile per program.
    ap.add_argument("--tier", default="interp", choices=["interp", "compiled", "auto"], help="the tier of wali run (default interp)")
    args = ap.parse_args()
    if not os.path.exists(WALI):
        print(f"wali not built at {WALI}; run scripts/setup first", file=sys.stderr)
        return 2
    jobs = []
    for program in sorted(PROGRAMS):
        for f in sorted(os.listdir(os.path.join(SRC, program))):
            name = f"{program}/{f}"
            if f.endswith(PROGRAMS[program][2]) and (not args.scripts or name in args.scripts or program in args.scripts):
                jobs.append((program, os.path.join(SRC, program, f)))
    if not args.no_build:
        targets = sorted({PROGRAMS[p][0] for p, _ in jobs})
        r = subprocess.run([os.path.join(ROOT, "examples", "build.sh"), *targets])
        if r.returncode:
            print("software: examples/build.sh failed")
            return 1
    if args.tier == "compiled":
        # Compile each program once (cached) before the scripts run in parallel.
        for binary in sorted({PROGRAMS[p][1] for p, _ in jobs}):
            print(f"compiling {binary}.wasm for the compiled tier", flush=True)
            r = subprocess.run([WALI, "compile", os.path.join(OUT, binary + ".wasm")], env=dict(os.environ, WALI_CACHE_DIR=CACHE))
            if r.returncode:
                print(f"software: wali compile {binary}.wasm failed")
                return 1
    def one(job):
        name, ok, msg = test(job, args.tier)
        first, _, rest = msg.partition("\n")
        return name, ok, first, rest
    return close("software", *run_all(one, jobs, args.jobs))


if __name__ == "__main__":
    sys.exit(main())
