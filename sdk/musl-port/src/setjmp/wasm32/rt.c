/* Runtime for LLVM's WebAssembly setjmp/longjmp lowering
 * (-mllvm -wasm-enable-sjlj, exception-handling proposal).
 *
 * The compiler turns each setjmp(env) into __wasm_setjmp(env, label, id),
 * where id identifies the calling function's current invocation and label
 * the setjmp site, and each longjmp into __wasm_longjmp(env, val), which
 * throws the C longjmp tag with a pointer to {env, val}.  Functions that call
 * setjmp catch that tag and ask __wasm_setjmp_test(env, id) whether the jump
 * targets one of their own setjmp sites (nonzero label) or must propagate. */
#include <setjmp.h>
#include <stdint.h>

struct longjmp_args {
	void *env;
	int val;
};

struct wasm_jmp_buf {
	void *invocation;
	uint32_t label;
	struct longjmp_args arg;
};

_Static_assert(sizeof(struct wasm_jmp_buf) <= sizeof(((struct __jmp_buf_tag *)0)->__jb),
	"jmp_buf too small");

void __wasm_setjmp(void *env, uint32_t label, void *invocation)
{
	struct wasm_jmp_buf *jb = env;
	jb->invocation = invocation;
	jb->label = label;
}

uint32_t __wasm_setjmp_test(void *env, void *invocation)
{
	struct wasm_jmp_buf *jb = env;
	if (jb->invocation == invocation)
		return jb->label;
	return 0;
}

_Noreturn void __wasm_longjmp(void *env, int val)
{
	struct wasm_jmp_buf *jb = env;
	jb->arg.env = env;
	jb->arg.val = val ? val : 1;
	__builtin_wasm_throw(1, &jb->arg);  /* tag 1 is the C longjmp tag */
}
