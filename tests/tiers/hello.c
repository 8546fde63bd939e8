/* The module run_tiers.py runs on every tier: built twice, with WORD "AAAA" and "BBBB", into
 * modules of the same size, so replacing one by the other in place changes only their bytes. */
#include <stdio.h>
int main(int argc, char **argv) {
    printf("tiers %s argc=%d\n", WORD, argc);
    for (int i = 1; i < argc; i++) printf("arg %s\n", argv[i]);
    return 3;
}
