/* Start-up cost: a program that does nothing. */
#include "wali_test.h"
int test_main(int argc, char **argv) { (void)argc; (void)argv; return 0; }
