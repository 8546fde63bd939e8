#define _GNU_SOURCE
#include "CWALIHost.h"
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <sys/resource.h>
#include <stdatomic.h>

long wali_host_syscall(long nr, long a, long b, long c, long d, long e, long f) {
    long ret;
#if defined(__x86_64__)
    register long r10 __asm__("r10") = d;
    register long r8 __asm__("r8") = e;
    register long r9 __asm__("r9") = f;
    __asm__ volatile("syscall"
                     : "=a"(ret)
                     : "a"(nr), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
                     : "rcx", "r11", "memory");
#elif defined(__aarch64__)
    register long x8 __asm__("x8") = nr;
    register long x0 __asm__("x0") = a;
    register long x1 __asm__("x1") = b;
    register long x2 __asm__("x2") = c;
    register long x3 __asm__("x3") = d;
    register long x4 __asm__("x4") = e;
    register long x5 __asm__("x5") = f;
    __asm__ volatile("svc 0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2), "r"(x3), "r"(x4), "r"(x5) : "memory");
    ret = x0;
#else
#error "unsupported host architecture"
#endif
    return ret;
}

static _Atomic uint64_t pending_mask;

static void record_signal(int signo) {
    atomic_fetch_or(&pending_mask, (uint64_t)1 << (signo - 1));
}

void wali_signal_catch(int signo) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = record_signal;
    sigfillset(&sa.sa_mask);
    sa.sa_flags = 0; // no SA_RESTART: a blocked host call must return EINTR so the guest sees it
    sigaction(signo, &sa, 0);
}

void wali_signal_default(int signo) { signal(signo, SIG_DFL); }
void wali_signal_ignore(int signo) { signal(signo, SIG_IGN); }

uint64_t wali_signal_take_pending(uint64_t deliverable) {
    uint64_t old = atomic_load(&pending_mask);
    while (old & deliverable) {
        if (atomic_compare_exchange_weak(&pending_mask, &old, old & ~deliverable))
            return old & deliverable;
    }
    return 0;
}

uint64_t wali_signal_peek_pending(void) { return atomic_load(&pending_mask); }
void wali_signal_mark_pending(int signo) { record_signal(signo); }

void wali_die_by_signal(int signo) {
    struct rlimit no_core = {0, 0};
    setrlimit(RLIMIT_CORE, &no_core);
    signal(signo, SIG_DFL);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, signo);
    sigprocmask(SIG_UNBLOCK, &set, 0);
    raise(signo);
    // Signals whose default action is not fatal: mimic the shell's convention.
    _exit(128 + signo);
}
