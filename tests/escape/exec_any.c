// --exec any: native programs may be exec'd (they run outside the engine), still only from the
// directory grants (Landlock lets the exec'd program read and run what the grants allow: the
// read-only /usr holds the shell, its loader and its libraries). Outside the grants: EACCES.
// WALI-ARGS: --sandbox --exec any --ro-dir /usr
#include "policy_rules.h"
#include <sys/wait.h>
#include <unistd.h>

static int run(const char *path) {
    pid_t pid = fork();
    if (pid == 0) {
        execve(path, (char *const[]){"sh", "-c", "exit 7", 0}, (char *const[]){0});
        _exit(errno == EACCES ? 13 : 99);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int main(void) {
    EXPECT_TRUE(run("/usr/bin/sh") == 7);
    EXPECT_TRUE(run("/bin/sh") == 13);   // /bin is not granted (a symlink to usr/bin on the host)
    return finish();
}
