/* strlen and memcpy on 4 KB strings through the C library: the SDK's musl (wasm simd128 strlen,
   memory.copy) against glibc natively. ARGS: rounds */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STRINGS 16
#define LEN 4000
static char src[STRINGS][LEN + 64], dst[LEN + 64];
/* Called through a pointer, so that the compiler cannot reuse a length it has already seen. */
static size_t (*volatile string_length)(const char *) = strlen;

int main(int argc, char **argv) {
    long rounds = argc > 1 ? atol(argv[1]) : 1000;
    unsigned seed = 7;
    for (int s = 0; s < STRINGS; s++) {
        char *p = src[s] + s % 16; /* every alignment */
        int len = LEN - s * 7;
        for (int i = 0; i < len; i++) { seed = seed * 1664525u + 1013904223u; p[i] = (char)('a' + (seed >> 24) % 26); }
        p[len] = 0;
    }
    unsigned long check = 0;
    for (long r = 0; r < rounds; r++) {
        for (int s = 0; s < STRINGS; s++) {
            char *p = src[s] + s % 16, *d = dst + r % 16;
            size_t n = string_length(p);
            memcpy(d, p, n + 1);
            check = check * 31 + n + string_length(d);
            p[(r * 31 + s) % n] ^= 1; /* a letter stays a letter: the string keeps its length */
        }
    }
    printf("libc string check %lx\n", check);
    return 0;
}
