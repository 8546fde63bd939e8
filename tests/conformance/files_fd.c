/* Descriptors: dup/dup2/dup3, fcntl (flags, locks, pipes), flock, pipe/pipe2, ioctl, fsync,
 * fdatasync, fadvise. Descriptor numbers are never printed (the engine holds some of its own). */
#include "wali_test.h"

struct k_flock { int16_t l_type, l_whence; int64_t l_start, l_len; int32_t l_pid; };
_Static_assert(sizeof(struct k_flock) == 32, "flock layout");
struct k_winsize { uint16_t row, col, xpixel, ypixel; };

#define F_DUPFD 0
#define F_GETFD 1
#define F_SETFD 2
#define F_GETFL 3
#define F_SETFL 4
#define F_GETLK 5
#define F_SETLK 6
#define F_SETLKW 7
#define F_OFD_GETLK 36
#define F_OFD_SETLK 37
#define F_OFD_SETLKW 38
#define F_DUPFD_CLOEXEC 1030
#define F_SETPIPE_SZ 1031
#define F_GETPIPE_SZ 1032
#define F_ADD_SEALS 1033
#define F_GET_SEALS 1034
#define F_RDLCK 0
#define F_WRLCK 1
#define F_UNLCK 2
#define LOCK_SH 1
#define LOCK_EX 2
#define LOCK_NB 4
#define LOCK_UN 8
#define TCGETS 0x5401
#define TIOCGWINSZ 0x5413
#define FIONREAD 0x541B
#define FIONBIO 0x5421
#define FIONCLEX 0x5450
#define FIOCLEX 0x5451
#define FIGETBSZ 0x2
#define K_O_DIRECT 040000
#define K_O_LARGEFILE 0100000

int test_main(int argc, char **argv) {
    (void)argc; (void)argv;
    char buf[32];
    long fd = sys_open("f", K_O_CREAT | K_O_RDWR | K_O_TRUNC, 0644);

    /* dup family: the copies share the file offset */
    long d = sys_dup(fd);
    check("dup", d >= 0 && d != fd);
    sys_write(fd, "abc", 3);
    report("dup shares offset", sys_lseek(d, 0, K_SEEK_CUR));
    report("dup bad fd", sys_dup(99));
    report("dup2", sys_dup2(fd, 50));
    report("dup2 same fd", sys_dup2(fd, fd) == fd);
    report("dup2 bad old", sys_dup2(99, 50));
    report("dup2 bad old same", sys_dup2(99, 99));
    report("dup2 bad new", sys_dup2(fd, -1));
    report("dup2 over open fd", sys_dup2(d, 50));
    report("dup3", sys_dup3(fd, 51, K_O_CLOEXEC));
    report("dup3 cloexec", sys_fcntl(51, F_GETFD, 0));
    report("dup2 no cloexec", sys_fcntl(50, F_GETFD, 0));
    report("dup3 same fd", sys_dup3(fd, fd, 0));
    report("dup3 bad flags", sys_dup3(fd, 52, 1));
    report("dup3 bad old", sys_dup3(99, 52, 0));
    sys_close(50); sys_close(51); sys_close(d);

    /* fcntl: descriptor and status flags */
    report("F_GETFD", sys_fcntl(fd, F_GETFD, 0));
    report("F_SETFD", sys_fcntl(fd, F_SETFD, 1));
    report("F_GETFD after", sys_fcntl(fd, F_GETFD, 0));
    sys_fcntl(fd, F_SETFD, 0);
    out("F_GETFL: "); out_hex(sys_fcntl(fd, F_GETFL, 0)); out("\n");
    report("F_SETFL", sys_fcntl(fd, F_SETFL, K_O_APPEND | K_O_NONBLOCK));
    out("F_GETFL after: "); out_hex(sys_fcntl(fd, F_GETFL, 0)); out("\n");
    sys_fcntl(fd, F_SETFL, 0);
    long dirfd = sys_open(".", K_O_RDONLY | K_O_DIRECTORY | K_O_NOFOLLOW, 0);
    out("F_GETFL directory: "); out_hex(sys_fcntl(dirfd, F_GETFL, 0)); out("\n");
    long dd = sys_fcntl(fd, F_DUPFD, 60);
    check("F_DUPFD minimum", dd >= 60);
    report("F_DUPFD no cloexec", sys_fcntl(dd, F_GETFD, 0));
    long dc = sys_fcntl(fd, F_DUPFD_CLOEXEC, 60);
    check("F_DUPFD_CLOEXEC minimum", dc >= 60 && dc != dd);
    report("F_DUPFD_CLOEXEC cloexec", sys_fcntl(dc, F_GETFD, 0));
    long dh = sys_fcntl(fd, F_DUPFD, (1L << 40) + 60);
    check("F_DUPFD argument is an int", dh >= 60);
    sys_close(dh);
    report("F_GETFD bad fd", sys_fcntl(99, F_GETFD, 0));
    report("unknown cmd", sys_fcntl(fd, 9999, 0));
    report("unknown cmd bad fd", sys_fcntl(99, 9999, 0));
    sys_close(dd); sys_close(dc);

    /* record locks */
    struct k_flock lk;
    t_memset(&lk, 0, sizeof lk);
    lk.l_type = F_WRLCK; lk.l_whence = K_SEEK_SET; lk.l_start = 0; lk.l_len = 10;
    report("F_GETLK", sys_fcntl(fd, F_GETLK, (unsigned long)&lk));
    report("F_GETLK type", lk.l_type);
    lk.l_type = F_WRLCK;
    report("F_SETLK", sys_fcntl(fd, F_SETLK, (unsigned long)&lk));
    report("F_SETLKW", sys_fcntl(fd, F_SETLKW, (unsigned long)&lk));
    lk.l_type = 7;
    report("F_SETLK bad type", sys_fcntl(fd, F_SETLK, (unsigned long)&lk));
    report("F_GETLK bad pointer", sys_fcntl(fd, F_GETLK, (unsigned long)BAD_PTR));
    report("F_SETLK bad fd bad pointer", sys_fcntl(99, F_SETLK, (unsigned long)BAD_PTR));
    lk.l_type = F_UNLCK;
    report("F_SETLK unlock", sys_fcntl(fd, F_SETLK, (unsigned long)&lk));
    long fd2 = sys_open("f", K_O_RDWR, 0);
    t_memset(&lk, 0, sizeof lk);
    lk.l_type = F_WRLCK; lk.l_len = 10;
    report("F_OFD_SETLK", sys_fcntl(fd2, F_OFD_SETLK, (unsigned long)&lk));
    t_memset(&lk, 0, sizeof lk);
    lk.l_type = F_RDLCK; lk.l_start = 5; lk.l_len = 1;
    report("F_OFD_GETLK", sys_fcntl(fd, F_OFD_GETLK, (unsigned long)&lk));
    report("F_OFD_GETLK type", lk.l_type);
    report("F_OFD_GETLK start", lk.l_start);
    report("F_OFD_GETLK len", lk.l_len);
    report("F_OFD_GETLK pid", lk.l_pid);
    lk.l_type = F_RDLCK; lk.l_pid = 0;
    report("F_OFD_SETLK conflict", sys_fcntl(fd, F_OFD_SETLK, (unsigned long)&lk));
    lk.l_start = 20;
    report("F_OFD_SETLKW free range", sys_fcntl(fd, F_OFD_SETLKW, (unsigned long)&lk));
    lk.l_pid = 1;
    report("F_OFD_SETLK nonzero pid", sys_fcntl(fd, F_OFD_SETLK, (unsigned long)&lk));

    /* flock */
    report("flock ex", sys_flock(fd, LOCK_EX));
    report("flock other description", sys_flock(fd2, LOCK_EX | LOCK_NB));
    report("flock unlock", sys_flock(fd, LOCK_UN));
    report("flock after unlock", sys_flock(fd2, LOCK_SH | LOCK_NB));
    report("flock bad op", sys_flock(fd, 0));
    report("flock bad fd", sys_flock(99, LOCK_EX));
    sys_close(fd2);

    /* pipes */
    int p[2] = { -1, -1 };
    report("pipe", sys_pipe(p));
    check("pipe fds", p[0] >= 0 && p[1] >= 0 && p[0] != p[1]);
    report("pipe write", sys_write(p[1], "hello", 5));
    int n = -1;
    report("FIONREAD", sys_ioctl(p[0], FIONREAD, &n));
    report("FIONREAD value", n);
    report("FIONREAD bad pointer", sys_ioctl(p[0], FIONREAD, BAD_PTR));
    report("pipe read", sys_read(p[0], buf, sizeof buf));
    check("pipe data", !t_memcmp(buf, "hello", 5));
    report("read write end", sys_read(p[1], buf, 1));
    out("pipe F_GETFL: "); out_hex(sys_fcntl(p[0], F_GETFL, 0)); out("\n");
    report("F_GETPIPE_SZ", sys_fcntl(p[0], F_GETPIPE_SZ, 0));
    check("F_SETPIPE_SZ", sys_fcntl(p[0], F_SETPIPE_SZ, 131072) >= 131072);
    report("F_SETPIPE_SZ zero ok", sys_fcntl(p[0], F_SETPIPE_SZ, 0) > 0);
    report("F_GETPIPE_SZ file", sys_fcntl(fd, F_GETPIPE_SZ, 0));
    report("F_GET_SEALS file", sys_fcntl(fd, F_GET_SEALS, 0));
    report("pipe bad pointer", sys_pipe(BAD_PTR));
    int q[2];
    report("pipe2 cloexec nonblock", sys_pipe2(q, K_O_CLOEXEC | K_O_NONBLOCK));
    report("pipe2 cloexec", sys_fcntl(q[0], F_GETFD, 0));
    out("pipe2 F_GETFL: "); out_hex(sys_fcntl(q[0], F_GETFL, 0)); out("\n");
    report("pipe2 empty read", sys_read(q[0], buf, 1));
    sys_close(q[0]); sys_close(q[1]);
    report("pipe2 direct", sys_pipe2(q, K_O_DIRECT));
    out("pipe2 direct F_GETFL: "); out_hex(sys_fcntl(q[1], F_GETFL, 0)); out("\n");
    sys_write(q[1], "ab", 2); sys_write(q[1], "cd", 2);
    report("packet read", sys_read(q[0], buf, sizeof buf));
    sys_close(q[0]); sys_close(q[1]);
    report("pipe2 bad flags", sys_pipe2(q, K_O_RDWR));
    report("pipe2 bad pointer", sys_pipe2(BAD_PTR, 0));
    report("write to closed pipe", (sys_close(p[0]), 0));

    /* ioctl */
    int one = 1, zero = 0;
    int r[2]; sys_pipe(r);
    report("FIONBIO on", sys_ioctl(r[0], FIONBIO, &one));
    report("FIONBIO nonblocking read", sys_read(r[0], buf, 1));
    report("FIONBIO off", sys_ioctl(r[0], FIONBIO, &zero));
    report("FIONBIO bad pointer", sys_ioctl(r[0], FIONBIO, BAD_PTR));
    report("FIOCLEX", sys_ioctl(r[0], FIOCLEX, 0));
    report("FIOCLEX flag", sys_fcntl(r[0], F_GETFD, 0));
    report("FIONCLEX", sys_ioctl(r[0], FIONCLEX, 0));
    report("FIONCLEX flag", sys_fcntl(r[0], F_GETFD, 0));
    char termios[60];
    report("TCGETS on file", sys_ioctl(fd, TCGETS, termios));
    report("TCGETS on file bad pointer", sys_ioctl(fd, TCGETS, BAD_PTR));
    struct k_winsize ws;
    report("TIOCGWINSZ on pipe", sys_ioctl(r[0], TIOCGWINSZ, &ws));
    report("unknown request", sys_ioctl(r[0], 0x12345678, buf));
    report("unknown request bad fd", sys_ioctl(99, 0x12345678, buf));
    report("ioctl bad fd", sys_ioctl(99, FIONREAD, &n));
    sys_lseek(fd, 1, K_SEEK_SET);
    report("FIONREAD file", sys_ioctl(fd, FIONREAD, &n));
    report("FIONREAD file value", n);
    n = 0;
    report("FIGETBSZ", sys_ioctl(fd, FIGETBSZ, &n));
    check("FIGETBSZ value", n > 0);
    int tty = (int)sys_open("/dev/tty", K_O_RDWR | K_O_NOCTTY, 0);
    if (tty >= 0) {  /* only when the runner has a terminal; same on both sides */
        report("TCGETS tty", sys_ioctl(tty, TCGETS, termios));
        sys_close(tty);
    }

    /* sync and advice */
    report("fsync", sys_fsync(fd));
    report("fdatasync", sys_fdatasync(fd));
    report("fsync bad fd", sys_fsync(99));
    report("fsync pipe", sys_fsync(r[0]));
    report("fdatasync bad fd", sys_fdatasync(99));
    report("fadvise", sys_fadvise(fd, 0, 0, 2 /* SEQUENTIAL */));
    report("fadvise dontneed", sys_fadvise(fd, 0, 100, 4));
    report("fadvise bad advice", sys_fadvise(fd, 0, 0, 99));
    report("fadvise negative len", sys_fadvise(fd, 0, -1, 0));
    report("fadvise pipe", sys_fadvise(r[0], 0, 0, 0));
    report("fadvise bad fd", sys_fadvise(99, 0, 0, 0));
    return t_failures;
}
