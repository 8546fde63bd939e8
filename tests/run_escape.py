#!/usr/bin/env python3
"""Escape suite: programs that try to get past the sandbox policy. Every tests/escape/*.c is built
with the SDK and run under `wali run` with its policy flags; it checks each refusal (the exact
errno) and that what the policy allows still works, printing one line per check and exiting 0 when
all hold. The runner then checks the exit status (or death by a signal) and what stderr must say.
It also checks the command line: policy file errors and --help.

Directives in a test's leading comments:
  // WALI-ARGS: --net loopback    flags for `wali run` (placeholders: {src} this directory,
                                  {scratch} the run's directory, {out} the build directory,
                                  {port} a free TCP port)
  // WALI-ENV: KEY=VALUE          an environment variable for the run (repeatable)
  // ARGS: a b                    arguments for the guest (placeholders as above)
  // EXPECT-EXIT: 126             the exit status (default 0)
  // EXPECT-SIGNAL: SIGXCPU       wali must die of this signal instead
  // EXPECT-STDERR: text          stderr must contain this (repeatable)
  // TIMEOUT: 30                  seconds (default 60)
With --tier, runs on that tier. Closes with `escape: N passed, N failed`; exits 1 on any failure."""
import argparse, os, re, shutil, signal, socket, subprocess, sys, tempfile, time
from difftest import newer, run_all

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SRC = os.path.join(ROOT, "tests", "escape")
OUT = os.path.join(ROOT, "tests", "out", "escape")
WALI = os.environ.get("WALI", os.path.join(ROOT, ".build", "release", "wali"))
WALI_CC = os.path.join(ROOT, "sdk", "wali-cc")
ENV = {"PATH": "/usr/bin:/bin", "LANG": "C", "TZ": "UTC"}


def directives(path):
    d = {"WALI-ARGS": [], "WALI-ENV": [], "ARGS": [], "EXPECT-EXIT": 0, "EXPECT-SIGNAL": None,
         "EXPECT-STDERR": [], "TIMEOUT": 60}
    with open(path) as f:
        for line in f:
            m = re.match(r"\s*//\s*([A-Z-]+):\s?(.*)", line)
            if not m:
                if line.strip() and not line.lstrip().startswith("//"):
                    break
                continue
            key, val = m.group(1), m.group(2).strip()
            if key in ("WALI-ARGS", "ARGS"):
                d[key] = val.split()
            elif key in ("WALI-ENV", "EXPECT-STDERR"):
                d[key].append(val)
            elif key in ("EXPECT-EXIT", "TIMEOUT"):
                d[key] = int(val)
            elif key == "EXPECT-SIGNAL":
                d[key] = getattr(signal, val)
    return d


def build(name):
    src = os.path.join(SRC, name + ".c")
    wasm = os.path.join(OUT, name + ".wasm")
    headers = [os.path.join(SRC, h) for h in os.listdir(SRC) if h.endswith(".h")]
    libc = os.path.join(ROOT, "sdk", "sysroot", "lib", "wasm32-linux-muslwali", "libc.a")
    if not newer(wasm, [src, WALI_CC, libc, *headers]):
        r = subprocess.run([WALI_CC, "-O1", "-Wall", "-pthread", "-o", wasm, src], capture_output=True, text=True)
        if r.returncode:
            return None, "build failed:\n" + r.stderr
    return wasm, None


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test(item):
    name, tier = item
    start = time.monotonic()
    wasm, err = build(name)
    if err:
        return name, False, "", err
    d = directives(os.path.join(SRC, name + ".c"))
    scratch = tempfile.mkdtemp(prefix="wali-escape-")
    try:
        values = {"src": SRC, "scratch": scratch, "out": OUT, "port": str(free_port())}
        fill = lambda words: [w.format(**values) for w in words]
        env = dict(ENV, HOME=scratch, TMPDIR=scratch, WALI_CACHE_DIR=os.path.join(OUT, "cache"))
        for kv in fill(d["WALI-ENV"]):
            key, _, value = kv.partition("=")
            env[key] = value
        cmd = [WALI, "run", *(["--tier", tier] if tier else []), *fill(d["WALI-ARGS"]), wasm, *fill(d["ARGS"])]
        try:
            p = subprocess.run(cmd, capture_output=True, timeout=d["TIMEOUT"], cwd=scratch, env=env)
            status, out, errout = p.returncode, p.stdout.decode(errors="replace"), p.stderr.decode(errors="replace")
        except subprocess.TimeoutExpired as e:
            status, out, errout = "timeout", (e.stdout or b"").decode(errors="replace"), (e.stderr or b"").decode(errors="replace")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    problems = []
    if d["EXPECT-SIGNAL"] is not None:
        if status != -d["EXPECT-SIGNAL"]:
            problems.append(f"wali ended with {status}, want death by {signal.Signals(d['EXPECT-SIGNAL']).name}")
    elif status != d["EXPECT-EXIT"]:
        problems.append(f"exit status {status}, want {d['EXPECT-EXIT']}")
    for text in d["EXPECT-STDERR"]:
        if text not in errout:
            problems.append(f"stderr lacks {text!r}")
    elapsed = f"{time.monotonic() - start:.1f}s"
    if problems:
        details = "\n".join(problems + ["stdout:\n" + out[-3000:], "stderr:\n" + errout[-1500:]])
        return name, False, elapsed, details
    return name, True, elapsed, ""


def cli_checks():
    """The command line: policy file errors are one line with exit 125; --help lists the flags."""
    checks = []
    hello = os.path.join(OUT, "policy_file.wasm")
    for policy, message in [("unknown_key.toml", "unknown key 'network.speed'"),
                            ("bad_value.toml", "limits.threads must be a positive integer"),
                            ("syntax.toml", "line 1"),
                            ("missing.toml", "cannot read policy file")]:
        path = os.path.join(SRC, "policies", policy)
        checks.append((f"cli: --policy {policy}", [WALI, "run", "--policy", path, hello], {}, 125, message))
    checks.append(("cli: WALI_POLICY bad file", [WALI, "run", hello],
                   {"WALI_POLICY": os.path.join(SRC, "policies", "unknown_key.toml")}, 125, "unknown key"))
    checks.append(("cli: --connect outside --net loopback", [WALI, "run", "--net", "loopback", "--connect", "192.0.2.1:80", hello],
                   {}, 125, "--connect 192.0.2.1:80 is outside --net loopback"))
    checks.append(("cli: --connect not numeric", [WALI, "run", "--connect", "example.org:80", hello],
                   {}, 125, "--connect expects a numeric ADDR[:PORT]"))
    checks.append(("cli: --max-memory bad size", [WALI, "run", "--max-memory", "lots", hello],
                   {}, 125, "--max-memory expects a size"))
    results = []
    for name, cmd, extra, want, message in checks:
        p = subprocess.run(cmd, capture_output=True, text=True, env=dict(ENV, **extra), timeout=60)
        lines = p.stderr.strip().splitlines()
        ok = p.returncode == want and len(lines) == 1 and message in p.stderr
        results.append((name, ok, "", "" if ok else f"status {p.returncode}, stderr: {p.stderr!r}"))
    p = subprocess.run([WALI, "run", "--help"], capture_output=True, text=True, timeout=60)
    flags = ["--sandbox", "--policy <FILE>", "--net <none|loopback|all>", "--connect <ADDR[:PORT]>", "--bind <ADDR[:PORT]>",
             "--exec <wasm|any>", "--max-memory <SIZE>", "--max-threads <N>", "--max-procs <N>", "--max-fds <N>",
             "--cpu-time <SECONDS>", "--policy-audit"]
    missing = [f for f in flags if f not in p.stdout]
    hidden = [f for f in ("--inherited-policy", "--guest-env") if f in p.stdout]
    results.append(("cli: --help lists the policy flags", p.returncode == 0 and not missing and not hidden, "",
                    f"missing {missing}, shown {hidden}"))
    return results


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("tests", nargs="*", help="test names (default: all)")
    ap.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--tier", default=None, help="pass --tier to wali run (interp, compiled)")
    args = ap.parse_args()
    if not os.path.exists(WALI):
        print(f"wali not built at {WALI}; run scripts/setup first", file=sys.stderr)
        return 2
    os.makedirs(OUT, exist_ok=True)
    names = args.tests or sorted(f[:-2] for f in os.listdir(SRC) if f.endswith(".c"))
    passed, failed = run_all(test, [(n, args.tier) for n in names], args.jobs)
    if not args.tests:
        for name, ok, headline, details in cli_checks():
            print(("PASS " if ok else "FAIL ") + name)
            if not ok:
                print("    " + details)
            passed, failed = passed + ok, failed + (not ok)
    print(f"escape: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
