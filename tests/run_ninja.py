#!/usr/bin/env python3
"""ninja 1.11 (C++, built from Debian's source package by `examples/build.sh ninja`) under WALI
against the same source built natively with g++:

  ninja_test   its own unit tests (ninja 1.11's googletest-free runner), one line per test:
               each test must pass or fail alike, and the output must be the same
  project      a real build of tests/software/ninja/project (C compiled by the host's cc through
               /bin/sh, so WALI runs with --exec any --dir /): a clean build, a no-op build, a rebuild
               after a header changes (depfiles, .ninja_deps, .ninja_log), two tools, the built
               program, and a clean; every step's exit status and output must match native's

Each run has a fresh scratch directory and the same environment. --tier picks the WALI tiers
(default: both; the compiled tier compiles each module once first, cached in tests/out/cache).
Prints one line per check, `--results FILE` writes the per-test table of ninja_test (Markdown),
and the closing line is `ninja: N passed, N failed`."""
import argparse, os, re, shutil, subprocess, sys, tempfile, time
from difftest import close, diff, run_all

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "examples", "out")
PROJECT = os.path.join(ROOT, "tests", "software", "ninja", "project")
WALI = os.environ.get("WALI", os.path.join(ROOT, ".build", "release", "wali"))
CACHE = os.path.join(ROOT, "tests", "out", "cache")
ENV = {"PATH": "/usr/bin:/bin", "LANG": "C", "TZ": "UTC"}
TIERS = ["interp", "compiled"]
TIMEOUT = 600


def run(cmd, cwd, env):
    try:
        p = subprocess.run(cmd, capture_output=True, timeout=TIMEOUT, cwd=cwd, env=env)
        return p.returncode, p.stdout, p.stderr
    except subprocess.TimeoutExpired as e:
        return "timeout", e.stdout or b"", e.stderr or b""


def launcher(side):
    """The command prefix that runs a program on one side: native, or WALI on a tier."""
    if side == "native":
        return lambda prog: [os.path.join(OUT, prog + ".native")]
    # ninja runs its commands through the host's /bin/sh: native programs need `--exec any`, a
    # policy option, so the filesystem is granted too (all of it, as the native run has).
    return lambda prog: [WALI, "run", "--exec", "any", "--dir", "/", "--tier", side, os.path.join(OUT, prog + ".wasm")]


def in_scratch(body):
    scratch = tempfile.mkdtemp(prefix="wali-ninja-")
    env = dict(ENV, HOME=scratch, TMPDIR=scratch, WALI_CACHE_DIR=CACHE)
    try:
        return body(scratch, env)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def test_results(stdout):
    """ninja_test's output -> {test name: passed}: each `[i/n] Name` line, failed when a
    `*** Failure` report follows it before the next test."""
    results, current = {}, None
    for line in stdout.decode(errors="replace").splitlines():
        m = re.match(r"\[\d+/\d+\] (\S+)$", line)
        if m:
            current = m.group(1)
            results[current] = True
        elif line.startswith("*** Failure") and current:
            results[current] = False
    return results


def ninja_test(side):
    start = time.monotonic()
    rc, out, err = in_scratch(lambda d, env: run(launcher(side)("ninja_test"), d, env))
    return rc, out, err, time.monotonic() - start


def project(side):
    """The project's steps on one side: a list of (step, exit status, stdout)."""
    ninja = launcher(side)("ninja")

    def body(d, env):
        shutil.copytree(PROJECT, d, dirs_exist_ok=True)
        steps = []
        def step(name, cmd):
            rc, out, err = run(cmd, d, env)
            steps.append((name, rc, out + (b"" if rc == 0 else err)))
        step("build", ninja + ["-j1"])
        step("no-op build", ninja + ["-j1"])
        # A header changes: newer than every output (by mtime, not by waiting).
        newest = max(os.stat(os.path.join(d, f)).st_mtime_ns for f in ("util.o", "main.o", "hello"))
        with open(os.path.join(d, "util.h"), "a") as f:
            f.write("/* changed */\n")
        os.utime(os.path.join(d, "util.h"), ns=(newest + 1000, newest + 1000))
        step("rebuild after util.h changed", ninja + ["-j1"])
        step("-t targets all", ninja + ["-t", "targets", "all"])
        step("-t commands hello", ninja + ["-t", "commands", "hello"])
        step("run hello", [os.path.join(d, "hello")])
        step("-t clean", ninja + ["-t", "clean"])
        step("dry run after clean", ninja + ["-n", "-j1"])
        return steps

    return in_scratch(body)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tier", choices=TIERS, help="the WALI tier (default: both)")
    ap.add_argument("--no-build", action="store_true", help="do not run examples/build.sh ninja first")
    ap.add_argument("--results", help="write ninja_test's per-test results (Markdown) to this file")
    args = ap.parse_args()
    if not os.path.exists(WALI):
        print(f"wali not built at {WALI}; run scripts/setup first", file=sys.stderr)
        return 2
    if not args.no_build:
        t0 = time.monotonic()
        if subprocess.run([os.path.join(ROOT, "examples", "build.sh"), "ninja"]).returncode:
            print("ninja: examples/build.sh ninja failed")
            return 1
        print(f"built ninja and ninja_test (or found them built) in {time.monotonic() - t0:.0f}s", flush=True)
    tiers = [args.tier] if args.tier else TIERS
    if "compiled" in tiers:
        for prog in ("ninja", "ninja_test"):
            t0 = time.monotonic()
            r = subprocess.run([WALI, "compile", os.path.join(OUT, prog + ".wasm")], env=dict(os.environ, WALI_CACHE_DIR=CACHE))
            if r.returncode:
                print(f"ninja: wali compile {prog}.wasm failed")
                return 1
            print(f"compiled {prog}.wasm for the compiled tier (or found it cached) in {time.monotonic() - t0:.0f}s", flush=True)

    native_test = ninja_test("native")
    native_project = project("native")
    native_results = test_results(native_test[1])
    rows = []
    per_tier = {}
    for tier in tiers:
        rc, out, err, secs = ninja_test(tier)
        results = test_results(out)
        per_tier[tier] = results
        same = rc == native_test[0] and out == native_test[1]
        details = [f"exit status: native {native_test[0]}, wali {rc}"] if rc != native_test[0] else []
        for name in sorted(set(native_results) | set(results)):
            if native_results.get(name) != results.get(name):
                details.append(f"{name}: native {native_results.get(name)}, wali {results.get(name)}")
        if out != native_test[1]:
            details.append(diff(native_test[1], out, "native", "wali"))
        if not same and err:
            details.append("wali stderr: " + err.decode(errors="replace")[-1500:])
        passed = sum(results.values())
        rows.append((f"ninja_test [{tier}]", same,
                     f"{passed}/{len(results)} tests pass (native {sum(native_results.values())}/{len(native_results)}), "
                     f"native {native_test[3]:.1f}s, wali {secs:.1f}s", "\n".join(details)))
        start = time.monotonic()
        steps = project(tier)
        for (name, nrc, nout), (_, wrc, wout) in zip(native_project, steps):
            ok = nrc == wrc and nout == wout
            msg = [] if ok else ([f"exit status: native {nrc}, wali {wrc}"] if nrc != wrc else []) + [diff(nout, wout, "native", "wali")]
            rows.append((f"project: {name} [{tier}]", ok, "", "\n".join(msg)))
        rows[-1] = rows[-1][:2] + (f"project steps {time.monotonic() - start:.1f}s",) + rows[-1][3:]
    if args.results:
        with open(args.results, "w") as f:
            f.write("| test | native | " + " | ".join(f"WALI {t}" for t in tiers) + " |\n")
            f.write("|---|---|" + "---|" * len(tiers) + "\n")
            word = lambda v: "pass" if v else ("FAIL" if v is not None else "not run")
            for name in sorted(set(native_results).union(*per_tier.values())):
                f.write(f"| {name} | {word(native_results.get(name))} | "
                        + " | ".join(word(per_tier[t].get(name)) for t in tiers) + " |\n")
    return close("ninja", *run_all(lambda row: row, rows, 1))


if __name__ == "__main__":
    sys.exit(main())
