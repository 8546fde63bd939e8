/* Conformance-test support: the same source builds freestanding for WALI (calling the `wali`
 * imports directly) and natively (syscall(2)); both print identical lines when the engine is
 * right. Structures and constants are the Linux x86_64 ones, which WALI uses too; structures with
 * pointers or size_t use the C types, so they take the WALI layout in the Wasm build. */
#ifndef WALI_TEST_H
#define WALI_TEST_H
#include <stddef.h>
#include <stdint.h>
#include "wali_sys.h"

/* ---- constants (x86_64 Linux) ---- */
#define K_O_RDONLY 0
#define K_O_WRONLY 1
#define K_O_RDWR 2
#define K_O_CREAT 0100
#define K_O_EXCL 0200
#define K_O_NOCTTY 0400
#define K_O_TRUNC 01000
#define K_O_APPEND 02000
#define K_O_NONBLOCK 04000
#define K_O_DIRECTORY 0200000
#define K_O_NOFOLLOW 0400000
#define K_O_CLOEXEC 02000000
#define K_O_PATH 010000000
#define K_O_TMPFILE 020200000
#define K_AT_FDCWD (-100)
#define K_AT_SYMLINK_NOFOLLOW 0x100
#define K_AT_REMOVEDIR 0x200
#define K_AT_EMPTY_PATH 0x1000
#define K_SEEK_SET 0
#define K_SEEK_CUR 1
#define K_SEEK_END 2
#define K_F_OK 0
#define K_R_OK 4
#define K_W_OK 2
#define K_X_OK 1

#define K_EPERM 1
#define K_ENOENT 2
#define K_ESRCH 3
#define K_EINTR 4
#define K_EBADF 9
#define K_ECHILD 10
#define K_EAGAIN 11
#define K_ENOMEM 12
#define K_EACCES 13
#define K_EFAULT 14
#define K_EEXIST 17
#define K_ENOTDIR 20
#define K_EISDIR 21
#define K_EINVAL 22
#define K_EMFILE 24
#define K_ENOTTY 25
#define K_ESPIPE 29
#define K_EPIPE 32
#define K_ERANGE 34
#define K_ENAMETOOLONG 36
#define K_ENOSYS 38
#define K_ENOTEMPTY 39
#define K_ELOOP 40
#define K_ENOTSOCK 88
#define K_EOPNOTSUPP 95
#define K_EADDRINUSE 98
#define K_ECONNREFUSED 111
#define K_ETIMEDOUT 110

/* ---- structures ---- */
struct k_timespec { int64_t tv_sec; int64_t tv_nsec; };
struct k_timeval { int64_t tv_sec; int64_t tv_usec; };
struct k_iovec { void *iov_base; size_t iov_len; };
struct k_stat {
    uint64_t st_dev, st_ino, st_nlink;
    uint32_t st_mode, st_uid, st_gid, __pad0;
    uint64_t st_rdev;
    int64_t st_size, st_blksize, st_blocks;
    struct k_timespec st_atim, st_mtim, st_ctim;
    int64_t __unused[3];
};
_Static_assert(sizeof(struct k_stat) == 144, "struct stat layout");

/* ---- output: identical bytes in both builds ---- */
static __attribute__((unused)) size_t t_strlen(const char *s) { size_t n = 0; while (s[n]) n++; return n; }
static __attribute__((unused)) void t_write(int fd, const char *s, size_t n) {
    while (n > 0) { long r = sys_write(fd, (void *)s, n); if (r <= 0) return; s += r; n -= (size_t)r; }
}
static void out(const char *s) { t_write(1, s, t_strlen(s)); }
static void out_int(long v) {
    char buf[24]; int i = 23; buf[i] = 0;
    unsigned long u = v < 0 ? 0UL - (unsigned long)v : (unsigned long)v;
    do { buf[--i] = (char)('0' + u % 10); u /= 10; } while (u);
    if (v < 0) buf[--i] = '-';
    out(buf + i);
}
static __attribute__((unused)) void out_hex(unsigned long v) {
    char buf[20]; int i = 19; buf[i] = 0;
    do { buf[--i] = "0123456789abcdef"[v & 15]; v >>= 4; } while (v);
    out("0x"); out(buf + i);
}
static __attribute__((unused)) void outln(const char *s) { out(s); out("\n"); }
static __attribute__((unused)) int t_failures;
/* One line per check: "name: <value>"; the runner compares WALI's output with native. */
static __attribute__((unused)) void report(const char *name, long value) { out(name); out(": "); out_int(value); out("\n"); }
/* A check that must hold on both sides; its line says ok or FAIL. */
static __attribute__((unused)) void check(const char *name, int ok) {
    out(name); out(ok ? ": ok\n" : ": FAIL\n");
    if (!ok) t_failures++;
}
static __attribute__((unused)) int t_memcmp(const void *a, const void *b, size_t n) {
    const unsigned char *x = a, *y = b;
    for (size_t i = 0; i < n; i++) if (x[i] != y[i]) return x[i] - y[i];
    return 0;
}
static __attribute__((unused)) void t_memset(void *p, int c, size_t n) { unsigned char *x = p; while (n--) *x++ = (unsigned char)c; }
static __attribute__((unused)) void t_memcpy(void *d, const void *s, size_t n) { unsigned char *x = d; const unsigned char *y = s; while (n--) *x++ = *y++; }
static __attribute__((unused)) int t_streq(const char *a, const char *b) { while (*a && *a == *b) { a++; b++; } return *a == *b; }

/* A guest address that is certainly outside linear memory in the Wasm build, and unmapped natively. */
#ifdef __wasm__
#define BAD_PTR ((void *)0xfffff000u)
#else
#define BAD_PTR ((void *)0x10)
#endif

/* ---- entry ---- */
int test_main(int argc, char **argv);
#ifdef __wasm__
__attribute__((import_module("wali"), import_name("__cl_get_argc"))) int __wali_argc(void);
__attribute__((import_module("wali"), import_name("__cl_get_argv_len"))) int __wali_argv_len(int);
__attribute__((import_module("wali"), import_name("__cl_copy_argv"))) int __wali_copy_argv(char *, int);
static char t_argbuf[8192];
static char *t_argv[64];
void _start(void) {
    int argc = __wali_argc(), used = 0;
    if (argc > 63) argc = 63;
    for (int i = 0; i < argc; i++) {
        int len = __wali_argv_len(i);
        if (used + len + 1 > (int)sizeof t_argbuf) { argc = i; break; }
        __wali_copy_argv(t_argbuf + used, i);
        t_argv[i] = t_argbuf + used;
        used += len + 1;
    }
    t_argv[argc] = 0;
    sys_exit_group(test_main(argc, t_argv));
}
#else
int main(int argc, char **argv) { return test_main(argc, argv); }
#endif
#endif
