/* Static PIE and PIE are not used for Wasm: same as crt1. */
#include "crt1.c"
