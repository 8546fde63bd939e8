/* There is no dynamic linker for wasm32 WALI programs: libc is static only.
 * These definitions only let the shared ldso headers compile. */

#define LDSO_ARCH "wasm32"

#define CRTJMP(pc,sp) __builtin_trap()
