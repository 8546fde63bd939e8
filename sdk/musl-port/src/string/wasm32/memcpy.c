#include <string.h>

/* One memory.copy (-mbulk-memory turns the builtin into the instruction, not a call): both
 * engine tiers run it as a host memmove. */
void *memcpy(void *restrict dest, const void *restrict src, size_t n)
{
	__builtin_memcpy(dest, src, n);
	return dest;
}
