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
	for (const v128_t *p = (const v128_t *)block;; p += 8) {
		/* Blocks as p[0] .. p[7] (pointer arithmetic cannot wrap), so that they are loads at
		 * constant offsets 0..112 from one address, which the compiled tier folds into x86
		 * addressing (one address per pass instead of eight 32-bit sums). The empty asm keeps
		 * LLVM's loop strength reduction from turning them back into eight address variables. */
		__asm__("" : "+r"(p));
		v128_t a = p[0], b = p[1], c = p[2], d = p[3];
		v128_t e = p[4], f = p[5], g = p[6], h = p[7];
		v128_t low = wasm_u8x16_min(wasm_u8x16_min(a, b), wasm_u8x16_min(c, d));
		v128_t high = wasm_u8x16_min(wasm_u8x16_min(e, f), wasm_u8x16_min(g, h));
		if (!wasm_i8x16_all_true(wasm_u8x16_min(low, high))) {
			if (wasm_i8x16_all_true(low)) {
				p += 4;
				a = e, b = f, c = g, d = h;
			}
			uint64_t bits = equal_bits(a, zero) | (uint64_t)equal_bits(b, zero) << 16
				| (uint64_t)equal_bits(c, zero) << 32 | (uint64_t)equal_bits(d, zero) << 48;
			return (const char *)p - s + __builtin_ctzll(bits);
		}
	}
}
