// system(): exit statuses, signals, redirection, environment.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/wait.h>

int main(void) {
    printf("shell available %d\n", system(NULL) != 0);
    fflush(stdout);
    int st = system("echo from system");
    printf("status %d exited %d code %d\n", st, WIFEXITED(st), WEXITSTATUS(st));
    st = system("exit 3");
    printf("exit 3 -> %d\n", WEXITSTATUS(st));
    st = system("kill -TERM $$");
    printf("killed: signaled %d SIGTERM %d\n", WIFSIGNALED(st), WTERMSIG(st) == SIGTERM);
    st = system("echo redirected > sys.txt && echo again >> sys.txt");
    FILE *f = fopen("sys.txt", "r");
    char line[64];
    int lines = 0;
    while (fgets(line, sizeof line, f)) lines++;
    fclose(f);
    printf("redirect status %d lines %d\n", WEXITSTATUS(st), lines);
    setenv("SYS_VAR", "passed-down", 1);
    fflush(stdout);
    system("echo env: $SYS_VAR; echo args: \"$(echo a b c | wc -w)\"");
    st = system("no-such-command-xyz 2>/dev/null");
    printf("missing command -> %d\n", WEXITSTATUS(st));
    // system() ignores SIGINT/SIGQUIT in the caller and blocks SIGCHLD while waiting
    signal(SIGCHLD, SIG_DFL);
    st = system("sleep 0.1; exit 9");
    printf("after sleep -> %d\n", WEXITSTATUS(st));
    fflush(stdout);
    printf("stdio output order kept\n");
    return 0;
}
