/* fork + exit + wait latency: N rounds of forking a child that exits at once and reaping it
 * (WALI: the whole engine process forks). ARGS: N */
#include "wali_test.h"
static long parse(const char *s) { long v = 0; while (*s >= '0' && *s <= '9') v = v * 10 + (*s++ - '0'); return v; }
int test_main(int argc, char **argv) {
    long n = argc > 1 ? parse(argv[1]) : 100;
    for (long i = 0; i < n; i++) {
        long pid = sys_fork();
        if (pid == 0) sys_exit_group(7);
        if (pid < 0) return 2;
        int status = 0;
        if (sys_wait4((int)pid, &status, 0, 0) != pid || status != (7 << 8)) return 3;
    }
    return 0;
}
