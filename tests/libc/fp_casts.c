// Calls through function pointers of another type, the cases whose native behaviour is defined
// by the C ABI (x86-64 and WALI alike): extra trailing integer arguments are ignored, a result
// the caller does not use is dropped. Under WALI these go through the engine's adapters
// (CastAdapters) instead of trapping; tests/escape/fp_casts.c checks the zero-filled cases.
#include <stdio.h>

static int last;
static int one(int a) { last = a; return a * 10; }
static int none(void) { return 42; }
static void sink(int a, int b) { last = a + b; }
static long long wide(int a, long long b) { return a + b; }

typedef int (*int3)(int, int, int);
typedef void (*void1)(int);
typedef int (*int2)(int, int);
typedef void (*void_ll)(int, long long, int);

int main(void) {
    int3 volatile f = (int3)one;
    int r = f(4, 5, 6);
    printf("one as (int,int,int)->int: %d, saw %d\n", r, last);
    void1 volatile g = (void1)one;
    g(9);
    printf("one as (int)->void: saw %d\n", last);
    int2 volatile h = (int2)none;
    printf("none as (int,int)->int: %d\n", h(1, 2));
    void (*volatile s)(int, int, long long) = (void (*)(int, int, long long))sink;
    s(3, 4, 5);
    printf("sink as (int,int,long long)->void: saw %d\n", last);
    void_ll volatile w = (void_ll)wide;
    w(1, 2, 3);
    printf("wide as (int,long long,int)->void: done\n");
    // Through a table of handlers of mixed types, as C programs keep them.
    void *table[] = {(void *)one, (void *)sink, (void *)none};
    int sum = 0;
    for (int i = 0; i < 3; i++) {
        ((void (*)(int, int))table[i])(i + 1, 100);
        sum += last;
    }
    printf("mixed table: %d\n", sum);
    return 0;
}
