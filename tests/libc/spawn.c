// posix_spawn/posix_spawnp with file actions, attributes and environments.
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <unistd.h>
#include <sys/wait.h>

extern char **environ;

int main(void) {
    pid_t pid;
    int st;
    char *a1[] = {"sh", "-c", "echo spawned $0 with X=$X; exit 4", "arg0", NULL};
    char *env[] = {"X=custom", "PATH=/usr/bin:/bin", NULL};
    fflush(stdout);
    int rc = posix_spawn(&pid, "/bin/sh", NULL, NULL, a1, env);
    waitpid(pid, &st, 0);
    printf("posix_spawn %d status %d\n", rc, WEXITSTATUS(st));

    char *a2[] = {"echo", "spawnp", "found", "echo", NULL};
    fflush(stdout);
    rc = posix_spawnp(&pid, "echo", NULL, NULL, a2, environ);
    waitpid(pid, &st, 0);
    printf("posix_spawnp %d status %d\n", rc, WEXITSTATUS(st));

    // file actions: stdout to a file, then read it back
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, "spawn-out.txt", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&fa, 1, 2);
    char *a3[] = {"sh", "-c", "echo to-file; echo to-stderr >&2", NULL};
    rc = posix_spawn(&pid, "/bin/sh", &fa, NULL, a3, environ);
    waitpid(pid, &st, 0);
    posix_spawn_file_actions_destroy(&fa);
    FILE *f = fopen("spawn-out.txt", "r");
    char line[64];
    printf("file actions %d:", rc);
    while (f && fgets(line, sizeof line, f)) printf(" %s", strtok(line, "\n"));
    printf("\n");
    if (f) fclose(f);

    // a pipe to the child through adddup2 + addclose
    int p[2];
    pipe(p);
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, p[1], 1);
    posix_spawn_file_actions_addclose(&fa, p[0]);
    posix_spawn_file_actions_addclose(&fa, p[1]);
    char *a4[] = {"sh", "-c", "echo through pipe", NULL};
    rc = posix_spawn(&pid, "/bin/sh", &fa, NULL, a4, environ);
    close(p[1]);
    ssize_t n = read(p[0], line, sizeof line);
    close(p[0]);
    waitpid(pid, &st, 0);
    posix_spawn_file_actions_destroy(&fa);
    printf("pipe %d: %.*s", rc, (int)n, line);

    // attributes: signal mask and default signals
    posix_spawnattr_t at;
    posix_spawnattr_init(&at);
    sigset_t def;
    sigemptyset(&def);
    sigaddset(&def, SIGTERM);
    signal(SIGTERM, SIG_IGN);
    posix_spawnattr_setsigdefault(&at, &def);
    posix_spawnattr_setflags(&at, POSIX_SPAWN_SETSIGDEF);
    char *a5[] = {"sh", "-c", "kill -TERM $$; exit 0", NULL};
    rc = posix_spawn(&pid, "/bin/sh", NULL, &at, a5, environ);
    waitpid(pid, &st, 0);
    printf("setsigdef %d: killed by SIGTERM %d\n", rc, WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM);
    posix_spawnattr_destroy(&at);
    rc = posix_spawn(&pid, "/bin/sh", NULL, NULL, a5, environ);
    waitpid(pid, &st, 0);
    printf("inherited SIG_IGN %d: exited %d\n", rc, WIFEXITED(st) && WEXITSTATUS(st) == 0);
    signal(SIGTERM, SIG_DFL);

    // failures are reported as the return value
    char *a6[] = {"nothing", NULL};
    rc = posix_spawn(&pid, "/no/such/program", NULL, NULL, a6, environ);
    printf("missing program -> ENOENT %d\n", rc == ENOENT);
    if (rc == 0) waitpid(pid, &st, 0);
    rc = posix_spawnp(&pid, "no-such-program-anywhere", NULL, NULL, a6, environ);
    printf("spawnp missing -> ENOENT %d\n", rc == ENOENT);
    if (rc == 0) waitpid(pid, &st, 0);
    return 0;
}
