# sys.executable runs again (subprocess, os.system-like pipes), fork, exec, wait statuses.
import os, sys, subprocess, signal
r = subprocess.run([sys.executable, "-c", "import sys; print('child', sys.argv[1:], sys.version_info[:2]); sys.exit(3)", "a", "b c"], capture_output=True, text=True)
print(r.returncode, r.stdout.strip(), repr(r.stderr))
r = subprocess.run([sys.executable, "-c", "import sys; data = sys.stdin.read(); print(len(data), data.upper()[:12]); print('err', file=sys.stderr)"], input="hello world\n" * 100, capture_output=True, text=True)
print(r.returncode, r.stdout, r.stderr)
p = subprocess.Popen([sys.executable, "-c", "import os; os.kill(os.getpid(), 15)"]); print("killed:", p.wait())
print(subprocess.check_output([sys.executable, "-c", "import os; print(os.environ['PYTEST_VAR'])"], env=dict(os.environ, PYTEST_VAR="from parent")).decode().strip())
r = subprocess.run(["/bin/sh", "-c", "echo native child $0", "zero"], capture_output=True, text=True); print(r.stdout.strip())
try:
    subprocess.run(["/nonexistent/program"])
except FileNotFoundError as e:
    print("FileNotFoundError", e.errno)
rfd, wfd = os.pipe()
pid = os.fork()
if pid == 0:
    os.close(rfd); os.write(wfd, b"from the forked child"); os._exit(7)
os.close(wfd)
print(os.read(rfd, 100), os.waitpid(pid, 0)[1] >> 8)
pid = os.fork()
if pid == 0:
    os.kill(os.getpid(), signal.SIGKILL)
_, status = os.waitpid(pid, 0); print(os.WIFSIGNALED(status), os.WTERMSIG(status))
pid = os.fork()
if pid == 0:
    os.execv(sys.executable, [sys.executable, "-c", "import sys; sys.exit(42)"])
print("exec status", os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]))
with subprocess.Popen([sys.executable, "-u", "-c", "import sys\nfor line in sys.stdin: print(line.strip()[::-1], flush=True)"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True) as p:
    for word in ["alpha", "beta"]:
        p.stdin.write(word + "\n"); p.stdin.flush(); print(p.stdout.readline().strip())
    p.stdin.close(); print("rc", p.wait())
print(os.path.isabs(sys.executable), os.path.exists(sys.executable))
