/* Calls a one-argument function through a two-argument pointer: natively the extra argument is
 * ignored; under WALI the engine's cast adapter drops it, and with WALI_FP_CASTS=trap the call
 * traps. run_tiers.py checks that the cache index keeps the two settings apart. */
#include <stdio.h>

static int last;
static void set(int a) { last = a; }

int main(void) {
    void (*volatile f)(int, int) = (void (*)(int, int))set;
    f(7, 8);
    printf("%d\n", last);
    return 0;
}
