// gmtime/localtime/mktime/timegm/strftime/strptime with TZ=UTC and a POSIX TZ rule.
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/time.h>
#include <stddef.h>

// %Z of a gmtime result is "GMT" in glibc, "UTC" in musl: only local times print it.
static void show(const char *label, const struct tm *tm) {
    char buf[256];
    strftime(buf, sizeof buf, "%a %A %b %B %d %e %H %I %j %m %M %p %S %u %U %V %w %W %y %Y %G %g %C %z", tm);
    printf("%s: %s\n", label, buf);
    strftime(buf, sizeof buf, "%c | %x | %X | %D | %F | %T | %R | %r | %h | %n%t| %%", tm);
    printf("%s: %s\n", label, buf);
}

int main(void) {
    printf("TZ=%s\n", getenv("TZ"));
    tzset();
    time_t stamps[] = {0, 86399, 951782400, 1700000000, 2147483647, 2147483648LL, -1, -86400 * 365LL, 4102444800LL};
    for (size_t i = 0; i < sizeof stamps / sizeof *stamps; i++) {
        struct tm g, l;
        gmtime_r(&stamps[i], &g);
        localtime_r(&stamps[i], &l);
        char label[32];
        snprintf(label, sizeof label, "%lld", (long long)stamps[i]);
        show(label, &g);
        strftime(label, sizeof label, "%Z %z", &l);
        printf("  local zone %s\n", label);
        printf("  local equal %d, yday %d wday %d isdst %d gmtoff %ld, timegm %lld mktime %lld\n",
               memcmp(&g, &l, offsetof(struct tm, tm_isdst)) == 0, g.tm_yday, g.tm_wday, l.tm_isdst, l.tm_gmtoff,
               (long long)timegm(&g), (long long)mktime(&l));
    }
    // mktime normalizes out-of-range fields
    struct tm t = {.tm_year = 124, .tm_mon = 13, .tm_mday = 35, .tm_hour = 25, .tm_min = 61, .tm_sec = 61, .tm_isdst = -1};
    time_t mt = mktime(&t);
    show("normalized", &t);
    printf("mktime %lld\n", (long long)mt);
    char *a = asctime(gmtime(&(time_t){1234567890}));
    printf("asctime %s", a);
    printf("ctime %s", ctime(&(time_t){1234567890}));
    printf("difftime %.1f\n", difftime(100, 40));

    // strptime
    struct tm p = {0};
    char *end = strptime("2024-02-29 13:45:10 rest", "%Y-%m-%d %H:%M:%S", &p);
    printf("strptime rest '%s' %d-%d-%d %d:%d:%d\n", end ? end : "(null)", p.tm_year, p.tm_mon, p.tm_mday, p.tm_hour, p.tm_min, p.tm_sec);
    memset(&p, 0, sizeof p);
    end = strptime("Tue, 05 Mar 2019", "%a, %d %b %Y", &p);
    printf("strptime2 %d %d %d %d\n", end != NULL, p.tm_year, p.tm_mon, p.tm_mday);

    // A POSIX TZ rule (no tz database needed): US Eastern time with DST.
    setenv("TZ", "EST5EDT,M3.2.0,M11.1.0", 1);
    tzset();
    time_t summer = 1720000000, winter = 1700000000;
    struct tm ls, lw;
    char tzbuf[64];
    localtime_r(&summer, &ls);
    localtime_r(&winter, &lw);
    show("summer", &ls);
    strftime(tzbuf, sizeof tzbuf, "%Z %z", &ls);
    printf("zones %s", tzbuf);
    strftime(tzbuf, sizeof tzbuf, " | %Z %z\n", &lw);
    printf("%s", tzbuf);
    show("winter", &lw);
    printf("tzname %s %s daylight %d timezone %ld\n", tzname[0], tzname[1], daylight, timezone);
    printf("mktime back %d %d\n", mktime(&ls) == summer, mktime(&lw) == winter);
    setenv("TZ", "UTC", 1);
    tzset();

    // clocks: only sanity comparisons
    struct timespec a1, a2, r1;
    clock_gettime(CLOCK_MONOTONIC, &a1);
    struct timespec nap = {0, 20 * 1000 * 1000};
    nanosleep(&nap, NULL);
    clock_gettime(CLOCK_MONOTONIC, &a2);
    long long ns = (a2.tv_sec - a1.tv_sec) * 1000000000LL + (a2.tv_nsec - a1.tv_nsec);
    printf("monotonic advanced by >= 20ms: %d\n", ns >= 20000000);
    clock_gettime(CLOCK_REALTIME, &r1);
    struct timeval tv;
    gettimeofday(&tv, NULL);
    printf("realtime plausible %d, gettimeofday consistent %d, time() consistent %d\n", r1.tv_sec > 1600000000,
           tv.tv_sec - r1.tv_sec < 5, time(NULL) - r1.tv_sec < 5);
    printf("clock() nonnegative %d\n", clock() >= 0);
    struct timespec res;
    printf("clock_getres ok %d\n", clock_getres(CLOCK_MONOTONIC, &res) == 0 && res.tv_sec == 0 && res.tv_nsec > 0);
    return 0;
}
