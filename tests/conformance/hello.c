#include "wali_test.h"
/* The smallest end-to-end check: argv, write, exit status. */
int test_main(int argc, char **argv) {
    outln("hello from WALI");
    report("argc", argc);
    for (int i = 1; i < argc; i++) { out("arg: "); outln(argv[i]); }
    report("write to bad fd", sys_write(99, "x", 1));
    report("write from bad pointer", sys_write(1, BAD_PTR, 4));
    return 3;
}
