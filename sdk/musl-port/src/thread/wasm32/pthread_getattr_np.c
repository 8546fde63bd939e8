/* musl's pthread_getattr_np, except that the main thread's stack is the
 * linker's stack region [__stack_low, __stack_high) rather than something
 * found by probing with mremap. */
#define _GNU_SOURCE
#include "pthread_impl.h"
#include "libc.h"

extern char __stack_low[], __stack_high[];

int pthread_getattr_np(pthread_t t, pthread_attr_t *a)
{
	*a = (pthread_attr_t){0};
	a->_a_detach = t->detach_state>=DT_DETACHED;
	a->_a_guardsize = t->guard_size;
	if (t->stack) {
		a->_a_stackaddr = (uintptr_t)t->stack;
		a->_a_stacksize = t->stack_size;
	} else {
		a->_a_stackaddr = (uintptr_t)__stack_high;
		a->_a_stacksize = __stack_high - __stack_low;
	}
	return 0;
}
