#include <string.h>
#include "simd_block.h"

int strcmp(const char *left, const char *right)
{
	const unsigned char *l = (const void *)left, *r = (const void *)right;
	v128_t zero = wasm_i8x16_splat(0);
	for (;;) {
		/* 16 bytes at a time while neither load crosses a page boundary. */
		size_t room = room_in_page((uintptr_t)l), room_r = room_in_page((uintptr_t)r);
		if (room_r < room) room = room_r;
		for (; room >= 16; room -= 16, l += 16, r += 16) {
			v128_t a = wasm_v128_load(l), b = wasm_v128_load(r);
			/* Stop at the first difference or at the end of both strings. */
			v128_t stop = wasm_v128_or(wasm_i8x16_ne(a, b), wasm_i8x16_eq(a, zero));
			if (wasm_v128_any_true(stop)) {
				size_t i = __builtin_ctz(wasm_i8x16_bitmask(stop));
				return l[i] - r[i];
			}
		}
		/* Byte by byte up to the nearer boundary. */
		for (; room; room--, l++, r++)
			if (*l != *r || !*l) return *l - *r;
	}
}
