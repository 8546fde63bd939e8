#include "wali_thread.h"
/* exit_group from a thread ends the whole process, while the main thread is blocked in a
 * futex wait that never returns. */
static struct t_thread worker_thread;
static volatile int never;

static int worker(void *arg) {
    (void)arg;
    outln("worker: exit_group(5)");
    sys_exit_group(5);
    return 1;
}

int test_main(int argc, char **argv) {
    (void)argc; (void)argv;
    outln("main: spawning");
    if (t_spawn(&worker_thread, worker, 0) <= 0) return 1; /* no output: the worker prints next */
    for (;;) sys_futex((void *)&never, K_FUTEX_WAIT, 0, 0, 0, 0);
    return 1;
}
