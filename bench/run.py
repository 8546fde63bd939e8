#!/usr/bin/env python3
"""Benchmark runner: builds bench/programs/*.c for WALI and natively and measures, in one run,
native vs each `wali run` tier: per-call cost of a cheap syscall (getppid), of a 4 KiB
pwrite+pread and of a path syscall (stat), each also under a sandbox policy (`+policy` rows: every
kind of check on, the working directory granted), thread create+join, fork+exit+wait, cached start-up time; CPU-bound C programs
(recursion, sieve, matrix multiply, hashing, string/memcpy) whose checksums must agree across
native and every tier, with each tier's geometric-mean ratio to native; strlen+memcpy on 4 KB
strings through the C library (libc_string: the SDK's musl, built with -msimd128, vs glibc); fixed Lua, SQLite
and CPython workloads (bench/workloads/, on examples/out/ from `examples/build.sh lua sqlite python`;
CPython's native side is the build machine's python3.11); `wali compile --force` time per
module (sqlite3.wasm and python.wasm only with --full); with peak memory (max RSS);
and plain `wali run` (the default tier, auto) after warm-up: start-up of an empty program and of
the SQLite shell running `select 1;`.
A cell the tier cannot run (e.g. `wali run --tier compiled` exiting 126: feature unsupported) is n/a.
Per-operation costs come from two run lengths (slope), so start-up does not pollute them.
Writes bench/RESULTS.md (use --no-write to only print)."""
import argparse, datetime, math, os, platform, shutil, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PROGS = os.path.join(ROOT, "bench", "programs")
OUT = os.path.join(ROOT, "bench", "out")
INC = os.path.join(ROOT, "tests", "conformance", "include")
WALI = os.environ.get("WALI", os.path.join(ROOT, ".build", "release", "wali"))
WASM_FLAGS = ["--target=wasm32-unknown-linux-muslwali", "-O2", "-nostdlib", "-ffreestanding", "-matomics",
              "-mbulk-memory", "-Wl,--shared-memory", "-Wl,--max-memory=2147483648", "-Wl,--no-entry",
              "-Wl,--export=_start"]


def build(name):
    src = os.path.join(PROGS, name + ".c")
    wasm, native = os.path.join(OUT, name + ".wasm"), os.path.join(OUT, name + ".native")
    subprocess.run(["clang-22", *WASM_FLAGS, "-I" + INC, "-o", wasm, src], check=True)
    subprocess.run(["cc", "-O2", "-ffp-contract=off", "-pthread", "-I" + INC, "-o", native, src], check=True)
    return wasm, native


def build_libc(name, wasm_flags=()):
    """A program using the C library: the SDK's musl (sdk/wali-cc) for WALI, glibc natively."""
    src = os.path.join(PROGS, name + ".c")
    wasm, native = os.path.join(OUT, name + ".wasm"), os.path.join(OUT, name + ".native")
    subprocess.run([os.path.join(ROOT, "sdk", "wali-cc"), "-O2", *wasm_flags, "-o", wasm, src], check=True)
    subprocess.run(["cc", "-O2", "-o", native, src], check=True)
    return wasm, native


# A tiny C launcher times the command and reads its peak RSS from wait4: a child forked from
# Python would report Python's own resident size as its peak.
LAUNCHER_C = r"""
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include <sys/resource.h>
#include <sys/wait.h>
int main(int argc, char **argv) {
    struct timespec a, b; struct rusage ru; int status;
    clock_gettime(CLOCK_MONOTONIC, &a);
    pid_t pid = fork();
    if (pid == 0) { execv(argv[1], argv + 1); _exit(127); }
    wait4(pid, &status, 0, &ru);
    clock_gettime(CLOCK_MONOTONIC, &b);
    fprintf(stderr, "%ld %ld\n", (long)((b.tv_sec - a.tv_sec) * 1000000000L + (b.tv_nsec - a.tv_nsec)), ru.ru_maxrss);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
"""


def launcher():
    path = os.path.join(OUT, "launch")
    src = path + ".c"
    if not os.path.exists(path):
        open(src, "w").write(LAUNCHER_C)
        subprocess.run(["cc", "-O2", "-o", path, src], check=True)
    return path


class Unsupported(Exception):
    """The tier cannot run this module (exit 126: a feature it does not support yet)."""


def measure(cmd, repeat=3, budget=6.0, with_output=False):
    """Best wall time (s) of up to `repeat` runs (fewer once `budget` seconds are spent) and the
    peak max RSS (KiB); with_output: also the (identical) stdout of the runs."""
    best, rss, spent, output = float("inf"), 0, 0.0, None
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as d:
            p = subprocess.run([launcher(), *cmd], cwd=d, stdout=subprocess.PIPE if with_output else subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True)
        if p.returncode == 126 and cmd[0] == WALI:
            raise Unsupported(p.stderr.strip().splitlines()[0] if p.stderr.strip() else "exit 126")
        if p.returncode != 0:
            raise RuntimeError(f"{' '.join(cmd)} exited {p.returncode}: {p.stderr[-500:]}")
        ns, kib = map(int, p.stderr.strip().splitlines()[-1].split())
        best, rss, spent = min(best, ns / 1e9), max(rss, kib), spent + ns / 1e9
        if with_output:
            if output is not None and p.stdout != output:
                raise RuntimeError(f"{' '.join(cmd)}: output differs between runs")
            output = p.stdout
        if spent > budget:
            break
    return (best, rss, output) if with_output else (best, rss)


def settle(path):
    """Waits until the module file is out of the cache index's "racy clean" window (its times a
    second older than a run's start: FileIdentity.isSettled). A module built a moment ago is read
    and hashed at every run, because the index cannot yet vouch for it; users run modules built
    earlier, so the rows measure the settled case (a just-built module costs ~0.5 ms more)."""
    st = os.stat(path)
    age = time.time() - max(st.st_mtime, st.st_ctime)
    if age < 1.5:
        time.sleep(1.5 - age)


def precompile(wasm):
    """Puts the module in the compiled tier's cache (no-op when cached); False if it cannot compile."""
    p = subprocess.run([WALI, "compile", wasm], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if p.returncode != 0:
        print(f"note: {os.path.basename(wasm)}: {p.stderr.strip()[:200]}", file=sys.stderr)
    return p.returncode == 0


# A sandbox policy with every kind of check on (the working directory granted, so io_4k and
# path_stat can open their files): the `+policy` rows measure what the policy costs per call.
POLICY_FLAGS = ["--sandbox", "--dir", ".", "--net", "loopback", "--max-fds", "256", "--max-threads", "16",
                "--max-procs", "16", "--max-memory", "1G"]


def runners(tiers, wasm, native, policy=False):
    """(label, command or None when the tier cannot run the module); compiled modules are cached first."""
    settle(wasm)
    yield "native", [native]
    for tier in tiers:
        if tier == "compiled" and not precompile(wasm):
            yield tier, None
            continue
        yield tier, [WALI, "run", "--tier", tier, *(POLICY_FLAGS if policy else []), wasm]


def default_tier(name, wasm, native, argv, timeout=1800.0):
    """Plain `wali run MODULE` (no --tier: auto) after warm-up: the first run starts the background
    compile, which is waited for; then start-up is measured (best of 20) against native. Returns
    (name, native ms, wali ms, wali peak RSS KiB) or None if the compiled code never came."""
    env = {k: v for k, v in os.environ.items() if k not in ("WALI_TIER", "WALI_BACKGROUND_COMPILE")}
    settle(wasm)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        p = subprocess.run([WALI, "run", wasm, *argv], env=dict(env, WALI_REPORT_TIER="1"),
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if "tier: compiled (cached)" in p.stderr:
            break
        if "background compile" not in p.stderr or "failed" in p.stderr:
            print(f"note: {name}: no compiled code under the default tier: {p.stderr.strip()[-200:]}", file=sys.stderr)
            return None
        time.sleep(1)  # a background compile is running
    else:
        return None
    saved = {k: os.environ.pop(k) for k in ("WALI_TIER", "WALI_BACKGROUND_COMPILE") if k in os.environ}
    try:
        wali_s, wali_rss = measure([WALI, "run", wasm, *argv], repeat=20, budget=10.0)
        native_s, _ = measure([native, *argv], repeat=20, budget=10.0)
    finally:
        os.environ.update(saved)
    return name, native_s * 1000, wali_s * 1000, wali_rss


def default_tier_rows():
    """Table lines for `wali run` on its default tier, warmed up (start-up of an empty program and
    of the 2 MB SQLite shell running `select 1;`)."""
    ex = os.path.join(ROOT, "examples", "out")
    rows = [default_tier("startup (empty program)", *build("startup"), []),
            default_tier("sqlite3 :memory: 'select 1;'", os.path.join(ex, "sqlite3.wasm"), os.path.join(ex, "sqlite3.native"),
                         [":memory:", "select 1;"])]
    lines = ["", "`wali run MODULE` on its default tier (auto) after warm-up (the first run compiled it in the "
             "background; best of 20 runs):", "",
             "| start-up | native ms | wali run ms | wali/native | wali peak RSS KiB |", "|---|---|---|---|---|"]
    for row in rows:
        if row is None:
            continue
        name, n, w, rss = row
        lines.append(f"| {name} | {n:.2f} | {w:.2f} | {w / n:.2f}x | {rss} |")
    return lines


POLICY_COST_HEADING = "Policy cost per call"


def policy_cost_rows(tiers, rounds=11):
    """Table lines for what a sandbox policy costs per call: the same slope as the `+policy` rows,
    but the runs with and without the policy alternate (`rounds` times, best of each run length),
    so a change in the machine's load during the run hits both sides alike."""
    lines = ["", f"{POLICY_COST_HEADING} (`+policy` flags as above; runs with and without the policy alternated "
             f"{rounds} times, best of each; ns per call):", "",
             "| benchmark | tier | without policy | with policy | overhead |", "|---|---|---|---|---|"]
    for name, small, large in (("syscall_getppid", 20000, 400000), ("io_4k", 5000, 60000), ("path_stat", 5000, 100000)):
        wasm, _ = build(name)
        for tier in tiers:
            if tier == "compiled" and not precompile(wasm):
                continue
            best = {(policy, n): float("inf") for policy in (False, True) for n in (small, large)}
            for _ in range(rounds):
                for policy in (False, True):
                    for n in (small, large):
                        cmd = [WALI, "run", "--tier", tier, *(POLICY_FLAGS if policy else []), wasm, str(n)]
                        best[policy, n] = min(best[policy, n], measure(cmd, repeat=1)[0])
            plain, confined = ((best[p, large] - best[p, small]) / (large - small) * 1e9 for p in (False, True))
            lines.append(f"| {name} | {tier} | {plain:.1f} | {confined:.1f} | {(confined / plain - 1) * 100:+.1f}% |")
    return lines


def replace_section(text, heading, new_lines):
    """`text` with the block that starts at the line holding `heading` (up to the next blank line
    followed by a line that is not part of it) replaced by new_lines; appended before the notes
    when absent."""
    block = "\n".join(new_lines).strip("\n")
    start = text.find("\n" + heading) + 1  # at the start of a line (notes may name the table)
    if start == 0:
        marker = "\n## Notes\n"
        at = text.index(marker) if marker in text else len(text)
        return text[:at].rstrip("\n") + "\n\n" + block + "\n" + text[at:]
    end = start
    lines = text[start:].split("\n")
    i = 0
    while i < len(lines) and not (i > 0 and lines[i] == "" and (i + 1 >= len(lines) or not lines[i + 1].startswith("|"))):
        end += len(lines[i]) + 1
        i += 1
    return text[:start] + block + "\n" + text[end:]


def compile_time(wasm):
    """Wall time (s) of `wali compile MODULE --force`, or None if it fails."""
    t0 = time.monotonic()
    p = subprocess.run([WALI, "compile", wasm, "--force"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    return time.monotonic() - t0 if p.returncode == 0 else None


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tiers", default="interp,compiled", help="comma-separated wali tiers (interp,compiled)")
    ap.add_argument("--no-write", action="store_true")
    ap.add_argument("--quick", action="store_true", help="smaller sizes (smoke test)")
    ap.add_argument("--full", action="store_true", help="also time `wali compile --force` of sqlite3.wasm (~1.5 min) and python.wasm")
    ap.add_argument("--policy-cost-only", action="store_true",
                    help=f"only measure the '{POLICY_COST_HEADING}' table (~1 min) and replace it in bench/RESULTS.md")
    args = ap.parse_args()
    tiers = args.tiers.split(",")
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(ROOT, "bench", "RESULTS.md")
    if args.policy_cost_only:
        lines = policy_cost_rows(tiers)
        print("\n".join(lines))
        if not args.no_write:
            text = replace_section(open(path).read(), POLICY_COST_HEADING, lines)  # read before "w" truncates
            open(path, "w").write(text)
        return 0
    q = 10 if args.quick else 1
    rows = []  # (benchmark, unit, {runner: value}, {runner: rss})

    def slope(name, small, large, unit_scale, unit, policy=False):
        wasm, native = build(name)
        vals, mem = {}, {}
        for label, cmd in runners(tiers, wasm, native, policy):
            try:
                if cmd is None:
                    raise Unsupported("does not compile")
                # Best of 5: a slope is a difference of two short runs, so one slow run of either
                # moves it (fork_wait's native slope ranged 85-116 µs over best-of-3 runs).
                t1, _ = measure(cmd + [str(small // q)], repeat=5)
                t2, rss = measure(cmd + [str(large // q)], repeat=5)
            except Unsupported:
                vals[label] = mem[label] = None
                continue
            vals[label] = (t2 - t1) / ((large - small) // q) * unit_scale
            mem[label] = rss
        rows.append((name + (" +policy" if policy else ""), unit, vals, mem))

    def total(name, argv, unit, modules=None, cpu=False, repeat=3):
        """Whole-run time; every runner's stdout must match native's (a mismatch is an error)."""
        wasm, native = modules or build(name)
        vals, mem, outputs = {}, {}, {}
        for label, cmd in runners(tiers, wasm, native):
            try:
                if cmd is None:
                    raise Unsupported("does not compile")
                t, rss, outputs[label] = measure(cmd + argv, repeat=repeat, with_output=True)
                vals[label], mem[label] = t * 1000, rss
            except Unsupported as e:
                print(f"note: {name} under {label}: n/a ({e})", file=sys.stderr)
                vals[label], mem[label] = None, None
                continue
            if outputs[label] != outputs["native"]:
                raise RuntimeError(f"{name}: {label} output differs from native:\n{outputs[label][-300:]!r}\n"
                                   f"native:\n{outputs['native'][-300:]!r}")
        rows.append((name, unit, vals, mem))
        if cpu:
            cpu_rows.append(rows[-1])
        compiled_modules.append((name, wasm))

    slope("syscall_getppid", 20000, 400000, 1e9, "ns/call")
    slope("io_4k", 5000, 60000, 1e9, "ns/(4 KiB write+read)")
    slope("path_stat", 5000, 100000, 1e9, "ns/stat")
    slope("syscall_getppid", 20000, 400000, 1e9, "ns/call", policy=True)
    slope("io_4k", 5000, 60000, 1e9, "ns/(4 KiB write+read)", policy=True)
    slope("path_stat", 5000, 100000, 1e9, "ns/stat", policy=True)
    slope("thread_create_join", 200, 2000, 1e6, "µs/(create+join)")
    slope("fork_wait", 100, 1000, 1e6, "µs/(fork+exit+wait)")
    cpu_rows, compiled_modules = [], []
    total("startup", [], "ms (compiled: cached)", repeat=20)  # a few ms: best of 20, as the default-tier rows
    total("cpu_sieve", [str(max(1, 60 // q))], "ms", cpu=True)
    total("cpu_fib", [str(40 - (5 if args.quick else 0))], "ms", cpu=True)
    total("cpu_matmul", [str(max(1, 150 // q))], "ms", cpu=True)
    total("cpu_hash", [str(max(1, 200 // q))], "ms", cpu=True)
    total("cpu_string", [str(max(1, 150 // q))], "ms", cpu=True)
    # Not in the geometric mean (a libc benchmark, not a code-generation one).
    # -msimd128 links the SDK's simd128 string routines.
    total("libc_string -msimd128", [str(max(1, 20000 // q))], "ms", modules=build_libc("libc_string", ["-msimd128"]))
    geo = {}
    for t in tiers:
        rs = [v[t] / v["native"] for _, _, v, _ in cpu_rows if v.get(t) and v["native"] > 0]
        geo[t] = math.exp(sum(map(math.log, rs)) / len(rs)) if len(rs) == len(cpu_rows) and rs else None

    ex = os.path.join(ROOT, "examples")
    exmods = {n: (os.path.join(ex, "out", n + ".wasm"), os.path.join(ex, "out", n + ".native")) for n in ("lua", "sqlite3")}
    if not all(os.path.exists(p) for m in exmods.values() for p in m):
        subprocess.run([os.path.join(ex, "build.sh"), "lua", "sqlite"], check=True)
    wl = os.path.join(ROOT, "bench", "workloads")
    total("lua bench.lua", [os.path.join(wl, "bench.lua"), str(1 if args.quick else 10)], "ms", modules=exmods["lua"])
    sql = os.path.join(wl, "bench.sql")
    if args.quick:  # the same statements on a tenth of the rows
        sql = os.path.join(OUT, "bench-quick.sql")
        open(sql, "w").write(open(os.path.join(wl, "bench.sql")).read().replace("100000", "10000"))
    total("sqlite3 bench.sql", [":memory:", ".read " + sql], "ms", modules=exmods["sqlite3"])
    # CPython 3.11 built for WALI (examples/build.sh python) against the build machine's python3.11
    python_wasm = os.path.join(ex, "out", "python.wasm")
    if not os.path.exists(python_wasm):
        subprocess.run([os.path.join(ex, "build.sh"), "python"], check=True)
    total("python bench.py", [os.path.join(wl, "bench.py"), str(1 if args.quick else 3)], "ms",
          modules=(python_wasm, shutil.which("python3.11", path="/usr/bin:/bin") or "python3.11"))

    ctimes = []
    for name, wasm in compiled_modules:
        if name.startswith(("sqlite3", "python")) and not args.full:
            continue
        ctimes.append((os.path.basename(wasm), os.path.getsize(wasm), compile_time(wasm)))

    labels = ["native"] + tiers
    lines = ["| benchmark | unit | " + " | ".join(labels) + " | " + " | ".join(f"{t}/native" for t in tiers) + " | peak RSS KiB (" + ", ".join(labels) + ") |",
             "|---|---|" + "---|" * (2 * len(labels) - 1) + "---|"]
    for name, unit, vals, mem in rows:
        ratios = [f"{vals[t] / vals['native']:.2f}x" if vals[t] is not None and vals["native"] > 0 else "n/a" for t in tiers]
        lines.append(f"| {name} | {unit} | " + " | ".join("n/a" if vals[l] is None else f"{vals[l]:.1f}" for l in labels)
                     + " | " + " | ".join(ratios) + " | " + ", ".join("n/a" if mem[l] is None else str(mem[l]) for l in labels) + " |")
        if (name, unit, vals, mem) == cpu_rows[-1]:
            lines.append("| **geometric mean, CPU-bound (cpu_\\*)** | ratio | " + " | ".join("-" for _ in labels) + " | "
                         + " | ".join("n/a" if geo[t] is None else f"**{geo[t]:.2f}x**" for t in tiers) + " | - |")
    lines += ["", "`wali compile MODULE --force` (cold, no cache; `--jobs 2`)"
              + ("" if args.full else "; sqlite3.wasm and python.wasm only with `--full`") + ":", "",
              "| module | wasm bytes | compile s |", "|---|---|---|"]
    lines += [f"| {n} | {size} | " + ("n/a" if s is None else f"{s:.2f}") + " |" for n, size, s in ctimes]
    lines += default_tier_rows()
    lines += policy_cost_rows(tiers)
    table = "\n".join(lines)
    print(table)
    if not args.no_write:
        header = (f"# Benchmark results\n\nMeasured by `python3 bench/run.py --tiers {args.tiers}` on "
                  f"{datetime.date.today()} ({platform.machine()}, {os.cpu_count()} cores, {platform.platform()}).\n"
                  "Per-call costs are slopes between two run lengths (start-up excluded), each length best of up to 5 runs; "
                  "other times are best of up to 3 runs (fewer when a run is long; start-up: best of 20); the compiled tier runs from its cache (compiled "
                  "beforehand), modules a second or more after they were built (the cache index's racy-clean window). "
                  "n/a: the tier cannot run the module yet.\n\n")
        notes = ""
        if os.path.exists(path):
            old = open(path).read()
            marker = "\n## Notes\n"
            if marker in old:
                notes = old[old.index(marker):]
        open(path, "w").write(header + table + "\n" + notes)


if __name__ == "__main__":
    sys.exit(main())
