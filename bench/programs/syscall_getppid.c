/* Cost of a cheap syscall: N calls of getppid. ARGS: N */
#include "wali_test.h"
static long parse(const char *s) { long v = 0; while (*s >= '0' && *s <= '9') v = v * 10 + (*s++ - '0'); return v; }
int test_main(int argc, char **argv) {
    long n = argc > 1 ? parse(argv[1]) : 1000000, acc = 0;
    for (long i = 0; i < n; i++) acc += sys_getppid();
    return acc == 0 ? 1 : 0;
}
