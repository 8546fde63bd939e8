// setjmp/longjmp and sigsetjmp/siglongjmp, including jumps out of a signal handler.
#include <stdio.h>
#include <setjmp.h>
#include <signal.h>
#include <string.h>

static jmp_buf env;
static int depth_reached;

static void dive(int depth) {
    char pad[64];
    memset(pad, depth, sizeof pad);
    depth_reached = depth;
    if (depth == 50) longjmp(env, depth);
    dive(depth + 1);
    if (pad[0] != depth) printf("stack corrupted\n");
}

static jmp_buf inner_env, outer_env;
static void inner(void) { longjmp(inner_env, 1); }
static void nested(void) {
    if (setjmp(inner_env) == 0) { inner(); printf("not reached\n"); }
    else { printf("inner caught\n"); longjmp(outer_env, 2); }
}

static sigjmp_buf senv;
static volatile sig_atomic_t handled;
static void on_usr1(int sig) { handled = sig; siglongjmp(senv, 7); }

static int blocked(int sig) {
    sigset_t cur;
    sigprocmask(SIG_BLOCK, NULL, &cur);
    return sigismember(&cur, sig);
}

int main(void) {
    volatile int local = 1;
    int r = setjmp(env);
    if (r == 0) {
        local = 2;
        dive(0);
        printf("not reached\n");
    }
    printf("longjmp returned %d, depth %d, local %d\n", r, depth_reached, local);

    r = setjmp(env);
    if (r == 0) longjmp(env, 0);
    printf("longjmp(0) gives %d\n", r);

    r = setjmp(outer_env);
    if (r == 0) nested();
    printf("outer caught %d\n", r);

    // many jumps from a loop
    volatile int count = 0;
    r = setjmp(env);
    if (count < 1000) { count++; longjmp(env, count); }
    printf("looped %d times, last value %d\n", count, r);

    // sigsetjmp with and without saving the mask
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR2);
    r = sigsetjmp(senv, 1);
    if (r == 0) {
        sigprocmask(SIG_BLOCK, &set, NULL);
        printf("blocked before jump %d\n", blocked(SIGUSR2));
        siglongjmp(senv, 3);
    }
    printf("sigsetjmp(1) returned %d, mask restored %d\n", r, !blocked(SIGUSR2));
    r = sigsetjmp(senv, 0);
    if (r == 0) {
        sigprocmask(SIG_BLOCK, &set, NULL);
        siglongjmp(senv, 4);
    }
    printf("sigsetjmp(0) returned %d, still blocked %d\n", r, blocked(SIGUSR2));
    sigprocmask(SIG_UNBLOCK, &set, NULL);

    // out of a signal handler: the handler's mask (SIGUSR1 blocked) is undone by siglongjmp
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_usr1;
    sigaction(SIGUSR1, &sa, NULL);
    for (int i = 0; i < 3; i++) {
        r = sigsetjmp(senv, 1);
        if (r == 0) { raise(SIGUSR1); printf("not reached\n"); }
        printf("jumped out of handler: %d, signal %d, SIGUSR1 unblocked %d\n", r, handled, !blocked(SIGUSR1));
    }
    return 0;
}
