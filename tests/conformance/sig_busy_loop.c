#include "wali_signal.h"
/* A signal reaches a loop that makes no calls: SIGALRM from setitimer ends a busy-wait on a flag
 * its handler sets (the interpreter has safe points at loop headers, not only at wali calls), a
 * periodic timer is counted by one, and a blocked pending signal waits until it is unblocked. */
static volatile int alarms;
static volatile int usr1;

static void on_alarm(int sig) { (void)sig; alarms++; }
static void on_usr1(int sig) { (void)sig; usr1++; }

static void arm_us(long interval, long value) {
    struct k_itimerval it = {{0, interval}, {0, value}};
    sys_setitimer(K_ITIMER_REAL, &it, 0);
}

/* Not inlined, so the loop is a loop of its own function, as in a real busy-wait. */
static __attribute__((noinline)) unsigned long spin_until(int count) {
    unsigned long spins = 0;
    while (alarms < count) spins++;
    return spins;
}

int test_main(int argc, char **argv) {
    (void)argc; (void)argv;
    report("install SIGALRM", t_sigaction(K_SIGALRM, (void *)on_alarm, 0, 0));

    arm_us(0, 20000);
    spin_until(1);
    report("one-shot alarm ended the loop; alarms", alarms);

    /* A nested busy loop, the inner one bounded: the signal lands in either. */
    arm_us(0, 20000);
    for (unsigned long outer = 0; alarms < 2; outer++)
        for (volatile int inner = 0; inner < 1000; inner++) {}
    report("nested loops ended; alarms", alarms);

    arm_us(5000, 5000);
    spin_until(5);
    arm_us(0, 0);
    report("periodic timer counted to", alarms >= 5 ? 5 : alarms);

    /* A blocked signal stays pending through a long loop and runs when unblocked. */
    report("install SIGUSR1", t_sigaction(K_SIGUSR1, (void *)on_usr1, 0, 0));
    uint64_t block = K_BIT(K_SIGUSR1);
    report("block SIGUSR1", sys_rt_sigprocmask(K_SIG_BLOCK, &block, 0, 8));
    report("kill self", sys_kill(sys_getpid(), K_SIGUSR1));
    volatile unsigned long sum = 0;
    for (unsigned long i = 0; i < 3000000; i++) sum += i;
    report("handled while blocked", usr1);
    report("unblock SIGUSR1", sys_rt_sigprocmask(K_SIG_UNBLOCK, &block, 0, 8));
    report("handled after unblocking", usr1);
    return 0;
}
