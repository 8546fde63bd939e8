#define _BSD_SOURCE
#include <unistd.h>
#include <stdarg.h>
#include "syscall.h"

#undef syscall

/* On wasm32 an int or pointer takes 4 bytes in a variadic argument list but a
 * long takes 8, so the arguments must be read with their real types: these
 * come from the WALI table (bits 0-2: count, bit 3+i: argument i is i64). */
static unsigned arginfo(long n)
{
	switch (n) {
	__WALI_SYSCALL_ARGINFO_CASES
	}
	return 0;
}

long syscall(long n, ...)
{
	va_list ap;
	long a[6] = { 0 };
	unsigned info = arginfo(n), i;
	va_start(ap, n);
	for (i=0; i<(info & 7); i++)
		a[i] = (info >> (3+i)) & 1 ? va_arg(ap, long long) : va_arg(ap, int);
	va_end(ap);
	return __syscall_ret(__wali_syscall(n, a[0], a[1], a[2], a[3], a[4], a[5]));
}
