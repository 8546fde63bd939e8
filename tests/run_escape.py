#!/usr/bin/env python3
"""Escape suite: every tests/escape/*.c is built with the SDK (sdk/wali-cc) and run under
`wali run` on both tiers (interpreter and compiled) in a fresh scratch directory. Each test
attacks the sandbox and asserts the exact refusal (errno or signal) and that the legitimate
neighbour still works; it prints `ok WHAT` / `FAIL WHAT: ...` per check (tests/escape/escape.h).
There is no native run (native Linux would allow what the sandbox refuses), except for tests
marked NATIVE-DIFF, which show that what a policy allows behaves as natively.

A test passes when it exits as expected (status 0 unless stated), printed no `FAIL` line, and
printed at least one `ok` line — unless the expected outcome is itself the assertion (a death by a
signal, or a non-zero exit such as a refused start). The command line is checked too, once: policy
file errors are one line with exit 125, and --help lists the policy flags.

Directives in a test's leading comments (WALI-ARGS, WALI-ENV and ARGS take the placeholders {src}
this directory, {scratch} the run's directory, {out} the build directory, {port} a free TCP port):
  // WALI-ARGS: --flag ...     extra `wali run` options (policy flags), before the module
  // WALI-ENV: KEY=VALUE       an environment variable for the run (repeatable)
  // ARGS: a b c               arguments for the guest
  // STDIN: text               bytes on standard input (\\n escapes allowed)
  // TTY: stdin                standard input is a fresh pseudo-terminal ({tty} is its name)
  // TIMEOUT: 30               seconds per run (default 120)
  // EXPECT-EXIT: 3            the exit status expected instead of 0
  // EXPECT-SIGNAL: SIGSEGV    the process must die of this signal instead
  // EXPECT-STDERR: text       wali's stderr must contain this text
  // TIERS: interp             only these tiers (default: interp compiled)
  // WASM-CFLAGS: -pthread     extra flags for the build
  // NATIVE-DIFF: yes          also build natively and run in a scratch directory of its own
                               (same ARGS); stdout must be identical to the wali run's
Prints one line per test and tier and a closing `escape: N passed, N failed` line; exits 1 on any
failure."""
import argparse, os, pty, re, shutil, signal, socket, subprocess, sys, tempfile, time
from difftest import close, mismatch, newer, run, run_all

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SRC = os.path.join(ROOT, "tests", "escape")
OUT = os.path.join(ROOT, "tests", "out", "escape")
WALI = os.environ.get("WALI", os.path.join(ROOT, ".build", "release", "wali"))
WALI_CC = os.path.join(ROOT, "sdk", "wali-cc")
WASM_FLAGS = ["-O1", "-Wall", "-pthread"]
ENV = {"PATH": "/usr/bin:/bin", "LANG": "C", "TZ": "UTC"}
TIERS = ["interp", "compiled"]


def directives(path):
    d = {"WALI-ARGS": [], "WALI-ENV": [], "ARGS": [], "STDIN": b"", "TTY": None, "TIMEOUT": 120, "EXPECT-EXIT": 0, "EXPECT-SIGNAL": None,
         "EXPECT-STDERR": [], "TIERS": TIERS, "WASM-CFLAGS": [], "NATIVE-DIFF": False}
    with open(path) as f:
        for line in f:
            m = re.match(r"\s*//\s*([A-Z-]+):\s?(.*)", line)
            if not m:
                if line.strip() and not line.lstrip().startswith(("//", "/*", "*", "#")):
                    break
                continue
            key, val = m.group(1), m.group(2).strip()
            if key in ("WALI-ARGS", "ARGS", "TIERS", "WASM-CFLAGS"):
                d[key] = val.split()
            elif key == "STDIN":
                d["STDIN"] = val.encode().decode("unicode_escape").encode("latin-1")
            elif key in ("TIMEOUT", "EXPECT-EXIT"):
                d[key] = int(val)
            elif key in ("EXPECT-SIGNAL", "TTY"):
                d[key] = val
            elif key == "NATIVE-DIFF":
                d[key] = val == "yes"
            elif key in ("EXPECT-STDERR", "WALI-ENV"):
                d[key].append(val)
            else:
                raise ValueError(f"{path}: unknown directive {key}")
    return d


def build(name, d):
    src = os.path.join(SRC, name + ".c")
    wasm = os.path.join(OUT, name + ".wasm")
    libc = os.path.join(ROOT, "sdk", "sysroot", "lib", "wasm32-linux-muslwali", "libc.a")
    headers = [os.path.join(SRC, h) for h in os.listdir(SRC) if h.endswith(".h")]
    if not newer(wasm, [src, WALI_CC, libc, *headers]):
        r = subprocess.run([WALI_CC, *WASM_FLAGS, *d["WASM-CFLAGS"], "-o", wasm, src], capture_output=True, text=True)
        if r.returncode:
            return None, "build failed:\n" + r.stderr
    if d["NATIVE-DIFF"] and not newer(wasm[:-5] + ".native", [src, *headers]):
        r = subprocess.run(["cc", "-O1", "-Wall", "-pthread", "-o", wasm[:-5] + ".native", src], capture_output=True, text=True)
        if r.returncode:
            return None, "native build failed:\n" + r.stderr
    return wasm, None


def run_native(wasm, d):
    """The native run of a NATIVE-DIFF test in a scratch directory of its own: (status, stdout)."""
    scratch = tempfile.mkdtemp(prefix="wali-escape-")
    try:
        args = [w.format(src=SRC, scratch=scratch, out=OUT, port=str(free_port())) for w in d["ARGS"]]
        rc, out, _ = run([wasm[:-5] + ".native", *args], {"STDIN": d["STDIN"], "TIMEOUT": d["TIMEOUT"]}, scratch,
                         dict(ENV, HOME=scratch, TMPDIR=scratch))
        return rc, out
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def test(item):
    name, tier = item
    start = time.monotonic()
    label = f"{name} [{tier}]"
    d = directives(os.path.join(SRC, name + ".c"))
    wasm, err = build(name, d)
    if err:
        return label, False, "", err
    scratch = tempfile.mkdtemp(prefix="wali-escape-")
    env = dict(ENV, HOME=scratch, TMPDIR=scratch, WALI_CACHE_DIR=os.path.join(OUT, "cache"))
    values = {"src": SRC, "scratch": scratch, "out": OUT, "port": str(free_port())}
    terminal = pty.openpty() if d["TTY"] else None
    if terminal:
        values["tty"] = os.ttyname(terminal[1])
    fill = lambda words: [w.format(**values) for w in words]
    for kv in fill(d["WALI-ENV"]):
        key, _, value = kv.partition("=")
        env[key] = value
    try:
        cmd = [WALI, "run", "--tier", tier, *fill(d["WALI-ARGS"]), wasm, *fill(d["ARGS"])]
        if terminal:
            rc, out, err = run_on_terminal(cmd, terminal[1], d["TIMEOUT"], scratch, env)
        else:
            rc, out, err = run(cmd, {"STDIN": d["STDIN"], "TIMEOUT": d["TIMEOUT"]}, scratch, env)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
        if terminal:
            os.close(terminal[0])
            os.close(terminal[1])
    text = out.decode(errors="replace")
    lines = text.splitlines()
    problems = []
    if d["EXPECT-SIGNAL"]:
        want = -int(getattr(signal, d["EXPECT-SIGNAL"]))
        if rc != want:
            problems.append(f"exit status {rc}, expected death by {d['EXPECT-SIGNAL']} ({want})")
    elif rc != d["EXPECT-EXIT"]:
        problems.append(f"exit status {rc}, expected {d['EXPECT-EXIT']}")
    failures = [l for l in lines if l.startswith("FAIL")]
    problems += failures
    checks = sum(1 for l in lines if l.startswith(("ok ", "ok:")))
    outcome_is_the_check = d["EXPECT-SIGNAL"] or d["EXPECT-EXIT"] != 0
    if not checks and not outcome_is_the_check:
        problems.append("no check ran (no `ok` line)")
    for want in d["EXPECT-STDERR"]:
        if want not in err.decode(errors="replace"):
            problems.append(f"stderr lacks {want!r}")
    if d["NATIVE-DIFF"]:
        nrc, nout = run_native(wasm, d)
        if (nrc, nout) != (rc, out):
            problems += mismatch(nrc, nout, rc, out, b"")
    if problems and err:
        problems.append("wali stderr: " + err.decode(errors="replace")[-1500:])
    return label, not problems, f"{checks} checks, {time.monotonic() - start:.1f}s", "\n".join(problems)


def run_on_terminal(cmd, terminal, timeout, cwd, env):
    """Runs with a pseudo-terminal as standard input (stdout and stderr captured)."""
    try:
        p = subprocess.run(cmd, stdin=terminal, capture_output=True, timeout=timeout, cwd=cwd, env=env)
        return p.returncode, p.stdout, p.stderr
    except subprocess.TimeoutExpired as e:
        return "timeout", e.stdout or b"", e.stderr or b""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


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
    ap.add_argument("--tier", choices=TIERS, help="run only on this tier (default: both)")
    args = ap.parse_args()
    if not os.path.exists(WALI):
        print(f"wali not built at {WALI}; run scripts/setup first", file=sys.stderr)
        return 2
    os.makedirs(OUT, exist_ok=True)
    names = args.tests or sorted(f[:-2] for f in os.listdir(SRC) if f.endswith(".c"))
    # Build first, one at a time per test, so both tiers' runs share the module.
    items = []
    for name in names:
        d = directives(os.path.join(SRC, name + ".c"))
        for tier in d["TIERS"]:
            if args.tier in (None, tier):
                items.append((name, tier))
    for name in names:
        build(name, directives(os.path.join(SRC, name + ".c")))
    passed, failed = run_all(test, items, args.jobs)
    if not args.tests:
        for name, ok, headline, details in cli_checks():
            print(("PASS " if ok else "FAIL ") + name)
            if not ok:
                print("    " + details)
            passed, failed = passed + ok, failed + (not ok)
    return close("escape", passed, failed)


if __name__ == "__main__":
    sys.exit(main())
