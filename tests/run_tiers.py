#!/usr/bin/env python3
"""Tier selection and the compile cache: plain `wali run` (--tier auto) interprets a module the
cache lacks while one detached background job compiles it, and runs later starts from the
compiled code; the cache index never serves a changed module; the controls (--tier, WALI_TIER,
--no-background-compile, WALI_BACKGROUND_COMPILE) and `wali cache list|clear|prune`.

Every run's stdout and exit status must be the native program's; `WALI_REPORT_TIER=1` makes
`wali run` say which tier ran and why (one stderr line), which the checks read. Waiting for a
background compile is bounded by --compile-timeout; nothing is timed. Each group of checks has
its own cache directory. Prints one line per check and `tiers: N passed, N failed`."""
import argparse, os, re, shutil, subprocess, sys, tempfile, threading, time
from difftest import close

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SRC = os.path.join(ROOT, "tests", "tiers")
OUT = os.path.join(ROOT, "tests", "out", "tiers")
WALI = os.environ.get("WALI", os.path.join(ROOT, ".build", "release", "wali"))
WALI_CC = os.path.join(ROOT, "sdk", "wali-cc")
REPORT = re.compile(r"^wali: .*: tier: (.*)$", re.M)

results = []  # (name, ok, detail)


def check(name, ok, detail=""):
    results.append((name, bool(ok), detail))
    print(f"{'PASS' if ok else 'FAIL'} {name}" + ("" if ok else "\n    " + str(detail).replace("\n", "\n    ")), flush=True)
    return ok


def build():
    os.makedirs(OUT, exist_ok=True)
    mods = {}
    for word in ("AAAA", "BBBB"):
        wasm, native = os.path.join(OUT, f"hello_{word}.wasm"), os.path.join(OUT, f"hello_{word}.native")
        src = os.path.join(SRC, "hello.c")
        subprocess.run([WALI_CC, "-O1", f'-DWORD="{word}"', "-o", wasm, src], check=True)
        subprocess.run(["cc", "-O1", f'-DWORD="{word}"', "-o", native, src], check=True)
        mods[word] = (wasm, native)
    subprocess.run([WALI_CC, "-O1", "-o", os.path.join(OUT, "exec.wasm"), os.path.join(SRC, "exec.c")], check=True)
    subprocess.run([WALI_CC, "-O1", "-o", os.path.join(OUT, "cast.wasm"), os.path.join(SRC, "cast.c")], check=True)
    subprocess.run(["cc", "-O1", "-o", os.path.join(OUT, "cast.native"), os.path.join(SRC, "cast.c")], check=True)
    return mods


class Runner:
    """Runs `wali` with one cache directory and a clean environment."""

    def __init__(self, name, **env):
        self.cache = os.path.join(OUT, "cache-" + name)
        shutil.rmtree(self.cache, ignore_errors=True)
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("WALI_")}
        self.env.update(WALI_CACHE_DIR=self.cache, WALI_REPORT_TIER="1", **env)

    def wali(self, *args, env=None, timeout=300):
        p = subprocess.run([WALI, *args], capture_output=True, env=dict(self.env, **(env or {})), timeout=timeout, cwd=OUT)
        return p.returncode, p.stdout, p.stderr.decode(errors="replace")

    def run(self, *args, env=None):
        """`wali run ARGS`: (status, stdout, [reported tiers], stderr)."""
        rc, out, err = self.wali("run", *args, env=env)
        return rc, out, REPORT.findall(err), err

    def cache_list(self):
        rc, out, err = self.wali("cache", "list")
        return out.decode()

    def entries(self, state):
        return [l for l in self.cache_list().splitlines() if l.startswith(state + " ")]


def native(path, *args):
    p = subprocess.run([path, *args], capture_output=True, timeout=60)
    return p.returncode, p.stdout


def started_pid(reports):
    for r in reports:
        m = re.search(r"background compile started, pid (\d+)", r)
        if m:
            return int(m.group(1))
    return None


def alive(pid):
    """Whether the process runs (a zombie nobody reaped has finished)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def wait_for(pid, timeout):
    deadline = time.monotonic() + timeout
    while alive(pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    return not alive(pid)


def same_as_native(result, expected):
    rc, out, reports, err = result
    return (rc, out) == expected, f"status {rc}, stdout {out!r}; native {expected!r}; stderr {err[-600:]!r}"


def auto_and_cache(mods, timeout):
    """Concurrent first runs, the compiled run after, tier controls, the index, prune."""
    r = Runner("auto")
    (a_wasm, a_native), (b_wasm, b_native) = mods["AAAA"], mods["BBBB"]
    expect_a, expect_b = native(a_native, "x"), native(b_native, "x")

    # 8 runs at once of a module nobody compiled: all give native's output, one compile starts.
    outcomes = [None] * 8
    def one(i):
        outcomes[i] = r.run(a_wasm, "x")
    threads = [threading.Thread(target=one, args=(i,)) for i in range(8)]
    for t in threads: t.start()
    for t in threads: t.join()
    ok = all(same_as_native(o, expect_a)[0] for o in outcomes)
    check("auto: 8 concurrent first runs all match native", ok,
          "" if ok else "\n".join(same_as_native(o, expect_a)[1] for o in outcomes))
    reports = [rep for o in outcomes for rep in o[2]]
    started = [rep for rep in reports if "background compile started" in rep]
    others_ok = all(rep in ("interp (not cached; a background compile is running)", "compiled (cached)")
                    for rep in reports if rep not in started)
    check("auto: the concurrent first runs start exactly one background compile",
          len(started) == 1 and len(reports) == 8 and others_ok, reports)
    pid = started_pid(reports)
    finished = pid is not None and wait_for(pid, timeout)
    check("auto: the background compile finishes", finished, f"pid {pid}")
    compiled = r.entries("compiled")
    check("cache list: one compiled entry naming the module",
          len(compiled) == 1 and compiled[0].endswith(os.path.realpath(a_wasm)) and not r.entries("compiling") and not r.entries("failed"),
          r.cache_list())
    res = r.run(a_wasm, "x")
    ok, detail = same_as_native(res, expect_a)
    check("auto: a later run uses the compiled code", ok and res[2] == ["compiled (cached)"], f"{res[2]} {detail}")

    # The tier controls.
    for label, args, env, want in [
            ("WALI_TIER=interp", [], {"WALI_TIER": "interp"}, "interp (as asked)"),
            ("--tier interp", ["--tier", "interp"], {}, "interp (as asked)"),
            ("--tier interp over WALI_TIER=compiled", ["--tier", "interp"], {"WALI_TIER": "compiled"}, "interp (as asked)"),
            ("WALI_TIER=compiled", [], {"WALI_TIER": "compiled"}, "compiled (cached)"),
            ("--tier compiled", ["--tier", "compiled"], {}, "compiled (cached)"),
            ("--tier auto over WALI_TIER=interp", ["--tier", "auto"], {"WALI_TIER": "interp"}, "compiled (cached)")]:
        res = r.run(*args, a_wasm, "x", env=env)
        ok, detail = same_as_native(res, expect_a)
        check(f"tier: {label}", ok and res[2] == [want], f"{res[2]} {detail}")

    # A guest that execs a WALI module: the exec'd engine gets the same tier options.
    exec_wasm = os.path.join(OUT, "exec.wasm")
    for args, want in [(["--tier", "interp"], "interp (as asked)"),
                       (["--no-background-compile"], "interp (not cached; background compiles are off)")]:
        res = r.run(*args, exec_wasm, a_wasm, "x")
        check(f"exec: an exec'd module runs as `wali run {' '.join(args)}` said", res[0] == 3 and res[1] == expect_a[1]
              and len(res[2]) == 2 and res[2][0] == want and res[2][1] == ("interp (as asked)" if "interp" in args else "compiled (cached)"),
              f"{res[2]} status {res[0]} stdout {res[1]!r}")

    # The same bytes at another path: found by content (then indexed under the new file).
    copy = os.path.join(OUT, "copy.wasm")
    shutil.copyfile(a_wasm, copy)
    res = r.run(copy, "x")
    check("auto: the same module under another name is cached", res[2] == ["compiled (cached)"] and res[:2] == expect_a, res[2])
    # Changed in place, same size, modification time put back: the index must not serve it.
    # (An identity is indexed once it is a second old: the kernel's file times are coarse.)
    time.sleep(1.2)
    res = r.run(copy, "x")
    st = os.stat(copy)
    indexed = os.path.exists(os.path.join(r.cache, "index", f"{st.st_dev}-{st.st_ino}"))
    check("index: a run records the module's file identity", indexed and res[2] == ["compiled (cached)"], res[2])
    assert os.path.getsize(a_wasm) == os.path.getsize(b_wasm), "the AAAA and BBBB modules differ in size"
    with open(b_wasm, "rb") as f:
        b_bytes = f.read()
    with open(copy, "r+b") as f:
        f.write(b_bytes)
    os.utime(copy, ns=(st.st_atime_ns, st.st_mtime_ns))
    # Under a policy: the background compile still writes the engine's cache (it starts before Landlock).
    res = r.run("--sandbox", copy, "x")
    ok, detail = same_as_native(res, expect_b)
    check("index: a module changed in place (same size and mtime) is not served from the stale entry",
          ok and len(res[2]) == 1 and "background compile started" in res[2][0], f"{res[2]} {detail}")
    pid = started_pid(res[2])
    finished = pid is not None and wait_for(pid, timeout)
    res = r.run("--sandbox", copy, "x")
    ok, detail = same_as_native(res, expect_b)
    check("auto: a background compile started under --sandbox lands in the cache", finished and ok and res[2] == ["compiled (cached)"],
          f"{res[2]} {detail}")

    # prune and clear.
    listed = r.entries("compiled")
    objects = [f for f in os.listdir(r.cache) if f.endswith(".so")]
    old = next((f for f in objects if CacheInfo(r.cache, f).module == os.path.realpath(a_wasm)), None)
    if len(listed) != 2 or old is None:
        check("cache prune --older-than", False, f"expected 2 entries, one of {a_wasm}: {r.cache_list()}")
        return
    ten_days = time.time() - 10 * 86400
    os.utime(os.path.join(r.cache, old), (ten_days, ten_days))
    r.wali("cache", "prune", "--older-than", "5")
    left = r.entries("compiled")
    check("cache prune --older-than 5: removes only the entry unused for 10 days",
          len(left) == 1 and left[0].endswith(os.path.realpath(copy)), r.cache_list())
    res = r.run(a_wasm, "x")
    check("cache prune: a pruned module runs interpreted again (and recompiles)",
          res[:2] == expect_a and "background compile started" in "".join(res[2]), res[2])
    pid = started_pid(res[2])
    wait_for(pid, timeout) if pid else None
    rc, out, _ = r.wali("cache", "prune", "--max-size", "1")
    check("cache prune --max-size 1: removes every compiled entry", rc == 0 and not r.entries("compiled"), r.cache_list())
    res = r.run(a_wasm, "x")  # starts another compile, which clear must leave alone
    rc, out, _ = r.wali("cache", "clear")
    remaining = set(os.listdir(r.cache))
    check("cache clear: leaves only a compile in progress", rc == 0 and all(".so" in n for n in remaining), sorted(remaining))
    pid = started_pid(res[2])
    finished = pid is not None and wait_for(pid, timeout)
    res = r.run(a_wasm, "x")
    check("cache clear: the compile in progress still lands", finished and res[2] == ["compiled (cached)"] and res[:2] == expect_a, res[2])


class CacheInfo:
    def __init__(self, cache, obj):
        self.module = None
        try:
            for line in open(os.path.join(cache, obj + ".info")):
                if line.startswith("module "):
                    self.module = line[7:].rstrip("\n")
        except OSError:
            pass


def no_background(mods):
    """--no-background-compile, WALI_BACKGROUND_COMPILE=0 and --tier interp start nothing."""
    r = Runner("off")
    a_wasm, a_native = mods["AAAA"]
    expect = native(a_native)
    for label, args, env, want in [
            ("--no-background-compile", ["--no-background-compile"], {}, "interp (not cached; background compiles are off)"),
            ("WALI_BACKGROUND_COMPILE=0", [], {"WALI_BACKGROUND_COMPILE": "0"}, "interp (not cached; background compiles are off)"),
            ("--tier interp", ["--tier", "interp"], {}, "interp (as asked)")]:
        res = r.run(*args, a_wasm, env=env)
        ok, detail = same_as_native(res, expect)
        names = os.listdir(r.cache) if os.path.isdir(r.cache) else []
        check(f"off: {label} runs the interpreter and starts no compile",
              ok and res[2] == [want] and not any(".so" in n or n.startswith("build-") for n in names), f"{res[2]} {names} {detail}")


def command_line(mods):
    """`wali run`'s fast argument path (common shapes, no ArgumentParser) and ArgumentParser
    (WALI_FULL_PARSER=1) must do the same for every shape: status, stdout, stderr (numbers such
    as pids and addresses masked)."""
    r = Runner("cli", WALI_BACKGROUND_COMPILE="0")
    m = os.path.basename(mods["AAAA"][0])
    env_file = os.path.join(OUT, "cli.env")
    with open(env_file, "w") as f:
        f.write("A=1\nB=two words\n")
    shapes = [[m], [m, "x", "y"], ["--tier", "interp", m, "a"], ["--tier=interp", m], ["--tier", "auto", m],
              ["--no-background-compile", "--strace", m], ["--argv0", "name", m, "z"], ["--argv0", "-dash", m],
              ["--argv0=eq", m], ["--env", "A=1", "--env", "B=2", m], ["--env=A=1", m], ["--env", "", m],
              ["--env", "NOEQ", m], ["--env-file", env_file, m], ["--env-file", "/nonexistent/env", m],
              ["--", m, "q"], ["--tier", "interp", "--", m, "--tier"], [m, "--tier", "interp", "x"], [m, "--", "x"],
              [m, "--strace"], [m, "-h"], [m, ""], ["--tier", "bogus", m], ["--tier", "interp", "--tier", "auto", m],
              ["--strace=1", m], ["--env"], ["--tier"], ["--", "-x.wasm"], ["-h"], ["missing.wasm"], ["--dir", ".", m]]
    # Sandbox options (the fast path parses them too), valid and not.
    inherited = "net=6e6f6e65,exec=7761736d"  # SandboxPolicy.serialized(): net none, exec wasm
    shapes += [["--sandbox", m, "x"], ["--sandbox", "--dir", ".", "--ro-dir", "/tmp::/data", m],
               ["--dir", "/nonexistent", m], ["--ro-dir", ".::relative", m], ["--dir", ".", "--dir", "/tmp", m],
               ["--net", "loopback", "--connect", "127.0.0.1:80", "--bind", "127.0.0.1:0", m], ["--net", "bogus", m],
               ["--connect", "10.0.0.1:80", "--net", "loopback", m], ["--connect", "nohost", m], ["--exec", "any", m],
               ["--exec", "sometimes", m], ["--max-memory", "1G", m], ["--max-memory", "x", m],
               ["--max-threads", "16", "--max-procs", "16", "--max-fds", "256", "--cpu-time", "60", m],
               ["--max-threads", "abc", m], ["--max-threads", "-3", m], ["--max-procs", "0", m], ["--max-procs", "40000", m],
               ["--max-fds=+8", m], ["--policy-audit", "--sandbox", m], ["--sandbox=1", m], ["--sandbox", "--sandbox", m],
               ["--net", "none", "--net", "all", m], ["--policy", "/nonexistent.toml", m], ["--policy"],
               ["--inherited-policy", "garbage", m], ["--inherited-policy", inherited, m],
               ["--inherited-policy", inherited, "--sandbox", m],
               ["--inherited-policy", inherited, "--guest-env", "-A=1", "--guest-env", "B=2", m], ["--guest-env", "A=1", m]]
    # The variable is set in both runs (the guest sees the host's environment, and --strace its size).
    mask = lambda b: re.sub(rb"[0-9]+", b"N", re.sub(rb"wali-env\.\w+", b"wali-env.X", b))
    for shape in shapes:
        fast = r.wali("run", *shape, env={"WALI_FULL_PARSER": "0"})
        full = r.wali("run", *shape, env={"WALI_FULL_PARSER": "1"})
        check(f"command line: run {' '.join(shape)!r}: the fast path does what ArgumentParser does",
              fast[:2] == full[:2] and mask(fast[2].encode()) == mask(full[2].encode()), f"fast {fast!r}\nfull {full!r}")
    # A policy from $WALI_POLICY (a file), alone and under flags.
    policy_file = os.path.join(OUT, "cli-policy.toml")
    with open(policy_file, "w") as f:
        f.write('[filesystem]\ndirs = ["."]\n[network]\nmode = "loopback"\n')
    for shape in [[m], ["--max-fds", "64", m], ["--net", "none", m]]:
        fast = r.wali("run", *shape, env={"WALI_FULL_PARSER": "0", "WALI_POLICY": policy_file})
        full = r.wali("run", *shape, env={"WALI_FULL_PARSER": "1", "WALI_POLICY": policy_file})
        check(f"command line: WALI_POLICY run {' '.join(shape)!r}: the fast path does what ArgumentParser does",
              fast[:2] == full[:2] and mask(fast[2].encode()) == mask(full[2].encode()), f"fast {fast!r}\nfull {full!r}")
    # binfmt_misc's shape: `wali MODULE ARGS` (no `run`).
    fast = r.wali(m, "x", env={"WALI_FULL_PARSER": "0"})
    full = r.wali(m, "x", env={"WALI_FULL_PARSER": "1"})
    check("command line: `wali MODULE x`: the fast path does what ArgumentParser does", fast == full, f"fast {fast!r}\nfull {full!r}")


def failing_compiler(mods, timeout):
    """A compile that fails leaves a marker: no retry on every run, the guest unaffected."""
    fake = os.path.join(OUT, "failing-cc")
    with open(fake, "w") as f:
        f.write("#!/bin/sh\ncase \"$*\" in *--version*) echo 'failing-cc 1'; exit 0;; esac\necho 'failing-cc: no' >&2\nexit 1\n")
    os.chmod(fake, 0o755)
    r = Runner("failing", WALI_CC=fake)
    a_wasm, a_native = mods["AAAA"]
    expect = native(a_native)
    res = r.run(a_wasm)
    ok, detail = same_as_native(res, expect)
    pid = started_pid(res[2])
    check("failed compile: the first run is unaffected", ok and pid is not None, f"{res[2]} {detail}")
    finished = pid is not None and wait_for(pid, timeout)
    failed = r.entries("failed")
    check("failed compile: cache list shows it with the reason",
          finished and len(failed) == 1 and "failing-cc: no" in r.cache_list(), r.cache_list())
    res = r.run(a_wasm)
    ok, detail = same_as_native(res, expect)
    check("failed compile: later runs do not retry it", ok and len(res[2]) == 1 and "failed before" in res[2][0], f"{res[2]} {detail}")
    r.wali("cache", "prune")
    res = r.run(a_wasm)
    pid = started_pid(res[2])
    check("failed compile: cache prune forgets the failure (the next run tries again)", pid is not None, res[2])
    if pid:
        wait_for(pid, timeout)


def detached(mods, timeout):
    """The job keeps none of the guest's descriptors, terminal, session or priority."""
    slow = os.path.join(OUT, "slow-cc")
    with open(slow, "w") as f:
        f.write("#!/bin/sh\ncase \"$*\" in *--version*) echo 'slow-cc 1'; exit 0;; esac\nsleep 30\nexit 1\n")
    os.chmod(slow, 0o755)
    r = Runner("detached", WALI_CC=slow)
    a_wasm, a_native = mods["AAAA"]
    expect = native(a_native)
    # Reading the guest's stdout and stderr to their end returns while the job still runs.
    res = r.run(a_wasm)
    ok, detail = same_as_native(res, expect)
    pid = started_pid(res[2])
    check("detached: the guest's output ends (EOF) and its exit status is its own", ok and pid is not None, f"{res[2]} {detail}")
    if pid is None:
        return
    try:
        if not alive(pid):
            check("detached: the job's state (it ended before it could be looked at)", True)
            return
        fds = {fd: os.readlink(f"/proc/{pid}/fd/{fd}") for fd in os.listdir(f"/proc/{pid}/fd")}
        fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
        session, tty, nice = int(fields[3]), int(fields[4]), int(fields[16])
        lock = [v for k, v in fds.items() if k not in ("0", "1", "2")]
        check("detached: only /dev/null on 0-2 and the entry's lock open",
              all(fds.get(k) == "/dev/null" for k in ("0", "1", "2")) and len(lock) == 1 and lock[0].endswith(".so.lock"), fds)
        check("detached: own session, no terminal, nice 19",
              session != os.getsid(0) and session != os.getpid() and tty == 0 and nice == 19, f"sid {session} tty {tty} nice {nice}")
        res = r.run(a_wasm)
        check("detached: a run while it compiles does not start another", res[2] == ["interp (not cached; a background compile is running)"], res[2])
        check("cache list: shows the compile in progress", len(r.entries("compiling")) == 1, r.cache_list())
    finally:
        # The job is ours to end: its process group (its session's), which holds the fake compiler too.
        try:
            pgid = os.getpgid(pid)
            if pgid != os.getpgid(0):
                os.killpg(pgid, 9)
        except OSError:
            pass


def cast_settings():
    """The cache index names the load-time rewrites: a module indexed with cast adapters on is
    not served from that entry when WALI_FP_CASTS=trap asks for exact calls, and back."""
    r = Runner("casts")
    wasm = os.path.join(OUT, "cast.wasm")
    expect = native(os.path.join(OUT, "cast.native"))
    rc, _, err = r.wali("compile", wasm)
    time.sleep(1.2)  # an identity is indexed once it is a second old (see auto_and_cache)
    res = r.run("--no-background-compile", wasm)
    ok, detail = same_as_native(res, expect)
    st = os.stat(wasm)
    indexed = os.path.exists(os.path.join(r.cache, "index", f"{st.st_dev}-{st.st_ino}"))
    check("casts: adapters on (default), compiled and indexed, match native",
          rc == 0 and ok and indexed and res[2] == ["compiled (cached)"], f"compile rc {rc} {err} indexed {indexed} {res[2]} {detail}")
    res = r.run("--no-background-compile", wasm, env={"WALI_FP_CASTS": "trap"})
    check("casts: WALI_FP_CASTS=trap is not served the adapted entry (the call traps)",
          res[0] != 0 and "indirect call type mismatch" in res[3] and res[2] and res[2][0].startswith("interp"), f"{res[0]} {res[2]} {res[3]}")
    res = r.run("--no-background-compile", wasm)
    ok, detail = same_as_native(res, expect)
    check("casts: back to the default, the adapted entry runs again", ok and res[2] == ["compiled (cached)"], f"{res[2]} {detail}")


def guest_path_without_compiler(mods):
    """The compiler is part of a compiled entry's key; an engine started by a guest's execve has
    the guest's environment, and a PATH without clang must not make `--tier compiled` fail."""
    r = Runner("path")
    a_wasm, a_native = mods["AAAA"]
    expect = native(a_native)
    rc, _, err = r.wali("compile", a_wasm)
    r.wali("compile", os.path.join(OUT, "exec.wasm"))
    env = {"PATH": "/nonexistent"}
    res = r.run("--tier", "compiled", a_wasm, env=env)
    ok, detail = same_as_native(res, expect)
    check("PATH without a compiler: --tier compiled still finds the compiled module",
          rc == 0 and ok and res[2] == ["compiled (cached)"], f"compile rc {rc} {err} {res[2]} {detail}")
    res = r.run("--tier", "compiled", os.path.join(OUT, "exec.wasm"), a_wasm, env=env)
    ok, detail = same_as_native(res, expect)
    check("PATH without a compiler: a module exec'd by a guest runs compiled",
          ok and res[2] == ["compiled (cached)", "compiled (cached)"], f"{res[2]} {detail}")


def index_object(mods):
    """A cached run takes its object from the index entry (no C compiler lookup), and only one
    this engine made that is still in the cache: a record with another engine's key or a missing
    file is passed over (the object is found the long way, and the record rewritten)."""
    r = Runner("object")
    a_wasm, a_native = mods["AAAA"]
    expect = native(a_native, "x")
    res = r.run("--tier", "compiled", a_wasm, "x")
    check("object record: a first compiled run compiles", same_as_native(res, expect)[0] and res[2] == ["compiled (compiled now)"], res[2])
    time.sleep(1.2)  # an identity is indexed once it is a second old (see auto_and_cache)
    for _ in range(2):
        res = r.run("--tier", "compiled", a_wasm, "x")
    st = os.stat(a_wasm)
    index = os.path.join(r.cache, "index", f"{st.st_dev}-{st.st_ino}")

    def record():
        try:
            lines = open(index).read().splitlines()
        except OSError:
            return None
        return lines[5].split(" ", 2) if len(lines) == 6 and lines[5].startswith("object ") else None

    first = record()
    check("object record: the index entry names the cached object",
          first is not None and os.path.dirname(first[2]) == os.path.realpath(r.cache) and os.path.exists(first[2])
          and same_as_native(res, expect)[0] and res[2] == ["compiled (cached)"], f"{first} {res[2]}")
    if first is None:
        return
    text = open(index).read().splitlines()
    decoy = os.path.join(OUT, "not-an-object.so")
    with open(decoy, "w") as f:
        f.write("not ELF\n")
    for label, line in [("another engine's key", f"object other-engine/abi0/ {decoy}"),
                        ("a deleted object", f"object {first[1]} {os.path.join(r.cache, 'gone.so')}")]:
        with open(index, "w") as f:
            f.write("\n".join(text[:5] + [line]) + "\n")
        res = r.run("--tier", "compiled", a_wasm, "x")
        ok, detail = same_as_native(res, expect)
        check(f"object record: {label} is passed over", ok and res[2] == ["compiled (cached)"] and record() == first,
              f"{res[2]} record {record()} {detail}")


def index_with_object(mods):
    """The index learns a module's object in the same write as the module: `wali compile` of a
    settled file records both, and so does the first run that finds the object already cached,
    so the run after it neither reads, hashes nor looks for the C compiler. A module written a
    moment ago is not indexed (its identity may still change unseen)."""
    r = Runner("object-at-once")
    a_wasm, a_native = mods["AAAA"]
    expect = native(a_native, "x")

    def fresh_copy(name):
        path = os.path.join(OUT, name)
        if os.path.exists(path):
            os.unlink(path)
        shutil.copyfile(a_wasm, path)
        return path

    def entry(path):
        st = os.stat(path)
        try:
            return open(os.path.join(r.cache, "index", f"{st.st_dev}-{st.st_ino}")).read().splitlines()
        except OSError:
            return None

    def object_line(lines):
        return lines[5].split(" ", 2) if lines and len(lines) == 6 and lines[5].startswith("object ") else None

    compiled = fresh_copy("object_at_once_compile.wasm")
    rc, out, err = r.wali("compile", compiled)
    check("index at once: `wali compile` of a just-written module leaves it out of the index",
          rc == 0 and entry(compiled) is None, f"exit {rc} {err} entry {entry(compiled)}")
    time.sleep(1.2)
    rc, out, err = r.wali("compile", compiled)
    record = object_line(entry(compiled))
    check("index at once: `wali compile` of a settled module records it with its object",
          rc == 0 and record is not None and record[2] == out.decode().strip() and os.path.exists(record[2]),
          f"exit {rc} {err} entry {entry(compiled)}")
    res = r.run("--tier", "compiled", compiled, "x")
    check("index at once: the run after `wali compile` runs the recorded object",
          same_as_native(res, expect)[0] and res[2] == ["compiled (cached)"] and object_line(entry(compiled)) == record, res[2])

    for tier in ("auto", "compiled"):
        copy = fresh_copy(f"object_at_once_{tier}.wasm")
        time.sleep(1.2)
        res = r.run("--tier", tier, copy, "x")
        found = object_line(entry(copy))
        check(f"index at once: one --tier {tier} run of a settled copy (object cached by content) records module and object",
              same_as_native(res, expect)[0] and res[2] == ["compiled (cached)"] and found is not None and found == record,
              f"{res[2]} entry {entry(copy)}")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--compile-timeout", type=float, default=600, help="seconds to wait for a background compile")
    args = ap.parse_args()
    mods = build()
    command_line(mods)
    no_background(mods)
    detached(mods, args.compile_timeout)
    failing_compiler(mods, args.compile_timeout)
    auto_and_cache(mods, args.compile_timeout)
    index_object(mods)
    index_with_object(mods)
    cast_settings()
    guest_path_without_compiler(mods)
    passed = sum(1 for _, ok, _ in results if ok)
    return close("tiers", passed, len(results) - passed)


if __name__ == "__main__":
    sys.exit(main())
