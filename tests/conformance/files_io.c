/* open/openat/close/read/write/lseek/pread64/pwrite64/readv/writev/preadv: data and errors. */
#include "wali_test.h"

static char longname[5000];

int test_main(int argc, char **argv) {
    (void)argc; (void)argv;
    char buf[64];
    long fd = sys_open("data.txt", K_O_CREAT | K_O_RDWR | K_O_TRUNC, 0644);
    check("open creates", fd >= 0);
    report("write", sys_write(fd, "hello world", 11));
    report("lseek cur", sys_lseek(fd, 0, K_SEEK_CUR));
    report("lseek set", sys_lseek(fd, 0, K_SEEK_SET));
    report("read", sys_read(fd, buf, 5));
    check("read data", !t_memcmp(buf, "hello", 5));
    report("lseek end", sys_lseek(fd, -5, K_SEEK_END));
    report("read to end", sys_read(fd, buf, sizeof buf));
    report("read at eof", sys_read(fd, buf, sizeof buf));
    report("lseek past end", sys_lseek(fd, 100, K_SEEK_SET));
    report("lseek bad whence", sys_lseek(fd, 0, 7));
    report("lseek negative", sys_lseek(fd, -100, K_SEEK_SET));
    report("lseek bad fd", sys_lseek(99, 0, K_SEEK_SET));
    sys_lseek(fd, 0, K_SEEK_SET);
    report("read bad ptr", sys_read(fd, BAD_PTR, 4));
    report("write bad ptr", sys_write(fd, BAD_PTR, 4));
    report("read bad fd and ptr", sys_read(99, BAD_PTR, 4));
    report("read zero", sys_read(fd, buf, 0));

    /* positional I/O leaves the offset alone */
    report("pread", sys_pread64(fd, buf, 5, 6));
    check("pread data", !t_memcmp(buf, "world", 5));
    report("pwrite", sys_pwrite64(fd, "WORLD", 5, 6));
    report("offset unchanged", sys_lseek(fd, 0, K_SEEK_CUR));
    report("pread after pwrite", sys_pread64(fd, buf, 11, 0));
    check("pwrite data", !t_memcmp(buf, "hello WORLD", 11));
    report("pread negative offset", sys_pread64(fd, buf, 5, -1));
    report("pread bad ptr", sys_pread64(fd, BAD_PTR, 5, 0));
    report("pread bad fd and ptr", sys_pread64(99, BAD_PTR, 5, 0));
    report("pwrite negative offset bad ptr", sys_pwrite64(fd, BAD_PTR, 5, -1));

    /* vectored I/O */
    struct k_iovec iov[3] = { { "ab", 2 }, { "", 0 }, { "cdef", 4 } };
    sys_lseek(fd, 0, K_SEEK_SET);
    report("writev", sys_writev(fd, iov, 3));
    char a[3], b[5];
    struct k_iovec riov[2] = { { a, 3 }, { b, 5 } };
    sys_lseek(fd, 0, K_SEEK_SET);
    report("readv", sys_readv(fd, riov, 2));
    check("readv data", !t_memcmp(a, "abc", 3) && !t_memcmp(b, "defWO", 5));
    report("readv zero count", sys_readv(fd, riov, 0));
    report("readv negative count", sys_readv(fd, riov, -1));
    report("readv too many", sys_readv(fd, riov, 1025));
    report("readv bad array", sys_readv(fd, BAD_PTR, 2));
    report("readv bad fd bad array", sys_readv(99, BAD_PTR, 2));
    report("readv bad fd bad count", sys_readv(99, riov, -1));
    struct k_iovec badiov[2] = { { a, 3 }, { BAD_PTR, 8 } };
    sys_lseek(fd, 0, K_SEEK_SET);
    long r = sys_readv(fd, badiov, 2);
    check("readv bad buffer", r == -K_EFAULT || r == 3);
    report("writev bad array", sys_writev(fd, BAD_PTR, 1));
    t_memset(a, 0, 3); t_memset(b, 0, 5);
    report("preadv", sys_preadv(fd, riov, 2, 2, 0));
    check("preadv data", !t_memcmp(a, "cde", 3) && !t_memcmp(b, "fWORL", 5));
    report("preadv negative", sys_preadv(fd, riov, 2, -1, 0));
    report("preadv bad array", sys_preadv(fd, BAD_PTR, 2, 0, 0));
    report("preadv bad fd", sys_preadv(99, riov, 2, 0, 0));

    /* access modes */
    long ro = sys_open("data.txt", K_O_RDONLY, 0);
    check("open rdonly", ro >= 0);
    report("write to rdonly", sys_write(ro, "x", 1));
    report("writev to rdonly", sys_writev(ro, iov, 1));
    long wo = sys_open("data.txt", K_O_WRONLY | K_O_APPEND, 0);
    report("read from wronly", sys_read(wo, buf, 1));
    report("append write", sys_write(wo, "!", 1));
    report("size after append", sys_lseek(ro, 0, K_SEEK_END));
    sys_close(wo);

    /* open errors and flags */
    report("open missing", sys_open("missing.txt", K_O_RDONLY, 0));
    report("open excl existing", sys_open("data.txt", K_O_CREAT | K_O_EXCL | K_O_WRONLY, 0644));
    report("open dir for write", sys_open(".", K_O_WRONLY, 0));
    report("open through file", sys_open("data.txt/x", K_O_RDONLY, 0));
    report("open O_DIRECTORY on file", sys_open("data.txt", K_O_RDONLY | K_O_DIRECTORY, 0));
    report("open bad path", sys_open(BAD_PTR, K_O_RDONLY, 0));
    t_memset(longname, 'a', sizeof longname - 1);
    report("open long name", sys_open(longname, K_O_RDONLY, 0));
    sys_symlink("data.txt", "link");
    report("open O_NOFOLLOW on symlink", sys_open("link", K_O_RDONLY | K_O_NOFOLLOW, 0));
    long lf = sys_open("link", K_O_RDONLY, 0);
    check("open through symlink", lf >= 0);
    sys_close(lf);
    long dfd = sys_open(".", K_O_RDONLY | K_O_DIRECTORY, 0);
    check("open directory", dfd >= 0);
    long af = sys_openat(dfd, "data.txt", K_O_RDONLY, 0);
    check("openat relative to dirfd", af >= 0);
    report("openat read", sys_read(af, buf, 5));
    sys_close(af);
    af = sys_openat(K_AT_FDCWD, "data.txt", K_O_RDONLY | K_O_CLOEXEC, 0);
    check("openat AT_FDCWD", af >= 0);
    sys_close(af);
    report("openat bad dirfd", sys_openat(99, "data.txt", K_O_RDONLY, 0));
    report("openat file as dirfd", sys_openat(ro, "data.txt", K_O_RDONLY, 0));
    af = sys_openat(99, "/dev/null", K_O_RDONLY, 0);
    check("openat absolute ignores dirfd", af >= 0);
    sys_close(af);
    long pf = sys_open("data.txt", K_O_PATH, 0);
    check("open O_PATH", pf >= 0);
    report("read O_PATH", sys_read(pf, buf, 1));
    sys_close(pf);

    /* pipes cannot seek */
    int p[2];
    sys_pipe(p);
    report("lseek pipe", sys_lseek(p[0], 0, K_SEEK_SET));
    report("pread pipe", sys_pread64(p[0], buf, 1, 0));
    report("pipe write", sys_write(p[1], "xyz", 3));
    report("pipe read", sys_read(p[0], buf, 10));

    report("close", sys_close(ro));
    report("close again", sys_close(ro));
    report("close bad", sys_close(-1));
    sys_close(fd);
    sys_close(dfd);
    return t_failures;
}
