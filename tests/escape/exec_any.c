// --exec any: native programs may be exec'd (they run outside the engine).
// WALI-ARGS: --sandbox --exec any
#include "policy_rules.h"
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
    pid_t pid = fork();
    if (pid == 0) {
        execve("/bin/sh", (char *const[]){"sh", "-c", "exit 7", 0}, (char *const[]){0});
        _exit(99);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 7);
    return finish();
}
