// --exec wasm (the sandbox default): a native executable and a script fail with EACCES; a WALI
// module runs, under the same policy: the child tries what the policy denies (an IPv4 socket),
// even when the argv and environment it was given try to change the engine's options.
// WALI-ARGS: --sandbox --dir {scratch} --ro-dir {out}
#include "policy_rules.h"
#include <fcntl.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static int child(int argc, char **argv) {
    // Run by the engine from the parent's execve: the policy must hold here too, and the
    // option-like arguments are the guest's, untouched.
    EXPECT_TRUE(argc == 7 && strcmp(argv[1], "--net") == 0 && strcmp(argv[2], "all") == 0 && strcmp(argv[5], "--") == 0);
    EXPECT_ERRNO(socket(AF_INET, SOCK_STREAM, 0), EACCES);
    const char *preload = getenv("LD_PRELOAD");
    EXPECT_TRUE(preload && strcmp(preload, "/nonexistent/wali-escape.so") == 0);
    EXPECT_TRUE(getenv("WALI_POLICY") && strcmp(getenv("WALI_POLICY"), "/dev/null") == 0);
    return finish();
}

static int run(const char *path, char *const argv[], char *const envp[]) {
    pid_t pid = fork();
    if (pid == 0) {
        execve(path, argv, envp);
        _exit(errno == EACCES ? 77 : 78);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int main(int argc, char **argv) {
    if (argc > 1 && strcmp(argv[argc - 1], "child") == 0) return child(argc, argv);
    char *const no_env[] = {0};
    EXPECT_ERRNO(execve("/bin/true", (char *const[]){"true", 0}, no_env), EACCES);
    int fd = open("script.sh", O_WRONLY | O_CREAT | O_TRUNC, 0755);
    EXPECT_OK(fd);
    EXPECT_OK(write(fd, "#!/bin/sh\nexit 0\n", 17));
    close(fd);
    EXPECT_ERRNO(execve("./script.sh", (char *const[]){"script.sh", 0}, no_env), EACCES);
    // Outside the grants a path is refused before it is looked up (EACCES, SECURITY.md); a
    // missing file inside a grant gives the error its lookup gives.
    EXPECT_ERRNO(execve("/nonexistent/prog", (char *const[]){"prog", 0}, no_env), EACCES);
    EXPECT_ERRNO(execve("./nonexistent-prog", (char *const[]){"prog", 0}, no_env), ENOENT);
    // The module itself, with argv that looks like engine options and an environment that
    // names a preload library and another policy: the child still runs confined.
    char *const child_argv[] = {"--net", "--net", "all", "--exec", "any", "--", "child", 0};
    char *const child_env[] = {"LD_PRELOAD=/nonexistent/wali-escape.so", "WALI_POLICY=/dev/null", "WALI_TIER=bogus", 0};
    EXPECT_TRUE(run(argv[0], child_argv, child_env) == 0);
    return finish();
}
