#include "pthread_impl.h"

/* The "thread pointer" is a thread-local variable (pthread_arch.h). */
int __set_thread_area(void *p)
{
	__wali_thread_self = p;
	return 0;
}
