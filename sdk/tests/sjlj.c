/* setjmp/longjmp over Wasm exception handling, and sigsetjmp/siglongjmp. */
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>

static jmp_buf env;
static sigjmp_buf senv;
static int depth;

static void dive(int n)
{
	depth = n;
	if (n == 5) longjmp(env, 42);
	dive(n + 1);
}

int main(void)
{
	volatile int tries = 0;
	int r = setjmp(env);
	tries++;
	if (r == 0) dive(0);
	printf("setjmp returned %d after depth %d (tries %d)\n", r, depth, tries);
	if (r != 42 || tries != 2) return 1;

	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	r = sigsetjmp(senv, 1);
	if (r == 0) {
		sigprocmask(SIG_BLOCK, &set, 0);
		siglongjmp(senv, 0);  /* 0 becomes 1 */
	}
	sigprocmask(SIG_BLOCK, 0, &set);
	printf("sigsetjmp returned %d, SIGUSR1 blocked after jump: %d\n", r, sigismember(&set, SIGUSR1));
	return r == 1 && !sigismember(&set, SIGUSR1) ? 0 : 2;
}
