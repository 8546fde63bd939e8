// --cpu-time 1: at one second of CPU the kernel sends SIGXCPU, whose default action ends the
// process (and wali) by SIGXCPU, as natively.
// WALI-ARGS: --cpu-time 1
// EXPECT-SIGNAL: SIGXCPU
#include <stdio.h>
#include <sys/resource.h>
#include <unistd.h>

int main(void) {
    struct rlimit cpu;
    getrlimit(RLIMIT_CPU, &cpu);
    printf("RLIMIT_CPU %llu %llu\n", (unsigned long long)cpu.rlim_cur, (unsigned long long)cpu.rlim_max);
    fflush(stdout);
    volatile unsigned long n = 0;
    for (;;) {
        n++;
        if ((n & 0xfffff) == 0) getppid(); // a wali call now and then: a safe point on every tier
    }
}
