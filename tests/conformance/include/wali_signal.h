/* Signal helpers for conformance tests: install and query actions the same way in both builds.
 * WALI build: rt_sigaction with the packed 24-byte WALI record (u32 handler = table index,
 * u64 flags at +4, u32 restorer, u64 mask). Native build: the C library's sigaction (x86_64
 * needs its SA_RESTORER trampoline). */
#ifndef WALI_SIGNAL_H
#define WALI_SIGNAL_H
#include "wali_test.h"

#define K_SIGHUP 1
#define K_SIGINT 2
#define K_SIGABRT 6
#define K_SIGBUS 7
#define K_SIGKILL 9
#define K_SIGUSR1 10
#define K_SIGSEGV 11
#define K_SIGUSR2 12
#define K_SIGPIPE 13
#define K_SIGALRM 14
#define K_SIGTERM 15
#define K_SIGCHLD 17
#define K_SIGCONT 18
#define K_SIGSTOP 19
#define K_SA_NOCLDSTOP 1
#define K_SA_SIGINFO 4
#define K_SA_ONSTACK 0x08000000
#define K_SA_RESTART 0x10000000
#define K_SA_NODEFER 0x40000000
#define K_SA_RESETHAND 0x80000000u
#define K_SIG_BLOCK 0
#define K_SIG_UNBLOCK 1
#define K_SIG_SETMASK 2
#define K_SI_USER 0
#define K_SI_TKILL (-6)
#define K_BIT(s) ((uint64_t)1 << ((s) - 1))
#define K_WNOHANG 1
#define K_ITIMER_REAL 0

/* What t_get_action reports. */
enum { T_DFL = 0, T_IGN = 1, T_HANDLER = 2 };
/* Handler arguments of t_sigaction besides functions (table index 1 is a real function in the
 * WALI build, so these are not 0/1). */
#define T_SIG_DFL ((void *)(intptr_t)-100)
#define T_SIG_IGN ((void *)(intptr_t)-101)
struct t_action { int kind; void *handler; unsigned long flags; uint64_t mask; };

/* siginfo_t (x86_64 layout); field names avoid the C library's si_* macros. */
struct k_siginfo {
    int signo, err, code, pad;
    int pid;
    unsigned uid;
    int status;
    int rest[25];
};
_Static_assert(sizeof(struct k_siginfo) == 128, "siginfo size");

struct k_itimerval { struct k_timeval interval, value; };

#ifdef __wasm__
struct k_sigaction {
    unsigned handler;
    unsigned long flags;
    unsigned restorer;
    uint64_t mask;
} __attribute__((packed));
_Static_assert(sizeof(struct k_sigaction) == 24, "WALI sigaction record");
#define T_SIG_IGN_VALUE 0xfffffffeu

/* handler: a function, T_SIG_DFL or T_SIG_IGN. Returns the raw syscall result. */
static __attribute__((unused)) long t_sigaction(int sig, void *handler, unsigned long flags, uint64_t mask) {
    struct k_sigaction sa;
    sa.handler = handler == T_SIG_IGN ? T_SIG_IGN_VALUE : handler == T_SIG_DFL ? 0 : (unsigned)(uintptr_t)handler;
    sa.flags = flags;
    sa.restorer = 0;
    sa.mask = mask;
    return sys_rt_sigaction(sig, &sa, 0, 8);
}
static __attribute__((unused)) long t_get_action(int sig, struct t_action *out) {
    struct k_sigaction sa;
    long r = sys_rt_sigaction(sig, 0, &sa, 8);
    if (r < 0) return r;
    out->kind = sa.handler == 0 ? T_DFL : sa.handler == T_SIG_IGN_VALUE ? T_IGN : T_HANDLER;
    out->handler = (void *)(uintptr_t)sa.handler;
    out->flags = sa.flags;
    out->mask = sa.mask;
    return r;
}
#else
#include <signal.h>
#include <string.h>
static __attribute__((unused)) long t_sigaction(int sig, void *handler, unsigned long flags, uint64_t mask) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    if (handler == T_SIG_IGN) sa.sa_handler = SIG_IGN;
    else if (handler == T_SIG_DFL) sa.sa_handler = SIG_DFL;
    else sa.sa_handler = (void (*)(int))handler;
    sa.sa_flags = (int)flags;
    memcpy(&sa.sa_mask, &mask, 8);
    return sigaction(sig, &sa, 0) == 0 ? 0 : -errno;
}
static __attribute__((unused)) long t_get_action(int sig, struct t_action *out) {
    struct sigaction sa;
    if (sigaction(sig, 0, &sa) != 0) return -errno;
    out->kind = sa.sa_handler == SIG_DFL ? T_DFL : sa.sa_handler == SIG_IGN ? T_IGN : T_HANDLER;
    out->handler = (void *)sa.sa_handler;
    out->flags = (unsigned long)(unsigned)sa.sa_flags & ~0x04000000ul; /* the C library's SA_RESTORER */
    memcpy(&out->mask, &sa.sa_mask, 8);
    return 0;
}
#endif

/* wait status decoding */
#define T_WIFEXITED(s) (((s) & 0x7f) == 0)
#define T_WEXITSTATUS(s) (((s) >> 8) & 0xff)
#define T_WIFSIGNALED(s) (((s) & 0x7f) != 0 && ((s) & 0x7f) != 0x7f)
#define T_WTERMSIG(s) ((s) & 0x7f)
#define T_WIFSTOPPED(s) (((s) & 0xff) == 0x7f)
#define T_WSTOPSIG(s) T_WEXITSTATUS(s)
#define T_WIFCONTINUED(s) ((s) == 0xffff)

/* Reports how a child ended: "name: exit N" / "name: signal N". */
static __attribute__((unused)) void t_report_status(const char *name, int status) {
    out(name);
    if (T_WIFEXITED(status)) { out(": exit "); out_int(T_WEXITSTATUS(status)); }
    else if (T_WIFSIGNALED(status)) { out(": signal "); out_int(T_WTERMSIG(status)); }
    else { out(": other "); out_int(status); }
    out("\n");
}

/* Sleeps for `ms` milliseconds (nanosleep). */
static __attribute__((unused)) void t_sleep_ms(long ms) {
    struct k_timespec ts = { ms / 1000, (ms % 1000) * 1000000 };
    while (sys_nanosleep(&ts, &ts) == -K_EINTR) {}
}
#endif
