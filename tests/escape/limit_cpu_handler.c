// --cpu-time 1: a guest that handles SIGXCPU gets it (and may end cleanly); raising the limit
// beyond the policy is EPERM.
// WALI-ARGS: --cpu-time 1
#include "policy_rules.h"
#include <signal.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <unistd.h>

static volatile sig_atomic_t got;
static void on_xcpu(int sig) { got = sig; }

int main(void) {
    struct rlimit cpu;
    EXPECT_OK(getrlimit(RLIMIT_CPU, &cpu));
    EXPECT_TRUE(cpu.rlim_cur == 1 && cpu.rlim_max == 2);
    EXPECT_ERRNO(setrlimit(RLIMIT_CPU, &(struct rlimit){RLIM_INFINITY, RLIM_INFINITY}), EPERM);
    signal(SIGXCPU, on_xcpu);
    volatile unsigned long n = 0;
    while (!got) {
        n++;
        if ((n & 0xfffff) == 0) getppid();
    }
    EXPECT_TRUE(got == SIGXCPU);
    return finish();
}
