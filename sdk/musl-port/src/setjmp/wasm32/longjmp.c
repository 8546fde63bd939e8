#include <setjmp.h>

/* Code compiled with -mllvm -wasm-enable-sjlj never calls these: the
 * compiler rewrites longjmp calls into __wasm_longjmp.  They exist for
 * calls through function pointers.  There is deliberately no setjmp
 * function (musl's generic setjmp.c is empty): code compiled without the
 * flag fails to link instead of misbehaving at run time. */
_Noreturn void __wasm_longjmp(void *, int);

_Noreturn void longjmp(jmp_buf env, int val)
{
	__wasm_longjmp(env, val);
}

_Noreturn void _longjmp(jmp_buf env, int val)
{
	__wasm_longjmp(env, val);
}
