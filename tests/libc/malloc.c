// malloc/free/realloc/calloc stress: contents survive, memory is reused (no unbounded growth).
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <malloc.h>

static uint32_t rng = 12345;
static uint32_t rnd(void) { rng = rng * 1103515245u + 12345u; return rng >> 8; }

#define SLOTS 512
static unsigned char *slot[SLOTS];
static size_t len[SLOTS];
static unsigned char tag[SLOTS];

static int verify(int i) {
    for (size_t k = 0; k < len[i]; k += 1 + len[i] / 64)
        if (slot[i][k] != tag[i]) return 0;
    return len[i] == 0 || slot[i][len[i] - 1] == tag[i];
}

int main(void) {
    int errors = 0;
    // Random mix of sizes from 1 byte to 128 KiB; every block filled and checked.
    for (int round = 0; round < 6000; round++) {
        int i = rnd() % SLOTS;
        if (slot[i] && !verify(i)) errors++;
        uint32_t r = rnd();
        size_t n = (r % 4 == 0) ? rnd() % 131072 : (r % 4 == 1) ? rnd() % 4096 : rnd() % 128 + 1;
        switch (rnd() % 3) {
        case 0:
            free(slot[i]);
            slot[i] = malloc(n);
            break;
        case 1: {
            unsigned char *p = realloc(slot[i], n ? n : 1);
            if (!p) { errors++; continue; }
            for (size_t k = 0; k < len[i] && k < n; k += 61) if (p[k] != tag[i]) { errors++; break; }
            slot[i] = p;
            break;
        }
        default:
            free(slot[i]);
            slot[i] = calloc(n, 1);
            if (slot[i]) for (size_t k = 0; k < n; k += 97) if (slot[i][k]) errors++;
            break;
        }
        if (n && !slot[i]) { errors++; len[i] = 0; continue; }
        len[i] = n;
        tag[i] = (unsigned char)rnd();
        memset(slot[i], tag[i], n);
    }
    for (int i = 0; i < SLOTS; i++) { if (slot[i] && !verify(i)) errors++; free(slot[i]); slot[i] = NULL; }
    printf("random stress: %d errors\n", errors);

    // realloc keeps contents while growing and shrinking.
    char *s = malloc(16);
    strcpy(s, "prefix");
    for (size_t n = 32; n < (1u << 22); n *= 2) s = realloc(s, n);
    s = realloc(s, 8);
    printf("realloc kept '%s'\n", s);
    free(s);

    // Large blocks allocated and freed many times: 200 x 48 MiB would exceed the 2 GiB
    // memory limit if freed memory were not reused.
    int failed = 0;
    for (int k = 0; k < 200; k++) {
        char *big = malloc(48u << 20);
        if (!big) { failed++; continue; }
        big[0] = 1; big[(48u << 20) - 1] = 2;
        free(big);
    }
    printf("large blocks: %d failed\n", failed);
    // Many small blocks, freed, allocated again: also bounded.
    failed = 0;
    for (int k = 0; k < 20; k++) {
        static void *p[20000];
        for (int j = 0; j < 20000; j++) if (!(p[j] = malloc(1000 + j % 200))) failed++;
        for (int j = 0; j < 20000; j++) free(p[j]);
    }
    printf("small block cycles: %d failed\n", failed);

    // calloc overflow, alignment
    // (through volatile, so the compiler cannot assume the allocations succeed)
    static void *volatile ov, *volatile huge;
    static volatile size_t half = (size_t)-1 / 2, most = (size_t)-1 - 4096;
    ov = calloc(half, 4);
    printf("calloc overflow returns NULL: %d\n", ov == NULL);
    huge = malloc(most);
    printf("huge malloc returns NULL: %d\n", huge == NULL);
    free(ov);
    free(huge);
    void *al = NULL;
    int rc = posix_memalign(&al, 4096, 100);
    printf("posix_memalign %d aligned %d\n", rc, ((uintptr_t)al & 4095) == 0);
    free(al);
    al = aligned_alloc(64, 256);
    printf("aligned_alloc aligned %d\n", ((uintptr_t)al & 63) == 0);
    free(al);
    al = memalign(256, 10);
    printf("memalign aligned %d\n", ((uintptr_t)al & 255) == 0);
    free(al);
    al = malloc(100);
    printf("usable size >= 100: %d\n", malloc_usable_size(al) >= 100);
    free(al);
    printf("malloc(0) then free ok\n");
    free(malloc(0));
    free(NULL);
    return 0;
}
