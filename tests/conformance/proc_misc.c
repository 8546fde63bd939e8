#include "wali_signal.h"
/* prctl names and flags, sched_getaffinity, sched_setscheduler, sched_yield, set_robust_list,
 * signalfd. */
#define PR_SET_PDEATHSIG 1
#define PR_GET_PDEATHSIG 2
#define PR_GET_DUMPABLE 3
#define PR_SET_NAME 15
#define PR_GET_NAME 16
#define PR_GET_NO_NEW_PRIVS 39
#define K_SFD_NONBLOCK 04000
struct k_signalfd_siginfo { uint32_t signo; int32_t err, code; uint32_t pid, uid; int32_t fd; uint32_t rest[26]; };

int test_main(int argc, char **argv) {
    (void)argc; (void)argv;
    char name[16];
    t_memset(name, 'x', sizeof name);
    report("set name", sys_prctl(PR_SET_NAME, (unsigned long)(uintptr_t)"wali-test", 0, 0, 0));
    report("get name", sys_prctl(PR_GET_NAME, (unsigned long)(uintptr_t)name, 0, 0, 0));
    out("name: "); outln(name);
    report("set long name", sys_prctl(PR_SET_NAME, (unsigned long)(uintptr_t)"a-name-longer-than-fifteen", 0, 0, 0));
    sys_prctl(PR_GET_NAME, (unsigned long)(uintptr_t)name, 0, 0, 0);
    out("truncated: "); outln(name);
    report("set name bad pointer", sys_prctl(PR_SET_NAME, (unsigned long)(uintptr_t)BAD_PTR, 0, 0, 0));
    report("get name bad pointer", sys_prctl(PR_GET_NAME, (unsigned long)(uintptr_t)BAD_PTR, 0, 0, 0));
    report("set pdeathsig", sys_prctl(PR_SET_PDEATHSIG, K_SIGTERM, 0, 0, 0));
    int sig = 0;
    report("get pdeathsig", sys_prctl(PR_GET_PDEATHSIG, (unsigned long)(uintptr_t)&sig, 0, 0, 0));
    report("pdeathsig", sig);
    report("get pdeathsig bad pointer", sys_prctl(PR_GET_PDEATHSIG, (unsigned long)(uintptr_t)BAD_PTR, 0, 0, 0));
    report("set pdeathsig bad signal", sys_prctl(PR_SET_PDEATHSIG, 99, 0, 0, 0));
    report("dumpable", sys_prctl(PR_GET_DUMPABLE, 0, 0, 0, 0));
    report("no_new_privs", sys_prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0));
    report("unknown option", sys_prctl(0x7fff, 0, 0, 0, 0));

    unsigned char cpus[128];
    t_memset(cpus, 0, sizeof cpus);
    long n = sys_sched_getaffinity(0, sizeof cpus, cpus);
    check("affinity size", n > 0 && n <= 128 && n % 8 == 0);
    check("affinity has a cpu", cpus[0] != 0);
    report("affinity small size", sys_sched_getaffinity(0, 3, cpus));
    report("affinity bad pointer", sys_sched_getaffinity(0, sizeof cpus, BAD_PTR));
    report("affinity no such process", sys_sched_getaffinity(0x3fffffff, sizeof cpus, cpus));
    report("sched_yield", sys_sched_yield());
    int param = 0;
    report("sched_setscheduler other", sys_sched_setscheduler(0, 0 /* SCHED_OTHER */, &param));
    report("sched_setscheduler bad policy", sys_sched_setscheduler(0, 77, &param));
    report("sched_setscheduler bad pointer", sys_sched_setscheduler(0, 0, BAD_PTR));

    /* set_robust_list: the guest's robust_list_head is 3 * sizeof(long) */
    static long head[3];
    report("set_robust_list", sys_set_robust_list(head, sizeof head));
    report("set_robust_list bad size", sys_set_robust_list(head, 8));

    /* signalfd: a blocked signal read through a descriptor */
    uint64_t mask = K_BIT(K_SIGUSR1);
    sys_rt_sigprocmask(K_SIG_BLOCK, &mask, 0, 8);
    long fd = sys_signalfd4(-1, &mask, 8, K_SFD_NONBLOCK);
    check("signalfd4", fd >= 0);
    struct k_signalfd_siginfo si;
    report("signalfd empty", sys_read((int)fd, &si, sizeof si));
    sys_kill((int)sys_getpid(), K_SIGUSR1);
    report("signalfd read", sys_read((int)fd, &si, sizeof si));
    report("signalfd signo", si.signo);
    check("signalfd pid", si.pid == (uint32_t)sys_getpid());
    report("signalfd bad size", sys_signalfd4(-1, &mask, 4, 0));
    report("signalfd bad mask", sys_signalfd4(-1, BAD_PTR, 8, 0));
    report("signalfd bad fd", sys_signalfd4(1000, &mask, 8, 0));
    long fd2 = sys_signalfd(-1, &mask, 8);
    check("signalfd", fd2 >= 0);
    sys_close((int)fd);
    sys_close((int)fd2);
    return t_failures ? 1 : 0;
}
