// qsort/bsearch on ints, strings and structs.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>

static uint32_t rng = 7;
static uint32_t rnd(void) { rng = rng * 1664525u + 1013904223u; return rng >> 4; }
static int cmp_int(const void *a, const void *b) { int x = *(const int *)a, y = *(const int *)b; return (x > y) - (x < y); }
static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }
struct rec { int key; int seq; char name[12]; };
static int cmp_rec(const void *a, const void *b) {
    const struct rec *x = a, *y = b;
    if (x->key != y->key) return x->key - y->key;
    return x->seq - y->seq;
}

int main(void) {
    enum { N = 50000 };
    static int v[N];
    for (int i = 0; i < N; i++) v[i] = (int)(rnd() % 100000) - 50000;
    qsort(v, N, sizeof *v, cmp_int);
    int sorted = 1; long long sum = 0;
    for (int i = 0; i < N; i++) { if (i && v[i - 1] > v[i]) sorted = 0; sum += v[i]; }
    printf("ints sorted %d min %d max %d median %d sum %lld\n", sorted, v[0], v[N - 1], v[N / 2], sum);
    int found = 0, missing = 0;
    for (int k = -50000; k < 50000; k += 37) {
        int *p = bsearch(&k, v, N, sizeof *v, cmp_int);
        if (p) { found++; if (*p != k) printf("bsearch wrong\n"); } else missing++;
    }
    printf("bsearch found %d missing %d\n", found, missing);

    // already sorted, reversed, all equal, tiny inputs
    for (int i = 0; i < N; i++) v[i] = i;
    qsort(v, N, sizeof *v, cmp_int);
    printf("presorted ok %d\n", v[0] == 0 && v[N - 1] == N - 1);
    for (int i = 0; i < N; i++) v[i] = N - i;
    qsort(v, N, sizeof *v, cmp_int);
    printf("reversed ok %d\n", v[0] == 1 && v[N - 1] == N);
    for (int i = 0; i < N; i++) v[i] = 5;
    qsort(v, N, sizeof *v, cmp_int);
    printf("equal ok %d\n", v[0] == 5 && v[N - 1] == 5);
    qsort(v, 0, sizeof *v, cmp_int);
    qsort(v, 1, sizeof *v, cmp_int);
    printf("bsearch on empty: %d\n", bsearch(&v[0], v, 0, sizeof *v, cmp_int) == NULL);

    const char *words[] = {"pear", "apple", "fig", "banana", "cherry", "date", "elderberry", "grape", "kiwi", "lemon", "apple"};
    enum { W = sizeof words / sizeof *words };
    char *w[W];
    for (int i = 0; i < W; i++) w[i] = (char *)words[i];
    qsort(w, W, sizeof *w, cmp_str);
    for (int i = 0; i < W; i++) printf("%s%c", w[i], i + 1 < W ? ' ' : '\n');
    char *key = "fig";
    char **hit = bsearch(&key, w, W, sizeof *w, cmp_str);
    printf("bsearch fig at %d\n", hit ? (int)(hit - w) : -1);

    static struct rec r[3000];
    for (int i = 0; i < 3000; i++) { r[i].key = rnd() % 50; r[i].seq = i; snprintf(r[i].name, sizeof r[i].name, "n%d", i); }
    qsort(r, 3000, sizeof *r, cmp_rec);
    unsigned h = 0;
    for (int i = 0; i < 3000; i++) for (char *p = r[i].name; *p; p++) h = h * 31 + *p;
    printf("records first %s last %s hash %08x\n", r[0].name, r[2999].name, h);
    return 0;
}
