#include <string.h>
#include "simd_block.h"

void *memchr(const void *src, int c, size_t n)
{
	if (!n) return 0;
	uintptr_t start = (uintptr_t)src, block = start & -16;
	/* One past the last byte to search; a limit beyond the address space searches to its end. */
	uintptr_t limit = n > UINTPTR_MAX - start ? UINTPTR_MAX : start + n;
	v128_t needle = wasm_i8x16_splat((unsigned char)c);
	uint32_t found = equal_bits(load_block(block), needle) & (0xffffu << (start & 15));
	for (;;) {
		/* Only blocks that hold a byte below the limit are loaded. */
		if (limit - block <= 16) {
			found &= 0xffffu >> (16 - (limit - block));
			return found ? (void *)(block + __builtin_ctz(found)) : 0;
		}
		if (found) return (void *)(block + __builtin_ctz(found));
		block += 16;
		if (!(block & 63)) {
			/* Whole 64-byte groups before the limit, four blocks at a time. */
			for (const v128_t *p = (const v128_t *)block; limit - (uintptr_t)p > 64; p += 4) {
				/* Blocks as p[0] .. p[3]: loads at constant offsets from one address (the empty
				 * asm keeps loop strength reduction from making them four address variables;
				 * see strlen.c). */
				__asm__("" : "+r"(p));
				v128_t a = wasm_i8x16_eq(p[0], needle), b = wasm_i8x16_eq(p[1], needle);
				v128_t x = wasm_i8x16_eq(p[2], needle), d = wasm_i8x16_eq(p[3], needle);
				block = (uintptr_t)p;
				if (wasm_v128_any_true(wasm_v128_or(wasm_v128_or(a, b), wasm_v128_or(x, d)))) break;
				block += 64;
			}
		}
		found = equal_bits(load_block(block), needle);
	}
}
