#include "wali_test.h"
#include "wali_signal.h"
/* nanosleep interrupted by a signal handler: EINTR, with the time left in rem. */
#define ITIMER_REAL 0
static volatile int caught;
static void on_alarm(int sig) { (void)sig; caught++; }

static void install(void) { t_sigaction(K_SIGALRM, (void *)on_alarm, 0, 0); }

int test_main(int argc, char **argv) {
    (void)argc; (void)argv;
    install();
    struct k_timeval itv[2] = {{0, 0}, {0, 50000}}; /* one shot after 50 ms */
    report("setitimer", sys_setitimer(ITIMER_REAL, itv, 0));
    struct k_timespec req = {2, 0}, rem = {0, 0};
    report("nanosleep interrupted", sys_nanosleep(&req, &rem));
    report("handler ran", caught);
    check("rem positive", rem.tv_sec > 0 || rem.tv_nsec > 0);
    check("rem below request", rem.tv_sec < 2);
    check("rem above 1s", rem.tv_sec >= 1);
    report("setitimer again", sys_setitimer(ITIMER_REAL, itv, 0));
    struct k_timespec until, none = {0, 0};
    sys_clock_gettime(1, &until);
    until.tv_sec += 2;
    report("clock_nanosleep absolute interrupted", sys_clock_nanosleep(1, 1, &until, &none));
    check("absolute leaves rem alone", none.tv_sec == 0 && none.tv_nsec == 0);
    report("handler ran twice", caught);
    return t_failures ? 1 : 0;
}
