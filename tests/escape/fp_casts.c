/* Function-pointer casts that native code runs with whatever happens to be in a register: under
 * WALI the engine's adapter (CastAdapters) gives zero for a missing trailing integer argument
 * and for a missing result, on both tiers. The natively defined cases (extra arguments, unused
 * results) are compared with native code in tests/libc/fp_casts.c; a cast that no adapter may
 * bridge traps (tests/escape/fp_cast_trap.c). Not an attack: this suite runs only under WALI and
 * asserts exact values. */
#include "escape.h"
#include <stdint.h>

static int last;
static void set(int a) { last = a; }
static int add3(int a, int b, int c) { return a * 100 + b * 10 + c; }
static long long add_wide(int a, long long b) { return a + b; }
static double dbl(double x, int n) { return x * 2 + n; }
static int64_t wide_result(void) { return -5; }

int main(void) {
    int (*volatile f)(int) = (int (*)(int))set;
    last = 0;
    int r = f(7);
    escape_report("void(int) called as int(int): result 0", r == 0, r, 0, "0");
    escape_report("void(int) called as int(int): argument passed", last == 7, last, 0, "7");

    int (*volatile g)(int, int) = (int (*)(int, int))add3;
    r = g(1, 2);
    escape_report("int(int,int,int) called with 2 args: third is 0", r == 120, r, 0, "120");

    int (*volatile h)(void) = (int (*)(void))add3;
    r = h();
    escape_report("int(int,int,int) called with none: all 0", r == 0, r, 0, "0");

    long long (*volatile w)(int) = (long long (*)(int))add_wide;
    long long v = w(3);
    escape_report("i64 parameter missing: 0", v == 3, (long)v, 0, "3");

    double (*volatile d)(double) = (double (*)(double))dbl;
    double x = d(1.5);
    escape_report("double(double,int) called as double(double): int is 0", x == 3.0, (long)(x * 10), 0, "30");

    int64_t (*volatile q)(int) = (int64_t (*)(int))wide_result;
    int64_t z = q(9);
    escape_report("i64(void) called as i64(int): extra dropped", z == -5, (long)z, 0, "-5");
    return escape_done();
}
