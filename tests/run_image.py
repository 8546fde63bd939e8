#!/usr/bin/env python3
"""The OCI images: `scripts/image` builds localhost/wali and localhost/wali:sdk with podman; since
`podman run` needs cgroups this machine may not have, each image is checked by `podman create` +
`podman export` of its filesystem into a temporary directory and running its entrypoint there in
a chroot (with the image's environment): in the SDK image, `wali cc` builds tests/install/hello.c
and `wali run --tier compiled` runs it (clang inside the image compiles it); in the runtime image
the entrypoint (`wali run`, interpreter tier) runs the same module. Stdout and exit status must
match the native build's. Skipped (with a message) when podman is not installed or we are not
root (chroot). About a minute, most of it copying the SDK image's 400 MB.
Prints one line per check and `image: N passed, N failed`."""
import ctypes, json, os, shutil, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
results = []


def check(name, ok, detail=""):
    results.append(ok)
    print(f"{'PASS' if ok else 'FAIL'} {name}" + ("" if ok or not detail else f": {detail}"))
    return ok


def finish():
    passed = sum(results)
    print(f"image: {passed} passed, {len(results) - passed} failed")
    sys.exit(0 if all(results) else 1)


def export(image, into):
    """The image's filesystem under `into`; returns its entrypoint and environment."""
    config = json.loads(subprocess.run(["podman", "image", "inspect", image], check=True, capture_output=True).stdout)[0]["Config"]
    container = subprocess.run(["podman", "create", image], check=True, capture_output=True, text=True).stdout.strip()
    try:
        os.makedirs(into)
        exported = subprocess.Popen(["podman", "export", container], stdout=subprocess.PIPE)
        subprocess.run(["tar", "-C", into, "-xf", "-"], stdin=exported.stdout, check=True)
        exported.wait()
    finally:
        subprocess.run(["podman", "rm", container], capture_output=True)
    env = dict(e.split("=", 1) for e in config.get("Env") or [])
    return config["Entrypoint"], env


LIBC = ctypes.CDLL(None, use_errno=True)
CLONE_NEWNS, MS_BIND, MS_REC, MS_PRIVATE = 0x20000, 4096, 16384, 1 << 18


def in_chroot(root, cmd, env, cwd="/w"):
    """Runs cmd in `root` as a container runtime would: its own mount namespace with /proc and
    /dev mounted (the engine passes the guest's environment through /proc/self/fd)."""
    def enter():
        def mount(source, target, fstype, flags):
            if LIBC.mount(source, target, fstype, flags, None) != 0:
                raise OSError(ctypes.get_errno(), f"mount {target}")
        if LIBC.unshare(CLONE_NEWNS) != 0:
            raise OSError(ctypes.get_errno(), "unshare")
        mount(None, b"/", None, MS_REC | MS_PRIVATE)
        mount(b"proc", os.path.join(root, "proc").encode(), b"proc", 0)
        mount(b"/dev", os.path.join(root, "dev").encode(), None, MS_BIND | MS_REC)
        os.chroot(root)
        os.chdir(cwd)
    return subprocess.run(cmd, env=env, preexec_fn=enter, capture_output=True, text=True, timeout=600)


def main():
    if shutil.which("podman") is None:
        print("image: skipped: podman is not installed (scripts/image installs it from Debian)")
        finish()
    if os.geteuid() != 0:
        print("image: skipped: running an exported image's entrypoint needs chroot (root)")
        finish()
    start = time.monotonic()
    b = subprocess.run([os.path.join(ROOT, "scripts", "image")], capture_output=True, text=True)
    if not check("scripts/image builds localhost/wali and localhost/wali:sdk", b.returncode == 0, (b.stdout + b.stderr)[-800:]):
        finish()
    print(f"     (built in {time.monotonic() - start:.0f} s)")
    src = os.path.join(ROOT, "tests", "install", "hello.c")
    with tempfile.TemporaryDirectory(prefix="wali-image-") as tmp:
        native = os.path.join(tmp, "hello.native")
        subprocess.run(["cc", "-O2", "-o", native, src], check=True)
        os.makedirs(os.path.join(tmp, "native"))
        want = subprocess.run([native, "one", "two words"], cwd=os.path.join(tmp, "native"), env={"GREETING": "hi"},
                              capture_output=True, text=True)
        want = (want.returncode, want.stdout)

        sdk_root = os.path.join(tmp, "sdk")
        sdk_entry, sdk_env = export("localhost/wali:sdk", sdk_root)
        os.makedirs(os.path.join(sdk_root, "w"))
        shutil.copy(src, os.path.join(sdk_root, "w"))
        cc = in_chroot(sdk_root, sdk_entry + ["cc", "-O2", "hello.c", "-o", "hello.wasm"], sdk_env)
        if not check("SDK image: `wali cc` builds a module", cc.returncode == 0, cc.stderr[-500:]):
            finish()
        r = in_chroot(sdk_root, sdk_entry + ["run", "--tier", "compiled", "hello.wasm", "one", "two words"], {**sdk_env, "GREETING": "hi"})
        check("SDK image: `wali run --tier compiled` matches native", (r.returncode, r.stdout) == want,
              f"got {(r.returncode, r.stdout)!r} want {want!r} stderr {r.stderr[-300:]!r}")

        runtime_root = os.path.join(tmp, "runtime")
        entry, env = export("localhost/wali:latest", runtime_root)
        check("runtime image: entrypoint is `wali run`", entry[-1:] == ["run"], repr(entry))
        files = sorted(os.path.relpath(os.path.join(d, f), runtime_root) for d, _, fs in os.walk(runtime_root) for f in fs)
        print(f"     runtime image files: {' '.join(files)}")
        os.makedirs(os.path.join(runtime_root, "w"))
        shutil.copy(os.path.join(sdk_root, "w", "hello.wasm"), os.path.join(runtime_root, "w"))
        r = in_chroot(runtime_root, entry + ["hello.wasm", "one", "two words"], {**env, "GREETING": "hi"})
        check("runtime image: the entrypoint runs the module as natively", (r.returncode, r.stdout) == want,
              f"got {(r.returncode, r.stdout)!r} want {want!r} stderr {r.stderr[-300:]!r}")
    print(f"     ({time.monotonic() - start:.0f} s in all)")
    finish()


if __name__ == "__main__":
    main()
