# threading (locks, conditions, queues, thread pools), signals (handlers, setitimer, alarm, masks).
import threading, queue, signal, time, os, concurrent.futures
counter = 0; lock = threading.Lock()
def work(n):
    global counter
    for _ in range(n):
        with lock: counter += 1
ts = [threading.Thread(target=work, args=(2000,)) for _ in range(8)]
[t.start() for t in ts]; [t.join() for t in ts]; print("counter", counter)
q = queue.Queue(); results = []
def consumer():
    while (item := q.get()) is not None: results.append(item * item)
c = threading.Thread(target=consumer); c.start()
for i in range(100): q.put(i)
q.put(None); c.join(); print(sum(results), len(results))
cond = threading.Condition(); state = []
def waiter():
    with cond:
        cond.wait_for(lambda: state); state.append("woken")
w = threading.Thread(target=waiter); w.start(); time.sleep(0.05)
with cond: state.append("set"); cond.notify_all()
w.join(); print(state)
with concurrent.futures.ThreadPoolExecutor(4) as ex: print(list(ex.map(lambda x: x ** 3, range(10))))
ev = threading.Event(); print(ev.wait(0.01), threading.active_count(), threading.current_thread().name)
local = threading.local(); local.v = "main"; seen = []
t = threading.Thread(target=lambda: seen.append(hasattr(local, "v"))); t.start(); t.join(); print(seen, local.v)
b = threading.Barrier(3); order = []
def at_barrier(i): b.wait(); order.append(i)
ts = [threading.Thread(target=at_barrier, args=(i,)) for i in range(3)]; [t.start() for t in ts]; [t.join() for t in ts]; print(sorted(order))
got = []
signal.signal(signal.SIGUSR1, lambda s, f: got.append(("usr1", s)))
os.kill(os.getpid(), signal.SIGUSR1); print(got)
ticks = []
signal.signal(signal.SIGALRM, lambda s, f: ticks.append(s))
signal.setitimer(signal.ITIMER_REAL, 0.02, 0.02)
while len(ticks) < 5: time.sleep(0.005)
signal.setitimer(signal.ITIMER_REAL, 0); print("itimer ticks >= 5:", len(ticks) >= 5, signal.getitimer(signal.ITIMER_REAL))
signal.signal(signal.SIGALRM, lambda s, f: (_ for _ in ()).throw(TimeoutError("alarm")))
signal.alarm(1)
try:
    time.sleep(5)
except TimeoutError as e:
    print("interrupted by", e)
signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGUSR2}); os.kill(os.getpid(), signal.SIGUSR2)
# (signal.sigwait/sigtimedwait: the engine has no rt_sigtimedwait yet, see tests/software/python/RESULTS.md)
print("pending", signal.SIGUSR2 in signal.sigpending()); signal.signal(signal.SIGUSR2, signal.SIG_IGN)  # discards it
signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGUSR2})
print(signal.getsignal(signal.SIGINT) is signal.default_int_handler, signal.Signals(2).name, signal.strsignal(signal.SIGTERM))
signal.signal(signal.SIGTERM, signal.SIG_IGN); os.kill(os.getpid(), signal.SIGTERM); print("SIGTERM ignored")
r, w = os.pipe(); os.set_blocking(w, False); signal.set_wakeup_fd(w); signal.signal(signal.SIGUSR1, lambda s, f: None); os.kill(os.getpid(), signal.SIGUSR1); print("wakeup byte", os.read(r, 1)); signal.set_wakeup_fd(-1)
try:
    signal.signal(signal.SIGINT, lambda s, f: None); signal.raise_signal(signal.SIGINT); print("raised SIGINT handled")
finally:
    signal.signal(signal.SIGINT, signal.default_int_handler)
try:
    os.kill(os.getpid(), signal.SIGINT); time.sleep(1)
except KeyboardInterrupt:
    print("KeyboardInterrupt")
