# tempfile, os and the file system, fcntl, termios (on a pty), resource, mmap, shutil, pathlib.
import os, sys, tempfile, fcntl, termios, resource, mmap, shutil, pathlib, stat, errno, pty, io, time
with tempfile.TemporaryDirectory() as d:
    p = pathlib.Path(d)
    (p / "a.txt").write_text("line1\nline2\n"); (p / "sub").mkdir(); (p / "sub" / "b.bin").write_bytes(bytes(range(256)))
    os.symlink("a.txt", p / "link"); os.link(p / "a.txt", p / "hard")
    print(sorted(x.name for x in p.iterdir()), (p / "link").read_text().splitlines(), os.readlink(p / "link"), os.stat(p / "hard").st_nlink)
    print(sorted(str(x.relative_to(p)) for x in p.rglob("*")), [(r[len(d):], sorted(ds), sorted(fs)) for r, ds, fs in os.walk(d)])
    st = os.stat(p / "sub" / "b.bin"); print(st.st_size, stat.S_ISREG(st.st_mode), oct(os.stat(p / "sub").st_mode & 0o777 & ~0o022))
    os.chmod(p / "a.txt", 0o600); print(oct(stat.S_IMODE(os.stat(p / "a.txt").st_mode)), os.access(p / "a.txt", os.R_OK | os.W_OK))
    os.utime(p / "a.txt", (1000000000, 1234567890)); print(os.stat(p / "a.txt").st_mtime)
    shutil.copytree(p / "sub", p / "copy"); shutil.move(p / "copy", p / "moved"); print(sorted(os.listdir(p / "moved")), shutil.disk_usage(d).total > 0)
    with open(p / "a.txt", "r+b") as f:
        fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB); fcntl.lockf(f, fcntl.LOCK_UN)
        flags = fcntl.fcntl(f, fcntl.F_GETFL); print(flags & os.O_ACCMODE == os.O_RDWR, bool(fcntl.fcntl(f, fcntl.F_GETFD) & fcntl.FD_CLOEXEC))
        with mmap.mmap(f.fileno(), 0) as m:
            print(m[:5], m.find(b"line2")); m[0:5] = b"LINE1"; m.flush()
    print((p / "a.txt").read_text().split())
    with mmap.mmap(-1, 4096 * 4) as anon:
        anon.write(b"anonymous"); anon.seek(0); print(anon.read(9), len(anon))
    with tempfile.NamedTemporaryFile(dir=d, suffix=".tmp") as nt:
        nt.write(b"abc"); nt.flush(); print(os.path.getsize(nt.name), nt.name.endswith(".tmp"))
    with tempfile.SpooledTemporaryFile(max_size=10) as sp:
        sp.write(b"x" * 100); sp.seek(0); print(len(sp.read()))
    fd = os.open(p / "new", os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
    os.write(fd, b"0123456789"); os.lseek(fd, 3, os.SEEK_SET); os.ftruncate(fd, 5); print(os.fstat(fd).st_size, os.pread(os.open(p / "new", os.O_RDONLY), 3, 1)); os.close(fd)
    try:
        os.open(p / "new", os.O_CREAT | os.O_EXCL)
    except FileExistsError as e:
        print("EEXIST", e.errno == errno.EEXIST)
    os.rename(p / "new", p / "renamed"); os.unlink(p / "renamed"); print(os.path.exists(p / "renamed"))
    cwd = os.getcwd(); os.chdir(d); print(os.getcwd() == os.path.realpath(d), os.path.abspath("x") == os.path.join(os.path.realpath(d), "x")); os.chdir(cwd)
print(tempfile.gettempdir() == os.environ.get("TMPDIR", "/tmp"))
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE); resource.setrlimit(resource.RLIMIT_NOFILE, (min(soft, 64), hard)); print(resource.getrlimit(resource.RLIMIT_NOFILE)[0] == min(soft, 64))
print(resource.getrusage(resource.RUSAGE_SELF).ru_utime >= 0, resource.getpagesize())
master, slave = pty.openpty(); attrs = termios.tcgetattr(slave); attrs[3] &= ~termios.ECHO; termios.tcsetattr(slave, termios.TCSANOW, attrs)
print(bool(termios.tcgetattr(slave)[3] & termios.ECHO), os.isatty(slave), os.isatty(os.pipe()[0]))
os.write(master, b"typed\n"); print(os.read(slave, 100)); os.close(master); os.close(slave)
print(os.getpid() > 1, os.getppid() > 0, os.getuid() == os.geteuid(), len(os.urandom(8)), os.cpu_count() > 0, os.uname().sysname, sys.platform, sys.byteorder)
print(len(os.getrandom(16)), len(os.getrandom(8, os.GRND_NONBLOCK)), os.getrandom(0), os.GRND_RANDOM, os.GRND_NONBLOCK)
print(os.environ.get("PYTEST_ENV"), time.strftime("%Y-%m-%d", time.gmtime(86400 * 365)), time.monotonic() > 0, time.localtime(0).tm_year)
print(sys.getrecursionlimit(), sys.getfilesystemencoding(), sys.stdout.encoding, sys.flags.optimize, os.sep, os.linesep == "\n")
