// getenv/setenv/putenv/unsetenv/clearenv and the initial environment (the runner passes the same
// environment to both runs).
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>

extern char **environ;
static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static void dump(const char *label) {
    int n = 0;
    while (environ[n]) n++;
    char **copy = malloc((n + 1) * sizeof *copy);
    memcpy(copy, environ, n * sizeof *copy);
    qsort(copy, n, sizeof *copy, cmp);
    printf("%s (%d):", label, n);
    for (int i = 0; i < n; i++) {
        // HOME and TMPDIR name per-run scratch directories.
        if (!strncmp(copy[i], "HOME=", 5) || !strncmp(copy[i], "TMPDIR=", 7)) printf(" %.*s", (int)(strchr(copy[i], '=') - copy[i]), copy[i]);
        else printf(" %s", copy[i]);
    }
    printf("\n");
    free(copy);
}

int main(int argc, char **argv, char **envp) {
    int r;
    dump("initial");
    printf("envp is environ %d\n", envp == environ);
    printf("LIBC_TEST_A=%s\n", getenv("LIBC_TEST_A"));
    printf("LIBC_TEST_EMPTY='%s'\n", getenv("LIBC_TEST_EMPTY"));
    printf("LIBC_TEST_SPACES='%s'\n", getenv("LIBC_TEST_SPACES"));
    printf("missing %s\n", getenv("NO_SUCH_VARIABLE") ? "set" : "null");
    printf("prefix only %s\n", getenv("LIBC_TEST") ? "set" : "null");

    r = setenv("NEWVAR", "one", 0);
    printf("setenv new %d -> %s\n", r, getenv("NEWVAR"));
    r = setenv("NEWVAR", "two", 0);
    printf("setenv no overwrite %d -> %s\n", r, getenv("NEWVAR"));
    r = setenv("NEWVAR", "three", 1);
    printf("setenv overwrite %d -> %s\n", r, getenv("NEWVAR"));
    errno = 0;
    r = setenv("BAD=NAME", "x", 1);
    printf("setenv bad name %d EINVAL %d\n", r, errno == EINVAL);
    errno = 0;
    r = setenv("", "x", 1);
    printf("setenv empty name %d EINVAL %d\n", r, errno == EINVAL);
    static char pv[] = "PUTVAR=first";
    r = putenv(pv);
    printf("putenv %d -> %s\n", r, getenv("PUTVAR"));
    strcpy(pv + 7, "later");
    printf("putenv string is live -> %s\n", getenv("PUTVAR"));
    r = unsetenv("NEWVAR");
    printf("unsetenv %d -> %s\n", r, getenv("NEWVAR") ? "set" : "null");
    printf("unsetenv missing %d\n", unsetenv("NEWVAR"));
    r = unsetenv("LIBC_TEST_A");
    printf("unsetenv A %d -> %s\n", r, getenv("LIBC_TEST_A") ? "set" : "null");
    for (int i = 0; i < 200; i++) {
        char k[16], v[16];
        snprintf(k, sizeof k, "MANY%03d", i);
        snprintf(v, sizeof v, "v%d", i * i);
        setenv(k, v, 1);
    }
    printf("MANY150=%s\n", getenv("MANY150"));
    for (int i = 0; i < 200; i += 2) {
        char k[16];
        snprintf(k, sizeof k, "MANY%03d", i);
        unsetenv(k);
    }
    int left = 0;
    for (char **e = environ; *e; e++) if (!strncmp(*e, "MANY", 4)) left++;
    printf("MANY left %d\n", left);
    dump("changed");
    r = clearenv();
    printf("clearenv %d\n", r);
    printf("after clearenv %s, environ empty %d\n", getenv("PATH") ? "set" : "null", environ == NULL || environ[0] == NULL);
    setenv("ONLY", "1", 1);
    dump("final");
    return 0;
}
