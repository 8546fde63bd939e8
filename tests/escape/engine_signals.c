/* The signals the engine relies on stay its own: with every signal blocked and SIGSEGV/SIGBUS
 * ignored by the guest, a signal sent to itself changes nothing, and an out-of-bounds access still
 * traps and ends the process by SIGSEGV, as the native fault would (the kernel forces it). */
// EXPECT-SIGNAL: SIGSEGV
#define _GNU_SOURCE
#include "escape.h"
#include <signal.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void) {
    sigset_t all;
    sigfillset(&all);
    EXPECT_OK("block every signal", sigprocmask(SIG_BLOCK, &all, 0));
    EXPECT_TRUE("SIG_IGN for SIGSEGV", signal(SIGSEGV, SIG_IGN) != SIG_ERR);
    EXPECT_TRUE("SIG_IGN for SIGBUS", signal(SIGBUS, SIG_IGN) != SIG_ERR);
    EXPECT_OK("kill(self, SIGSEGV) is ignored", kill(getpid(), SIGSEGV));
    EXPECT_OK("tkill(self, SIGBUS) is ignored", syscall(SYS_tkill, syscall(SYS_gettid), SIGBUS));
    sigset_t pending;
    sigemptyset(&pending);
    sigpending(&pending);
    EXPECT_TRUE("nothing pending", !sigismember(&pending, SIGSEGV) && !sigismember(&pending, SIGBUS));
    printf("checks: %d, failed: %d\n", escape_checks, escape_failures);
    fflush(stdout);
    if (escape_failures) return 1;
    volatile int *wild = (volatile int *)(uintptr_t)0xfffffff0u;
    *wild = 1; /* past linear memory: a trap */
    printf("FAIL the wild store did not trap\n");
    return 1;
}
