/* proc_exit: exit() from deep inside, after output that must be flushed; `_Exit` skips it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
static void deep(int n, int code) { if (n == 0) exit(code); deep(n - 1, code); }
int main(int argc, char **argv) {
    printf("before exit\n");
    if (argc > 2 && strcmp(argv[1], "deep") == 0) deep(50, atoi(argv[2]));
    if (argc > 2 && strcmp(argv[1], "raw") == 0) { write(1, "raw\n", 4); _Exit(atoi(argv[2])); }
    return 0;
}
