"""What both fuzzers share: isolating their runs from the host, and recognising an engine failure."""
import os, re, shutil, subprocess, sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
WALI = os.environ.get("WALI", os.path.join(ROOT, ".build", "release", "wali"))
OUT = os.path.join(ROOT, "tests", "out", "fuzz")
NOBODY = 65534

# Text the Swift runtime, WasmKit or a crash handler print; never part of a `wali:` message.
ENGINE_FAILURE_TEXT = re.compile(r"Fatal error|Precondition failed|Assertion failed|Swift runtime failure|"
                                 r"Stack dump|Illegal instruction|Segmentation fault|Unexpectedly found nil|"
                                 r"Thread \d+ crashed|\*\*\* Signal|💣")
TRAP_LINE = re.compile(r"wali: .*: trap: ")
# A trap whose message is an errno name is an engine error that escaped a handler.
ERRNO_TRAP = re.compile(r"wali: .*: trap: E[A-Z0-9]+$")


def ended_with_explanation(lines):
    """Whether the engine's last word was a one-line `wali:` explanation that is not an escaped
    errno (a trap, or a documented forced end such as no room for a signal frame)."""
    return bool(lines) and lines[-1].startswith("wali: ") and not ERRNO_TRAP.match(lines[-1])


def isolation_prefix():
    """How batches are isolated: ('root', argv prefix) as root, ('user', ...) in a user
    namespace, or ('none', []) when neither works."""
    ns = ["--fork", "--pid", "--mount-proc", "--net", "--ipc", "--kill-child"]
    if os.geteuid() == 0:
        return "root", ["unshare"] + ns
    probe = ["unshare", "--user", "--map-root-user"] + ns + ["true"]
    try:
        if subprocess.run(probe, capture_output=True, timeout=20).returncode == 0:
            return "user", ["unshare", "--user", "--map-root-user"] + ns
    except (OSError, subprocess.TimeoutExpired):
        pass
    return "none", []


def loopback_up():
    """Brings `lo` up in the fresh network namespace (sockets may then talk to 127.0.0.1)."""
    import fcntl, socket, struct
    try:
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        ifr = struct.pack("16sH", b"lo", 0)
        flags = struct.unpack("16sH", fcntl.ioctl(s, 0x8913, ifr)[:18])[1]  # SIOCGIFFLAGS
        fcntl.ioctl(s, 0x8914, struct.pack("16sH", b"lo", flags | 1))       # SIOCSIFFLAGS IFF_UP
        s.close()
    except OSError:
        pass



def reexec_isolated(argv_tail):
    """Runs this script again inside fresh namespaces (returns its exit status), or None when
    the host offers none (the caller then runs unisolated)."""
    mode, prefix = isolation_prefix()
    if mode == "none":
        return None
    argv = [sys.executable, os.path.abspath(sys.argv[0]), *argv_tail, "--inner", mode]
    return subprocess.run(prefix + argv).returncode


def private_dir(path, mode):
    """Gives a directory tree to the user the guest runs as (nobody, when we are root)."""
    if mode != "root":
        return
    for dirpath, dirs, files in os.walk(path):
        for n in dirs + files + ["."]:
            os.chown(os.path.join(dirpath, n), NOBODY, NOBODY)


def guest_user(mode):
    """subprocess arguments that run the engine as nobody when the fuzzer is root."""
    return {"user": NOBODY, "group": NOBODY, "extra_groups": []} if mode == "root" else {}


def scratch_module(data, prefix, name, mode):
    """A fresh scratch directory holding `data` as `name` and an empty working directory, made
    private to the guest's user; returns (scratch, module path, cwd, environment)."""
    import tempfile
    scratch = tempfile.mkdtemp(prefix=prefix)
    path = os.path.join(scratch, name)
    with open(path, "wb") as f:
        f.write(data)
    cwd = os.path.join(scratch, "cwd")
    os.mkdir(cwd)
    env = {"PATH": "/usr/bin:/bin", "HOME": cwd, "LANG": "C", "TMPDIR": cwd,
           "WALI_CACHE_DIR": os.path.join(scratch, "cache")}
    private_dir(scratch, mode)
    return scratch, path, cwd, env

