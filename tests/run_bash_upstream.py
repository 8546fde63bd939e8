#!/usr/bin/env python3
"""GNU bash's own test suite (the `tests/run-*` scripts of Debian's bash 5.2 source) run with
WALI's bash (examples/out/bash.wasm, each tier) and with the same bash built natively against
glibc (examples/out/bash.native) and against musl (examples/out/bash.musl, Debian's musl-tools).

Each `run-NAME` script runs `$THIS_SH NAME.tests` and diffs the output with `NAME.right`; its
own output (the diff) is what is compared: WALI's must be the native glibc build's, byte for
byte (a bash test that also differs natively, say for the locale, differs the same way). When
it is not, the musl build tells a libc difference (WALI's equals musl's) from an engine bug.
The helper programs (recho, zecho, printenv, xcase) are built natively from bash's `support/`.
Every run gets a fresh copy of `tests/` and the same environment; the shell's path is replaced
by `@SH@` in the output (bash's messages for `-c` name it).

  tests/run_bash_upstream.py                       the checked list (CI_TESTS), both tiers
  tests/run_bash_upstream.py --all --tier interp   every run-* script, one tier
  tests/run_bash_upstream.py --no-build ...        skip examples/build.sh bash (and bash-musl)
  tests/run_bash_upstream.py --table               also run the musl build; print a Markdown row
                                                   per test from every result saved so far
Each run's output is saved under tests/out/bash-upstream/results/VARIANT/NAME, so a compiled-tier
run and a later interpreter run fill one table.
Prints one line per test and tier and `bash-upstream: N passed, N failed`; exits 1 on failure."""
import argparse, concurrent.futures as cf, glob, os, shutil, signal, subprocess, sys, tempfile, threading, time
from difftest import wali_launcher

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "examples", "out")
WORK = os.path.join(ROOT, "tests", "out", "bash-upstream")
WALI = os.environ.get("WALI", os.path.join(ROOT, ".build", "release", "wali"))
CACHE = os.path.join(ROOT, "tests", "out", "cache")
ENV = {"PATH": "/usr/bin:/bin", "LANG": "C", "LC_ALL": "C", "TZ": "UTC", "HOME": "/nonexistent", "TERM": "dumb"}
TIMEOUT = 600
# The tests WALI's compiled tier passes (tests/software/bash/RESULTS.md), run by scripts/test;
# left out: those that differ for a cause recorded there, ifs-posix (~10x native on the compiled
# tier: minutes) and three that depend on timing: read (a 10 us `read -t` timeout against EOF;
# natively too), posixpipe (`time` rounds to 0.00 or 0.01) and nameref (nameref11.sub's coproc
# may be reaped before `declare -p RO_PID`; seen once on the loaded machine).
CI_TESTS = """appendop arith arith-for array array2 assoc attr braces case casemod complete comsub comsub-eof
comsub-posix coproc cprint dbg-support dbg-support2 dirstack dollars dynvar errors exp-tests exportfunc
extglob extglob2 extglob3 func getopts globstar heredoc herestr histexpand history ifs input-test invert
iquote jobs lastpipe mapfile more-exp new-exp nquote nquote1 nquote2 nquote3 nquote4 nquote5
parser posix2 posixexp posixexp2 posixpat precedence procsub quote quotearray redir rhs-exp rsh
set-e set-x shopt strip test tilde tilde2 trap type varenv vredir""".split()


def bash_source():
    found = sorted(glob.glob(os.path.join(ROOT, "examples", ".cache", "bash-5.2*")))
    found = [d for d in found if os.path.isdir(d)]
    if not found:
        sys.exit("bash source missing: run examples/build.sh bash")
    return found[0]


def build_helpers(src):
    """recho, zecho, printenv, xcase: as bash's Makefile builds them for `make tests`."""
    bindir = os.path.join(WORK, "helpers")
    os.makedirs(bindir, exist_ok=True)
    for name in ["recho", "zecho", "printenv", "xcase"]:
        out = os.path.join(bindir, name)
        c = os.path.join(src, "support", name + ".c")
        if not os.path.exists(out) or os.path.getmtime(out) < os.path.getmtime(c):
            config = os.path.join(ROOT, "examples", ".cache", "bash-build-native")  # config.h
            subprocess.run(["cc", "-O1", "-w", "-DHAVE_CONFIG_H", "-I" + config, "-I" + src, "-I" + os.path.join(src, "include"),
                            "-I" + os.path.join(src, "lib"), "-o", out, c], check=True)
    return bindir


_shells = {}
_shells_lock = threading.Lock()


def shell_for(variant):
    """`bash` for the variant, made once: tests run on a thread pool, and two threads making the
    same link or wrapper at once raced (FileExistsError)."""
    with _shells_lock:
        if variant not in _shells:
            _shells[variant] = make_shell(variant)
        return _shells[variant]


def make_shell(variant):
    """A directory holding `bash` for the variant (a wrapper for the WALI tiers)."""
    d = os.path.join(WORK, "shells", variant)
    os.makedirs(d, exist_ok=True)
    sh = os.path.join(d, "bash")
    if variant in ("glibc", "musl"):
        binary = os.path.join(OUT, {"glibc": "bash.native", "musl": "bash.musl"}[variant])
        if not os.path.exists(binary):
            sys.exit(f"{binary} missing: run examples/build.sh bash bash-musl")
        if not os.path.islink(sh) or os.readlink(sh) != binary:
            if os.path.lexists(sh):
                os.unlink(sh)
            os.symlink(binary, sh)
    else:
        wali_launcher(sh, WALI, variant, os.path.join(OUT, "bash.wasm"))
    return sh


def run_test(src, helpers, variant, name):
    sh = shell_for(variant)
    scratch = tempfile.mkdtemp(prefix=f"bashtest-{variant}-{name}-", dir=WORK)
    try:
        tests = os.path.join(scratch, "tests")
        shutil.copytree(os.path.join(src, "tests"), tests, symlinks=True)
        tmp = os.path.join(scratch, "tmp")
        os.mkdir(tmp)
        env = dict(ENV, THIS_SH=sh, BUILD_DIR=os.path.join(src), TMPDIR=tmp, BASH_TSTOUT=os.path.join(tmp, "tstout"),
                   PATH=helpers + ":" + ENV["PATH"], WALI_CACHE_DIR=CACHE)
        start = time.monotonic()
        try:
            r = subprocess.run(["sh", "run-" + name], cwd=tests, env=env, stdin=subprocess.DEVNULL,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=TIMEOUT)
            output = r.stdout
        except subprocess.TimeoutExpired as e:
            output = (e.stdout or b"") + b"\n[timeout]\n"
        seconds = time.monotonic() - start
        output = output.replace(sh.encode(), b"@SH@").replace(scratch.encode(), b"@SCRATCH@")
        return output, seconds
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def save_result(variant, name, output, seconds):
    d = os.path.join(WORK, "results", variant)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(output)
    with open(os.path.join(d, name + ".seconds"), "w") as f:
        f.write(f"{seconds:.1f}\n")


def saved_result(variant, name):
    path = os.path.join(WORK, "results", variant, name)
    if not os.path.exists(path):
        return None, None
    with open(path, "rb") as f, open(path + ".seconds") as g:
        return f.read(), g.read().strip()


def print_table(names):
    """One row per test: whether glibc's own run is clean (no diff against NAME.right), then
    musl and each tier against glibc (`= musl`: WALI differs from glibc as the musl build does)."""
    print("| test | native glibc | native musl | WALI compiled | WALI interp | seconds (glibc / compiled / interp) |")
    print("|------|--------------|-------------|---------------|-------------|------|")
    for n in names:
        native, native_secs = saved_result("glibc", n)
        if native is None:
            continue
        musl, _ = saved_result("musl", n)
        cells, secs = [], [native_secs]
        for v in ("compiled", "interp"):
            out, s = saved_result(v, n)
            secs.append(s or "-")
            cells.append("-" if out is None else "same" if out == native else "= musl" if out == musl else "differs")
        # The run-* scripts print warnings too; a diff shows as lines starting with < or >.
        clean = "diff" if any(l[:1] in (b"<", b">") for l in native.splitlines()) else "clean"
        m = "-" if musl is None else "same" if musl == native else "differs"
        print(f"| {n} | {clean} | {m} | {cells[0]} | {cells[1]} | {' / '.join(secs)} |")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tier", action="append", choices=["interp", "compiled"])
    ap.add_argument("--all", action="store_true", help="every run-* script, not just CI_TESTS")
    ap.add_argument("--table", action="store_true", help="print a Markdown row per test")
    ap.add_argument("-j", "--jobs", type=int, default=2)
    ap.add_argument("--no-build", action="store_true", help="use examples/out as it is")
    ap.add_argument("tests", nargs="*")
    args = ap.parse_args()
    # A runner started in the background by a shell inherits SIGINT and SIGQUIT ignored, and the
    # tests would too (trap and varenv print the inherited dispositions): give them the defaults.
    if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)
    if signal.getsignal(signal.SIGQUIT) == signal.SIG_IGN:
        signal.signal(signal.SIGQUIT, signal.SIG_DFL)
    tiers = args.tier or ["interp", "compiled"]
    if not args.no_build:
        # Incremental; it also links bash.wasm again when the SDK's libc is newer.
        subprocess.run([os.path.join(ROOT, "examples", "build.sh"), "bash"] + (["bash-musl"] if args.table else []), check=True)
    src = bash_source()
    helpers = build_helpers(src)
    names = args.tests or ([os.path.basename(p)[4:] for p in sorted(glob.glob(os.path.join(src, "tests", "run-*")))
                            if os.path.basename(p) not in ("run-all", "run-minimal", "run-gprof")]
                           if args.all else CI_TESTS)
    if "compiled" in tiers:
        subprocess.run([WALI, "compile", os.path.join(OUT, "bash.wasm")], env=dict(os.environ, WALI_CACHE_DIR=CACHE),
                       check=True, stdout=subprocess.DEVNULL)
    variants = ["glibc"] + (["musl"] if args.table else []) + tiers
    results = {}
    with cf.ThreadPoolExecutor(args.jobs) as pool:
        # Variant by variant: some tests use fixed /tmp names, so one test's runs must not overlap.
        futures = {pool.submit(run_test, src, helpers, v, n): (v, n) for v in variants for n in names}
        for f in cf.as_completed(futures):
            results[futures[f]] = f.result()
            v, n = futures[f]
            save_result(v, n, *results[(v, n)])
            print(f"  ran {n} [{v}] {results[(v, n)][1]:.1f}s", flush=True)  # progress: a long run shows where it is
    passed = failed = 0
    for n in names:
        native, _ = results[("glibc", n)]
        for t in tiers:
            out, secs = results[(t, n)]
            ok = out == native
            passed += ok
            failed += not ok
            print(f"{'ok  ' if ok else 'FAIL'} {n} [{t}] {secs:.1f}s")
            if not ok and not args.table:
                sys.stdout.write("  native:\n" + "".join("    " + l + "\n" for l in native.decode(errors="replace").splitlines()[:15]))
                sys.stdout.write("  wali:\n" + "".join("    " + l + "\n" for l in out.decode(errors="replace").splitlines()[:15]))
    if args.table:
        print_table(names)
    print(f"bash-upstream: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
