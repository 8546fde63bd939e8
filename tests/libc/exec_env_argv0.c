// execve passes argv[0] and the environment exactly: the child sees the argv[0] its caller gave
// (not the program's path), and values holding newlines (bash's exported functions,
// BASH_FUNC_f%%), non-UTF-8 bytes or nothing at all arrive intact.
// ARGS: parent
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>

extern char **environ;

static void show(const char *label, const char *s) {
    printf("%s [", label);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '\n') printf("\\n");
        else if (*p < 0x20 || *p >= 0x7f) printf("\\x%02x", *p);
        else putchar(*p);
    }
    printf("]\n");
}

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static int child(int argc, char **argv) {
    show("argv[0]", argv[0]);
    for (int i = 1; i < argc; i++) show("arg", argv[i]);
    int n = 0;
    while (environ[n]) n++;
    qsort(environ, n, sizeof *environ, cmp);
    printf("%d variables\n", n);
    for (int i = 0; i < n; i++) show("env", environ[i]);
    const char *ml = getenv("ML");
    show("getenv(ML)", ml ? ml : "(unset)");
    return 0;
}

static void run(const char *path, char **args, char **envp) {
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        execve(path, args, envp);
        _exit(127);
    }
    int st;
    waitpid(pid, &st, 0);
    printf("status %d\n", WEXITSTATUS(st));
}

int main(int argc, char **argv) {
    if (argc > 1 && !strcmp(argv[1], "child")) return child(argc, argv);
    char *envp[] = {
        "PATH=/usr/bin:/bin",
        "ML=a\nb",
        "BASH_FUNC_f%%=() {  echo hi\n}",
        "TRAILING=x\n",
        "\nLEADING=y",
        "BYTES=\xff\xfe\x01",
        "EMPTY=",
        "LAST=z",
        NULL,
    };
    char *named[] = {"custom-name", "child", "a\nb", NULL};
    run(argv[0], named, envp);
    char *dashed[] = {"-login", "child", NULL};
    run(argv[0], dashed, envp);
    char *none[] = {NULL};
    run(argv[0], (char *[]){"no-environment", "child", NULL}, none);
    return 0;
}
