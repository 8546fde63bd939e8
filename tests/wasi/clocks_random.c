/* Clocks (realtime, monotonic, CPU time), sleeping, poll_oneoff with clock subscriptions,
 * random_get. Times are checked against bounds, never printed. */
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <wasi/api.h>

static long long ns(clockid_t c) {
    struct timespec ts;
    if (clock_gettime(c, &ts) != 0) return -1;
    return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(void) {
    printf("realtime after 2020: %d\n", ns(CLOCK_REALTIME) > 1577836800LL * 1000000000LL);
    long long m0 = ns(CLOCK_MONOTONIC);
    printf("monotonic positive: %d\n", m0 > 0);
    printf("process cputime readable: %d\n", ns(CLOCK_PROCESS_CPUTIME_ID) >= 0);
    struct timespec res;
    printf("monotonic resolution > 0: %d\n", clock_getres(CLOCK_MONOTONIC, &res) == 0 && (res.tv_sec > 0 || res.tv_nsec > 0));

    struct timespec nap = {0, 20 * 1000000};
    nanosleep(&nap, NULL);
    long long m1 = ns(CLOCK_MONOTONIC);
    printf("nanosleep 20ms slept >= 20ms: %d\n", m1 - m0 >= 20000000LL);

    /* poll() with no descriptors is a clock subscription. */
    long long p0 = ns(CLOCK_MONOTONIC);
    int r = poll(NULL, 0, 15);
    printf("poll(0 fds, 15ms) = %d, waited >= 15ms: %d\n", r, ns(CLOCK_MONOTONIC) - p0 >= 15000000LL);

    /* Two relative clocks: the earlier one fires alone. */
    __wasi_subscription_t subs[2];
    memset(subs, 0, sizeof subs);
    subs[0].userdata = 111;
    subs[0].u.tag = __WASI_EVENTTYPE_CLOCK;
    subs[0].u.u.clock.id = __WASI_CLOCKID_MONOTONIC;
    subs[0].u.u.clock.timeout = 500 * 1000000ULL;
    subs[1].userdata = 222;
    subs[1].u.tag = __WASI_EVENTTYPE_CLOCK;
    subs[1].u.u.clock.id = __WASI_CLOCKID_MONOTONIC;
    subs[1].u.u.clock.timeout = 5 * 1000000ULL;
    __wasi_event_t events[2];
    __wasi_size_t nevents = 0;
    __wasi_errno_t e = __wasi_poll_oneoff(subs, events, 2, &nevents);
    printf("poll_oneoff two clocks: errno=%d nevents=%u userdata=%llu type=%d error=%d\n", e, (unsigned)nevents,
           (unsigned long long)events[0].userdata, events[0].type, events[0].error);

    /* An absolute realtime deadline already past fires at once. */
    subs[0].userdata = 333;
    subs[0].u.u.clock.id = __WASI_CLOCKID_REALTIME;
    subs[0].u.u.clock.timeout = 1000;
    subs[0].u.u.clock.flags = __WASI_SUBCLOCKFLAGS_SUBSCRIPTION_CLOCK_ABSTIME;
    e = __wasi_poll_oneoff(subs, events, 1, &nevents);
    printf("poll_oneoff past absolute: errno=%d nevents=%u userdata=%llu\n", e, (unsigned)nevents, (unsigned long long)events[0].userdata);

    /* No subscriptions at all is invalid. */
    e = __wasi_poll_oneoff(subs, events, 0, &nevents);
    printf("poll_oneoff none: errno=%d (EINVAL=%d)\n", e, __WASI_ERRNO_INVAL);

    __wasi_timestamp_t t;
    printf("clock_time_get(THREAD_CPUTIME): errno=%d\n", __wasi_clock_time_get(__WASI_CLOCKID_THREAD_CPUTIME_ID, 1, &t));

    unsigned char a[64], b[64];
    memset(a, 0, sizeof a);
    memset(b, 0, sizeof b);
    printf("getentropy: %d %d\n", getentropy(a, sizeof a), getentropy(b, sizeof b));
    int zero = 1;
    for (int i = 0; i < 64; i++) if (a[i]) zero = 0;
    printf("random not all zero: %d, two draws differ: %d\n", !zero, memcmp(a, b, sizeof a) != 0);
    printf("random_get 0 bytes: errno=%d\n", __wasi_random_get(a, 0));
    return 0;
}
