#include <string.h>
#include "simd_block.h"

void *__memrchr(const void *src, int c, size_t n)
{
	if (!n) return 0;
	uintptr_t start = (uintptr_t)src;
	uintptr_t last = n - 1 > UINTPTR_MAX - start ? UINTPTR_MAX : start + (n - 1);
	uintptr_t block = last & -16;
	v128_t needle = wasm_i8x16_splat((unsigned char)c);
	/* Backwards from the block holding the last byte; the bits past it are cleared. */
	uint32_t found = equal_bits(load_block(block), needle) & (0xffffu >> (15 - (last & 15)));
	for (;;) {
		if (block <= start) {
			found &= 0xffffu << (start - block);
			return found ? (void *)(block + 31 - __builtin_clz(found)) : 0;
		}
		if (found) return (void *)(block + 31 - __builtin_clz(found));
		block -= 16;
		found = equal_bits(load_block(block), needle);
	}
}

weak_alias(__memrchr, memrchr);
