/* CPU-bound: naive doubly recursive Fibonacci (call-heavy). ARGS: n */
#include "wali_test.h"
static long parse(const char *s) { long v = 0; while (*s >= '0' && *s <= '9') v = v * 10 + (*s++ - '0'); return v; }
/* noinline + a data dependence keep the compiler from turning the recursion into a loop. */
static __attribute__((noinline)) long fib(long n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
int test_main(int argc, char **argv) {
    long n = argc > 1 ? parse(argv[1]) : 32;
    out("fib "); out_int(n); out(" = "); out_int(fib(n)); out("\n");
    return 0;
}
