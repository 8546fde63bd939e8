/* Arguments and environment as WASI gives them: argv after argv[0], and only the variables
 * the runner passed (--env), in order. Exit status from main's return. */
#include <stdio.h>
#include <stdlib.h>
extern char **environ;
int main(int argc, char **argv) {
    printf("argc=%d\n", argc);
    for (int i = 1; i < argc; i++) printf("argv[%d]=%s\n", i, argv[i]);
    int n = 0;
    for (char **e = environ; *e; e++, n++) printf("env: %s\n", *e);
    printf("env count=%d\n", n);
    printf("GREETING=%s\n", getenv("GREETING") ? getenv("GREETING") : "(unset)");
    printf("HOME=%s\n", getenv("HOME") ? getenv("HOME") : "(unset)");
    return argc > 1 ? atoi(argv[1]) : 0;
}
