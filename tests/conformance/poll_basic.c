// poll, ppoll, select and pselect6 on pipes: readiness after a write, zero and short timeouts,
// the time left written back, POLLNVAL/EBADF, signal-mask arguments, and bad arguments.
#include "wali_net.h"

struct k_sigset_argpack { uint64_t set; uint64_t size; };

static long now_ms(void) {
    struct k_timespec ts;
    sys_clock_gettime(1 /* CLOCK_MONOTONIC */, &ts);
    return (long)(ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
}

int test_main(int argc, char **argv) {
    (void)argc; (void)argv;
    int p[2];
    check("pipe", sys_pipe2(p, 0) == 0);

    /* poll */
    struct k_pollfd fds[2] = { { p[0], K_POLLIN, 0x77 }, { p[1], K_POLLOUT, 0x77 } };
    report("poll", sys_poll(fds, 2, 0));
    report("revents read end", fds[0].revents);
    report("revents write end", fds[1].revents);
    long t0 = now_ms();
    report("poll timeout", sys_poll(fds, 1, 10));
    check("poll waited", now_ms() - t0 >= 9);
    sys_write(p[1], "x", 1);
    report("poll readable", sys_poll(fds, 1, 1000));
    report("revents readable", fds[0].revents);
    struct k_pollfd bad[2] = { { 999, K_POLLIN, 0 }, { -1, K_POLLIN, 0x55 } };
    report("poll bad fd", sys_poll(bad, 2, 0));
    report("revents bad fd", bad[0].revents);
    report("revents negative fd", bad[1].revents);
    report("poll no fds", sys_poll(0, 0, 0));
    report("poll bad array", sys_poll(BAD_PTR, 1, 0));
    report("poll too many", sys_poll(fds, 1UL << 40, 0));

    /* ppoll with a timespec (time left written back) and a signal mask. */
    struct k_timespec ts = { 5, 0 };
    uint64_t mask = 0;
    report("ppoll readable", sys_ppoll(fds, 1, &ts, &mask, 8));
    check("ppoll time left", ts.tv_sec <= 5 && ts.tv_sec >= 4);
    char c;
    sys_read(p[0], &c, 1);
    ts.tv_sec = 0; ts.tv_nsec = 10 * 1000 * 1000;
    t0 = now_ms();
    report("ppoll timeout", sys_ppoll(fds, 1, &ts, 0, 0));
    check("ppoll waited", now_ms() - t0 >= 9);
    check("ppoll zero left", ts.tv_sec == 0 && ts.tv_nsec == 0);
    ts.tv_sec = 0; ts.tv_nsec = 0;
    report("ppoll zero timeout", sys_ppoll(fds, 1, &ts, 0, 0));
    report("ppoll bad sigsetsize", sys_ppoll(fds, 1, &ts, &mask, 4));
    report("ppoll bad mask", sys_ppoll(fds, 1, &ts, BAD_PTR, 8));
    ts.tv_nsec = 1000000000;
    report("ppoll bad timespec", sys_ppoll(fds, 1, &ts, 0, 0));
    ts.tv_sec = -1; ts.tv_nsec = 0;
    report("ppoll negative timespec", sys_ppoll(fds, 1, &ts, 0, 0));
    report("ppoll bad timespec ptr", sys_ppoll(fds, 1, BAD_PTR, 0, 0));
    report("ppoll bad array", sys_ppoll(BAD_PTR, 1, 0, 0, 0));

    /* select */
    struct k_fd_set r, w;
    k_fd_zero(&r); k_fd_zero(&w);
    k_fd_set(p[0], &r); k_fd_set(p[1], &w);
    struct k_timeval tv = { 0, 0 };
    report("select", sys_select(p[1] + 1, &r, &w, 0, &tv));
    report("select read bit", k_fd_isset(p[0], &r));
    report("select write bit", k_fd_isset(p[1], &w));
    k_fd_zero(&r); k_fd_set(p[0], &r);
    tv.tv_sec = 0; tv.tv_usec = 10000;
    t0 = now_ms();
    report("select timeout", sys_select(p[0] + 1, &r, 0, 0, &tv));
    check("select waited", now_ms() - t0 >= 9);
    check("select zero left", tv.tv_sec == 0 && tv.tv_usec == 0);
    report("select read bit after timeout", k_fd_isset(p[0], &r));
    sys_write(p[1], "y", 1);
    k_fd_zero(&r); k_fd_set(p[0], &r);
    tv.tv_sec = 3; tv.tv_usec = 0;
    report("select readable", sys_select(p[0] + 1, &r, 0, 0, &tv));
    check("select time left", tv.tv_sec <= 3 && tv.tv_sec >= 2);
    k_fd_zero(&r); k_fd_set(p[0], &r);
    tv.tv_sec = 0; tv.tv_usec = 1500000; /* carried into seconds, not rejected */
    report("select long usec", sys_select(p[0] + 1, &r, 0, 0, &tv));
    tv.tv_sec = 0; tv.tv_usec = -1;
    report("select negative usec", sys_select(p[0] + 1, &r, 0, 0, &tv));
    report("select negative nfds", sys_select(-1, 0, 0, 0, 0));
    k_fd_zero(&r); k_fd_set(100, &r);
    tv.tv_sec = 0; tv.tv_usec = 0;
    report("select bad fd", sys_select(101, &r, 0, 0, &tv));
    report("select bad set", sys_select(p[0] + 1, BAD_PTR, 0, 0, &tv));
    report("select bad timeval", sys_select(p[0] + 1, 0, 0, 0, BAD_PTR));
    report("select nothing", sys_select(0, 0, 0, 0, &tv));

    /* pselect6: timespec and the {sigset*, size} pair (two longs in the guest). */
    k_fd_zero(&r); k_fd_set(p[0], &r);
    ts.tv_sec = 4; ts.tv_nsec = 0;
    struct k_sigset_argpack pack = { (uint64_t)(uintptr_t)&mask, 8 };
    report("pselect6 readable", sys_pselect6(p[0] + 1, &r, 0, 0, &ts, &pack));
    report("pselect6 bit", k_fd_isset(p[0], &r));
    check("pselect6 time left", ts.tv_sec <= 4 && ts.tv_sec >= 3);
    sys_read(p[0], &c, 1);
    k_fd_zero(&r); k_fd_set(p[0], &r);
    ts.tv_sec = 0; ts.tv_nsec = 10000000;
    t0 = now_ms();
    report("pselect6 timeout", sys_pselect6(p[0] + 1, &r, 0, 0, &ts, 0));
    check("pselect6 waited", now_ms() - t0 >= 9);
    ts.tv_sec = 0; ts.tv_nsec = 0;
    struct k_sigset_argpack nullset = { 0, 8 };
    report("pselect6 null set", sys_pselect6(p[0] + 1, &r, 0, 0, &ts, &nullset));
    struct k_sigset_argpack badsize = { (uint64_t)(uintptr_t)&mask, 4 };
    report("pselect6 bad size", sys_pselect6(p[0] + 1, &r, 0, 0, &ts, &badsize));
    struct k_sigset_argpack badset = { (uint64_t)(uintptr_t)BAD_PTR, 8 };
    report("pselect6 bad set", sys_pselect6(p[0] + 1, &r, 0, 0, &ts, &badset));
    report("pselect6 bad pack", sys_pselect6(p[0] + 1, &r, 0, 0, &ts, BAD_PTR));
    ts.tv_nsec = -5;
    report("pselect6 bad timespec", sys_pselect6(p[0] + 1, &r, 0, 0, &ts, 0));

    /* End of file and hang-up. */
    sys_close(p[1]);
    fds[0].revents = 0;
    report("poll after close", sys_poll(fds, 1, 0));
    report("revents hangup", fds[0].revents);
    return t_failures;
}
