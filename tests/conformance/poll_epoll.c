// epoll create/ctl/wait with data round trips (packed 12-byte events), edge-triggered and
// one-shot modes, epoll_pwait with a mask, errors; eventfd counter semantics incl. EFD_SEMAPHORE.
#include "wali_net.h"

int test_main(int argc, char **argv) {
    (void)argc; (void)argv;
    _Static_assert(sizeof(struct k_epoll_event) == 12, "packed epoll_event");
    int ep = (int)sys_epoll_create1(K_EPOLL_CLOEXEC);
    check("epoll_create1", ep >= 0);
    int old = (int)sys_epoll_create(1);
    check("epoll_create", old >= 0);
    report("epoll_create zero", sys_epoll_create(0));
    report("epoll_create1 bad flags", sys_epoll_create1(1));

    int p[2], q[2];
    sys_pipe2(p, 0);
    sys_pipe2(q, 0);
    struct k_epoll_event ev = { K_EPOLLIN, 0x1122334455667788ull };
    report("ctl add", sys_epoll_ctl(ep, K_EPOLL_CTL_ADD, p[0], &ev));
    ev.events = K_EPOLLIN | K_EPOLLET;
    ev.data = 0xdeadbeefcafef00dull;
    report("ctl add et", sys_epoll_ctl(ep, K_EPOLL_CTL_ADD, q[0], &ev));
    report("ctl add again", sys_epoll_ctl(ep, K_EPOLL_CTL_ADD, p[0], &ev));

    struct k_epoll_event out[4];
    t_memset(out, 0, sizeof out);
    report("wait none", sys_epoll_wait(ep, out, 4, 0));
    report("wait timeout", sys_epoll_wait(ep, out, 4, 10));
    sys_write(p[1], "a", 1);
    report("wait one", sys_epoll_wait(ep, out, 4, 1000));
    report("events", out[0].events);
    check("data round trip", out[0].data == 0x1122334455667788ull);
    /* Level-triggered: still ready. */
    report("wait again", sys_epoll_wait(ep, out, 4, 0));
    /* Edge-triggered: reported once per write. */
    sys_write(q[1], "b", 1);
    t_memset(out, 0, sizeof out);
    long n = sys_epoll_wait(ep, out, 4, 0);
    report("wait both", n);
    int saw_et = 0;
    for (long i = 0; i < n; i++) if (out[i].data == 0xdeadbeefcafef00dull) saw_et = 1;
    check("edge data", saw_et);
    t_memset(out, 0, sizeof out);
    report("wait et quiet", sys_epoll_wait(ep, out, 4, 0));
    check("only level one", out[0].data == 0x1122334455667788ull);
    /* maxevents limits the batch. */
    sys_write(q[1], "c", 1);
    report("wait max 1", sys_epoll_wait(ep, out, 1, 0));

    /* MOD to one-shot with new data, DEL. */
    ev.events = K_EPOLLIN | K_EPOLLONESHOT;
    ev.data = 42;
    report("ctl mod", sys_epoll_ctl(ep, K_EPOLL_CTL_MOD, p[0], &ev));
    report("ctl del et", sys_epoll_ctl(ep, K_EPOLL_CTL_DEL, q[0], BAD_PTR));
    report("oneshot", sys_epoll_wait(ep, out, 4, 0));
    report("oneshot data", (long)out[0].data);
    report("oneshot disarmed", sys_epoll_wait(ep, out, 4, 0));

    /* epoll_pwait with and without a mask. */
    ev.events = K_EPOLLIN; ev.data = 7;
    sys_epoll_ctl(ep, K_EPOLL_CTL_MOD, p[0], &ev);
    uint64_t mask = 0;
    report("pwait mask", sys_epoll_pwait(ep, out, 4, 0, &mask, 8));
    report("pwait data", (long)out[0].data);
    report("pwait no mask", sys_epoll_pwait(ep, out, 4, 0, 0, 0));
    report("pwait bad size", sys_epoll_pwait(ep, out, 4, 0, &mask, 16));
    report("pwait bad mask", sys_epoll_pwait(ep, out, 4, 0, BAD_PTR, 8));

    /* Errors. */
    report("wait zero max", sys_epoll_wait(ep, out, 0, 0));
    report("wait huge max", sys_epoll_wait(ep, out, 0x7fffffff, 0));
    report("wait bad fd", sys_epoll_wait(999, out, 4, 0));
    report("wait not epoll", sys_epoll_wait(p[0], out, 4, 0));
    report("wait bad events (ready)", sys_epoll_wait(ep, BAD_PTR, 4, 0));
    report("ctl bad event", sys_epoll_ctl(ep, K_EPOLL_CTL_ADD, q[0], BAD_PTR));
    report("ctl bad op", sys_epoll_ctl(ep, 99, q[0], &ev));
    report("ctl del missing", sys_epoll_ctl(ep, K_EPOLL_CTL_DEL, q[0], 0));
    report("ctl self", sys_epoll_ctl(ep, K_EPOLL_CTL_ADD, ep, &ev));
    report("ctl bad fd", sys_epoll_ctl(ep, K_EPOLL_CTL_ADD, 999, &ev));
    report("ctl on non-epoll", sys_epoll_ctl(p[0], K_EPOLL_CTL_ADD, q[0], &ev));

    /* eventfd: a counter. */
    int e = (int)sys_eventfd2(3, K_EFD_NONBLOCK);
    check("eventfd2", e >= 0);
    uint64_t v = 0;
    report("read counter", sys_read(e, &v, 8));
    report("counter", (long)v);
    report("read empty", sys_read(e, &v, 8));
    v = 5;
    sys_write(e, &v, 8);
    v = 6;
    sys_write(e, &v, 8);
    report("read sum", sys_read(e, &v, 8));
    report("sum", (long)v);
    report("read short", sys_read(e, &v, 4));
    v = ~0ull;
    report("write max", sys_write(e, &v, 8));
    /* In an epoll set. */
    ev.events = K_EPOLLIN; ev.data = 99;
    sys_epoll_ctl(old, K_EPOLL_CTL_ADD, e, &ev);
    report("eventfd not ready", sys_epoll_wait(old, out, 4, 0));
    v = 1;
    sys_write(e, &v, 8);
    report("eventfd ready", sys_epoll_wait(old, out, 4, 0));
    report("eventfd data", (long)out[0].data);
    /* EFD_SEMAPHORE: each read takes one. */
    int sem = (int)sys_eventfd2(2, K_EFD_SEMAPHORE | K_EFD_NONBLOCK | K_EFD_CLOEXEC);
    report("sem read 1", sys_read(sem, &v, 8));
    report("sem value 1", (long)v);
    report("sem read 2", sys_read(sem, &v, 8));
    report("sem value 2", (long)v);
    report("sem read 3", sys_read(sem, &v, 8));
    int plain = (int)sys_eventfd(0);
    check("eventfd", plain >= 0);
    v = 9;
    sys_write(plain, &v, 8);
    struct k_pollfd pf = { plain, K_POLLIN, 0 };
    report("poll eventfd", sys_poll(&pf, 1, 0));
    report("eventfd2 bad flags", sys_eventfd2(0, 0x10));
    return t_failures;
}
