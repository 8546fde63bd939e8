#include "wali_signal.h"
/* Many forks from one process (the engine forks differently after the first ones: it makes its
 * relocated read-only data a shared mapping), a child and grandchild after those, and a signal
 * handler in a child. */
static volatile int handled;
static void on_usr1(int sig) { handled = sig; }

int test_main(int argc, char **argv) {
    (void)argc; (void)argv;
    int status = 0;
    long sum = 0;
    int reaped = 0;
    /* 40 children, each sending a letter through a pipe and exiting with its index */
    for (int i = 0; i < 40; i++) {
        int p[2];
        sys_pipe2(p, 0);
        long pid = sys_fork();
        if (pid == 0) {
            sys_close(p[0]);
            char c = (char)('A' + i % 26);
            sys_write(p[1], &c, 1);
            sys_exit_group(i);
        }
        sys_close(p[1]);
        char c = 0;
        long n = sys_read(p[0], &c, 1);
        sys_close(p[0]);
        if (sys_wait4((int)pid, &status, 0, 0) == pid) reaped++;
        sum += (n == 1 ? c : 0) + ((status >> 8) & 0xff);
    }
    report("children reaped", reaped);
    report("letters and statuses", sum);

    /* a child that forks again, after those */
    long pid = sys_fork();
    if (pid == 0) {
        long grandchild = sys_fork();
        if (grandchild == 0) sys_exit_group(7);
        int st = 0;
        int ok = sys_wait4((int)grandchild, &st, 0, 0) == grandchild && st == (7 << 8);
        sys_exit_group(ok ? 8 : 1);
    }
    sys_wait4((int)pid, &status, 0, 0);
    t_report_status("child that waited for its own child", status);

    /* a handler installed by the parent runs in the child */
    t_sigaction(K_SIGUSR1, (void *)on_usr1, 0, 0);
    pid = sys_fork();
    if (pid == 0) {
        sys_kill(sys_getpid(), K_SIGUSR1);
        sys_exit_group(handled == K_SIGUSR1 ? 9 : 1);
    }
    sys_wait4((int)pid, &status, 0, 0);
    t_report_status("child's handler", status);
    report("parent's handler did not run", handled);
    return t_failures ? 1 : 0;
}
