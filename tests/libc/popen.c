// popen/pclose reading and writing through /bin/sh.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

int main(void) {
    FILE *p = popen("echo hello; echo world; printf 'x=%s\\n' \"$LIBC_TEST_A\"", "r");
    char line[128];
    while (fgets(line, sizeof line, p)) printf("read: %s", line);
    int st = pclose(p);
    printf("pclose %d exited %d status %d\n", st != -1, WIFEXITED(st), WEXITSTATUS(st));

    p = popen("exit 3", "r");
    st = pclose(p);
    printf("exit 3 -> %d\n", WEXITSTATUS(st));

    p = popen("cat > piped.txt; echo written", "w");
    for (int i = 0; i < 1000; i++) fprintf(p, "row %d\n", i);
    fflush(stdout);
    st = pclose(p);
    printf("writer status %d\n", WEXITSTATUS(st));
    FILE *f = fopen("piped.txt", "r");
    int rows = 0;
    while (fgets(line, sizeof line, f)) rows++;
    fclose(f);
    printf("rows written through pipe %d\n", rows);

    p = popen("no-such-command-here 2>/dev/null", "r");
    st = pclose(p);
    printf("missing command status %d\n", WEXITSTATUS(st));

    // a large output
    p = popen("i=0; while [ $i -lt 2000 ]; do echo line $i; i=$((i+1)); done", "r");
    long bytes = 0; int c;
    while ((c = fgetc(p)) != EOF) bytes++;
    st = pclose(p);
    printf("large output %ld bytes status %d\n", bytes, WEXITSTATUS(st));

    // two at once
    FILE *a = popen("echo first", "r"), *b = popen("echo second", "r");
    char la[32] = "", lb[32] = "";
    fgets(lb, sizeof lb, b);
    fgets(la, sizeof la, a);
    pclose(a);
    pclose(b);
    printf("concurrent: %s %s", strtok(la, "\n"), lb);
    printf("bad mode %d\n", popen("true", "x") == NULL);
    return 0;
}
