/* Cost of a 4 KiB write and a 4 KiB read: N rounds of pwrite64 + pread64 on a scratch file. ARGS: N */
#include "wali_test.h"
static long parse(const char *s) { long v = 0; while (*s >= '0' && *s <= '9') v = v * 10 + (*s++ - '0'); return v; }
static char buf[4096];
int test_main(int argc, char **argv) {
    long n = argc > 1 ? parse(argv[1]) : 100000;
    long fd = sys_openat(K_AT_FDCWD, "bench-io.tmp", K_O_RDWR | K_O_CREAT | K_O_TRUNC, 0600);
    if (fd < 0) return 2;
    sys_unlink("bench-io.tmp");
    for (long i = 0; i < n; i++) {
        buf[0] = (char)i;
        if (sys_pwrite64((int)fd, buf, sizeof buf, (i & 15) * 4096) != 4096) return 3;
        if (sys_pread64((int)fd, buf, sizeof buf, (i & 15) * 4096) != 4096) return 4;
    }
    return 0;
}
