#include "pthread_impl.h"
#include "syscall.h"

/* Cancellation hooks used by every cancellable syscall (syscall.h patch,
 * arch/wasm32/syscall_arch.h).  Without pthread_cancel in the program no
 * thread can have a cancellation request, so these do nothing;
 * pthread_cancel.c provides the real ones. */

static long enter_dummy(long nr)
{
	return 0;
}

static long leave_dummy(long nr, long r)
{
	return r;
}

weak_alias(enter_dummy, __wali_cp_enter);
weak_alias(leave_dummy, __wali_cp_leave);
