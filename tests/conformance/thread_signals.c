#include "wali_thread.h"
#include "wali_signal.h"
/* Signals and threads: tkill to another thread runs the handler there and interrupts its futex
 * wait (EINTR without SA_RESTART); a signal blocked in one thread goes to another; masks are
 * per thread. */
static struct t_thread worker_thread;
static volatile int handler_tid, wait_result, ready, release, word;
static volatile uint64_t worker_mask;

static void on_usr1(int sig) { (void)sig; handler_tid = (int)sys_gettid(); }

static int worker(void *arg) {
    (void)arg;
    uint64_t m = 0;
    sys_rt_sigprocmask(K_SIG_BLOCK, 0, &m, 8);
    worker_mask = m;
    __atomic_store_n(&ready, 1, __ATOMIC_SEQ_CST);
    wait_result = (int)sys_futex((void *)&word, K_FUTEX_WAIT, 0, 0, 0, 0);
    while (!__atomic_load_n(&release, __ATOMIC_SEQ_CST)) sys_sched_yield();
    return 0;
}

int test_main(int argc, char **argv) {
    (void)argc; (void)argv;
    t_sigaction(K_SIGUSR1, (void *)on_usr1, 0, 0);
    uint64_t usr2 = K_BIT(K_SIGUSR2);
    sys_rt_sigprocmask(K_SIG_BLOCK, &usr2, 0, 8); /* inherited by the new thread */
    int tid = t_spawn(&worker_thread, worker, 0);
    check("spawn", tid > 0);
    while (!__atomic_load_n(&ready, __ATOMIC_SEQ_CST)) sys_sched_yield();
    t_sleep_ms(50); /* let it block in the futex wait */
    report("tkill worker", sys_tkill(tid, K_SIGUSR1));
    while (!handler_tid) sys_sched_yield();
    check("handler ran on the worker", handler_tid == tid);
    __atomic_store_n(&release, 1, __ATOMIC_SEQ_CST);
    t_join(&worker_thread);
    report("worker futex wait result", wait_result);
    check("worker inherited the mask", (worker_mask & usr2) != 0);
    return t_failures ? 1 : 0;
}
