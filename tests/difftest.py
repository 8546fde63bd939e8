"""Shared pieces of the differential test runners (conformance, libc, software): test-file
directives, build freshness, and the PASS/FAIL report with its closing `suite: N passed, N failed`
line (scripts/test sums those lines)."""
import concurrent.futures as cf
import difflib
import os
import re
import subprocess
import sys


def directives(path, timeout):
    """Leading `// KEY: value` comments of a test source: ARGS, STDIN (escapes allowed), TIMEOUT,
    INTERP-EXITS (a signal name: what the interpreter tier must die of instead of matching native,
    for what it documents it cannot do), WASM-CFLAGS (extra flags for the WALI build, e.g. -msimd128)."""
    d = {"ARGS": [], "STDIN": b"", "TIMEOUT": timeout, "WASM-CFLAGS": []}
    with open(path) as f:
        for line in f:
            m = re.match(r"\s*//\s*([A-Z-]+):\s?(.*)", line)
            if not m:
                if line.strip() and not line.lstrip().startswith(("//", "/*", "*", "#")):
                    break
                continue
            key, val = m.group(1), m.group(2)
            if key == "ARGS":
                d["ARGS"] = val.split()
            elif key == "STDIN":
                d["STDIN"] = val.encode().decode("unicode_escape").encode("latin-1")
            elif key == "TIMEOUT":
                d["TIMEOUT"] = int(val)
            elif key == "INTERP-EXITS":
                d["INTERP-EXITS"] = val.strip()
            elif key == "WASM-CFLAGS":
                d["WASM-CFLAGS"] = val.split()
    return d


def newer(target, sources):
    """Whether `target` exists and is at least as new as every source."""
    return os.path.exists(target) and all(os.path.getmtime(target) >= os.path.getmtime(s) for s in sources)


def run(cmd, d, cwd, env):
    """Runs one side with the test's stdin and timeout: (status or "timeout", stdout, stderr)."""
    try:
        p = subprocess.run(cmd, input=d["STDIN"], capture_output=True, timeout=d["TIMEOUT"], cwd=cwd, env=env)
        return p.returncode, p.stdout, p.stderr
    except subprocess.TimeoutExpired as e:
        return "timeout", e.stdout or b"", e.stderr or b""


def diff(a, b, left, right):
    """The first 40 lines of a unified diff of two outputs (bytes)."""
    d = difflib.unified_diff(a.decode(errors="replace").splitlines(), b.decode(errors="replace").splitlines(),
                             left, right, lineterm="", n=1)
    return "\n".join(list(d)[:40])


def mismatch(nrc, nout, wrc, wout, werr, nerr=None, compare_stderr=False):
    """The lines of a failure report: what differs between the native run and WALI's. WALI's
    stderr is diffed against native's when it is compared, else shown when it says anything
    native's does not."""
    msg = [f"exit status: native {nrc}, wali {wrc}"] if nrc != wrc else []
    if nout != wout:
        msg.append(diff(nout, wout, "native", "wali"))
    if compare_stderr and werr != nerr:
        msg.append(diff(nerr, werr, "native stderr", "wali stderr"))
    elif werr and werr != nerr:
        msg.append("wali stderr: " + werr.decode(errors="replace")[-1500:])
    return msg


def run_all(test, items, jobs):
    """Runs `test(item)` -> (name, ok, headline, details) in parallel and prints one line per
    test (details indented under failures). Returns (passed, failed)."""
    passed = failed = 0
    with cf.ThreadPoolExecutor(jobs) as pool:
        for name, ok, headline, details in pool.map(test, items):
            suffix = f" ({headline})" if headline else ""
            if ok:
                passed += 1
                print(f"PASS {name}{suffix}")
            else:
                failed += 1
                print(f"FAIL {name}{suffix}\n" + "\n".join("    " + l for l in details.splitlines()))
            sys.stdout.flush()
    return passed, failed


def close(suite, passed, failed):
    """Prints the closing line and returns the exit status."""
    print(f"{suite}: {passed} passed, {failed} failed")
    return 1 if failed else 0


def wali_launcher(exe, wali, tier, module):
    """A native program at `exe` that runs `wali run --tier TIER --argv0 ARGV0 MODULE ARGS...`
    (rebuilt only when its source changes). Native, not a #! script: dash drops environment
    entries such as BASH_FUNC_f%%, and Tcl's `info nameofexecutable` must be something exec can
    run; the guest sees the launcher's own path as argv[0], as a native program would."""
    c = exe + ".c"
    text = f'''#include <unistd.h>
#include <stdlib.h>
int main(int argc, char **argv) {{
    char **a = calloc(argc + 8, sizeof *a);
    int n = 0;
    a[n++] = "wali"; a[n++] = "run"; a[n++] = "--tier"; a[n++] = "{tier}";
    a[n++] = "--argv0"; a[n++] = argv[0]; a[n++] = "{module}";
    for (int i = 1; i < argc; i++) a[n++] = argv[i];
    execv("{wali}", a);
    return 127;
}}
'''
    if not os.path.exists(c) or open(c).read() != text or not os.path.exists(exe):
        with open(c, "w") as f:
            f.write(text)
        subprocess.run(["cc", "-O1", "-o", exe, c], check=True)
    return exe
