#include "wali_thread.h"
/* Eight threads increment a futex-protected counter; futex error and timeout paths. */
#define NTHREADS 8
#define ROUNDS 2000
#define K_FUTEX_REQUEUE 3
#define K_FUTEX_CMP_REQUEUE 4
#define K_FUTEX_WAIT_BITSET 9

static struct t_thread threads[NTHREADS];
static volatile int lock;
static volatile long counter;
static volatile int tids_ok = 1;
static volatile int started;

static int worker(void *arg) {
    struct t_thread *self = arg;
    if (sys_gettid() != self->tid && self->tid != 0) tids_ok = 0;
    __atomic_fetch_add(&started, 1, __ATOMIC_SEQ_CST);
    for (int i = 0; i < ROUNDS; i++) {
        t_lock(&lock);
        long v = counter;
        if ((i & 63) == 0) sys_sched_yield();
        counter = v + 1;
        t_unlock(&lock);
    }
    return 0;
}

int test_main(int argc, char **argv) {
    (void)argc; (void)argv;
    t_lock(&lock); /* hold the lock so every thread starts contending */
    int spawned = 0;
    for (int i = 0; i < NTHREADS; i++) {
        int tid = t_spawn(&threads[i], worker, &threads[i]);
        if (tid > 0) spawned++;
    }
    report("spawned", spawned);
    check("tids distinct from main", threads[0].tid != sys_gettid() && threads[0].tid != threads[1].tid);
    t_unlock(&lock);
    for (int i = 0; i < NTHREADS; i++) t_join(&threads[i]);
    report("counter", counter);
    report("started", started);
    check("gettid in thread matches spawn result", tids_ok);
    check("tidword cleared", threads[NTHREADS - 1].tidword == 0);

    /* futex paths */
    static int word = 5;
    struct k_timespec short_wait = {0, 20 * 1000 * 1000};
    report("wait value mismatch", sys_futex(&word, K_FUTEX_WAIT, 4, 0, 0, 0));
    report("wait timeout", sys_futex(&word, K_FUTEX_WAIT | K_FUTEX_PRIVATE, 5, &short_wait, 0, 0));
    report("wake nobody", sys_futex(&word, K_FUTEX_WAKE, 1, 0, 0, 0));
    report("wake private nobody", sys_futex(&word, K_FUTEX_WAKE | K_FUTEX_PRIVATE, 10, 0, 0, 0));
    report("misaligned", sys_futex((char *)&word + 1, K_FUTEX_WAIT, 5, 0, 0, 0));
    report("bad address", sys_futex(BAD_PTR, K_FUTEX_WAIT, 0, 0, 0, 0));
    report("bad timeout", sys_futex(&word, K_FUTEX_WAIT, 5, BAD_PTR, 0, 0));
    struct k_timespec invalid = {0, 2000000000L};
    report("invalid timeout", sys_futex(&word, K_FUTEX_WAIT, 5, &invalid, 0, 0));
    static int other = 0;
    report("cmp_requeue mismatch", sys_futex(&word, K_FUTEX_CMP_REQUEUE, 1, (void *)1, &other, 4));
    report("cmp_requeue none", sys_futex(&word, K_FUTEX_CMP_REQUEUE, 1, (void *)1, &other, 5));
    report("requeue bad uaddr2", sys_futex(&word, K_FUTEX_REQUEUE, 1, (void *)1, BAD_PTR, 0));
    report("bitset zero", sys_futex(&word, K_FUTEX_WAIT_BITSET, 5, 0, 0, 0));
    report("unknown op", sys_futex(&word, 99, 0, 0, 0, 0));
    int me = sys_gettid();
    check("set_tid_address returns tid", sys_set_tid_address(0) == me);
    return t_failures ? 1 : 0;
}
