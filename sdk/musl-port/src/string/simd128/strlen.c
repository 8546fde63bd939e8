#include <string.h>
#include "simd_block.h"

/* Passes of eight blocks (128 bytes), the eight reduced with u8 min, so that a pass costs one
 * test; the compiled tier turns each block into one SSE2 register. */
size_t strlen(const char *s)
{
	uintptr_t start = (uintptr_t)s;
	v128_t zero = wasm_i8x16_splat(0);
	v128_t a, b, c, d, e, f, g, h, low, high;
	const v128_t *p;
	const char *pass;
	if (room_in_page(start) >= 128) {
		/* s .. s + 127 share s's page: the first pass is unaligned, from s; its first block is
		 * tested alone (short strings end there). */
		a = wasm_v128_load(s);
		uint32_t found = equal_bits(a, zero);
		if (found) return __builtin_ctz(found);
		b = wasm_v128_load(s + 16), c = wasm_v128_load(s + 32), d = wasm_v128_load(s + 48);
		e = wasm_v128_load(s + 64), f = wasm_v128_load(s + 80);
		g = wasm_v128_load(s + 96), h = wasm_v128_load(s + 112);
		low = wasm_u8x16_min(wasm_u8x16_min(a, b), wasm_u8x16_min(c, d));
		high = wasm_u8x16_min(wasm_u8x16_min(e, f), wasm_u8x16_min(g, h));
		pass = s;
		if (!wasm_i8x16_all_true(wasm_u8x16_min(low, high))) goto end;
		/* The next 128-byte boundary, at most s + 128: no byte is skipped. */
		p = (const v128_t *)((start + 128) & -128);
	} else {
		/* Near the end of s's page: aligned blocks up to the 128-byte boundary, the bits of
		 * bytes before s shifted out. */
		uintptr_t block = start & -16;
		uint32_t found = equal_bits(load_block(block), zero) >> (start & 15);
		if (found) return __builtin_ctz(found);
		for (block += 16; block & 127; block += 16) {
			v128_t v = load_block(block);
			if (!wasm_i8x16_all_true(v)) return block - start + __builtin_ctz(equal_bits(v, zero));
		}
		p = (const v128_t *)block;
	}
	/* 128-byte-aligned passes: one shares a page with its first byte, which the previous pass
	 * shows is in the string. */
	for (;; p += 8) {
		/* Blocks as p[0] .. p[7] (pointer arithmetic cannot wrap), so that they are loads at
		 * constant offsets 0..112 from one address, which the compiled tier folds into x86
		 * addressing (one address per pass instead of eight 32-bit sums). The empty asm keeps
		 * LLVM's loop strength reduction from turning them back into eight address variables. */
		__asm__("" : "+r"(p));
		a = p[0], b = p[1], c = p[2], d = p[3];
		e = p[4], f = p[5], g = p[6], h = p[7];
		low = wasm_u8x16_min(wasm_u8x16_min(a, b), wasm_u8x16_min(c, d));
		high = wasm_u8x16_min(wasm_u8x16_min(e, f), wasm_u8x16_min(g, h));
		if (!wasm_i8x16_all_true(wasm_u8x16_min(low, high))) break;
	}
	pass = (const char *)p;
end:
	/* The pass at `pass` (blocks a .. h) holds the terminator. */
	if (wasm_i8x16_all_true(low)) {
		pass += 64;
		a = e, b = f, c = g, d = h;
	}
	uint64_t bits = equal_bits(a, zero) | (uint64_t)equal_bits(b, zero) << 16
		| (uint64_t)equal_bits(c, zero) << 32 | (uint64_t)equal_bits(d, zero) << 48;
	return pass - s + __builtin_ctzll(bits);
}
