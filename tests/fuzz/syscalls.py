#!/usr/bin/env python3
"""Syscall-argument fuzzer: every entry of the engine's syscall table called with seeded random
arguments, in-range (valid and opened fds, pointers into a scratch area, lengths that fit) and
hostile (pointers at and past the end of memory, 0, 0xffffffff, huge and wrapping lengths,
negative fds, huge 64-bit values), on both tiers. The engine must never crash: the only ways a
batch may end are its own final exit_group(0), a guest trap reported as `wali: ...: trap: ...`,
or a signal the guest sent itself.

Each batch is one generated module (seed and batch number fix it entirely) that imports every
table entry with its declared Wasm type and makes --calls calls. `--dump BATCH` lists a batch's
calls; a failing batch is kept under tests/out/fuzz/ and re-run with --strace to show its last
calls. Prints one line per failing batch and closes with `syscallfuzz: N passed, N failed`.

Host safety (the fuzzer runs as root on shared machines): path arguments are only ever names
this generator wrote just before the call (relative names inside a fresh scratch directory, a
few read-only device files), re-written before every use so nothing the guest did to memory can
turn them into "/etc"; kill/tkill/prlimit/F_SETOWN only name the process itself or pids that
cannot exist; exec only paths that never exist; forks are capped and the child exits at once.
When it can, the runner also isolates every batch: new pid, mount, network (loopback only) and
IPC namespaces (as root; otherwise in a user namespace), and as root it drops to nobody."""
import argparse, concurrent.futures as cf, os, random, re, shutil, signal, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.dont_write_bytecode = True   # no __pycache__ in the source tree
sys.path.insert(0, HERE)
import wasmbin as W  # noqa: E402
from common import ENGINE_FAILURE_TEXT, ERRNO_TRAP, OUT, WALI, ended_with_explanation, guest_user, loopback_up, private_dir, reexec_isolated, scratch_module  # noqa: E402

TABLE = os.path.join(ROOT, "Sources", "WALILinux", "SyscallTable.swift")
TSV = os.path.join(ROOT, "sdk", "musl-port", "wali-syscalls.tsv")

PAGE = 65536
MEM_PAGES, MAX_PAGES = 4, 64
MEM_END = MEM_PAGES * PAGE
PATH_SLOT, PATH_SLOT_SIZE = 0x400, 0x200      # one 512-byte slot per argument position
CTL = 0x1000                                  # the prologue's own records, re-written before use
SCRATCH, SCRATCH_SIZE = 0x2000, 0x8000        # what in-range pointers point into
LONG_PATH, LONG_PATH_LEN = 0xA000, 5000       # a name longer than PATH_MAX
SIGALRM, SIGUSR1, SIGUSR2, SIGPIPE, SIGXFSZ, SIGVTALRM, SIGPROF = 14, 10, 12, 13, 25, 26, 27
SIG_IGN = 0xFFFFFFFE
NOOP_HANDLER = 1                               # table index of the guest's no-op signal handler
WATCHDOG_USEC = 20000                          # interrupts any call that would block for good
MAX_FORKS = 2
DONE_STATUS = 90   # the epilogue's exit_group status: no fuzzed call can exit (fd 1 may be anything by then)
PROLOGUE_CALLS = 9                             # getpid, seven rt_sigaction, setitimer
AT_FDCWD = -100

# Signals that end a batch but that the guest may legitimately have caused (it sent them to
# itself after a fuzzed sigaction reset their handler, or a fuzzed rlimit raised them).
GUEST_SIGNALS = {signal.SIGUSR1, signal.SIGUSR2, signal.SIGALRM, signal.SIGKILL, signal.SIGXCPU,
                 signal.SIGXFSZ, signal.SIGPIPE, signal.SIGVTALRM, signal.SIGPROF, signal.SIGTERM,
                 signal.SIGHUP, signal.SIGINT, signal.SIGIO, signal.SIGSTKFLT, signal.SIGPWR}
# Names written into path slots. RW names are all relative, without "..", inside the batch's
# scratch cwd; RO names are only given to calls that do not modify the path; EXEC names never exist.
RW_PATHS = [b"f0", b"f1", b"f2", b"d0", b"d1", b"l0", b"s0", b".", b"f0/x", b"d0/f1", b"d1/d0", b"nonexistent", b"",
            b"n" * 300]
RO_PATHS = RW_PATHS + [b"/dev/null", b"/dev/zero", b"/proc/self/status"]
EXEC_PATHS = [b"x0", b"", b"x0/y"]
READ_ONLY_PATH_CALLS = {"open", "openat", "stat", "lstat", "newfstatat", "statx", "access", "faccessat",
                        "faccessat2", "readlink", "readlinkat", "statfs"}
NEVER_CALLED = {"exit", "exit_group"}   # only the epilogue ends a batch
# ABI syscalls outside the engine's table (they must answer -ENOSYS), harmless if one day implemented.
OUTSIDE_TABLE = [("getpriority", ["int", "int"]), ("times", ["ptr"]), ("getresuid", ["ptr", "ptr", "ptr"]),
                 ("getcpu", ["ptr", "ptr", "ptr"]), ("sched_get_priority_max", ["int"])]
MASK_CALLS = {"rt_sigsuspend": 0, "ppoll": 3, "epoll_pwait": 4}  # argument that is a temporary mask


def load_table():
    """[(name, [ArgKind])] from SyscallTable.swift and {import: [wasm types]} from the ABI TSV."""
    entries = []
    for m in re.finditer(r'SyscallEntry\("(\w+)", \[([^\]]*)\]', open(TABLE).read()):
        kinds = [k.strip().lstrip(".") for k in m.group(2).split(",") if k.strip()]
        entries.append((m.group(1), kinds))
    types = {}
    for line in open(TSV):
        cols = line.rstrip("\n").split("\t")
        if len(cols) >= 4 and cols[2].startswith("SYS_"):
            types[cols[2]] = [W.I64 if t == "i64" else W.I32 for t in cols[3].split(",") if t and t != "-"]
    return entries, types


class Batch:
    """The calls of one batch, generated from (seed, batch) alone."""

    def __init__(self, seed, index, calls, entries, types, isolated):
        self.rng = random.Random(seed * 1_000_003 + index)
        # Without a private network namespace, messages go only to addresses sockaddr() wrote.
        excluded = NEVER_CALLED | (set() if isolated else {"sendmsg"})
        table = {n for n, _ in entries}
        extra = [(n, k) for n, k in OUTSIDE_TABLE if n not in table]
        self.entries = [(n, k) for n, k in entries + extra if n not in excluded and "SYS_" + n in types]
        self.types = types
        self.isolated = isolated
        self.forks = 0
        self.calls = [self.make_call() for _ in range(calls)]

    # -- argument values -------------------------------------------------------------------
    def scratch(self, size=64, align=None):
        r = self.rng
        align = align or r.choice([1, 4, 8, 8, 8])
        return SCRATCH + (r.randrange(0, SCRATCH_SIZE - size) & ~(align - 1))

    def hostile_ptr(self):
        r = self.rng
        return r.choice([0, MEM_END, MEM_END - 1, MEM_END - 4, MEM_END - 8, MEM_END - 16, MEM_END + 1,
                         MEM_END + PAGE, 0xFFFFFFFF, 0xFFFFFFFC, 0xFFFFFFF0, 0x80000000, 0x7FFFFFFF,
                         MAX_PAGES * PAGE, MAX_PAGES * PAGE - 8, r.getrandbits(32), 1, 8])

    def fd(self):
        r = self.rng
        if r.random() < 0.8:
            return r.choice([0, 1, 3, 3, 4, 4, 5, 5, 6, 7, 8, 9, 10, 11, 12])
        return r.choice([-1, -100, -2147483648, 0x7FFFFFFF, 1023, 1024, 65535, r.getrandbits(32)])

    def small(self):
        r = self.rng
        return r.choice([0, 1, 2, 3, 4, 8, 16, r.randrange(0, 64), r.randrange(0, 4096)])

    def int_value(self):
        r = self.rng
        x = r.random()
        if x < 0.5:
            return self.small()
        if x < 0.7:
            return sum(1 << r.randrange(0, 32) for _ in range(r.randrange(1, 4)))
        return r.choice([-1, -2, 0x7FFFFFFF, -2147483648, 0xFFFF, 0x10000, r.getrandbits(32)])

    def long_value(self):
        r = self.rng
        if r.random() < 0.6:
            return self.small()
        return r.choice([-1, 1 << 63, (1 << 63) - 1, 1 << 32, (1 << 32) - 1, -4096, r.getrandbits(64),
                         MEM_END, r.getrandbits(40)])

    def size_for(self, ptr):
        r = self.rng
        x = r.random()
        if x < 0.6 and SCRATCH <= ptr < SCRATCH + SCRATCH_SIZE:
            return r.randrange(0, SCRATCH + SCRATCH_SIZE - ptr + 1)
        if x < 0.8:
            return self.small()
        return r.choice([0xFFFFFFFF, 0x80000000, 0x7FFFFFFF, MEM_END, MEM_END + 1,
                         (0x100000000 - ptr + r.randrange(0, 64)) & 0xFFFFFFFF, 1 << 31 | 8])

    def plausible_word(self):
        """A 32-bit value that, read as a struct field, is often meaningful: a small count or
        length, a scratch pointer, or noise."""
        r = self.rng
        x = r.random()
        if x < 0.4:
            return self.small()
        if x < 0.75:
            return self.scratch(16)
        if x < 0.85:
            return self.hostile_ptr()
        return r.getrandbits(32)

    # -- structures poked right before a call ----------------------------------------------
    def poke_words(self, call, addr, words):
        """Stores 32-bit words pairwise as i64s (whole pairs only; addr+len stays in scratch)."""
        for i in range(0, len(words) - 1, 2):
            call["pokes"].append((addr + 4 * i, (words[i] & 0xFFFFFFFF) | (words[i + 1] & 0xFFFFFFFF) << 32))

    def poke_struct(self, call, ptr):
        if SCRATCH <= ptr < SCRATCH + SCRATCH_SIZE - 64 and self.rng.random() < 0.6:
            self.poke_words(call, ptr, [self.plausible_word() for _ in range(2 * self.rng.randrange(1, 9))])

    def sockaddr(self, call):
        r = self.rng
        p = self.scratch(128, 8)
        kind = r.choice(["inet", "inet", "unix", "inet6", "noise"] if self.isolated else ["inet", "unix", "inet6"])
        port = r.choice([0, r.randrange(20000, 60000)])
        if kind == "inet":
            call["pokes"] += [(p, 2 | (port >> 8 | (port & 0xFF) << 8) << 16 | 0x0100007F << 32), (p + 8, 0)]
        elif kind == "inet6":
            call["pokes"] += [(p, 10 | (port >> 8 | (port & 0xFF) << 8) << 16), (p + 8, 0), (p + 16, 1 << 56), (p + 24, 0)]
        elif kind == "unix":
            call["pokes"] += self.string_pokes(p, b"\x01\x00" + r.choice([b"s0", b"d0/s0", b"", b"\0abstract-fuzz"]))
        return p, r.choice([16, 28, 110, 2, 0, 0xFFFFFFFF, 128])

    def string_pokes(self, addr, s):
        data = s + b"\0"
        data += b"\0" * (-len(data) % 8)
        return [(addr + i, int.from_bytes(data[i:i + 8], "little")) for i in range(0, len(data), 8)]

    def path(self, call, position, pool):
        r = self.rng
        if r.random() < 0.1:
            p = self.hostile_ptr()
            if p in (MEM_END - 16, MEM_END - 8, MEM_END - 4):
                # The last bytes of memory are letters without a terminator: the name runs off the end.
                call["pokes"] += [(MEM_END - 16, 0x4141414141414141), (MEM_END - 8, 0x4141414141414141)]
            elif p < MEM_END:
                p = 0   # no in-bounds address whose bytes the generator did not just write

            return p
        if r.random() < 0.03:
            call["long_path"] = True
            return LONG_PATH
        addr = PATH_SLOT + PATH_SLOT_SIZE * position
        name = r.choice(pool)
        call["pokes"] += self.string_pokes(addr, name)
        call.setdefault("paths", {})[position] = name
        return addr

    def mask(self, call, ptr):
        """A temporary signal mask that never blocks the watchdog's SIGALRM: written where the
        pointer points when that is inside memory, else a pointer that is never inside it."""
        if ptr >= MEM_END - 8:
            return ptr if ptr >= MAX_PAGES * PAGE else 0xFFFFFFF0  # memory may have grown up to its maximum
        if ptr:
            call["pokes"].append((ptr, self.rng.getrandbits(64) & ~(1 << (SIGALRM - 1))))
        return ptr

    # -- one call --------------------------------------------------------------------------
    def make_call(self):
        r = self.rng
        name, kinds = r.choice(self.entries)
        if name == "fork" and self.forks >= MAX_FORKS:
            name, kinds = "getpid", []
        params = self.types["SYS_" + name]
        call = {"name": name, "pokes": [], "args": [], "after": []}
        args = []
        for i, wtype in enumerate(params):
            kind = kinds[i] if i < len(kinds) else "int"
            args.append(self.arg(call, name, i, kind))
        self.adjust(call, name, args)
        call["args"] = list(zip(args, params))
        return call

    def arg(self, call, name, i, kind):
        r = self.rng
        if kind == "fd":
            return self.fd()
        if kind == "dirfd":
            return AT_FDCWD if r.random() < 0.6 else self.fd()
        if kind == "path":
            if name == "execve":
                return self.path(call, i, EXEC_PATHS)
            return self.path(call, i, RO_PATHS if name in READ_ONLY_PATH_CALLS else RW_PATHS)
        if kind == "ptr":
            if r.random() < 0.75:
                p = self.scratch()
                self.poke_struct(call, p)
                return p
            return self.hostile_ptr()
        if kind == "size":
            return None  # filled from the preceding pointer in adjust()
        if kind == "long":
            return self.long_value()
        if kind == "signal":
            return r.choice([0, SIGUSR1, SIGUSR2, 17, 23, 28, 18, 65, 64, -1, 1000, r.randrange(1, 65)])
        if kind == "openFlags":
            return sum(1 << b for b in r.sample([0, 1, 6, 7, 9, 10, 11, 12, 14, 15, 16, 17, 18, 19, 20, 22], r.randrange(0, 5))) \
                if r.random() < 0.9 else r.getrandbits(32)
        if kind == "mmapProt":
            return r.randrange(0, 8) if r.random() < 0.9 else r.getrandbits(32)
        if kind == "mmapFlags":
            return sum(1 << b for b in r.sample([0, 1, 4, 5, 8, 11, 12, 14, 15, 16, 17, 20], r.randrange(1, 4))) \
                if r.random() < 0.9 else r.getrandbits(32)
        return self.int_value()

    def adjust(self, call, name, args):
        """Sizes follow their pointers; calls that could reach past the process are confined."""
        r = self.rng
        for i, a in enumerate(args):
            if a is None:
                prev = args[i - 1] if i > 0 and isinstance(args[i - 1], int) else SCRATCH
                args[i] = self.size_for(prev)
        if name in ("kill", "tkill"):
            args[0] = r.choice(["pid", "pid", 0x7FFFFFFF, -2147483648] + ([0] if self.isolated else []))
            args[1] = r.choice([0, SIGUSR1, SIGUSR2, 17, 23, 28, 18, SIGALRM, 65, -1, 1000])
        elif name == "rt_sigaction":
            if args[0] == SIGALRM or (not isinstance(args[0], int)):
                args[0] = r.choice([SIGUSR1, SIGUSR2, 17, 23, 28])
            if SCRATCH <= args[1] < SCRATCH + SCRATCH_SIZE - 32:
                # Rarely a handler that is no function: delivering it traps and ends the batch.
                handler = r.choice([0, NOOP_HANDLER, SIG_IGN]) if r.random() < 0.9 else \
                    r.choice([2, 0xFFFFFFFF, r.getrandbits(32)])
                flags = r.choice([0, 0x10000000, 0x4, 0x80000000, 0x40000000, 0x8000000, r.getrandbits(32)])
                self.poke_words(call, args[1], [handler, flags, 0, 0, r.getrandbits(32), r.getrandbits(32)])
            if r.random() < 0.8:
                args[3] = 8
        elif name == "rt_sigprocmask":
            if r.random() < 0.8:
                args[3] = 8
            call["after"].append("unblock")
        elif name in MASK_CALLS:
            k = MASK_CALLS[name]
            args[k] = self.mask(call, args[k])
            if r.random() < 0.8:
                args[k + 1] = 8
        elif name == "pselect6":
            args[5] = self.mask(call, args[5]) if not SCRATCH <= args[5] < SCRATCH + SCRATCH_SIZE - 8 else args[5]
            if SCRATCH <= args[5] < SCRATCH + SCRATCH_SIZE - 8:
                mask = self.scratch(8, 8)
                self.mask(call, mask)
                self.poke_words(call, args[5], [r.choice([mask, 0, self.hostile_ptr()]), r.choice([8, 8, 0, 16])])
        elif name in ("setitimer", "alarm"):
            call["after"].append("rearm")
        elif name == "fork":
            self.forks += 1
        elif name in ("wait4",):
            args[0] = r.choice(["child", -1, 0, 0x7FFFFFFF, -2147483648])
        elif name in ("prlimit64", "sched_setscheduler", "setpgid", "getpgid", "getsid", "sched_getaffinity"):
            args[0] = r.choice(["pid", 0, 0x7FFFFFFF])
        elif name == "fcntl" and r.random() < 0.8:
            args[1] = r.choice([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 15, 16, 1024, 1025, 1026, 1030, 1031, 1032,
                                1033, 1034, 36, 37, 38])
            if args[1] in (8, 10, 15):
                args[2] = r.choice(["pid", 0])
            elif args[1] in (5, 6, 7, 36, 37, 38, 15, 16):
                args[2] = self.scratch(32)
                self.poke_struct(call, args[2])
        elif name in ("dup2", "dup3") and args[1] == 2:
            args[1] = 1   # stderr stays the engine's, so its messages are seen
        elif name == "close" and args[0] == 2:
            args[0] = 3
        elif name in ("bind", "connect"):
            if r.random() < 0.7 or not self.isolated:
                args[1], args[2] = self.sockaddr(call)
        elif name == "sendto":
            if r.random() < 0.7 or not self.isolated:
                args[4], args[5] = self.sockaddr(call)
        elif name == "ioctl" and r.random() < 0.7:
            args[1] = r.choice([0x5401, 0x5402, 0x5413, 0x5414, 0x541B, 0x5421, 0x5450, 0x5451, 0x5452, 0x80086601,
                                0x40086602, 0x80045430, 0x5410, 0x540F])
        elif name == "prctl" and args[0] == 22:
            args[0] = 15    # no seccomp: the engine itself needs its syscalls
        elif name == "socket" and r.random() < 0.7:
            args[0] = r.choice([1, 2, 10, 16, 17, 0, 45])
            args[1] = r.choice([1, 2, 3, 5]) | r.choice([0, 0x800, 0x80000])
            args[2] = r.choice([0, 0, 6, 17, 255])
        for i, a in enumerate(args):
            if a is None:
                args[i] = 0

    # -- the module ------------------------------------------------------------------------
    def describe(self, call):
        shown = ["pid" if a == "pid" else "child" if a == "child" else hex(a & (0xFFFFFFFF if t == W.I32 else (1 << 64) - 1))
                 for a, t in call["args"]]
        for i, p in call.get("paths", {}).items():
            shown[i] = repr(p.decode()) if len(p) < 40 else f"'{p[:8].decode()}...' ({len(p)} bytes)"
        return f"{call['name']}({', '.join(shown)})" + (" [long path]" if call.get("long_path") else "")

    def module(self):
        names = sorted({c["name"] for c in self.calls} | {"rt_sigaction", "setitimer", "getpid", "write", "exit_group",
                                                            "rt_sigprocmask", "fork"})
        types, type_index = [], {}

        def type_of(params, results):
            key = (tuple(params), tuple(results))
            if key not in type_index:
                type_index[key] = len(types)
                types.append(key)
            return type_index[key]

        imports, func = [], {}
        for n in names:
            func[n] = len(imports)
            imports.append(("wali", "SYS_" + n, type_of(self.types["SYS_" + n], [W.I64])))
        start_t = type_of([], [])
        handler_t = type_of([W.I32], [])
        nimp = len(imports)
        c = W.Code()
        LOCAL_PID, LOCAL_CHILD = 0, 1

        def sys(n, *args):
            for a in args:
                c.i32_const(a)
            c.call(func[n])
            c.raw(b"\x1a")  # drop

        def sigaction(signo, handler):
            c.i64_store(CTL, handler | 0 << 32)  # handler, flags (low) = 0: no SA_RESTART
            c.i64_store(CTL + 8, 0)
            c.i64_store(CTL + 16, 0)
            sys("rt_sigaction", signo, CTL, 0, 8)

        def arm_watchdog():
            for off, v in ((0, 0), (8, WATCHDOG_USEC), (16, 0), (24, WATCHDOG_USEC)):
                c.i64_store(CTL + 32 + off, v)
            sys("setitimer", 0, CTL + 32, 0)

        def unblock_watchdog():
            c.i64_store(CTL + 64, 1 << (SIGALRM - 1))
            sys("rt_sigprocmask", 1, CTL + 64, 0, 8)

        # Prologue: blocking calls are interrupted by SIGALRM (a no-op handler without
        # SA_RESTART); signals a fuzzed call may raise are ignored unless a later call says otherwise.
        c.call(func["getpid"])
        c.raw(b"\xa7")  # i32.wrap_i64
        c.local_set(LOCAL_PID)
        sigaction(SIGALRM, NOOP_HANDLER)
        sigaction(SIGUSR1, NOOP_HANDLER)
        for s in (SIGUSR2, SIGPIPE, SIGXFSZ, SIGVTALRM, SIGPROF):
            sigaction(s, SIG_IGN)
        arm_watchdog()
        for call in self.calls:
            if call.get("long_path"):
                c.i32_const(LONG_PATH)
                c.i32_const(0x61)
                c.i32_const(LONG_PATH_LEN)
                c.raw(b"\xfc\x0b\x00")  # memory.fill
                c.i64_store(LONG_PATH + LONG_PATH_LEN, 0)
            for addr, value in call["pokes"]:
                c.i64_store(addr, value)
            for a, t in call["args"]:
                if a in ("pid", "child"):
                    if a == "pid":
                        c.local_get(LOCAL_PID)
                    else:
                        c.local_get(LOCAL_CHILD)
                        c.raw(b"\xa7")
                    if t == W.I64:
                        c.raw(b"\xac")  # i64.extend_i32_s
                elif t == W.I64:
                    c.i64_const(a)
                else:
                    c.i32_const(a)
            c.call(func[call["name"]])
            if call["name"] == "fork":
                # The child leaves at once (forks are capped; it must not run the batch twice).
                c.local_set(LOCAL_CHILD)
                c.local_get(LOCAL_CHILD)
                c.raw(b"\x50\x04\x40")  # i64.eqz; if
                sys("exit_group", 0)
                c.raw(b"\x0b")
            else:
                c.raw(b"\x1a")
            for action in call["after"]:
                unblock_watchdog() if action == "unblock" else arm_watchdog()
        # Epilogue: the one way a batch exits with DONE_STATUS.
        sys("exit_group", DONE_STATUS)
        c.raw(b"\x00")  # unreachable
        noop = W.Code()
        rng = random.Random(self.rng.getrandbits(64))
        data = [(SCRATCH, bytes(rng.getrandbits(8) for _ in range(SCRATCH_SIZE // 2))),
                (MEM_END - 16, b"A" * 16)]
        return W.module(
            types=[(list(p), list(r)) for p, r in types], imports=imports,
            funcs=[(start_t, [W.I32, W.I64], c.b), (handler_t, [], noop.b)],
            table_size=2, elems=[(NOOP_HANDLER, [nimp + 1])], memory=(MEM_PAGES, MAX_PAGES),
            exports=[("_start", 0, nimp), ("memory", 2, 0)], data=data)


# -- running -------------------------------------------------------------------------------

def classify(rc, err):
    """'done', 'guest' (ended by something the guest did) or an engine failure description."""
    text = err.decode(errors="replace")
    lines = [l for l in text.splitlines() if l.strip()]
    if ENGINE_FAILURE_TEXT.search(text):
        return "engine failure text on stderr"
    if rc == "timeout":
        return "hang (no exit within the timeout)"
    if rc == DONE_STATUS:
        return "done"
    if lines and ERRNO_TRAP.match(lines[-1]):
        return "an engine error escaped as a trap: " + lines[-1]
    if rc < 0:
        if ended_with_explanation(lines):
            return "guest: " + lines[-1]
        if -rc in GUEST_SIGNALS:
            return "guest: " + signal.Signals(-rc).name
        return f"killed by {signal.Signals(-rc).name} without a trap message"
    return f"exit status {rc}"


def run_batch(args, mode, index, tier):
    entries, types = load_table()
    batch = Batch(args.seed, index, args.calls, entries, types, isolated=mode != "none")
    wasm = batch.module()
    # As root, the engine runs as nobody: the guest can then change nothing of the host's.
    scratch, path, cwd, env = scratch_module(wasm, "wali-fuzz-", "batch.wasm", mode)
    try:
        kwargs = guest_user(mode)
        cmd = [WALI, "run", "--tier", tier, *args.wali_flag, path]
        start = time.time()
        try:
            p = subprocess.run(cmd, cwd=cwd, env=env, stdin=subprocess.DEVNULL, capture_output=True,
                               timeout=args.timeout, start_new_session=True, **kwargs)
            rc, out, err = p.returncode, p.stdout, p.stderr
        except subprocess.TimeoutExpired as e:
            rc, out, err = "timeout", e.stdout or b"", e.stderr or b""
        verdict = classify(rc, err)
        executed = args.calls if verdict == "done" else None
        detail = ""
        if verdict != "done" and not verdict.startswith("guest"):
            os.makedirs(OUT, exist_ok=True)
            keep = os.path.join(OUT, f"syscalls-{args.seed}-{index}.wasm")
            shutil.copy(path, keep)
            detail = f"stderr: {err.decode(errors='replace')[-1200:]}\nkept: {keep}\n" + \
                last_calls(cmd, cwd, env, kwargs, args.timeout)
        elif verdict != "done":
            executed = count_calls(cmd, cwd, env, kwargs, args.timeout, sum(len(c["after"]) for c in batch.calls))
        return index, tier, verdict, executed, time.time() - start, detail
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def traced(cmd, cwd, env, kwargs, timeout):
    cmd = cmd[:2] + ["--strace"] + cmd[2:]
    try:
        p = subprocess.run(cmd, cwd=cwd, env=env, stdin=subprocess.DEVNULL, capture_output=True,
                           timeout=timeout, start_new_session=True, **kwargs)
        return p.stderr.decode(errors="replace")
    except subprocess.TimeoutExpired as e:
        return (e.stderr or b"").decode(errors="replace")


def count_calls(cmd, cwd, env, kwargs, timeout, after_actions):
    """How many fuzzed calls a batch made before it ended, at least (from --strace: all lines
    minus the prologue's and every re-arm or unblock the batch could have made)."""
    lines = [l for l in traced(cmd, cwd, env, kwargs, timeout).splitlines() if re.match(r"(\[\d+\] )?\w+\(", l)]
    return max(0, len(lines) - PROLOGUE_CALLS - after_actions)


def last_calls(cmd, cwd, env, kwargs, timeout):
    lines = traced(cmd, cwd, env, kwargs, timeout).splitlines()
    return "last calls under --strace:\n  " + "\n  ".join(lines[-8:])


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--count", type=int, default=4, help="batches per tier")
    ap.add_argument("--calls", type=int, default=500, help="calls per batch")
    ap.add_argument("--first", type=int, default=0, help="number of the first batch")
    ap.add_argument("--tiers", default="interp,compiled")
    ap.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--timeout", type=int, default=120, help="seconds per batch (detects hangs)")
    ap.add_argument("--wali-flag", action="append", default=[], help="extra `wali run` flag (repeatable)")
    ap.add_argument("--isolate", choices=["auto", "none"], default="auto")
    ap.add_argument("--dump", type=int, metavar="BATCH", help="list the calls of one batch and exit")
    ap.add_argument("--inner", default=None, help=argparse.SUPPRESS)
    args = ap.parse_args()

    if args.dump is not None:
        entries, types = load_table()
        b = Batch(args.seed, args.dump, args.calls, entries, types, isolated=args.isolate != "none")
        for i, call in enumerate(b.calls):
            print(f"{args.seed}:{args.dump}:{i} {b.describe(call)}")
        return 0
    if not os.path.exists(WALI):
        print(f"wali not built at {WALI}", file=sys.stderr)
        return 2
    if args.inner is None and args.isolate == "auto":
        status = reexec_isolated(sys.argv[1:])
        if status is not None:
            return status
    mode = args.inner or "none"
    if mode != "none":
        loopback_up()
    print(f"syscall fuzzing: seed {args.seed}, batches {args.first}..{args.first + args.count - 1} x {args.calls} calls, "
          f"tiers {args.tiers}, isolation {mode}", flush=True)
    jobs = [(i, t) for t in args.tiers.split(",") for i in range(args.first, args.first + args.count)]
    passed = failed = 0
    calls = {t: 0 for t in args.tiers.split(",")}
    started = time.time()
    with cf.ThreadPoolExecutor(args.jobs) as pool:
        for index, tier, verdict, executed, secs, detail in pool.map(lambda j: run_batch(args, mode, *j), jobs):
            if verdict == "done" or verdict.startswith("guest"):
                passed += 1
                calls[tier] += executed
                if verdict != "done":
                    print(f"  batch {args.seed}:{index} [{tier}]: ended by the {verdict} after {executed} calls", flush=True)
            else:
                failed += 1
                print(f"FAIL batch {args.seed}:{index} [{tier}]: {verdict}\n    " + detail.replace("\n", "\n    "), flush=True)
    print("calls made: " + ", ".join(f"{t} {n}" for t, n in calls.items()) + f" in {time.time() - started:.0f}s")
    print(f"syscallfuzz: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
