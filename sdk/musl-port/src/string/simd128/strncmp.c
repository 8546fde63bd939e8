#include <string.h>
#include "simd_block.h"

int strncmp(const char *left, const char *right, size_t n)
{
	const unsigned char *l = (const void *)left, *r = (const void *)right;
	v128_t zero = wasm_i8x16_splat(0);
	while (n) {
		/* 16 bytes at a time while neither load crosses a page boundary; bytes past n are
		 * read (they share a page with a byte that may be) but not compared. */
		size_t room = room_in_page((uintptr_t)l), room_r = room_in_page((uintptr_t)r);
		if (room_r < room) room = room_r;
		for (; room >= 16; room -= 16, l += 16, r += 16) {
			v128_t a = wasm_v128_load(l), b = wasm_v128_load(r);
			uint32_t stop = wasm_i8x16_bitmask(wasm_v128_or(wasm_i8x16_ne(a, b), wasm_i8x16_eq(a, zero)));
			if (n < 16) stop &= (1u << n) - 1;
			if (stop) {
				size_t i = __builtin_ctz(stop);
				return l[i] - r[i];
			}
			if (n <= 16) return 0;
			n -= 16;
		}
		for (; room && n; room--, n--, l++, r++)
			if (*l != *r || !*l) return *l - *r;
	}
	return 0;
}
