#include "wali_thread.h"
/* A thread that exits while others run; the others go on, and a thread blocked in a futex wait
 * is woken by another thread. */
static struct t_thread quick, busy, waiter;
static volatile int stop;
static volatile long spins;
static volatile int gate;
static volatile int waiter_saw;

static int quick_fn(void *arg) { (void)arg; return 3; }
static int busy_fn(void *arg) {
    (void)arg;
    while (!__atomic_load_n(&stop, __ATOMIC_SEQ_CST)) { spins++; sys_sched_yield(); }
    return 0;
}
static int waiter_fn(void *arg) {
    (void)arg;
    while (__atomic_load_n(&gate, __ATOMIC_SEQ_CST) == 0) sys_futex((void *)&gate, K_FUTEX_WAIT, 0, 0, 0, 0);
    waiter_saw = gate;
    sys_exit(0);
    return 1; /* not reached */
}

int test_main(int argc, char **argv) {
    (void)argc; (void)argv;
    check("spawn busy", t_spawn(&busy, busy_fn, 0) > 0);
    check("spawn waiter", t_spawn(&waiter, waiter_fn, 0) > 0);
    check("spawn quick", t_spawn(&quick, quick_fn, 0) > 0);
    t_join(&quick);
    outln("quick thread ended");
    long before = spins;
    while (spins < before + 100) sys_sched_yield();
    outln("busy thread still runs");
    __atomic_store_n(&gate, 7, __ATOMIC_SEQ_CST);
    long woke = sys_futex((void *)&gate, K_FUTEX_WAKE, 1, 0, 0, 0);
    check("wake returned 0 or 1", woke == 0 || woke == 1);
    t_join(&waiter);
    report("waiter saw", waiter_saw);
    __atomic_store_n(&stop, 1, __ATOMIC_SEQ_CST);
    t_join(&busy);
    outln("all joined");
    return t_failures ? 1 : 0;
}
