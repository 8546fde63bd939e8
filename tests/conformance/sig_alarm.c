#include "wali_signal.h"
/* SIGALRM from setitimer/alarm interrupts a blocking read of an empty pipe: EINTR without
 * SA_RESTART; with SA_RESTART the read goes on and returns the byte the handler wrote. */
static volatile int alarms;
static int pipefd[2];

static void on_alarm(int sig) { (void)sig; alarms++; }
static void on_alarm_write(int sig) {
    (void)sig;
    alarms++;
    sys_write(pipefd[1], "R", 1);
}

static void arm_ms(long ms) {
    struct k_itimerval it = {{0, 0}, {0, ms * 1000}};
    sys_setitimer(K_ITIMER_REAL, &it, 0);
}

int test_main(int argc, char **argv) {
    (void)argc; (void)argv;
    report("pipe", sys_pipe2(pipefd, 0));
    char c = 0;

    report("install (no SA_RESTART)", t_sigaction(K_SIGALRM, (void *)on_alarm, 0, 0));
    arm_ms(50);
    report("read interrupted", sys_read(pipefd[0], &c, 1));
    report("alarms", alarms);

    report("install (SA_RESTART)", t_sigaction(K_SIGALRM, (void *)on_alarm_write, K_SA_RESTART, 0));
    arm_ms(50);
    report("read restarted", sys_read(pipefd[0], &c, 1));
    out("byte: "); t_write(1, &c, 1); out("\n");
    report("alarms", alarms);

    /* alarm(): seconds left, rounded as the kernel does */
    report("alarm set", sys_alarm(5));
    report("alarm replaced", sys_alarm(0));
    report("alarm none left", sys_alarm(0));
    t_sigaction(K_SIGALRM, (void *)on_alarm, 0, 0);
    report("alarm 1s", sys_alarm(1));
    report("read interrupted by alarm", sys_read(pipefd[0], &c, 1));
    report("alarms", alarms);

    /* setitimer: old value, errors */
    struct k_itimerval it = {{0, 0}, {10, 0}}, old;
    report("setitimer", sys_setitimer(K_ITIMER_REAL, &it, 0));
    struct k_itimerval zero = {{0, 0}, {0, 0}};
    report("setitimer disarm", sys_setitimer(K_ITIMER_REAL, &zero, &old));
    check("old value near 10s", old.value.tv_sec == 9 || old.value.tv_sec == 10);
    report("setitimer bad which", sys_setitimer(7, &it, 0));
    struct k_itimerval bad = {{0, 0}, {0, 2000000}};
    report("setitimer bad usec", sys_setitimer(K_ITIMER_REAL, &bad, 0));
    report("setitimer bad pointer", sys_setitimer(K_ITIMER_REAL, BAD_PTR, 0));
    report("setitimer bad old pointer", sys_setitimer(K_ITIMER_REAL, &zero, BAD_PTR));

    /* getitimer: the time left and the interval as set; disarmed reads zero */
    struct k_itimerval periodic = {{3, 500000}, {20, 0}}, now;
    report("setitimer periodic", sys_setitimer(K_ITIMER_REAL, &periodic, 0));
    report("getitimer", sys_getitimer(K_ITIMER_REAL, &now));
    check("interval as set", now.interval.tv_sec == 3 && now.interval.tv_usec == 500000);
    check("value near 20s", now.value.tv_sec == 19 || now.value.tv_sec == 20);
    sys_setitimer(K_ITIMER_REAL, &zero, 0);
    report("getitimer disarmed", sys_getitimer(K_ITIMER_REAL, &now));
    check("disarmed reads zero", !now.value.tv_sec && !now.value.tv_usec && !now.interval.tv_sec);
    report("getitimer ITIMER_VIRTUAL", sys_getitimer(1, &now));
    report("getitimer bad which", sys_getitimer(7, &now));
    report("getitimer bad pointer", sys_getitimer(K_ITIMER_REAL, BAD_PTR));

    /* SIGALRM at SIG_DFL ends the process with that signal (checked by the runner's status) */
    t_sigaction(K_SIGALRM, T_SIG_DFL, 0, 0);
    arm_ms(20);
    outln("waiting for the default action");
    sys_read(pipefd[0], &c, 1);
    outln("not reached");
    return 1;
}
