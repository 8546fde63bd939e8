/* Thread cancellation for wasm32 WALI, derived from musl's
 * src/thread/pthread_cancel.c.
 *
 * musl acts on a cancellation request that arrives while a thread is blocked
 * in a syscall by redirecting the interrupted program counter; Wasm cannot do
 * that.  Here a cancellable syscall acts on a pending request when it starts,
 * and when it fails with EINTR (the SIGCANCEL sent by pthread_cancel can
 * interrupt it on engines that deliver signals during blocking calls).
 * Asynchronous cancellation takes effect when the SIGCANCEL handler runs. */
#define _GNU_SOURCE
#include <string.h>
#include "pthread_impl.h"
#include "syscall.h"

hidden long __cancel();

long __cancel()
{
	pthread_t self = __pthread_self();
	if (self->canceldisable == PTHREAD_CANCEL_ENABLE || self->cancelasync)
		pthread_exit(PTHREAD_CANCELED);
	self->canceldisable = PTHREAD_CANCEL_DISABLE;
	return -ECANCELED;
}

/* Nonzero: do not make the syscall, it fails with ECANCELED. */
long __wali_cp_enter(long nr)
{
	pthread_t self = __pthread_self();
	int st = self->canceldisable;
	if (!self->cancel || st == PTHREAD_CANCEL_DISABLE)
		return 0;
	if (st && nr == SYS_close)
		return 0;
	return __cancel() != 0;
}

long __wali_cp_leave(long nr, long r)
{
	pthread_t self = __pthread_self();
	if (r == -EINTR && nr != SYS_close && self->cancel &&
	    self->canceldisable != PTHREAD_CANCEL_DISABLE)
		r = __cancel();
	return r;
}

static void cancel_handler(int sig, siginfo_t *si, void *ctx)
{
	pthread_t self = __pthread_self();
	a_barrier();
	if (!self->cancel || self->canceldisable == PTHREAD_CANCEL_DISABLE) return;
	if (self->cancelasync) pthread_exit(PTHREAD_CANCELED);
}

void __testcancel()
{
	pthread_t self = __pthread_self();
	if (self->cancel && !self->canceldisable)
		__cancel();
}

static void init_cancellation()
{
	struct sigaction sa = {
		.sa_flags = SA_SIGINFO | SA_RESTART,
		.sa_sigaction = cancel_handler
	};
	memset(&sa.sa_mask, -1, _NSIG/8);
	__libc_sigaction(SIGCANCEL, &sa, 0);
}

int pthread_cancel(pthread_t t)
{
	static int init;
	if (!init) {
		init_cancellation();
		init = 1;
	}
	a_store(&t->cancel, 1);
	if (t == pthread_self()) {
		if (t->canceldisable == PTHREAD_CANCEL_ENABLE && t->cancelasync)
			pthread_exit(PTHREAD_CANCELED);
		return 0;
	}
	return pthread_kill(t, SIGCANCEL);
}
