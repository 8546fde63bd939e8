// Signal masks given to ppoll, pselect6 and epoll_pwait: a blocked pending signal that the
// call's mask unblocks runs its handler and the call fails with EINTR; one the mask keeps
// blocked stays pending; the old mask is back afterwards; these calls are never restarted,
// even with SA_RESTART. poll without a mask is interrupted by a timer signal.
#include "wali_net.h"
#include "wali_signal.h"

struct k_sigset_argpack { uint64_t set; uint64_t size; };
static volatile int caught;
static void on_usr1(int sig) { (void)sig; caught++; }

static uint64_t current_mask(void) {
    uint64_t m = 0;
    sys_rt_sigprocmask(K_SIG_BLOCK, 0, &m, 8);
    return m;
}

static long now_ms(void) {
    struct k_timespec ts;
    sys_clock_gettime(1, &ts);
    return (long)(ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
}

int test_main(int argc, char **argv) {
    (void)argc; (void)argv;
    int p[2];
    sys_pipe2(p, 0);
    struct k_pollfd fds[1] = { { p[0], K_POLLIN, 0 } };
    uint64_t usr1 = K_BIT(K_SIGUSR1), empty = 0;
    report("sigaction", t_sigaction(K_SIGUSR1, (void *)on_usr1, 0, 0));
    report("block", sys_rt_sigprocmask(K_SIG_BLOCK, &usr1, 0, 8));
    int pid = (int)sys_getpid();

    /* ppoll unblocks the pending signal: handler, then EINTR at once. */
    sys_kill(pid, K_SIGUSR1);
    report("pending, not run", caught);
    struct k_timespec ts = { 2, 0 };
    long t0 = now_ms();
    report("ppoll unblocking", sys_ppoll(fds, 1, &ts, &empty, 8));
    report("caught", caught);
    check("ppoll returned early", now_ms() - t0 < 1000);
    check("mask restored", (current_mask() & usr1) != 0);

    /* A mask that keeps it blocked: the wait times out, the signal stays pending. */
    sys_kill(pid, K_SIGUSR1);
    struct k_fd_set r;
    k_fd_zero(&r); k_fd_set(p[0], &r);
    ts.tv_sec = 0; ts.tv_nsec = 10000000;
    struct k_sigset_argpack keep = { (uint64_t)(uintptr_t)&usr1, 8 };
    report("pselect6 keeping it blocked", sys_pselect6(p[0] + 1, &r, 0, 0, &ts, &keep));
    report("caught", caught);

    /* pselect6 unblocking it. */
    struct k_sigset_argpack open = { (uint64_t)(uintptr_t)&empty, 8 };
    k_fd_zero(&r); k_fd_set(p[0], &r);
    ts.tv_sec = 2; ts.tv_nsec = 0;
    report("pselect6 unblocking", sys_pselect6(p[0] + 1, &r, 0, 0, &ts, &open));
    report("caught", caught);
    check("mask restored", (current_mask() & usr1) != 0);

    /* epoll_pwait, with SA_RESTART: still EINTR. */
    t_sigaction(K_SIGUSR1, (void *)on_usr1, K_SA_RESTART, 0);
    int ep = (int)sys_epoll_create1(0);
    struct k_epoll_event ev = { K_EPOLLIN, 1 }, out[2];
    sys_epoll_ctl(ep, K_EPOLL_CTL_ADD, p[0], &ev);
    sys_kill(pid, K_SIGUSR1);
    t0 = now_ms();
    report("epoll_pwait unblocking", sys_epoll_pwait(ep, out, 2, 2000, &empty, 8));
    report("caught", caught);
    check("epoll_pwait returned early", now_ms() - t0 < 1000);
    sys_kill(pid, K_SIGUSR1);
    ts.tv_sec = 2; ts.tv_nsec = 0;
    report("ppoll with SA_RESTART", sys_ppoll(fds, 1, &ts, &empty, 8));
    report("caught", caught);
    check("mask restored", (current_mask() & usr1) != 0);
    report("unblock", sys_rt_sigprocmask(K_SIG_UNBLOCK, &usr1, 0, 8));
    report("caught after unblock", caught);

    /* poll without a mask, interrupted by a timer (SA_RESTART does not restart it). */
    t_sigaction(K_SIGALRM, (void *)on_usr1, K_SA_RESTART, 0);
    struct k_itimerval it = { { 0, 0 }, { 0, 30000 } };
    sys_setitimer(K_ITIMER_REAL, &it, 0);
    t0 = now_ms();
    report("poll interrupted", sys_poll(fds, 1, 3000));
    report("caught", caught);
    check("poll returned early", now_ms() - t0 < 2000);
    sys_setitimer(K_ITIMER_REAL, &it, 0);
    report("epoll_wait interrupted", sys_epoll_wait(ep, out, 2, 3000));
    sys_setitimer(K_ITIMER_REAL, &it, 0);
    k_fd_zero(&r); k_fd_set(p[0], &r);
    struct k_timeval tv = { 3, 0 };
    report("select interrupted", sys_select(p[0] + 1, &r, 0, 0, &tv));
    check("select time left", tv.tv_sec >= 1 && tv.tv_sec <= 2);
    report("caught", caught);
    return t_failures;
}
