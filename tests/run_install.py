#!/usr/bin/env python3
"""The installed prefix on its own: `scripts/install` into a temporary PREFIX (which already has an
unrelated bin/ file, to check that uninstall leaves it), then, with PATH=/usr/bin:/bin:PREFIX/bin
only (no Swift toolchain, no checkout path) and a working directory outside the checkout:
`wali --version` names the spec pinned in abi/requirements.txt; `wali` loads no Swift runtime
library (ldd); `wali cc`, `wali-cc` and the Make include build tests/install/hello.c; the module
runs under `wali run` on both tiers with the same stdout and exit status as the native build;
`wali cc` without clang says which Debian packages to install. `scripts/install --uninstall`
then leaves PREFIX exactly as it was. Takes a few seconds (plus one compiled-tier compile).
Prints one line per check and `install: N passed, N failed`."""
import os, re, shutil, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SRC = os.path.join(ROOT, "tests", "install")
results = []


def check(name, ok, detail=""):
    results.append(ok)
    print(f"{'PASS' if ok else 'FAIL'} {name}" + ("" if ok or not detail else f": {detail}"))
    return ok


def tree(path):
    return sorted(os.path.relpath(os.path.join(d, n), path) for d, ds, fs in os.walk(path) for n in ds + fs)


def main():
    with tempfile.TemporaryDirectory(prefix="wali-install-") as tmp:
        prefix, work, cache = (os.path.join(tmp, d) for d in ("prefix", "work", "cache"))
        os.makedirs(os.path.join(prefix, "bin"))
        open(os.path.join(prefix, "bin", "unrelated"), "w").write("not ours\n")
        os.makedirs(work)
        before = tree(prefix)
        p = subprocess.run([os.path.join(ROOT, "scripts", "install"), prefix], capture_output=True, text=True)
        if not check("scripts/install PREFIX", p.returncode == 0, p.stderr.strip()[-400:]):
            return
        bindir = os.path.join(prefix, "bin")
        env = {"PATH": f"/usr/bin:/bin:{bindir}", "HOME": tmp, "WALI_CACHE_DIR": cache, "LANG": "C"}

        def run(cmd, **kw):
            return subprocess.run(cmd, cwd=work, env={**env, **kw.pop("env", {})}, capture_output=True, text=True,
                                  timeout=600, **kw)

        pin = re.search(r"^wali-linux==(\S+)", open(os.path.join(ROOT, "abi", "requirements.txt")).read(), re.M).group(1)
        v = run(["wali", "--version"])
        check("wali --version names the release and the engine ABI",
              v.returncode == 0 and re.match(r"wali \d+\.\d+\.\d+\n", v.stdout) is not None
              and f"wali-linux {pin}," in v.stdout and re.search(r"\d+ syscalls", v.stdout) is not None, v.stdout + v.stderr)
        ldd = subprocess.run(["ldd", os.path.join(bindir, "wali")], capture_output=True, text=True)
        swift_libs = [l.split()[0] for l in ldd.stdout.splitlines() if re.search(r"libswift|libFoundation|libdispatch|libBlocksRuntime", l)]
        check("installed wali loads no Swift runtime library", ldd.returncode == 0 and not swift_libs, " ".join(swift_libs))
        check("wali is not found via the Swift toolchain", shutil.which("swift", path=env["PATH"]) is None, "swift on PATH")

        shutil.copy(os.path.join(SRC, "hello.c"), work)
        shutil.copy(os.path.join(SRC, "Makefile"), work)
        native = os.path.join(tmp, "hello.native")
        subprocess.run(["cc", "-O2", "-o", native, os.path.join(SRC, "hello.c")], check=True)
        expected = subprocess.run([native, "one", "two words"], cwd=work, env={**env, "GREETING": "hi"},
                                  capture_output=True, text=True)
        want = (expected.returncode, expected.stdout)
        builds = {
            "wali cc": ["wali", "cc", "-O2", "hello.c", "-o", "hello.wasm"],
            "wali-cc": ["wali-cc", "-O2", "hello.c", "-o", "hello2.wasm"],
        }
        if shutil.which("make"):
            builds["make with share/wali/sdk/wali.mk"] = ["make", "-s", "hello3.wasm",
                                                          f"WALI_MK={prefix}/share/wali/sdk/wali.mk"]
            shutil.copy(os.path.join(SRC, "hello.c"), os.path.join(work, "hello3.c"))
        for label, cmd in builds.items():
            b = run(cmd)
            check(f"{label} builds a module from PREFIX alone", b.returncode == 0, b.stderr.strip()[-400:])
        for module in ("hello.wasm", "hello2.wasm", "hello3.wasm"):
            if not os.path.exists(os.path.join(work, module)):
                continue
            for tier in ("interp", "compiled") if module == "hello.wasm" else ("interp",):
                r = run(["wali", "run", "--tier", tier, module, "one", "two words"], env={"GREETING": "hi"})
                got = (r.returncode, r.stdout)
                check(f"wali run --tier {tier} {module} matches native", got == want,
                      f"got {got!r} want {want!r} stderr {r.stderr.strip()[-300:]!r}")
        # binfmt_misc in a private user namespace (Linux 6.7+), so the host's registrations are
        # untouched: `wali binfmt install`, run through a symlink, registers the resolved binary,
        # and a module with execute permission then runs directly.
        link = os.path.join(tmp, "wali-link")
        os.symlink(os.path.join(bindir, "wali"), link)
        os.chmod(os.path.join(work, "hello.wasm"), 0o755)
        script = ("mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc || exit 99; "
                  f"{link} binfmt install >/dev/null && grep '^interpreter' /proc/sys/fs/binfmt_misc/wali && "
                  "./hello.wasm one 'two words'")
        bf = run(["unshare", "--user", "--map-root-user", "--mount", "sh", "-c", script], env={"GREETING": "hi"})
        if bf.returncode == 99 or "unshare:" in bf.stderr:
            print("SKIP wali binfmt install: no binfmt_misc in a user namespace here (Linux 6.7+)")
        else:
            real = os.path.realpath(os.path.join(bindir, "wali"))
            lines = bf.stdout.split("\n", 1)
            check("wali binfmt install registers the resolved binary; ./hello.wasm runs as natively",
                  lines[0] == f"interpreter {real}" and (bf.returncode, lines[1] if len(lines) > 1 else "") == want,
                  f"{bf.returncode} {bf.stdout!r} {bf.stderr.strip()[-300:]!r}")
        missing = run(["wali", "cc", "hello.c", "-o", "x.wasm"], env={"WALI_CLANG": "clang-not-installed"})
        check("wali cc without clang names the Debian packages", missing.returncode != 0 and "apt-get install clang-22" in missing.stderr,
              missing.stderr.strip())

        u = subprocess.run([os.path.join(ROOT, "scripts", "install"), "--uninstall", prefix], capture_output=True, text=True)
        left = tree(prefix)
        check("scripts/install --uninstall leaves PREFIX as it was", u.returncode == 0 and left == before,
              f"{u.stderr.strip()} left: {sorted(set(left) - set(before))[:10]} lost: {sorted(set(before) - set(left))}")
    passed = sum(results)
    print(f"install: {passed} passed, {len(results) - passed} failed")
    sys.exit(0 if all(results) else 1)


if __name__ == "__main__":
    main()
