/* CPU-bound: FNV-1a (bytewise) and an xxhash-like 64-bit multiply-rotate hash over a 1 MiB
   buffer, repeated. ARGS: rounds */
#include "wali_test.h"
static long parse(const char *s) { long v = 0; while (*s >= '0' && *s <= '9') v = v * 10 + (*s++ - '0'); return v; }
#define SIZE (1 << 20)
static unsigned char buf[SIZE];
static unsigned long rotl(unsigned long x, int r) { return (x << r) | (x >> (64 - r)); }
static unsigned long fnv1a(const unsigned char *p, unsigned long n, unsigned long h) {
    for (unsigned long i = 0; i < n; i++) h = (h ^ p[i]) * 1099511628211UL;
    return h;
}
static unsigned long load64(const unsigned char *p) {
    unsigned long v = 0;
    for (int i = 7; i >= 0; i--) v = v << 8 | p[i];
    return v;
}
static unsigned long mixhash(const unsigned char *p, unsigned long n, unsigned long seed) {
    const unsigned long P1 = 0x9E3779B185EBCA87UL, P2 = 0xC2B2AE3D27D4EB4FUL;
    unsigned long v[4] = { seed + P1 + P2, seed + P2, seed, seed - P1 };
    for (unsigned long i = 0; i + 32 <= n; i += 32)
        for (int l = 0; l < 4; l++) v[l] = rotl(v[l] + load64(p + i + 8 * l) * P2, 31) * P1;
    unsigned long h = rotl(v[0], 1) + rotl(v[1], 7) + rotl(v[2], 12) + rotl(v[3], 18) + n;
    h ^= h >> 33; h *= P2; h ^= h >> 29;
    return h;
}
int test_main(int argc, char **argv) {
    long rounds = argc > 1 ? parse(argv[1]) : 10;
    unsigned int seed = 7;
    for (long i = 0; i < SIZE; i++) { seed = seed * 1664525u + 1013904223u; buf[i] = (unsigned char)(seed >> 24); }
    unsigned long f = 1469598103934665603UL, x = 0;
    for (long r = 0; r < rounds; r++) {
        f = fnv1a(buf, SIZE, f);
        x ^= mixhash(buf, SIZE, x + (unsigned long)r);
        buf[r % SIZE] ^= (unsigned char)f;
    }
    out("fnv1a "); out_hex(f); out(" mix "); out_hex(x); out("\n");
    return 0;
}
