/* CPU-bound: repeated sieve of Eratosthenes over 2M numbers plus a hash of the result. ARGS: rounds */
#include "wali_test.h"
static long parse(const char *s) { long v = 0; while (*s >= '0' && *s <= '9') v = v * 10 + (*s++ - '0'); return v; }
#define LIMIT 2000000
static unsigned char composite[LIMIT + 1];
int test_main(int argc, char **argv) {
    long rounds = argc > 1 ? parse(argv[1]) : 10;
    unsigned long hash = 1469598103934665603UL;
    for (long r = 0; r < rounds; r++) {
        for (long i = 0; i <= LIMIT; i++) composite[i] = 0;
        long count = 0;
        for (long i = 2; i <= LIMIT; i++) {
            if (composite[i]) continue;
            count++;
            hash = (hash ^ (unsigned long)i) * 1099511628211UL;
            for (long j = i * i; j <= LIMIT; j += i) composite[j] = 1;
        }
        if (count != 148933) return 2;
    }
    out("hash "); out_hex(hash); out("\n");
    return 0;
}
