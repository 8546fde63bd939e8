// WASM-CFLAGS: -msimd128
// string_routines.c with -msimd128, which links the SDK's wasm simd128 string routines.
#include "string_routines.c"
