#include "wali_thread.h"
/* The main thread ends with SYS_exit while another thread runs: the process lives on until the
 * last thread ends, and its status is the main thread's. */
static struct t_thread worker_thread;
static volatile int main_gone;

static int worker(void *arg) {
    (void)arg;
    /* Wait until the main thread has exited (its tid word is cleared). */
    while (!main_gone) sys_sched_yield();
    struct k_timespec ts = {0, 30 * 1000 * 1000};
    sys_nanosleep(&ts, 0);
    outln("worker: main thread is gone, still running");
    return 4;
}

int test_main(int argc, char **argv) {
    (void)argc; (void)argv;
    check("spawn", t_spawn(&worker_thread, worker, 0) > 0);
    outln("main: SYS_exit(9)");
    main_gone = 1;
    sys_exit(9);
    return 1;
}
