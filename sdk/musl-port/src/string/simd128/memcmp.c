#include <string.h>
#include "simd_block.h"

int memcmp(const void *vl, const void *vr, size_t n)
{
	const unsigned char *l = vl, *r = vr;
	/* Both objects hold n bytes, so any 16 of them may be loaded. */
	if (n >= 16) {
		for (;;) {
			v128_t differ = wasm_i8x16_ne(wasm_v128_load(l), wasm_v128_load(r));
			if (wasm_v128_any_true(differ)) {
				size_t i = __builtin_ctz(wasm_i8x16_bitmask(differ));
				return l[i] - r[i];
			}
			n -= 16;
			if (n < 16) break;
			l += 16;
			r += 16;
		}
		if (!n) return 0;
		/* The last 16 bytes, overlapping those already compared. */
		l += n;
		r += n;
		v128_t differ = wasm_i8x16_ne(wasm_v128_load(l), wasm_v128_load(r));
		if (!wasm_v128_any_true(differ)) return 0;
		size_t i = __builtin_ctz(wasm_i8x16_bitmask(differ));
		return l[i] - r[i];
	}
	for (; n && *l == *r; n--, l++, r++);
	return n ? *l - *r : 0;
}
