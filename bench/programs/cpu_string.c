/* CPU-bound: byte-string work over buffers: copy (memcpy), compare (memcmp), search (a naive
   substring search and a byte scan), repeated. ARGS: rounds */
#include "wali_test.h"
static long parse(const char *s) { long v = 0; while (*s >= '0' && *s <= '9') v = v * 10 + (*s++ - '0'); return v; }
#define SIZE (256 * 1024)
static unsigned char src[SIZE], dst[SIZE];
/* Bytewise compare (freestanding: no libc memcmp). */
static int compare(const unsigned char *a, const unsigned char *b, long n) {
    for (long i = 0; i < n; i++) if (a[i] != b[i]) return a[i] - b[i];
    return 0;
}
/* Naive search: count the occurrences of needle in hay. */
static long count_matches(const unsigned char *hay, long n, const unsigned char *needle, long m) {
    long hits = 0;
    for (long i = 0; i + m <= n; i++) {
        long j = 0;
        while (j < m && hay[i + j] == needle[j]) j++;
        if (j == m) hits++;
    }
    return hits;
}
int test_main(int argc, char **argv) {
    long rounds = argc > 1 ? parse(argv[1]) : 10;
    unsigned int seed = 99;
    for (long i = 0; i < SIZE; i++) { seed = seed * 1664525u + 1013904223u; src[i] = (unsigned char)('a' + (seed >> 24) % 4); }
    unsigned long check = 0;
    for (long r = 0; r < rounds; r++) {
        for (long off = 0; off < 64; off++) {           /* unaligned block copies, both builds' memcpy */
            __builtin_memcpy(dst + off, src + (r + off) % 64, SIZE - 64);
            check = check * 31 + (unsigned long)(compare(dst, src, SIZE - 64) > 0);
        }
        unsigned char needle[6] = { 'a', 'b', 'c', 'd', 'a', (unsigned char)('a' + r % 4) };
        check = check * 31 + (unsigned long)count_matches(dst, SIZE, needle, 6);
        long cs = 0;
        for (long i = 0; i < SIZE; i++) if (dst[i] == 'd') cs += i & 7;
        check = check * 31 + (unsigned long)cs;
        dst[(r * 4099) % SIZE] = 'e';
    }
    out("string check "); out_hex(check); out("\n");
    return 0;
}
