#include "wali_test.h"
/* Clocks, gettimeofday, nanosleep, clock_nanosleep, timerfd. */
#define CLOCK_REALTIME 0
#define CLOCK_MONOTONIC 1
#define CLOCK_THREAD_CPUTIME_ID 3
#define TIMER_ABSTIME 1
struct k_itimerspec { struct k_timespec it_interval, it_value; };

static long ns(struct k_timespec t) { return t.tv_sec * 1000000000L + t.tv_nsec; }
static long now(int clock) { struct k_timespec t; sys_clock_gettime(clock, &t); return ns(t); }

int test_main(int argc, char **argv) {
    (void)argc; (void)argv;
    struct k_timespec a, b, r;
    report("clock_gettime monotonic", sys_clock_gettime(CLOCK_MONOTONIC, &a));
    sys_clock_gettime(CLOCK_MONOTONIC, &b);
    check("monotonic does not go back", ns(b) >= ns(a));
    check("nsec in range", a.tv_nsec >= 0 && a.tv_nsec < 1000000000L);
    report("clock_gettime bad clock", sys_clock_gettime(999, &a));
    report("clock_gettime bad pointer", sys_clock_gettime(CLOCK_REALTIME, BAD_PTR));
    report("clock_gettime NULL", sys_clock_gettime(CLOCK_REALTIME, 0));
    report("clock_getres", sys_clock_getres(CLOCK_MONOTONIC, &r));
    check("resolution under a second", r.tv_sec == 0 && r.tv_nsec > 0);
    report("clock_getres NULL", sys_clock_getres(CLOCK_MONOTONIC, 0));
    report("clock_getres bad clock", sys_clock_getres(999, &r));
    report("clock_getres bad pointer", sys_clock_getres(CLOCK_MONOTONIC, BAD_PTR));

    struct k_timeval tv;
    struct { int minuteswest, dsttime; } tz;
    report("gettimeofday", sys_gettimeofday(&tv, &tz));
    sys_clock_gettime(CLOCK_REALTIME, &a);
    check("gettimeofday agrees with realtime", a.tv_sec - tv.tv_sec >= 0 && a.tv_sec - tv.tv_sec <= 2);
    check("usec in range", tv.tv_usec >= 0 && tv.tv_usec < 1000000);
    report("gettimeofday NULL NULL", sys_gettimeofday(0, 0));
    report("gettimeofday bad tv", sys_gettimeofday(BAD_PTR, 0));
    report("gettimeofday bad tz", sys_gettimeofday(&tv, BAD_PTR));

    struct k_timespec req = {0, 20 * 1000000L}, rem = {7, 7};
    long t0 = now(CLOCK_MONOTONIC);
    report("nanosleep 20ms", sys_nanosleep(&req, &rem));
    check("slept at least 20ms", now(CLOCK_MONOTONIC) - t0 >= 20 * 1000000L);
    check("rem untouched on success", rem.tv_sec == 7 && rem.tv_nsec == 7);
    report("nanosleep NULL rem", sys_nanosleep(&req, 0));
    struct k_timespec bad1 = {0, 1000000000L}, bad2 = {-1, 0}, zero = {0, 0};
    report("nanosleep nsec too big", sys_nanosleep(&bad1, 0));
    report("nanosleep negative", sys_nanosleep(&bad2, 0));
    report("nanosleep bad req", sys_nanosleep(BAD_PTR, 0));
    report("nanosleep NULL req", sys_nanosleep(0, 0));
    report("nanosleep zero", sys_nanosleep(&zero, 0));

    t0 = now(CLOCK_MONOTONIC);
    report("clock_nanosleep relative", sys_clock_nanosleep(CLOCK_MONOTONIC, 0, &req, &rem));
    check("relative slept", now(CLOCK_MONOTONIC) - t0 >= 20 * 1000000L);
    struct k_timespec until;
    sys_clock_gettime(CLOCK_MONOTONIC, &until);
    until.tv_nsec += 15 * 1000000L;
    if (until.tv_nsec >= 1000000000L) { until.tv_sec++; until.tv_nsec -= 1000000000L; }
    report("clock_nanosleep absolute", sys_clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &until, 0));
    check("absolute deadline reached", now(CLOCK_MONOTONIC) >= ns(until));
    report("clock_nanosleep past deadline", sys_clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &zero, 0));
    report("clock_nanosleep bad clock", sys_clock_nanosleep(999, 0, &req, 0));
    report("clock_nanosleep thread cputime", sys_clock_nanosleep(CLOCK_THREAD_CPUTIME_ID, 0, &req, 0));
    report("clock_nanosleep bad req", sys_clock_nanosleep(CLOCK_MONOTONIC, 0, BAD_PTR, 0));

    int fd = (int)sys_timerfd_create(CLOCK_MONOTONIC, 0);
    check("timerfd_create", fd >= 0);
    struct k_itimerspec its = {{0, 0}, {0, 10 * 1000000L}}, old = {{9, 9}, {9, 9}};
    report("timerfd_settime", sys_timerfd_settime(fd, 0, &its, &old));
    check("old value was disarmed", old.it_value.tv_sec == 0 && old.it_value.tv_nsec == 0);
    unsigned long long expirations = 0;
    report("read timerfd", sys_read(fd, &expirations, 8));
    report("expirations", (long)expirations);
    struct k_itimerspec longer = {{0, 0}, {100, 0}};
    sys_timerfd_settime(fd, 0, &longer, 0);
    report("settime returns old", sys_timerfd_settime(fd, 0, &its, &old));
    check("old value armed", old.it_value.tv_sec > 90 && old.it_value.tv_sec <= 100);
    struct k_itimerspec badts = {{0, 0}, {0, 2000000000L}};
    report("timerfd_settime bad nsec", sys_timerfd_settime(fd, 0, &badts, 0));
    report("timerfd_settime bad pointer", sys_timerfd_settime(fd, 0, BAD_PTR, 0));
    report("timerfd_settime bad old pointer", sys_timerfd_settime(fd, 0, &its, BAD_PTR));
    report("timerfd_settime bad fd", sys_timerfd_settime(99, 0, &its, 0));
    report("timerfd_settime not a timerfd", sys_timerfd_settime(1, 0, &its, 0));
    report("timerfd_create bad clock", sys_timerfd_create(999, 0));
    report("timerfd_create bad flags", sys_timerfd_create(CLOCK_MONOTONIC, 1));
    int nb = (int)sys_timerfd_create(CLOCK_REALTIME, 04000 | 02000000);
    check("timerfd_create nonblock cloexec", nb >= 0);
    report("read unarmed nonblocking", sys_read(nb, &expirations, 8));
    sys_close(nb);
    sys_close(fd);
    return t_failures ? 1 : 0;
}
