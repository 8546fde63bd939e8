# asyncio (selectors, socketpair wakeups, add_signal_handler, subprocesses of sys.executable),
# multiprocessing (fork), descriptor passing (SCM_RIGHTS), a socket wait interrupted by setitimer,
# signals across fork and in threads, tempfile's descriptor-level API.
import asyncio, multiprocessing, os, signal, socket, sys, tempfile, threading, time, array, errno
sys.stdout.reconfigure(line_buffering=True)  # forked children (multiprocessing) would flush a copy of the buffer


async def echo_server_roundtrip():
    async def handle(reader, writer):
        while line := await reader.readline():
            writer.write(line.upper())
            await writer.drain()
        writer.close()
    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    replies = []
    for word in (b"alpha\n", b"beta\n", b"x" * 50000 + b"\n"):
        writer.write(word)
        await writer.drain()
        replies.append(len(await reader.readline()))
    writer.close()
    await writer.wait_closed()
    server.close()
    await server.wait_closed()
    return replies


async def subprocess_pipes():
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-c", "import sys; print(sys.stdin.read()[::-1]); sys.exit(5)",
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE)
    out, _ = await proc.communicate(b"stressed")
    return out.strip(), proc.returncode


async def signal_handler_in_loop():
    loop = asyncio.get_running_loop()
    got = loop.create_future()
    loop.add_signal_handler(signal.SIGUSR1, lambda: got.set_result("usr1 via loop"))
    loop.call_later(0.01, os.kill, os.getpid(), signal.SIGUSR1)
    result = await asyncio.wait_for(got, 5)
    loop.remove_signal_handler(signal.SIGUSR1)
    return result


async def timeouts_and_tasks():
    async def slow():
        await asyncio.sleep(10)
    try:
        await asyncio.wait_for(slow(), 0.02)
    except asyncio.TimeoutError:
        timed_out = True
    results = await asyncio.gather(*(asyncio.sleep(0.001 * i, result=i) for i in range(5)))
    return timed_out, results


print(asyncio.run(echo_server_roundtrip()))
print(asyncio.run(subprocess_pipes()))
print(asyncio.run(signal_handler_in_loop()))
print(asyncio.run(timeouts_and_tasks()))


def square(x):
    return x * x


if __name__ == "__main__":
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(2) as pool:
        print("pool", pool.map(square, range(8)))
    q = ctx.Queue()
    p = ctx.Process(target=q.put, args=({"from": "child", "pid_differs": True},))
    p.start(); print(q.get(timeout=30)); p.join(); print("exitcode", p.exitcode)
    parent_end, child_end = ctx.Pipe()
    p = ctx.Process(target=lambda c: (c.send(sum(range(1000))), c.close()), args=(child_end,))
    p.start(); print("pipe", parent_end.recv()); p.join()
    # (multiprocessing.Value needs ctypes, which this build has not: see RESULTS.md)
    lock = ctx.Lock(); log = tempfile.NamedTemporaryFile(delete=False).name
    def append_lines(l, tag):
        for i in range(50):
            with l, open(log, "a") as f: f.write(f"{tag} {i}\n")
    ps = [ctx.Process(target=append_lines, args=(lock, t)) for t in "abc"]
    [p.start() for p in ps]; [p.join() for p in ps]
    lines = open(log).read().splitlines(); os.unlink(log)
    print("lines under a process-shared lock", len(lines), sorted(set(l.split()[0] for l in lines)))

# A descriptor passed over an AF_UNIX socket (SCM_RIGHTS) to a forked child.
a, b = socket.socketpair()
r, w = os.pipe()
pid = os.fork()
if pid == 0:
    msg, ancdata, flags, addr = b.recvmsg(100, socket.CMSG_LEN(4))
    level, kind, data = ancdata[0]
    fd = array.array("i", data)[0]
    os.write(fd, b"written through a passed descriptor: " + msg)
    os._exit(0)
a.sendmsg([b"hello"], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, array.array("i", [w]))])
os.waitpid(pid, 0); os.close(w)
print(os.read(r, 200)); os.close(r); a.close(); b.close()

# A blocking socket wait with a timeout, interrupted by a handler that raises (CPython's
# sock_call retries on EINTR unless the handler raised).
class Interrupted(Exception):
    pass
def raise_interrupted(signum, frame):
    raise Interrupted(signal.Signals(signum).name)
old = signal.signal(signal.SIGALRM, raise_interrupted)
s1, s2 = socket.socketpair()
s1.settimeout(5)
signal.setitimer(signal.ITIMER_REAL, 0.05)
try:
    s1.recv(10)
except Interrupted as e:
    print("recv with timeout interrupted by", e)
signal.setitimer(signal.ITIMER_REAL, 0)
# A handler that returns: the wait goes on (PEP 475) and then times out.
ticks = []
signal.signal(signal.SIGALRM, lambda s, f: ticks.append(s))
s1.settimeout(0.3)
signal.setitimer(signal.ITIMER_REAL, 0.05)
try:
    s1.recv(10)
except socket.timeout:
    print("recv retried after the handler, then timed out; ticks", ticks)
signal.signal(signal.SIGALRM, old); s1.close(); s2.close()

# Signal dispositions across fork: a handler is inherited, a blocked mask too.
signal.signal(signal.SIGUSR2, lambda s, f: os.write(1, b"child ran the inherited handler\n"))
sys.stdout.flush()
pid = os.fork()
if pid == 0:
    os.kill(os.getpid(), signal.SIGUSR2); os._exit(0)
print("child status", os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]))
signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGUSR2})
sys.stdout.flush()
pid = os.fork()
if pid == 0:
    os._exit(0 if signal.SIGUSR2 in signal.pthread_sigmask(signal.SIG_BLOCK, []) else 1)
print("mask inherited", os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) == 0)
signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGUSR2})

# A signal sent to the process while the main thread waits on a lock: Python runs handlers
# in the main thread.
ran_in = []
signal.signal(signal.SIGUSR1, lambda s, f: ran_in.append(threading.current_thread() is threading.main_thread()))
t = threading.Thread(target=lambda: (time.sleep(0.02), os.kill(os.getpid(), signal.SIGUSR1)))
t.start(); t.join(); time.sleep(0.01)
print("handler ran in the main thread", ran_in)
tid_box = []
t = threading.Thread(target=lambda: tid_box.append(threading.get_native_id()))
t.start(); t.join(); print("native thread id differs", tid_box[0] != threading.get_native_id())

# tempfile's descriptor-level API.
fd, path = tempfile.mkstemp(prefix="wali-", suffix=".dat")
os.write(fd, b"mkstemp"); os.close(fd)
print(os.path.basename(path).startswith("wali-"), oct(os.stat(path).st_mode & 0o777), open(path, "rb").read())
os.unlink(path)
d = tempfile.mkdtemp(); print(oct(os.stat(d).st_mode & 0o777)); os.rmdir(d)
with tempfile.TemporaryFile() as f:
    f.write(b"anonymous temporary file"); f.seek(0); print(f.read(), os.path.exists(f.name) if isinstance(f.name, str) else "unnamed")
try:
    os.open(os.path.join(tempfile.gettempdir(), "missing", "x"), os.O_RDONLY)
except FileNotFoundError as e:
    print("ENOENT", e.errno == errno.ENOENT)
