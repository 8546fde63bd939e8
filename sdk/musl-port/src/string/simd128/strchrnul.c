#include <string.h>
#include "simd_block.h"

char *__strchrnul(const char *s, int c)
{
	c = (unsigned char)c;
	if (!c) return (char *)s + strlen(s);
	uintptr_t start = (uintptr_t)s, block = start & -16;
	v128_t zero = wasm_i8x16_splat(0), needle = wasm_i8x16_splat(c);
	v128_t v = load_block(block);
	/* The first terminator or c; bits of bytes before s are shifted out. */
	uint32_t found = (equal_bits(v, zero) | equal_bits(v, needle)) >> (start & 15);
	if (found) return (char *)s + __builtin_ctz(found);
	for (;;) {
		block += 16;
		v = load_block(block);
		/* A byte is 0 or c exactly when min(byte, byte ^ c) is 0. */
		if (!wasm_i8x16_all_true(wasm_u8x16_min(v, wasm_v128_xor(v, needle)))) break;
	}
	return (char *)block + __builtin_ctz(equal_bits(v, zero) | equal_bits(v, needle));
}

weak_alias(__strchrnul, strchrnul);
