#include "wali_signal.h"
/* fork + wait4: exit codes, signal deaths, WNOHANG, ECHILD/EFAULT, memory copied not shared,
 * a pipe between parent and child, process ids and groups. */
struct k_rusage { struct k_timeval utime, stime; long rest[14]; };
static volatile int shared_value = 1;

static int child_exit(int code) {
    long pid = sys_fork();
    if (pid == 0) sys_exit_group(code);
    return (int)pid;
}

static int child_kill_self(int sig) {
    long pid = sys_fork();
    if (pid == 0) {
        sys_kill(sys_getpid(), sig);
        sys_exit_group(100);
    }
    return (int)pid;
}

int test_main(int argc, char **argv) {
    (void)argc; (void)argv;
    int status = 0;
    int codes[] = {0, 1, 42, 255};
    for (int i = 0; i < 4; i++) {
        int pid = child_exit(codes[i]);
        check("fork", pid > 0);
        check("wait4 returns pid", sys_wait4(pid, &status, 0, 0) == pid);
        t_report_status("child", status);
    }
    int sigs[] = {K_SIGTERM, K_SIGKILL, K_SIGUSR1, K_SIGHUP};
    for (int i = 0; i < 4; i++) {
        int pid = child_kill_self(sigs[i]);
        check("wait4 returns pid", sys_wait4(pid, &status, 0, 0) == pid);
        t_report_status("child killed itself", status);
    }

    /* copy-on-fork memory; getppid in the child */
    int parent = (int)sys_getpid();
    long pid = sys_fork();
    if (pid == 0) {
        shared_value = 2;
        int ok = sys_getppid() == parent && sys_getpid() != parent && sys_gettid() == sys_getpid();
        sys_exit_group(ok ? 10 + shared_value : 1);
    }
    sys_wait4((int)pid, &status, 0, 0);
    t_report_status("child saw its own copy", status);
    report("parent value unchanged", shared_value);

    /* a pipe between parent and child: the child upper-cases what it reads */
    int down[2], up[2];
    sys_pipe2(down, 0);
    sys_pipe2(up, 0);
    pid = sys_fork();
    if (pid == 0) {
        sys_close(down[1]);
        sys_close(up[0]);
        char buf[64];
        long n;
        while ((n = sys_read(down[0], buf, sizeof buf)) > 0) {
            for (long i = 0; i < n; i++) if (buf[i] >= 'a' && buf[i] <= 'z') buf[i] -= 32;
            sys_write(up[1], buf, (size_t)n);
        }
        sys_exit_group(0);
    }
    sys_close(down[0]);
    sys_close(up[1]);
    sys_write(down[1], "hello from parent", 17);
    sys_close(down[1]);
    char buf[64];
    long got = 0, n;
    while ((n = sys_read(up[0], buf + got, sizeof buf - (size_t)got)) > 0) got += n;
    out("child replied: "); t_write(1, buf, (size_t)got); out("\n");
    sys_wait4((int)pid, &status, 0, 0);
    t_report_status("pipe child", status);

    /* WNOHANG on a running child, then reap with rusage */
    int gate[2];
    sys_pipe2(gate, 0);
    pid = sys_fork();
    if (pid == 0) {
        char c;
        sys_read(gate[0], &c, 1);
        sys_exit_group(6);
    }
    /* with an rusage buffer: nothing reaped, so nothing written (as Linux) */
    struct k_rusage ru;
    t_memset(&ru, 0x5a, sizeof ru);
    report("WNOHANG running", sys_wait4((int)pid, &status, K_WNOHANG, &ru));
    const unsigned char *bytes = (const unsigned char *)&ru;
    int untouched = 1;
    for (size_t i = 0; i < sizeof ru; i++) untouched &= bytes[i] == 0x5a;
    report("rusage left alone", untouched);
    sys_write(gate[1], "g", 1);
    t_memset(&ru, 0xff, sizeof ru);
    check("wait4 with rusage", sys_wait4((int)pid, &status, 0, &ru) == pid);
    check("rusage filled", ru.utime.tv_sec >= 0 && ru.utime.tv_usec >= 0 && ru.utime.tv_usec < 1000000);
    t_report_status("gated child", status);

    /* errors */
    report("no children", sys_wait4(-1, &status, 0, 0));
    report("bad options", sys_wait4(-1, &status, 0x1000, 0));
    pid = child_exit(3);
    t_sleep_ms(20);
    report("bad status pointer reaps", sys_wait4((int)pid, BAD_PTR, 0, 0) == pid ? 0 : sys_wait4((int)pid, BAD_PTR, 0, 0));
    report("then no child", sys_wait4((int)pid, &status, 0, 0));

    /* process groups and sessions (in a child: never a group leader) */
    pid = sys_fork();
    if (pid == 0) {
        int me = (int)sys_getpid();
        int ok = 1;
        ok &= sys_getpgid(0) != me;
        ok &= sys_setsid() == me;
        ok &= sys_getsid(0) == me && sys_getpgid(0) == me;
        ok &= sys_setsid() == -K_EPERM;
        sys_exit_group(ok ? 0 : 1);
    }
    sys_wait4((int)pid, &status, 0, 0);
    t_report_status("setsid child", status);
    pid = sys_fork();
    if (pid == 0) {
        int me = (int)sys_getpid();
        int ok = sys_setpgid(0, 0) == 0 && sys_getpgid(0) == me && sys_getpgid(me) == me;
        sys_exit_group(ok ? 0 : 1);
    }
    sys_wait4((int)pid, &status, 0, 0);
    t_report_status("setpgid child", status);
    report("getpgid no such process", sys_getpgid(0x3fffffff));
    report("getsid no such process", sys_getsid(0x3fffffff));
    report("setpgid no such process", sys_setpgid(0x3fffffff, 0));
    report("setpgid negative", sys_setpgid(0, -1));
    check("getsid self", sys_getsid(0) > 0);
    check("getppid", sys_getppid() > 0);
    return t_failures ? 1 : 0;
}
