/* Thread create + join latency: N rounds of spawning a thread that returns at once and waiting
 * for it (WALI: __wasm_thread_spawn, a new engine instance; natively: clone). ARGS: N */
#include "wali_thread.h"
static long parse(const char *s) { long v = 0; while (*s >= '0' && *s <= '9') v = v * 10 + (*s++ - '0'); return v; }
static int nothing(void *arg) { (void)arg; return 0; }
static struct t_thread thread;
int test_main(int argc, char **argv) {
    long n = argc > 1 ? parse(argv[1]) : 1000;
    for (long i = 0; i < n; i++) {
        if (t_spawn(&thread, nothing, 0) <= 0) return 2;
        t_join(&thread);
    }
    return 0;
}
