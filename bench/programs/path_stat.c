/* Cost of a path syscall: N calls of stat (newfstatat) on a file in the cwd. ARGS: N */
#include "wali_test.h"
static long parse(const char *s) { long v = 0; while (*s >= '0' && *s <= '9') v = v * 10 + (*s++ - '0'); return v; }
static char st[256];
int test_main(int argc, char **argv) {
    long n = argc > 1 ? parse(argv[1]) : 100000;
    long fd = sys_openat(K_AT_FDCWD, "bench-stat.tmp", K_O_RDWR | K_O_CREAT | K_O_TRUNC, 0600);
    if (fd < 0) return 2;
    sys_close((int)fd);
    for (long i = 0; i < n; i++)
        if (sys_newfstatat(K_AT_FDCWD, "bench-stat.tmp", st, 0) != 0) return 3;
    return 0;
}
