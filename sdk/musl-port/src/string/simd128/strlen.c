#include <string.h>
#include "simd_block.h"

size_t strlen(const char *s)
{
	uintptr_t start = (uintptr_t)s, block = start & -16;
	v128_t zero = wasm_i8x16_splat(0);
	/* The bits of bytes before s are shifted out. */
	uint32_t found = equal_bits(load_block(block), zero) >> (start & 15);
	if (found) return __builtin_ctz(found);
	/* Up to a 128-byte boundary one block at a time, then eight at a time: a 128-byte-aligned
	 * group shares a page with its first byte, which the previous group shows is in the string.
	 * (Eight, not four: the compiled tier turns each block into one SSE2 register, and the loop's
	 * fixed cost then falls on twice the bytes.) */
	for (block += 16; block & 127; block += 16) {
		v128_t v = load_block(block);
		if (!wasm_i8x16_all_true(v)) return block - start + __builtin_ctz(equal_bits(v, zero));
	}
	for (;; block += 128) {
		v128_t a = load_block(block), b = load_block(block + 16);
		v128_t c = load_block(block + 32), d = load_block(block + 48);
		v128_t e = load_block(block + 64), f = load_block(block + 80);
		v128_t g = load_block(block + 96), h = load_block(block + 112);
		v128_t low = wasm_u8x16_min(wasm_u8x16_min(a, b), wasm_u8x16_min(c, d));
		v128_t high = wasm_u8x16_min(wasm_u8x16_min(e, f), wasm_u8x16_min(g, h));
		if (!wasm_i8x16_all_true(wasm_u8x16_min(low, high))) {
			if (wasm_i8x16_all_true(low)) {
				block += 64;
				a = e, b = f, c = g, d = h;
			}
			uint64_t bits = equal_bits(a, zero) | (uint64_t)equal_bits(b, zero) << 16
				| (uint64_t)equal_bits(c, zero) << 32 | (uint64_t)equal_bits(d, zero) << 48;
			return block - start + __builtin_ctzll(bits);
		}
	}
}
