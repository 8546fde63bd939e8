#include <setjmp.h>
#include <signal.h>
#include "syscall.h"

/* sigsetjmp is a macro on wasm32 (see the setjmp.h patch):
 *   sigsetjmp(env, save) == (__sigsetjmp_save(env, save), setjmp(env))
 * so that the compiler's setjmp lowering sees a real setjmp call in the
 * caller.  This records whether and which signal mask to restore. */
int __sigsetjmp_save(sigjmp_buf env, int save)
{
	env->__fl = save;
	if (save)
		__syscall(SYS_rt_sigprocmask, SIG_SETMASK, 0, env->__ss, _NSIG/8);
	return 0;
}
