#!/usr/bin/env python3
"""Differential fuzzing with csmith: random C programs are generated (csmith --seed S), built with
the SDK (sdk/wali-cc) and natively (cc), run natively, under `wali run --tier interp` and under
`wali run --tier compiled`, and their stdout (csmith prints `checksum = X`) and exit status must
agree across the three.

Seeds are consecutive from --seed (default fixed, so CI is reproducible). A program that fails to
build natively, fails natively or runs longer than --native-timeout natively is skipped (csmith
programs can loop or be slow) and the next seed is taken instead, so --count programs are compared.
A mismatch keeps its .c file in tests/out/csmith/ and prints how to reproduce it.
Prints one line per program and closes with `csmith: N passed, N failed`; exits 1 on any failure."""
import argparse, concurrent.futures as cf, os, shutil, subprocess, sys, threading, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "tests", "out", "csmith")
WALI = os.environ.get("WALI", os.path.join(ROOT, ".build", "release", "wali"))
WALI_CC = os.path.join(ROOT, "sdk", "wali-cc")
CSMITH_INC = "/usr/include/csmith"
CFLAGS = ["-O1", "-w", "-I" + CSMITH_INC]  # --opt replaces -O1
WASM_EXTRA = []  # --wasm-flags: only for the WALI build (e.g. -msimd128)
ENV = {"PATH": "/usr/bin:/bin", "LANG": "C", "TZ": "UTC"}
DEFAULT_SEED = 20260101


def run(cmd, timeout, env=None):
    """(exit status or "timeout", stdout, stderr, seconds)."""
    start = time.monotonic()
    try:
        p = subprocess.run(cmd, capture_output=True, timeout=timeout, env=env or ENV)
        return p.returncode, p.stdout, p.stderr, time.monotonic() - start
    except subprocess.TimeoutExpired as e:
        return "timeout", e.stdout or b"", e.stderr or b"", time.monotonic() - start


def show(result):
    status, out, err, _ = result
    text = out.decode(errors="replace").strip().replace("\n", " | ")
    if len(text) > 120:
        text = text[:120] + "..."
    tail = err.decode(errors="replace").strip().splitlines()[-1:] if status != 0 else []
    return f"status={status} stdout=[{text}]" + (f" stderr=[{tail[0][:160]}]" if tail else "")


def trial(seed, args):
    """Returns (seed, verdict, message) with verdict "pass", "fail" or "skip"."""
    work = os.path.join(OUT, "work", str(seed))
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    src = os.path.join(work, f"csmith_{seed}.c")
    native, wasm = os.path.join(work, "prog.native"), os.path.join(work, "prog.wasm")
    keep = False
    try:
        r = subprocess.run(["csmith", "--seed", str(seed), "-o", src], capture_output=True, text=True, cwd=OUT)  # csmith writes platform.info into its cwd
        if r.returncode:
            return seed, "skip", "csmith failed: " + r.stderr.strip()[:200]
        r = subprocess.run(["cc", *CFLAGS, "-o", native, src], capture_output=True, text=True)
        if r.returncode:
            return seed, "skip", "native build failed"
        nat = run([native], args.native_timeout)
        if nat[0] == "timeout":
            return seed, "skip", f"native run longer than {args.native_timeout}s"
        if nat[0] != 0:
            return seed, "skip", f"native run failed (status {nat[0]})"
        r = subprocess.run([WALI_CC, *CFLAGS, *WASM_EXTRA, "-o", wasm, src], capture_output=True, text=True)
        if r.returncode:
            keep = True
            return seed, "fail", "wali-cc build failed: " + r.stderr.strip()[-300:]
        env = dict(ENV, WALI_CACHE_DIR=os.path.join(work, "cache"))
        results = {"native": nat}
        for tier in ("interp", "compiled"):
            results[tier] = run([WALI, "run", "--tier", tier, wasm], args.wali_timeout, env)
        differ = [t for t in ("interp", "compiled") if results[t][:2] != nat[:2]]
        times = ", ".join(f"{k} {v[3]:.2f}s" for k, v in results.items())
        if not differ:
            checksum = nat[1].decode(errors="replace").strip().splitlines()[-1:] or [""]
            return seed, "pass", f"{checksum[0]} ({times})"
        keep = True
        kept = os.path.join(OUT, os.path.basename(src))
        shutil.copy(src, kept)
        lines = [f"{', '.join(differ)} differ{'s' if len(differ) == 1 else ''} from native ({times})"]
        lines += [f"    {k:8} {show(v)}" for k, v in results.items()]
        rel = os.path.relpath(kept, ROOT)
        lines += [f"    reproduce: sdk/wali-cc {' '.join(CFLAGS + WASM_EXTRA)} -o /tmp/c.wasm {rel} && "
                  f"cc {' '.join(CFLAGS)} -o /tmp/c.native {rel} && /tmp/c.native; "
                  f".build/release/wali run --tier interp /tmp/c.wasm; "
                  f".build/release/wali run --tier compiled /tmp/c.wasm",
                  f"    (regenerate: csmith --seed {seed}; rerun: tests/run_csmith.py --seed {seed} --count 1 --opt={CFLAGS[0]})"]
        return seed, "fail", "\n".join(lines)
    finally:
        if not keep or not args.keep_failed_work:
            shutil.rmtree(work, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--count", type=int, default=8, help="programs to compare (default 8)")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"first csmith seed (default {DEFAULT_SEED})")
    ap.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--native-timeout", type=float, default=2.0, help="skip programs slower natively (s)")
    ap.add_argument("--wali-timeout", type=float, default=120.0, help="per wali run (s)")
    ap.add_argument("--keep-failed-work", action="store_true", help="keep the built files of mismatches")
    ap.add_argument("--opt", default="-O1", help="optimisation flag for both builds (default -O1)")
    ap.add_argument("--wasm-flags", default="", help="extra flags for the WALI build only, e.g. -msimd128")
    args = ap.parse_args()
    CFLAGS[0] = args.opt
    WASM_EXTRA.extend(args.wasm_flags.split())
    if not shutil.which("csmith") or not os.path.exists(os.path.join(CSMITH_INC, "csmith.h")):
        print("csmith or its headers are missing (Debian packages csmith, libcsmith-dev); run scripts/setup",
              file=sys.stderr)
        return 2
    for path, what in ((WALI, "wali"), (WALI_CC, "sdk/wali-cc")):
        if not os.path.exists(path):
            print(f"{what} not found at {path}; run scripts/setup first", file=sys.stderr)
            return 2
    os.makedirs(OUT, exist_ok=True)

    # Each skipped seed brings in the next unused one, so the set of seeds tried is always the
    # first consecutive run from --seed holding --count usable programs, whatever the scheduling.
    max_tries = args.count * 5 + 10
    next_seed = args.seed
    counts = {"pass": 0, "fail": 0, "skip": 0}
    lock = threading.Lock()
    with cf.ThreadPoolExecutor(max(1, args.jobs)) as pool:
        pending = set()

        def submit():
            nonlocal next_seed
            pending.add(pool.submit(trial, next_seed, args))
            next_seed += 1

        for _ in range(args.count):
            submit()
        while pending:
            done, _ = cf.wait(pending, return_when=cf.FIRST_COMPLETED)
            for fut in done:
                pending.discard(fut)
                seed, verdict, msg = fut.result()
                counts[verdict] += 1
                with lock:
                    print(f"{verdict.upper():4} seed {seed}: {msg}", flush=True)
                if verdict == "skip" and next_seed - args.seed < max_tries:
                    submit()
    if counts["pass"] + counts["fail"] < args.count:
        print(f"only {counts['pass'] + counts['fail']} usable programs in {max_tries} seeds", flush=True)
    print(f"csmith: {counts['pass']} passed, {counts['fail']} failed ({counts['skip']} skipped; "
          f"seeds {args.seed}..{next_seed - 1})")
    return 1 if counts["fail"] else 0


if __name__ == "__main__":
    sys.exit(main())
