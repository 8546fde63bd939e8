// A function-pointer cast no C ABI tolerates still traps, with the message of every indirect
// call type mismatch, on both tiers: here a double(double) called as int(int) (the parameter
// types differ, not just trailing integers). The adapters of tests/escape/fp_casts.c must not
// turn it into a call.
// EXPECT-SIGNAL: SIGILL
// EXPECT-STDERR: indirect call type mismatch
#include "escape.h"

static double half(double x) { return x / 2; }
static void set(int a) { (void)a; }

int main(void) {
    int (*volatile ok)(int) = (int (*)(int))set;
    escape_report("adaptable cast runs", ok(1) == 0, 0, 0, "0");
    int (*volatile bad)(int) = (int (*)(int))half;
    int r = bad(4);
    escape_report("mismatched cast trapped", 0, r, 0, "a trap");
    return escape_done();
}
