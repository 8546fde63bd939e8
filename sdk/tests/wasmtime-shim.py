#!/usr/bin/env python3
"""A tiny WALI host on top of wasmtime-py, to exercise the SDK's libc.

    python3 -m venv /tmp/wt && /tmp/wt/bin/pip install wasmtime
    /tmp/wt/bin/python sdk/tests/wasmtime-shim.py [--strace] prog.wasm [args...]

This is a test tool for the SDK, not an engine: it implements just enough of
WALI (stdio, files, anonymous mmap, futex, threads through
__wasm_thread_spawn, signal masks, clocks) to run the programs in sdk/tests/
and check that crt1/libc behave.  Every other syscall returns -ENOSYS.

Threads: wasmtime cannot share a module-defined memory between instances, so
the module is rewritten to import its (shared) memory; each thread is a new
instance in its own Store over that memory, entered at
__wasm_thread_start_libc(tid, arg).
"""
import ctypes
import os
import sys
import threading
import time

import wasmtime
from wasmtime import _ffi as _wffi

# wasmtime-py 50 wraps the shared memory pointer once too often when linking it.
def _shared_as_extern(self):
    union = _wffi.wasmtime_extern_union(sharedmemory=self.ptr())
    return _wffi.wasmtime_extern_t(_wffi.WASMTIME_EXTERN_SHAREDMEMORY, union)


wasmtime.SharedMemory._as_extern = _shared_as_extern

ENOSYS, EAGAIN, EINVAL, ETIMEDOUT, ENOTTY, EBADF = 38, 11, 22, 110, 25, 9
STRACE = False


# ---- module rewrite: defined memory -> imported memory ------------------------
def uleb(data, pos):
    r = s = 0
    while True:
        b = data[pos]
        pos += 1
        r |= (b & 0x7F) << s
        s += 7
        if not b & 0x80:
            return r, pos


def enc_uleb(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def import_memory(wasm):
    """Returns (rewritten module bytes, memory limits flags/min/max)."""
    pos = 8
    sections = []
    while pos < len(wasm):
        sid = wasm[pos]
        size, p = uleb(wasm, pos + 1)
        sections.append([sid, wasm[p:p + size]])
        pos = p + size
    mem = None
    for s in sections:
        if s[0] == 5:
            body = s[1]
            n, p = uleb(body, 0)
            assert n == 1, "expected one memory"
            flags = body[p]
            mn, p = uleb(body, p + 1)
            mx, p = uleb(body, p) if flags & 1 else (None, p)
            mem = (flags, mn, mx, body[1:])
    assert mem, "module defines no memory"
    entry = enc_uleb(3) + b"env" + enc_uleb(6) + b"memory" + b"\x02" + mem[3]
    out_secs = []
    have_import = any(s[0] == 2 for s in sections)
    for s in sections:
        if s[0] == 5:
            continue
        if s[0] == 2:
            n, p = uleb(s[1], 0)
            s = [2, enc_uleb(n + 1) + s[1][p:] + entry]
        out_secs.append(s)
    if not have_import:
        # the import section goes right after the type section (id 1)
        idx = next((i + 1 for i, s in enumerate(out_secs) if s[0] == 1), 0)
        out_secs.insert(idx, [2, enc_uleb(1) + entry])
    out = bytearray(wasm[:8])
    for sid, body in out_secs:
        out += bytes([sid]) + enc_uleb(len(body)) + body
    return bytes(out), mem[:3]


# ---- process state ------------------------------------------------------------
class Proc:
    def __init__(self, path, argv):
        cfg = wasmtime.Config()
        cfg.wasm_threads = True
        cfg.shared_memory = True
        cfg.wasm_exceptions = True
        cfg.wasm_bulk_memory = True
        cfg.wasm_multi_value = True
        cfg.wasm_reference_types = True
        self.engine = wasmtime.Engine(cfg)
        raw = open(path, "rb").read()
        wasm, (flags, mn, mx) = import_memory(raw)
        self.module = wasmtime.Module(self.engine, wasm)
        self.memory = wasmtime.SharedMemory(
            self.engine, wasmtime.MemoryType(wasmtime.Limits(mn, mx), shared=True))
        self.argv = [a.encode() for a in argv]
        self.lock = threading.Lock()
        self.futex_cv = threading.Condition(self.lock)
        self.next_tid = 100
        self.mmap_lock = threading.Lock()
        self.brk = 0

    # raw memory access
    def base(self):
        return ctypes.addressof(self.memory.data_ptr().contents)

    def read(self, addr, n):
        return ctypes.string_at(self.base() + addr, n)

    def write(self, addr, data):
        ctypes.memmove(self.base() + addr, data, len(data))

    def u32(self, addr):
        return int.from_bytes(self.read(addr, 4), "little")

    def cstr(self, addr):
        out = bytearray()
        while True:
            b = self.read(addr + len(out), 64)
            i = b.find(b"\0")
            if i >= 0:
                return bytes(out + b[:i])
            out += b


class ThreadExit(Exception):
    pass


class Thread:
    def __init__(self, proc, tid):
        self.proc = proc
        self.tid = tid
        self.mask = 0
        self.exited = False
        self.store = wasmtime.Store(proc.engine)
        linker = wasmtime.Linker(proc.engine)
        linker.define(self.store, "env", "memory", proc.memory)
        for imp in proc.module.imports:
            if imp.module == "env":
                continue
            ty = imp.type
            linker.define(self.store, imp.module, imp.name,
                          wasmtime.Func(self.store, ty, self.make_host(imp.name, ty)))
        self.instance = linker.instantiate(self.store, proc.module)

    def make_host(self, name, ty):
        proc = self.proc
        impl = getattr(self, "sys_" + name[4:], None) if name.startswith("SYS_") else getattr(self, "aux" + name, None)
        has_result = len(ty.results) > 0

        def host(*args):
            if impl is None:
                r = -ENOSYS
            else:
                r = impl(*args)
            if STRACE:
                print("[%d] %s%s = %r" % (self.tid, name, args, r), file=sys.stderr)
            return r if has_result else None
        return host

    # aux imports
    def aux__init(self):
        return 0

    def aux__cl_get_argc(self):
        return len(self.proc.argv)

    def aux__cl_get_argv_len(self, i):
        return len(self.proc.argv[i])

    def aux__cl_copy_argv(self, buf, i):
        self.proc.write(buf, self.proc.argv[i] + b"\0")
        return 0

    def aux__get_init_envfile(self, buf, size):
        path = os.environ.get("SHIM_ENVFILE")
        if not path:
            return 0
        self.proc.write(buf, path.encode() + b"\0")
        return 1

    def aux__wasm_thread_spawn(self, fn, arg):
        proc = self.proc
        with proc.lock:
            proc.next_tid += 1
            tid = proc.next_tid
        t = Thread(proc, tid)
        t.mask = self.mask

        def run():
            try:
                t.instance.exports(t.store)["__wasm_thread_start_libc"](t.store, tid, arg)
            except ThreadExit:
                pass
            except wasmtime.WasmtimeError as e:
                if not t.exited:
                    print("thread %d trapped: %s" % (tid, e), file=sys.stderr)
                    os._exit(134)
        threading.Thread(target=run, daemon=True).start()
        return tid

    # syscalls
    def sys_write(self, fd, buf, n):
        return os.write(fd, self.proc.read(buf, n))

    def sys_writev(self, fd, iov, cnt):
        data = b"".join(self.proc.read(self.proc.u32(iov + 8 * i), self.proc.u32(iov + 8 * i + 4)) for i in range(cnt))
        return os.write(fd, data)

    def sys_read(self, fd, buf, n):
        try:
            data = os.read(fd, n)
        except OSError as e:
            return -e.errno
        self.proc.write(buf, data)
        return len(data)

    def sys_readv(self, fd, iov, cnt):
        total = 0
        for i in range(cnt):
            base, n = self.proc.u32(iov + 8 * i), self.proc.u32(iov + 8 * i + 4)
            if n == 0:
                continue
            r = self.sys_read(fd, base, n)
            if r < 0:
                return r if total == 0 else total
            total += r
            if r < n:
                break
        return total

    def sys_open(self, path, flags, mode):
        try:
            return os.open(self.proc.cstr(path), flags & 0o3777777, mode)
        except OSError as e:
            return -e.errno

    def sys_close(self, fd):
        if fd <= 2:
            return 0
        try:
            os.close(fd)
            return 0
        except OSError as e:
            return -e.errno

    def sys_fstat(self, fd, buf):
        try:
            st = os.fstat(fd)
        except OSError as e:
            return -e.errno
        b = bytearray(144)
        b[48:56] = st.st_size.to_bytes(8, "little")
        b[24:28] = st.st_mode.to_bytes(4, "little")
        self.proc.write(buf, bytes(b))
        return 0

    def sys_ioctl(self, fd, req, arg):
        return -ENOTTY

    def sys_lseek(self, fd, off, whence):
        try:
            return os.lseek(fd, off, whence)
        except OSError as e:
            return -e.errno

    def sys_mmap(self, addr, length, prot, flags, fd, off):
        if fd != -1 and not flags & 0x20:
            return -ENOSYS
        proc = self.proc
        with proc.mmap_lock:
            pages = (length + 65535) // 65536
            old = proc.memory.grow(pages)
            return old * 65536

    def sys_munmap(self, addr, length):
        return 0

    def sys_mprotect(self, addr, length, prot):
        return 0

    def sys_madvise(self, addr, length, advice):
        return 0

    def sys_brk(self, addr):
        return -12

    def sys_set_tid_address(self, p):
        return self.tid

    def sys_gettid(self):
        return self.tid

    def sys_getpid(self):
        return os.getpid()

    def sys_rt_sigprocmask(self, how, set_, old, size):
        if old:
            self.proc.write(old, self.mask.to_bytes(8, "little"))
        if set_:
            s = int.from_bytes(self.proc.read(set_, 8), "little")
            self.mask = {0: self.mask | s, 1: self.mask & ~s, 2: s}[how]
        return 0

    def sys_rt_sigaction(self, sig, act, old, size):
        if old:
            self.proc.write(old, bytes(24))
        return 0

    def sys_sched_yield(self):
        time.sleep(0)
        return 0

    def sys_clock_gettime(self, clk, ts):
        t = time.clock_gettime_ns(clk)
        self.proc.write(ts, (t // 10**9).to_bytes(8, "little", signed=True) + (t % 10**9).to_bytes(8, "little"))
        return 0

    def sys_nanosleep(self, req, rem):
        s = int.from_bytes(self.proc.read(req, 8), "little")
        ns = int.from_bytes(self.proc.read(req + 8, 8), "little")
        time.sleep(s + ns / 1e9)
        return 0

    def sys_futex(self, uaddr, op, val, timeout, uaddr2, val3):
        proc = self.proc
        cmd = op & 0x7F
        if cmd == 0:  # FUTEX_WAIT
            with proc.futex_cv:
                if proc.u32(uaddr) != (val & 0xFFFFFFFF):
                    return -EAGAIN
                to = None
                if timeout:
                    to = int.from_bytes(proc.read(timeout, 8), "little") + \
                        int.from_bytes(proc.read(timeout + 8, 8), "little") / 1e9
                # spurious wake-ups are allowed by futex semantics
                if not proc.futex_cv.wait(timeout=to if to is not None else 0.05):
                    return -ETIMEDOUT if to is not None else 0
                return 0
        if cmd == 1:  # FUTEX_WAKE
            with proc.futex_cv:
                proc.futex_cv.notify_all()
            return 0
        return -ENOSYS

    def sys_exit(self, code):
        # wasmtime reports the exception as a trap; `exited` tells them apart
        self.exited = True
        raise ThreadExit()

    def sys_exit_group(self, code):
        sys.stdout.flush()
        os._exit(code & 0xFF)


def main():
    global STRACE
    args = sys.argv[1:]
    if args and args[0] == "--strace":
        STRACE = True
        args = args[1:]
    if not args:
        print(__doc__, file=sys.stderr)
        return 2
    proc = Proc(args[0], args)
    t = Thread(proc, os.getpid())
    try:
        t.instance.exports(t.store)["_start"](t.store)
    except ThreadExit:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
