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
			while (limit - block > 64) {
				v128_t a = wasm_i8x16_eq(load_block(block), needle);
				v128_t b = wasm_i8x16_eq(load_block(block + 16), needle);
				v128_t x = wasm_i8x16_eq(load_block(block + 32), needle);
				v128_t d = wasm_i8x16_eq(load_block(block + 48), needle);
				if (wasm_v128_any_true(wasm_v128_or(wasm_v128_or(a, b), wasm_v128_or(x, d)))) break;
				block += 64;
			}
		}
		found = equal_bits(load_block(block), needle);
	}
}
