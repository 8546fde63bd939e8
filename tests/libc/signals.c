// signal/sigaction/raise/kill/alarm/sigprocmask/sigpending/sigsuspend; ends by dying of SIGTERM.
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <signal.h>
#include <unistd.h>
#include <sys/wait.h>
#include <sys/time.h>

static volatile sig_atomic_t count1, count2, alarms, last_code, last_signo, value_ok;
static void h1(int sig) { if (sig == SIGUSR1) count1++; }
static void h2(int sig, siginfo_t *si, void *uc) {
    (void)uc;
    count2++;
    last_signo = si->si_signo;
    last_code = si->si_code;
    value_ok = si->si_pid == getpid();
    (void)sig;
}
static void on_alarm(int sig) { (void)sig; alarms++; }

int main(void) {
    printf("signal returns SIG_DFL first %d\n", signal(SIGUSR1, h1) == SIG_DFL);
    raise(SIGUSR1);
    raise(SIGUSR1);
    printf("raise x2 -> handler ran %d\n", count1);
    printf("signal returns previous handler %d\n", signal(SIGUSR1, h1) == h1);

    struct sigaction sa, old;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = h2;
    sa.sa_flags = SA_SIGINFO;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGUSR2, &sa, NULL);
    kill(getpid(), SIGUSR2);
    printf("kill -> SA_SIGINFO handler %d signo %d code SI_USER %d pid ok %d\n", count2, last_signo, last_code == SI_USER, value_ok);
    raise(SIGUSR2);
    printf("raise -> code SI_TKILL %d\n", last_code == SI_TKILL);
    sigaction(SIGUSR2, NULL, &old);
    printf("sigaction query flags SA_SIGINFO %d handler same %d\n", (old.sa_flags & SA_SIGINFO) != 0, old.sa_sigaction == h2);

    // blocked signals stay pending until unblocked
    sigset_t set, pend, oldset;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    sigprocmask(SIG_BLOCK, &set, &oldset);
    raise(SIGUSR1);
    sigpending(&pend);
    printf("blocked: handler not run %d, pending %d\n", count1 == 2, sigismember(&pend, SIGUSR1));
    sigprocmask(SIG_SETMASK, &oldset, NULL);
    printf("unblocked: handler ran %d\n", count1 == 3);

    // SIG_IGN, SA_RESETHAND
    signal(SIGUSR1, SIG_IGN);
    raise(SIGUSR1);
    printf("ignored, count still %d\n", count1);
    sa.sa_flags = SA_SIGINFO | SA_RESETHAND;
    sigaction(SIGUSR2, &sa, NULL);
    raise(SIGUSR2);
    sigaction(SIGUSR2, NULL, &old);
    printf("SA_RESETHAND -> handler reset to default %d\n", old.sa_handler == SIG_DFL);

    // SIGPIPE ignored: write gives EPIPE
    signal(SIGPIPE, SIG_IGN);
    int p[2];
    pipe(p);
    close(p[0]);
    errno = 0;
    ssize_t w = write(p[1], "x", 1);
    printf("write to closed pipe %zd EPIPE %d\n", w, errno == EPIPE);
    close(p[1]);

    // alarm + pause, setitimer + sigsuspend
    signal(SIGALRM, on_alarm);
    alarm(1);
    pause();
    printf("alarm fired %d\n", alarms);
    printf("alarm(0) with none pending %u\n", alarm(0));
    sigemptyset(&set);
    sigaddset(&set, SIGALRM);
    sigprocmask(SIG_BLOCK, &set, &oldset);
    struct itimerval it = {.it_value = {0, 50000}};
    setitimer(ITIMER_REAL, &it, NULL);
    sigset_t waitmask;
    sigprocmask(SIG_BLOCK, NULL, &waitmask);
    sigdelset(&waitmask, SIGALRM);
    int rs = sigsuspend(&waitmask);
    printf("sigsuspend %d EINTR %d alarms %d\n", rs, errno == EINTR, alarms);
    sigprocmask(SIG_SETMASK, &oldset, NULL);

    // EINTR without SA_RESTART: a read interrupted by a signal
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm;
    sigaction(SIGALRM, &sa, NULL);
    pipe(p);
    it.it_value.tv_usec = 50000;
    setitimer(ITIMER_REAL, &it, NULL);
    char c;
    errno = 0;
    ssize_t rr = read(p[0], &c, 1);
    printf("read interrupted %zd EINTR %d alarms %d\n", rr, errno == EINTR, alarms);
    // with SA_RESTART the read continues and gets the byte the child writes later
    sa.sa_flags = SA_RESTART;
    sigaction(SIGALRM, &sa, NULL);
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) { usleep(200000); write(p[1], "z", 1); _exit(0); }
    setitimer(ITIMER_REAL, &it, NULL);
    rr = read(p[0], &c, 1);
    printf("restarted read %zd '%c' alarms %d\n", rr, c, alarms);
    waitpid(pid, NULL, 0);

    // invalid signals
    errno = 0;
    int kr = kill(getpid(), 999);
    printf("kill bad signal %d EINVAL %d\n", kr, errno == EINVAL);
    errno = 0;
    kr = sigaction(SIGKILL, &sa, NULL);
    printf("sigaction SIGKILL %d EINVAL %d\n", kr, errno == EINVAL);
    printf("kill(pid, 0) %d\n", kill(getpid(), 0));

    // a child killed by a signal; a child stopped and continued
    fflush(stdout);
    pid = fork();
    if (pid == 0) { for (;;) pause(); }
    kill(pid, SIGTERM);
    int st;
    waitpid(pid, &st, 0);
    printf("child signaled %d sig %d\n", WIFSIGNALED(st), WTERMSIG(st));
    pid = fork();
    if (pid == 0) { raise(SIGSEGV); _exit(0); }
    waitpid(pid, &st, 0);
    printf("child SIGSEGV %d\n", WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV);

    printf("psignal/strsignal: %s\n", strsignal(SIGINT));
    fflush(stdout);
    signal(SIGTERM, SIG_DFL);
    raise(SIGTERM);
    printf("not reached\n");
    return 0;
}
