// A signal that arrives while the program computes (no system calls) is handled before a later
// sigprocmask blocks it, as the kernel delivers it at once. (bash's `wait -n` hung when SIGCHLD
// was held back until after its critical section.)
// TIMEOUT: 30
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <unistd.h>

static volatile sig_atomic_t handled;
static atomic_int sent;

static void on_usr1(int sig) { (void)sig; handled++; }

static void *sender(void *arg) {
    (void)arg;
    kill(getpid(), SIGUSR1);  // the main thread is the only one that does not block it
    atomic_store(&sent, 1);
    return NULL;
}

int main(void) {
    signal(SIGUSR1, on_usr1);
    sigset_t usr1;
    sigemptyset(&usr1);
    sigaddset(&usr1, SIGUSR1);
    for (int round = 0; round < 3; round++) {
        handled = 0;
        atomic_store(&sent, 0);
        pthread_sigmask(SIG_BLOCK, &usr1, NULL);  // the new thread inherits the blocked mask
        pthread_t t;
        pthread_create(&t, NULL, sender, NULL);
        pthread_sigmask(SIG_UNBLOCK, &usr1, NULL);
        // Compute until the signal has surely been sent, without a system call.
        while (!atomic_load(&sent)) {}
        for (volatile int i = 0; i < 200000; i++) {}
        sigprocmask(SIG_BLOCK, &usr1, NULL);
        int before = handled;
        sigprocmask(SIG_UNBLOCK, &usr1, NULL);
        printf("round %d: handled before the block %d, after unblocking %d\n", round, before, (int)handled);
        pthread_join(t, NULL);
    }
    return 0;
}
