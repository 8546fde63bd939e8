// --max-procs 3 counts the guest's fork tree: this process and two more; the next fork fails
// with EAGAIN, in a child as in the parent; a process killed by SIGKILL gives its place back.
// WALI-ARGS: --max-procs 3
#include "policy_rules.h"
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

static int gate[2];

/// A child that waits until the gate closes (or it is killed).
static pid_t sleeper(void) {
    pid_t pid = fork();
    if (pid == 0) {
        close(gate[1]);
        char c;
        read(gate[0], &c, 1);
        _exit(0);
    }
    return pid;
}

int main(void) {
    pipe(gate);
    // A child's own children count in the same tree: with it, one grandchild fills it.
    pid_t b = fork();
    if (b == 0) {
        pid_t g = sleeper();
        errno = 0;
        pid_t again = fork();
        if (again == 0) _exit(0);
        _exit(g > 0 && again == -1 && errno == EAGAIN ? 0 : 1);
    }
    int status = 0;
    EXPECT_TRUE(waitpid(b, &status, 0) == b && WIFEXITED(status) && WEXITSTATUS(status) == 0);
    // Now: this process and the grandchild (orphaned, still waiting).
    pid_t a = sleeper();
    EXPECT_OK(a);
    EXPECT_ERRNO(fork(), EAGAIN);
    // SIGKILL: no chance to clean up, and still the place is free again.
    EXPECT_OK(kill(a, SIGKILL));
    EXPECT_TRUE(waitpid(a, &status, 0) == a && WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
    pid_t c = sleeper();
    EXPECT_OK(c);
    EXPECT_ERRNO(fork(), EAGAIN);
    close(gate[1]);
    EXPECT_TRUE(waitpid(c, &status, 0) == c && WIFEXITED(status));
    return finish();
}
