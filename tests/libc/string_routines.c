// String and memory routines (the SDK's memcpy/memmove/memset are bulk memory; string_routines_simd.c
// runs this with -msimd128, which links the simd128 string routines) on random inputs:
// every alignment 0..15 of each pointer, lengths 0..300 and a few large ones, bytes 0x01..0xff
// (0x80..0xff included), the searched byte or the first difference at every position; strings
// that start at each of the last 144 bytes before a 64 KiB boundary (a Wasm page) and run across
// it; then on strings and regions that end at the last byte of linear memory (natively: the last
// byte before a PROT_NONE page), where reading one byte too far traps. Each routine prints a
// checksum of its results and how many disagree with a byte-by-byte reference.
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

// Called through volatile pointers, so that neither compiler replaces a call by its own code.
static size_t (*volatile strlen_fn)(const char *) = strlen;
static size_t (*volatile strnlen_fn)(const char *, size_t) = strnlen;
static void *(*volatile memchr_fn)(const void *, int, size_t) = memchr;
static void *(*volatile memrchr_fn)(const void *, int, size_t) = memrchr;
static char *(*volatile strchr_fn)(const char *, int) = strchr;
static char *(*volatile strrchr_fn)(const char *, int) = strrchr;
static char *(*volatile strchrnul_fn)(const char *, int) = strchrnul;
static int (*volatile memcmp_fn)(const void *, const void *, size_t) = memcmp;
static int (*volatile strcmp_fn)(const char *, const char *) = strcmp;
static int (*volatile strncmp_fn)(const char *, const char *, size_t) = strncmp;
static void *(*volatile memcpy_fn)(void *, const void *, size_t) = memcpy;
static void *(*volatile memmove_fn)(void *, const void *, size_t) = memmove;
static void *(*volatile memset_fn)(void *, int, size_t) = memset;

static uint32_t rng = 2463534242u;
static uint32_t rnd(void) { rng ^= rng << 13; rng ^= rng >> 17; rng ^= rng << 5; return rng; }
static unsigned char nonzero_byte(void) { return (unsigned char)(1 + rnd() % 255); }

// One checksum and one disagreement count per routine.
enum { STRLEN, STRNLEN, MEMCHR, MEMRCHR, STRCHR, STRRCHR, STRCHRNUL, MEMCMP, STRCMP, STRNCMP,
       MEMCPY, MEMMOVE, MEMSET, ROUTINES };
static const char *const names[ROUTINES] = { "strlen", "strnlen", "memchr", "memrchr", "strchr",
    "strrchr", "strchrnul", "memcmp", "strcmp", "strncmp", "memcpy", "memmove", "memset" };
static uint32_t sums[ROUTINES];
static unsigned wrong[ROUTINES];

static void record(int routine, long long got, long long expected) {
    sums[routine] = (sums[routine] ^ (uint32_t)got ^ (uint32_t)(got >> 32)) * 16777619u;
    if (got != expected) wrong[routine]++;
}
static void report(const char *phase) {
    for (int i = 0; i < ROUTINES; i++) {
        printf("%-10s %-10s sum %08x wrong %u\n", phase, names[i], sums[i], wrong[i]);
        sums[i] = 2166136261u;
        wrong[i] = 0;
    }
}

// Byte-by-byte references. Volatile reads keep compilers from turning them into library calls.
typedef const volatile unsigned char *bytes;
static long long ref_len(bytes s, size_t max) { size_t n = 0; while (n < max && s[n]) n++; return (long long)n; }
static long long ref_chr(bytes s, int c, size_t n) {
    for (size_t i = 0; i < n; i++) if (s[i] == (unsigned char)c) return (long long)i;
    return -1;
}
static long long ref_rchr(bytes s, int c, size_t n) {
    while (n--) if (s[n] == (unsigned char)c) return (long long)n;
    return -1;
}
static int sign(int x) { return (x > 0) - (x < 0); }
static int ref_cmp(bytes l, bytes r, size_t n, int strings) {
    for (size_t i = 0; i < n; i++) {
        if (l[i] != r[i]) return l[i] < r[i] ? -1 : 1;
        if (strings && !l[i]) return 0;
    }
    return 0;
}
// A result pointer as an offset from the start (-1 for NULL).
static long long offset(const void *p, const void *base) { return p ? (long long)((const char *)p - (const char *)base) : -1; }

enum { BIG = 70000, AREA = BIG + 256 };
static unsigned char area_a[AREA] __attribute__((aligned(64)));
static unsigned char area_b[AREA] __attribute__((aligned(64)));
static unsigned char area_c[AREA] __attribute__((aligned(64)));

// len nonzero bytes other than c.
static void fill_without(unsigned char *s, size_t len, int c) {
    for (size_t i = 0; i < len; i++) {
        unsigned char b;
        do b = nonzero_byte(); while (b == c);
        s[i] = b;
    }
}

// The searched byte, distinct from the others in the string, or 0x80+ half the time.
static int pick_needle(void) { return rnd() & 1 ? 0x80 | (int)(rnd() & 0x7f) : 1 + (int)(rnd() % 127); }

// Strings of `len` bytes at `s` with the needle at `position` (or absent).
static void single_string(unsigned char *s, size_t len, long position) {
    int c = pick_needle();
    fill_without(s, len, c);
    s[len] = 0;
    if (position >= 0) {
        s[position] = (unsigned char)c;
        if (rnd() % 3 == 0 && (size_t)position + 1 < len) s[len - 1] = (unsigned char)c; // a second one
    }
    const char *str = (const char *)s;
    record(STRLEN, (long long)strlen_fn(str), ref_len(s, SIZE_MAX));
    size_t limit = len ? rnd() % (len + 2) : 0;
    record(STRNLEN, (long long)strnlen_fn(str, limit), ref_len(s, limit));
    record(STRNLEN, (long long)strnlen_fn(str, SIZE_MAX), ref_len(s, SIZE_MAX));
    record(MEMCHR, offset(memchr_fn(s, c, len), s), ref_chr(s, c, len));
    record(MEMCHR, offset(memchr_fn(s, c, limit), s), ref_chr(s, c, limit));
    record(MEMCHR, offset(memchr_fn(s, 0, len + 1), s), ref_chr(s, 0, len + 1));
    record(MEMRCHR, offset(memrchr_fn(s, c, len), s), ref_rchr(s, c, len));
    record(MEMRCHR, offset(memrchr_fn(s, c, limit), s), ref_rchr(s, c, limit));
    long long at = ref_chr(s, c, len);
    record(STRCHR, offset(strchr_fn(str, c), s), at);
    record(STRCHR, offset(strchr_fn(str, 0), s), (long long)len);
    record(STRCHR, offset(strchr_fn(str, c | 0x100), s), at); // only the low byte counts
    record(STRRCHR, offset(strrchr_fn(str, c), s), ref_rchr(s, c, len));
    record(STRRCHR, offset(strrchr_fn(str, 0), s), (long long)len);
    record(STRCHRNUL, offset(strchrnul_fn(str, c), s), at >= 0 ? at : (long long)len);
}

// Two strings of `len` bytes at alignments la and ra, equal except at `position` (none if
// position >= len): a different byte, or a terminator on one side.
static void string_pair(size_t la, size_t ra, size_t len, size_t position) {
    unsigned char *l = area_a + la, *r = area_b + ra;
    for (size_t i = 0; i < len; i++) l[i] = r[i] = nonzero_byte();
    l[len] = r[len] = 0;
    // Bytes after the terminators differ: routines must stop at the end.
    l[len + 1] = 1, r[len + 1] = 2;
    if (position < len) {
        switch (rnd() % 4) {
        case 0: l[position] = 0; break;
        case 1: r[position] = 0; break;
        default: while (r[position] == l[position]) r[position] = nonzero_byte();
        }
    }
    size_t n = len + 1;
    record(MEMCMP, sign(memcmp_fn(l, r, len)), ref_cmp(l, r, len, 0));
    record(MEMCMP, sign(memcmp_fn(l, r, n)), ref_cmp(l, r, n, 0));
    record(STRCMP, sign(strcmp_fn((char *)l, (char *)r)), ref_cmp(l, r, SIZE_MAX, 1));
    record(STRCMP, sign(strcmp_fn((char *)r, (char *)l)), ref_cmp(r, l, SIZE_MAX, 1));
    size_t limit = rnd() % (len + 3);
    record(STRNCMP, sign(strncmp_fn((char *)l, (char *)r, limit)), ref_cmp(l, r, limit, 1));
    record(STRNCMP, sign(strncmp_fn((char *)l, (char *)r, SIZE_MAX)), ref_cmp(l, r, SIZE_MAX, 1));
}

// memcpy/memmove/memset: the destination and the bytes around it, checked and summed.
static void copies(size_t da, size_t sa, size_t len) {
    unsigned char *d = area_c + 32 + da, *s = area_b + sa;
    for (size_t i = 0; i < len + 64; i++) area_b[i] = (unsigned char)rnd();
    memset_fn(area_c, 0xa5, len + 96);
    record(MEMCPY, offset(memcpy_fn(d, s, len), d), 0);
    record(MEMCPY, ref_cmp(d, s, len, 0), 0);
    record(MEMCPY, (long long)d[-1] << 8 | d[len], 0xa5a5);
    // Overlapping moves both ways inside area_b.
    unsigned char *m = area_b + 16 + sa;
    size_t shift = 1 + rnd() % 31;
    for (size_t i = 0; i < len; i++) area_c[i] = m[i];
    record(MEMMOVE, offset(memmove_fn(m + shift, m, len), m + shift), 0);
    record(MEMMOVE, ref_cmp(m + shift, area_c, len, 0), 0);
    for (size_t i = 0; i < len; i++) area_c[i] = m[shift + i];
    memmove_fn(m, m + shift, len);
    record(MEMMOVE, ref_cmp(m, area_c, len, 0), 0);
    int c = (int)(rnd() & 0xff);
    if (rnd() & 1) c |= 0x100; // memset stores (unsigned char)c
    unsigned char *t = area_c + 32 + da;
    t[-1] = t[len] = 0x5a;
    record(MEMSET, offset(memset_fn(t, c, len), t), 0);
    size_t bad = 0;
    for (size_t i = 0; i < len; i++) bad += t[i] != (unsigned char)c;
    record(MEMSET, (long long)bad, 0);
    record(MEMSET, (long long)t[-1] << 8 | t[len], 0x5a5a);
}

static void random_inputs(void) {
    // Every alignment; every length up to 300 with the needle at every position for short
    // strings and at a few for longer ones.
    for (size_t align = 0; align < 16; align++) {
        for (size_t len = 0; len <= 300; len++) {
            if (len <= 48) {
                for (long p = -1; p < (long)len; p++) single_string(area_a + align, len, p);
            } else {
                single_string(area_a + align, len, -1);
                for (int k = 0; k < 3; k++) single_string(area_a + align, len, (long)(rnd() % len));
                single_string(area_a + align, len, (long)len - 1);
            }
        }
    }
    // (Random arguments are drawn one statement at a time: compilers order arguments differently.)
    for (size_t len = 1000; len <= BIG; len = len * 4 + 17) {
        size_t align = rnd() % 16;
        single_string(area_a + align, len, -1);
        long position = (long)(rnd() % len);
        single_string(area_a + align, len, position);
    }
    report("one");

    // Every pair of alignments; short lengths with the difference at every position.
    for (size_t la = 0; la < 16; la++)
        for (size_t ra = 0; ra < 16; ra++) {
            for (size_t len = 0; len <= 40; len++)
                for (size_t p = 0; p <= len; p++) string_pair(la, ra, len, p);
            for (size_t len = 41; len <= 300; len += 1 + rnd() % 23) {
                string_pair(la, ra, len, len);
                size_t position = rnd() % len;
                string_pair(la, ra, len, position);
            }
        }
    for (size_t len = 1000; len <= BIG; len = len * 4 + 17) {
        size_t la = rnd() % 16, ra = rnd() % 16;
        string_pair(la, ra, len, len);
        size_t position = rnd() % len;
        string_pair(la, ra, len, position);
    }
    for (size_t da = 0; da < 16; da++)
        for (size_t sa = 0; sa < 16; sa++)
            for (size_t len = 0; len <= 300; len += 1 + rnd() % 13) copies(da, sa, len);
    for (size_t len = 1000; len <= BIG - 256; len = len * 4 + 17) {
        size_t da = rnd() % 16, sa = rnd() % 16;
        copies(da, sa, len);
    }
    report("two");
}

// Strings that start just before a 64 KiB boundary inside memory (a Wasm page boundary: the
// simd128 strlen takes another path within 128 bytes of its page's end) and run across it.
// Natively the boundary is nothing special; the results are the same.
static void across_a_page_boundary(void) {
    static unsigned char area[3 * 65536];
    unsigned char *boundary = (unsigned char *)(((uintptr_t)area + 1024 + 65535) & ~(uintptr_t)65535);
    for (long start = -144; start <= 16; start++) {
        for (size_t len = 0; len <= 400; len += len < 20 ? 1 : 1 + rnd() % 29) {
            single_string(boundary + start, len, -1);
            if (len) {
                long position = (long)(rnd() % len);
                single_string(boundary + start, len, position);
            }
        }
    }
    report("page");
}

// The last 4096 bytes before memory that must not be touched: the top of Wasm linear memory
// (a page grown here, so it is the program's own), natively a page before a PROT_NONE guard.
enum { EDGE = 4096 };
static unsigned char *edge_region(void) {
#ifdef __wasm__
    size_t pages = __builtin_wasm_memory_size(0);
    if (__builtin_wasm_memory_grow(0, 1) != pages) return 0;
    unsigned char *end = (unsigned char *)((pages + 1) * 65536);
    if (__builtin_wasm_memory_size(0) * 65536 != (size_t)end) return 0;
    return end - EDGE;
#else
    unsigned char *p = mmap(0, 2 * EDGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED || mprotect(p + EDGE, EDGE, PROT_NONE)) return 0;
    return p;
#endif
}

static void at_the_end_of_memory(unsigned char *region) {
    unsigned char *end = region + EDGE;
    for (size_t len = 0; len < 320; len++) {
        // A string whose terminator is the very last byte.
        unsigned char *s = end - 1 - len;
        int c = pick_needle();
        fill_without(s, len, c);
        end[-1] = 0;
        const char *str = (const char *)s;
        record(STRLEN, (long long)strlen_fn(str), (long long)len);
        record(STRNLEN, (long long)strnlen_fn(str, SIZE_MAX), (long long)len);
        record(STRCHR, offset(strchr_fn(str, c), s), -1);
        record(STRRCHR, offset(strrchr_fn(str, c), s), -1);
        record(STRCHRNUL, offset(strchrnul_fn(str, c), s), (long long)len);
        record(MEMCHR, offset(memchr_fn(s, 0, SIZE_MAX), s), (long long)len);
        // The same string elsewhere: equal up to and including the last byte.
        unsigned char *copy = area_a + len % 16;
        memcpy(copy, s, len + 1);
        record(STRCMP, sign(strcmp_fn(str, (char *)copy)), 0);
        record(STRCMP, sign(strcmp_fn((char *)copy, str)), 0);
        record(STRNCMP, sign(strncmp_fn(str, (char *)copy, SIZE_MAX)), 0);
        // A longer string elsewhere: it differs at the last byte of memory.
        copy[len] = nonzero_byte(), copy[len + 1] = 0;
        record(STRCMP, sign(strcmp_fn(str, (char *)copy)), -1);
        record(STRCMP, sign(strcmp_fn((char *)copy, str)), 1);

        // A region of len bytes without a terminator ending at the last byte.
        unsigned char *m = end - len;
        fill_without(m, len, c);
        record(STRNLEN, (long long)strnlen_fn((char *)m, len), (long long)len);
        record(MEMCHR, offset(memchr_fn(m, c, len), m), -1);
        record(MEMCHR, offset(memchr_fn(m, 0, len), m), -1);
        record(MEMRCHR, offset(memrchr_fn(m, c, len), m), -1);
        if (len) {
            end[-1] = (unsigned char)c;
            record(MEMCHR, offset(memchr_fn(m, c, len), m), (long long)len - 1);
            record(MEMRCHR, offset(memrchr_fn(m, c, len), m), (long long)len - 1);
        }
        memcpy(copy, m, len);
        record(MEMCMP, sign(memcmp_fn(m, copy, len)), 0);
        record(MEMCMP, sign(memcmp_fn(copy, m, len)), 0);
        record(STRNCMP, sign(strncmp_fn((char *)m, (char *)copy, len)), 0);
        record(STRNCMP, sign(strncmp_fn((char *)copy, (char *)m, len)), 0);
        if (len) {
            copy[len - 1] ^= 0x80;
            record(MEMCMP, sign(memcmp_fn(m, copy, len)), ref_cmp(m, copy, len, 0));
            record(STRNCMP, sign(strncmp_fn((char *)m, (char *)copy, len)), ref_cmp(m, copy, len, 1));
        }
        // Copies into and out of the last bytes.
        record(MEMCPY, offset(memcpy_fn(m, area_b, len), m), 0);
        record(MEMCPY, ref_cmp(m, area_b, len, 0), 0);
        record(MEMMOVE, offset(memmove_fn(area_c, m, len), area_c), 0);
        record(MEMMOVE, ref_cmp(m, area_c, len, 0), 0);
        record(MEMSET, offset(memset_fn(m, 0x33, len), m), 0);
        record(MEMSET, ref_len(m, len) == (long long)len && (len == 0 || end[-1] == 0x33), 1);
    }
    report("end");
}

int main(void) {
    for (int i = 0; i < ROUTINES; i++) sums[i] = 2166136261u;
    random_inputs();
    across_a_page_boundary();
    unsigned char *region = edge_region();
    if (!region) {
        printf("no region at the end of memory\n");
        return 1;
    }
    at_the_end_of_memory(region);
    return 0;
}
