#include <setjmp.h>
#include <signal.h>
#include "syscall.h"

_Noreturn void __wasm_longjmp(void *, int);

/* Restores the mask saved by sigsetjmp before jumping (on other targets it is
 * restored after landing; the difference is not observable by the program). */
_Noreturn void siglongjmp(sigjmp_buf env, int val)
{
	if (env->__fl)
		__syscall(SYS_rt_sigprocmask, SIG_SETMASK, env->__ss, 0, _NSIG/8);
	__wasm_longjmp(env, val);
}
