#include "pthread_impl.h"
#include "syscall.h"

/* A detached thread frees its own stack and exits.  Nothing after the
 * munmap touches linear memory: the arguments are already in locals and
 * SYS_exit is a plain import call. */
void __unmapself(void *base, size_t size)
{
	__syscall(SYS_munmap, base, size);
	for (;;) __syscall(SYS_exit, 0);
}
