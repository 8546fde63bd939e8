/* stat family, statx, statfs, access, readlink, chmod/chown, truncate, timestamps. */
#include "wali_test.h"

#ifdef __wasm__
__attribute__((import_module("wali"), import_name("SYS_fstatat"))) long __wali_fstatat(int, const char *, void *, int);
static long k_fstatat(int d, const char *p, void *b, int f) { return __wali_fstatat(d, p, b, f); }
#else
static long k_fstatat(int d, const char *p, void *b, int f) { return sys_newfstatat(d, p, b, f); }
#endif

struct k_statx_time { int64_t tv_sec; uint32_t tv_nsec; int32_t pad; };
struct k_statx {
    uint32_t stx_mask, stx_blksize;
    uint64_t stx_attributes;
    uint32_t stx_nlink, stx_uid, stx_gid;
    uint16_t stx_mode, pad1;
    uint64_t stx_ino, stx_size, stx_blocks, stx_attributes_mask;
    struct k_statx_time stx_atime, stx_btime, stx_ctime, stx_mtime;
    uint32_t stx_rdev_major, stx_rdev_minor, stx_dev_major, stx_dev_minor;
    uint64_t spare[14];
};
_Static_assert(sizeof(struct k_statx) == 256, "statx layout");
struct k_statfs {
    uint64_t f_type, f_bsize, f_blocks, f_bfree, f_bavail, f_files, f_ffree, f_fsid, f_namelen, f_frsize, f_flags, f_spare[4];
};
_Static_assert(sizeof(struct k_statfs) == 120, "statfs layout");

#define S_IFMT 0170000
#define S_IFREG 0100000
#define S_IFDIR 0040000
#define S_IFLNK 0120000
#define UTIME_OMIT ((1l << 30) - 2l)
#define STATX_BASIC_STATS 0x7ffu

int test_main(int argc, char **argv) {
    (void)argc; (void)argv;
    struct k_stat st, st2;
    long fd = sys_open("f", K_O_CREAT | K_O_RDWR | K_O_TRUNC, 0600);
    sys_write(fd, "12345", 5);
    report("fchmod", sys_fchmod(fd, 0640));

    t_memset(&st, 0xff, sizeof st);
    report("stat", sys_stat("f", &st));
    report("stat mode", st.st_mode);
    report("stat size", st.st_size);
    report("stat nlink", (long)st.st_nlink);
    check("stat blksize", st.st_blksize > 0);
    check("stat blocks", st.st_blocks >= 0);
    check("stat padding zeroed", st.__pad0 == 0 && st.__unused[0] == 0 && st.__unused[2] == 0);
    check("stat nsec range", st.st_mtim.tv_nsec >= 0 && st.st_mtim.tv_nsec < 1000000000);
    report("fstat", sys_fstat(fd, &st2));
    check("fstat same inode", st.st_ino == st2.st_ino && st.st_dev == st2.st_dev);
    check("fstat same mode and size", st.st_mode == st2.st_mode && st.st_size == st2.st_size);
    report("stat missing", sys_stat("missing", &st));
    report("stat bad buffer", sys_stat("f", BAD_PTR));
    report("stat missing bad buffer", sys_stat("missing", BAD_PTR));
    report("stat bad path", sys_stat(BAD_PTR, &st));
    report("stat empty path", sys_stat("", &st));
    report("fstat bad fd", sys_fstat(99, &st));
    report("fstat bad buffer", sys_fstat(fd, BAD_PTR));
    report("fstat AT_FDCWD", sys_fstat(K_AT_FDCWD, &st));
    report("stat dir", sys_stat(".", &st));
    report("stat dir type", (st.st_mode & S_IFMT) == S_IFDIR);
    check("dir nlink", st.st_nlink >= 2);

    sys_symlink("f", "ln");
    report("lstat", sys_lstat("ln", &st));
    report("lstat type", (st.st_mode & S_IFMT) == S_IFLNK);
    report("lstat size", st.st_size);
    report("stat through link", sys_stat("ln", &st));
    report("stat through link size", st.st_size);
    sys_symlink("nowhere", "dangling");
    report("stat dangling", sys_stat("dangling", &st));
    report("lstat dangling", sys_lstat("dangling", &st));

    report("newfstatat", sys_newfstatat(K_AT_FDCWD, "ln", &st, 0));
    report("newfstatat follows", (st.st_mode & S_IFMT) == S_IFREG);
    report("newfstatat nofollow", sys_newfstatat(K_AT_FDCWD, "ln", &st, K_AT_SYMLINK_NOFOLLOW));
    report("newfstatat nofollow type", (st.st_mode & S_IFMT) == S_IFLNK);
    report("newfstatat empty path", sys_newfstatat(fd, "", &st, K_AT_EMPTY_PATH));
    report("newfstatat empty path size", st.st_size);
    report("newfstatat empty no flag", sys_newfstatat(fd, "", &st, 0));
    report("newfstatat bad flags", sys_newfstatat(K_AT_FDCWD, "f", &st, 0x1));
    report("newfstatat bad dirfd", sys_newfstatat(99, "f", &st, 0));
    report("newfstatat bad buffer", sys_newfstatat(K_AT_FDCWD, "f", BAD_PTR, 0));
    report("fstatat alias", k_fstatat(K_AT_FDCWD, "f", &st, 0));
    report("fstatat alias size", st.st_size);

    /* timestamps */
    struct k_timespec ts[2] = { { 1000, 500 }, { 2000, 600 } };
    report("utimensat", sys_utimensat(K_AT_FDCWD, "f", ts, 0));
    sys_stat("f", &st);
    report("atime", st.st_atim.tv_sec); report("atime ns", st.st_atim.tv_nsec);
    report("mtime", st.st_mtim.tv_sec); report("mtime ns", st.st_mtim.tv_nsec);
    struct k_timespec omit[2] = { { 5, UTIME_OMIT }, { 3000, 7 } };
    report("utimensat omit", sys_utimensat(fd, 0, omit, 0));
    sys_fstat(fd, &st);
    report("atime kept", st.st_atim.tv_sec); report("mtime set", st.st_mtim.tv_sec);
    struct k_timespec badns[2] = { { 1, 1000000000 }, { 1, 0 } };
    report("utimensat bad nsec", sys_utimensat(K_AT_FDCWD, "f", badns, 0));
    report("utimensat bad times", sys_utimensat(K_AT_FDCWD, "f", BAD_PTR, 0));
    report("utimensat bad flags", sys_utimensat(K_AT_FDCWD, "f", ts, 0x4));
    report("utimensat missing", sys_utimensat(K_AT_FDCWD, "missing", ts, 0));
    report("utimensat now", sys_utimensat(K_AT_FDCWD, "f", 0, 0));
    sys_stat("f", &st);
    check("utimensat now moved mtime", st.st_mtim.tv_sec > 3000);
    struct k_timeval tv[2] = { { 4000, 7 }, { 5000, 999999 } };
    report("utimes", sys_utimes("f", tv));
    sys_stat("f", &st);
    report("utimes atime", st.st_atim.tv_sec); report("utimes atime ns", st.st_atim.tv_nsec);
    report("utimes mtime", st.st_mtim.tv_sec); report("utimes mtime ns", st.st_mtim.tv_nsec);
    struct k_timeval badtv[2] = { { 1, 1000000 }, { 1, 0 } };
    report("utimes bad usec", sys_utimes("f", badtv));
    report("utimes bad times", sys_utimes("f", BAD_PTR));
    report("utimes missing", sys_utimes("missing", tv));
    report("utimes bad path", sys_utimes(BAD_PTR, tv));
    struct k_timeval tv2[2] = { { 6000, 1 }, { 7000, 2 } };
    report("futimesat", sys_futimesat(K_AT_FDCWD, "f", tv2));
    sys_stat("f", &st);
    report("futimesat mtime", st.st_mtim.tv_sec); report("futimesat mtime ns", st.st_mtim.tv_nsec);
    report("futimesat null path", sys_futimesat(fd, 0, tv));
    sys_stat("f", &st);
    report("futimesat null path mtime", st.st_mtim.tv_sec);
    report("futimesat bad dirfd", sys_futimesat(99, "f", tv));

    /* statx */
    struct k_statx sx;
    t_memset(&sx, 0, sizeof sx);
    report("statx", sys_statx(K_AT_FDCWD, "f", 0, STATX_BASIC_STATS, &sx));
    check("statx mask", (sx.stx_mask & 0x7ff) == 0x7ff);
    report("statx mode", sx.stx_mode);
    report("statx size", (long)sx.stx_size);
    report("statx mtime", sx.stx_mtime.tv_sec);
    report("statx mtime ns", sx.stx_mtime.tv_nsec);
    sys_stat("f", &st);
    check("statx ino matches", sx.stx_ino == st.st_ino);
    report("statx nofollow", sys_statx(K_AT_FDCWD, "ln", K_AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS, &sx));
    report("statx nofollow type", (sx.stx_mode & S_IFMT) == S_IFLNK);
    report("statx empty path", sys_statx(fd, "", K_AT_EMPTY_PATH, STATX_BASIC_STATS, &sx));
    report("statx missing", sys_statx(K_AT_FDCWD, "missing", 0, STATX_BASIC_STATS, &sx));
    report("statx bad buffer", sys_statx(K_AT_FDCWD, "f", 0, STATX_BASIC_STATS, BAD_PTR));
    report("statx missing bad buffer", sys_statx(K_AT_FDCWD, "missing", 0, STATX_BASIC_STATS, BAD_PTR));
    report("statx bad path", sys_statx(K_AT_FDCWD, BAD_PTR, 0, STATX_BASIC_STATS, &sx));
    report("statx reserved mask", sys_statx(K_AT_FDCWD, "f", 0, 0x80000000u, &sx));
    report("statx bad flags", sys_statx(K_AT_FDCWD, "f", 0x1, STATX_BASIC_STATS, &sx));

    /* statfs */
    struct k_statfs sf, sf2;
    report("statfs", sys_statfs(".", &sf));
    report("fstatfs", sys_fstatfs(fd, &sf2));
    check("statfs same fs", sf.f_type == sf2.f_type && sf.f_bsize == sf2.f_bsize && sf.f_blocks == sf2.f_blocks);
    check("statfs sane", sf.f_bsize > 0 && sf.f_namelen > 0 && sf.f_bavail <= sf.f_blocks);
    report("statfs missing", sys_statfs("missing", &sf));
    report("statfs bad buffer", sys_statfs(".", BAD_PTR));
    report("statfs bad path", sys_statfs(BAD_PTR, &sf));
    report("fstatfs bad fd", sys_fstatfs(99, &sf));
    report("fstatfs bad buffer", sys_fstatfs(fd, BAD_PTR));

    /* access */
    report("access F_OK", sys_access("f", K_F_OK));
    report("access R_OK|W_OK", sys_access("f", K_R_OK | K_W_OK));
    report("access missing", sys_access("missing", K_F_OK));
    report("access bad mode", sys_access("f", 8));
    report("access bad path", sys_access(BAD_PTR, K_F_OK));
    report("access through file", sys_access("f/x", K_F_OK));
    long dfd = sys_open(".", K_O_RDONLY | K_O_DIRECTORY, 0);
    report("faccessat", sys_faccessat(dfd, "f", K_R_OK, 0));
    report("faccessat missing", sys_faccessat(dfd, "missing", K_R_OK, 0));
    report("faccessat bad dirfd", sys_faccessat(99, "f", K_R_OK, 0));
    report("faccessat2", sys_faccessat2(dfd, "f", K_R_OK, 0));
    report("faccessat2 eaccess", sys_faccessat2(K_AT_FDCWD, "f", K_R_OK, 0x200));
    report("faccessat2 nofollow dangling", sys_faccessat2(K_AT_FDCWD, "dangling", K_F_OK, K_AT_SYMLINK_NOFOLLOW));
    report("faccessat2 dangling", sys_faccessat2(K_AT_FDCWD, "dangling", K_F_OK, 0));
    report("faccessat2 bad flags", sys_faccessat2(K_AT_FDCWD, "f", K_F_OK, 0x4));

    /* readlink */
    char buf[64];
    t_memset(buf, 'x', sizeof buf);
    report("readlink", sys_readlink("ln", buf, sizeof buf));
    check("readlink data", buf[0] == 'f' && buf[1] == 'x');
    report("readlink short", sys_readlink("dangling", buf, 3));
    check("readlink truncates", !t_memcmp(buf, "now", 3));
    report("readlink file", sys_readlink("f", buf, sizeof buf));
    report("readlink missing", sys_readlink("missing", buf, sizeof buf));
    report("readlink zero size", sys_readlink("ln", buf, 0));
    report("readlink bad buffer", sys_readlink("ln", BAD_PTR, 16));
    report("readlink missing bad buffer", sys_readlink("missing", BAD_PTR, 16));
    report("readlink bad path", sys_readlink(BAD_PTR, buf, 16));
    report("readlinkat", sys_readlinkat(dfd, "dangling", buf, sizeof buf));
    report("readlinkat bad dirfd", sys_readlinkat(99, "ln", buf, sizeof buf));

    /* modes and owners */
    report("chmod", sys_chmod("f", 0604));
    sys_stat("f", &st);
    report("chmod mode", st.st_mode);
    report("chmod missing", sys_chmod("missing", 0600));
    report("chmod bad path", sys_chmod(BAD_PTR, 0600));
    report("fchmod bad fd", sys_fchmod(99, 0600));
    report("fchmodat", sys_fchmodat(dfd, "f", 04751, 0));
    sys_stat("f", &st);
    report("fchmodat mode", st.st_mode);
    report("fchmodat missing", sys_fchmodat(dfd, "missing", 0600, 0));
    report("chown no change", sys_chown("f", (unsigned)-1, (unsigned)-1));
    long cr = sys_chown("f", 1234, 5678);
    report("chown", cr);
    sys_stat("f", &st);
    if (cr == 0) { report("chown uid", st.st_uid); report("chown gid", st.st_gid); }
    report("chown missing", sys_chown("missing", 0, 0));
    report("fchown", sys_fchown(fd, 4321, (unsigned)-1));
    report("fchown bad fd", sys_fchown(99, 0, 0));
    report("fchownat nofollow", sys_fchownat(dfd, "ln", 77, 88, K_AT_SYMLINK_NOFOLLOW));
    sys_lstat("ln", &st);
    if (st.st_uid == 77) outln("link owner changed");
    report("fchownat bad flags", sys_fchownat(dfd, "f", 0, 0, 0x1));
    report("fchownat empty path", sys_fchownat(fd, "", (unsigned)-1, (unsigned)-1, K_AT_EMPTY_PATH));

    /* sizes */
    report("truncate", sys_truncate("f", 100));
    sys_stat("f", &st);
    report("truncate size", st.st_size);
    report("truncate negative", sys_truncate("f", -1));
    report("truncate missing", sys_truncate("missing", 0));
    report("truncate dir", sys_truncate(".", 0));
    report("truncate bad path", sys_truncate(BAD_PTR, 0));
    report("ftruncate", sys_ftruncate(fd, 3));
    sys_fstat(fd, &st);
    report("ftruncate size", st.st_size);
    report("ftruncate negative", sys_ftruncate(fd, -1));
    report("ftruncate bad fd", sys_ftruncate(99, 0));
    long ro = sys_open("f", K_O_RDONLY, 0);
    report("ftruncate rdonly", sys_ftruncate(ro, 0));
    int p[2];
    sys_pipe(p);
    report("ftruncate pipe", sys_ftruncate(p[0], 0));
    return t_failures;
}
