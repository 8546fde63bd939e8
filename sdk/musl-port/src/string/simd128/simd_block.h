/* Helpers for the wasm simd128 string routines.
 *
 * Linear memory ends at a 64 KiB page boundary and a load past it traps, so a routine may read
 * bytes it was not asked about only when they share a 64 KiB page with a byte it may read:
 * - a 16-byte load from a 16-byte-aligned address never crosses a page, so an aligned block
 *   holding one valid byte is safe to load whole (the single-string routines scan this way,
 *   ignoring the bits of bytes before the start and never loading a block past the one that
 *   holds the terminator or the limit);
 * - an unaligned load is safe when it does not cross a page (the two-string routines check how
 *   far each pointer is from its next page boundary; strlen's first 128-byte pass is from s
 *   itself when s .. s + 127 share a page). */
#ifndef WALI_SIMD_BLOCK_H
#define WALI_SIMD_BLOCK_H

#include <stddef.h>
#include <stdint.h>
#include <wasm_simd128.h>

#define WASM_PAGE 65536u

static inline v128_t load_block(uintptr_t address)
{
	return wasm_v128_load((const void *)address);
}

/* Bit i set where byte i of the two vectors is equal. */
static inline uint32_t equal_bits(v128_t a, v128_t b)
{
	return wasm_i8x16_bitmask(wasm_i8x16_eq(a, b));
}

/* Bytes from `address` up to its 64 KiB page boundary. */
static inline size_t room_in_page(uintptr_t address)
{
	return WASM_PAGE - (address & (WASM_PAGE - 1));
}

#endif
