#include <string.h>

/* memory.copy is defined for overlapping ranges. */
void *memmove(void *dest, const void *src, size_t n)
{
	__builtin_memmove(dest, src, n);
	return dest;
}
