/* Built by the installed `wali cc` (tests/run_install.py) and natively; outputs must agree. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
    for (int i = 1; i < argc; i++) printf("arg %d: %s\n", i, argv[i]);
    const char *greeting = getenv("GREETING");
    printf("GREETING=%s\n", greeting ? greeting : "(unset)");
    FILE *f = fopen("note.txt", "w");
    if (!f) { perror("fopen"); return 1; }
    fprintf(f, "written by %s\n", "hello");
    fclose(f);
    char line[64] = {0};
    f = fopen("note.txt", "r");
    if (!f || !fgets(line, sizeof line, f)) { perror("read back"); return 1; }
    fclose(f);
    printf("read back: %s", line);
    printf("strlen: %zu\n", strlen(line));
    return 3;
}
