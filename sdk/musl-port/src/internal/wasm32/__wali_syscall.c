#include "syscall.h"

/* Syscall with a number known only at run time: referencing every import
 * this libc knows.  Only linked into programs that need it (syscall(2)). */
long __wali_syscall(long n, long a, long b, long c, long d, long e, long f)
{
	return __wali_syscall_inline(n, a, b, c, d, e, f);
}
