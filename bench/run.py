#!/usr/bin/env python3
"""Benchmark runner: builds bench/programs/*.c for WALI and natively and measures, in one run,
native vs each `wali run` tier: per-call cost of a cheap syscall (getppid), of a 4 KiB
pwrite+pread, thread create+join, fork+exit+wait, start-up time, and a CPU-bound program;
with peak memory (max RSS).
Per-operation costs come from two run lengths (slope), so start-up does not pollute them.
Writes bench/RESULTS.md (use --no-write to only print)."""
import argparse, datetime, os, platform, subprocess, sys, tempfile

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
    subprocess.run(["cc", "-O2", "-pthread", "-I" + INC, "-o", native, src], check=True)
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


def measure(cmd, repeat=3):
    """Best wall time (s) of `repeat` runs and the peak max RSS (KiB)."""
    best, rss = float("inf"), 0
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as d:
            p = subprocess.run([launcher(), *cmd], cwd=d, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if p.returncode != 0:
            raise RuntimeError(f"{' '.join(cmd)} exited {p.returncode}: {p.stderr[-500:]}")
        ns, kib = map(int, p.stderr.strip().splitlines()[-1].split())
        best, rss = min(best, ns / 1e9), max(rss, kib)
    return best, rss


def runners(tiers, wasm, native):
    yield "native", [native]
    for tier in tiers:
        yield tier, [WALI, "run", *(["--tier", tier] if tier != "interp" else []), wasm]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tiers", default="interp,compiled", help="comma-separated wali tiers (interp,compiled)")
    ap.add_argument("--no-write", action="store_true")
    ap.add_argument("--quick", action="store_true", help="smaller sizes (smoke test)")
    args = ap.parse_args()
    tiers = args.tiers.split(",")
    os.makedirs(OUT, exist_ok=True)
    q = 10 if args.quick else 1
    rows = []  # (benchmark, unit, {runner: value}, {runner: rss})

    def slope(name, small, large, unit_scale, unit):
        wasm, native = build(name)
        vals, mem = {}, {}
        for label, cmd in runners(tiers, wasm, native):
            t1, _ = measure(cmd + [str(small // q)])
            t2, rss = measure(cmd + [str(large // q)])
            vals[label] = (t2 - t1) / ((large - small) // q) * unit_scale
            mem[label] = rss
        rows.append((name, unit, vals, mem))

    def total(name, argv, unit):
        wasm, native = build(name)
        vals, mem = {}, {}
        for label, cmd in runners(tiers, wasm, native):
            t, rss = measure(cmd + argv)
            vals[label], mem[label] = t * 1000, rss
        rows.append((name, unit, vals, mem))

    slope("syscall_getppid", 20000, 400000, 1e9, "ns/call")
    slope("io_4k", 5000, 60000, 1e9, "ns/(4 KiB write+read)")
    slope("thread_create_join", 200, 2000, 1e6, "µs/(create+join)")
    slope("fork_wait", 50, 400, 1e6, "µs/(fork+exit+wait)")
    total("startup", [], "ms")
    total("cpu_sieve", [str(max(1, 6 // q))], "ms")

    labels = ["native"] + tiers
    lines = ["| benchmark | unit | " + " | ".join(labels) + " | " + " | ".join(f"{t}/native" for t in tiers) + " | peak RSS KiB (" + ", ".join(labels) + ") |",
             "|---|---|" + "---|" * (2 * len(labels) - 1) + "---|"]
    for name, unit, vals, mem in rows:
        ratios = [f"{vals[t] / vals['native']:.1f}x" if vals["native"] > 0 else "-" for t in tiers]
        lines.append(f"| {name} | {unit} | " + " | ".join(f"{vals[l]:.1f}" for l in labels) + " | " + " | ".join(ratios)
                     + " | " + ", ".join(str(mem[l]) for l in labels) + " |")
    table = "\n".join(lines)
    print(table)
    if not args.no_write:
        header = (f"# Benchmark results\n\nMeasured by `python3 bench/run.py --tiers {args.tiers}` on "
                  f"{datetime.date.today()} ({platform.machine()}, {os.cpu_count()} cores, {platform.platform()}).\n"
                  "Per-call costs are slopes between two run lengths (start-up excluded); times are best of 3.\n\n")
        path = os.path.join(ROOT, "bench", "RESULTS.md")
        notes = ""
        if os.path.exists(path):
            old = open(path).read()
            marker = "\n## Notes\n"
            if marker in old:
                notes = old[old.index(marker):]
        open(path, "w").write(header + table + "\n" + notes)


if __name__ == "__main__":
    sys.exit(main())
