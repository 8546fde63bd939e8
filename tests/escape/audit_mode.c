// --policy-audit: what the policy would refuse is allowed, and logged on stderr.
// WALI-ARGS: --sandbox --max-threads 1 --policy-audit
// EXPECT-STDERR: wali: policy-audit: pid
// EXPECT-STDERR: would deny (EACCES): socket(family 2
// EXPECT-STDERR: would deny (EACCES): execve of '/bin/true'
// EXPECT-STDERR: would deny (EAGAIN): thread beyond --max-threads 1
#include "policy_rules.h"
#include <pthread.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

static void *nothing(void *arg) { return arg; }

int main(void) {
    EXPECT_OK(socket(AF_INET, SOCK_STREAM, 0));
    pthread_t t;
    EXPECT_TRUE(pthread_create(&t, 0, nothing, 0) == 0);
    EXPECT_TRUE(pthread_join(t, 0) == 0);
    pid_t pid = fork();
    if (pid == 0) {
        execve("/bin/true", (char *const[]){"true", 0}, (char *const[]){0});
        _exit(99);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    return finish();
}
