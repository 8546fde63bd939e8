// fork/exec/wait: exit statuses, pipes between parent and child, exec of this program and of
// /bin/sh, environment passed through execve, waitpid options.
// ARGS: parent
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <signal.h>
#include <unistd.h>
#include <sys/wait.h>

extern char **environ;

static int child_mode(int argc, char **argv) {
    printf("child argc %d args:", argc);
    for (int i = 1; i < argc; i++) printf(" [%s]", argv[i]);
    printf(" X=%s\n", getenv("X") ? getenv("X") : "(unset)");
    return 40 + argc;
}

int main(int argc, char **argv) {
    if (argc > 1 && !strcmp(argv[1], "child")) return child_mode(argc, argv);

    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) { printf("in child, parent matches %d\n", 1); fflush(stdout); _exit(7); }
    int st;
    pid_t w = waitpid(pid, &st, 0);
    printf("waitpid returned child %d exited %d status %d\n", w == pid, WIFEXITED(st), WEXITSTATUS(st));

    // getppid in the child is our pid; the child's pid differs
    int fds[2];
    pipe(fds);
    pid_t me = getpid();
    pid = fork();
    if (pid == 0) {
        close(fds[0]);
        char msg[64];
        int n = snprintf(msg, sizeof msg, "ppid ok %d, pid differs %d", getppid() == me, getpid() != me);
        write(fds[1], msg, n);
        _exit(0);
    }
    close(fds[1]);
    char buf[128];
    ssize_t n = read(fds[0], buf, sizeof buf);
    close(fds[0]);
    wait(NULL);
    printf("from child: %.*s\n", (int)n, buf);

    // memory is copied, not shared
    static int shared = 1;
    fflush(stdout);
    pid = fork();
    if (pid == 0) { shared = 99; _exit(shared); }
    waitpid(pid, &st, 0);
    printf("child saw its own copy %d, parent value %d\n", WEXITSTATUS(st), shared);

    // exec this program with arguments and an environment
    fflush(stdout);
    pid = fork();
    if (pid == 0) {
        char *args[] = {argv[0], "child", "a b", "", "last", NULL};
        char *envp[] = {"X=from-execve", "PATH=/usr/bin:/bin", NULL};
        execve(argv[0], args, envp);
        _exit(127);
    }
    waitpid(pid, &st, 0);
    printf("exec self: status %d\n", WEXITSTATUS(st));
    setenv("X", "inherited", 1);
    fflush(stdout);
    pid = fork();
    if (pid == 0) { execl(argv[0], argv[0], "child", (char *)NULL); _exit(127); }
    waitpid(pid, &st, 0);
    printf("execl self: status %d\n", WEXITSTATUS(st));

    // exec a host program through PATH
    fflush(stdout);
    pid = fork();
    if (pid == 0) { execlp("sh", "sh", "-c", "echo sh says $X; exit 3", (char *)NULL); _exit(127); }
    waitpid(pid, &st, 0);
    printf("execlp sh: status %d\n", WEXITSTATUS(st));
    fflush(stdout);
    pid = fork();
    if (pid == 0) { char *a[] = {"echo", "via", "execvp", NULL}; execvp("echo", a); _exit(127); }
    waitpid(pid, &st, 0);
    printf("execvp echo: status %d\n", WEXITSTATUS(st));

    // exec failures
    errno = 0;
    int rc = execl("./does-not-exist", "x", (char *)NULL);
    printf("exec missing %d ENOENT %d\n", rc, errno == ENOENT);
    FILE *f = fopen("notexec", "w");
    fputs("data\n", f);
    fclose(f);
    errno = 0;
    rc = execl("./notexec", "x", (char *)NULL);
    printf("exec non-executable %d EACCES %d\n", rc, errno == EACCES);

    // WNOHANG, several children reaped in any order, ECHILD
    fflush(stdout);
    int fin[2];
    pipe(fin);
    pid = fork();
    if (pid == 0) { close(fin[1]); char c; read(fin[0], &c, 1); _exit(5); }
    close(fin[0]);
    w = waitpid(pid, &st, WNOHANG);
    printf("WNOHANG while running %d\n", w);
    close(fin[1]);
    waitpid(pid, &st, 0);
    printf("then exited %d\n", WEXITSTATUS(st));
    int total = 0;
    for (int i = 1; i <= 5; i++) { fflush(stdout); if (fork() == 0) _exit(i); }
    for (int i = 0; i < 5; i++) { wait(&st); total += WEXITSTATUS(st); }
    printf("5 children status sum %d\n", total);
    errno = 0;
    w = wait(&st);
    printf("wait with no children %d ECHILD %d\n", w, errno == ECHILD);

    // a child killed by a signal, and one that exits via exit() flushing stdio
    fflush(stdout);
    pid = fork();
    if (pid == 0) { abort(); }
    waitpid(pid, &st, 0);
    printf("abort: signaled %d SIGABRT %d\n", WIFSIGNALED(st), WTERMSIG(st) == SIGABRT);
    fflush(stdout);
    pid = fork();
    if (pid == 0) { printf("buffered in child, flushed by exit\n"); exit(0); }
    waitpid(pid, &st, 0);
    printf("done\n");
    return 0;
}
