/* SIMD helpers of translated code: v128 as clang vectors, and the lane operations that
 * are more than one C operator.
 * Part of every C file `wali compile` generates (after the ABI definitions of CWALINativeRuntime.h);
 * embedded into the engine at build time. Compiled on its own by TemplateTests. */
/* ---- SIMD: clang vector extensions; lane 0 is the lowest address (little-endian hosts) ---- */
typedef int64_t v128 __attribute__((vector_size(16)));
typedef v128 __attribute__((aligned(1))) v128u;
typedef int8_t wv_i8 __attribute__((vector_size(16)));
typedef uint8_t wv_u8 __attribute__((vector_size(16)));
typedef int16_t wv_i16 __attribute__((vector_size(16)));
typedef uint16_t wv_u16 __attribute__((vector_size(16)));
typedef int32_t wv_i32 __attribute__((vector_size(16)));
typedef uint32_t wv_u32 __attribute__((vector_size(16)));
typedef int64_t wv_i64 __attribute__((vector_size(16)));
typedef uint64_t wv_u64 __attribute__((vector_size(16)));
typedef float wv_f32 __attribute__((vector_size(16)));
typedef double wv_f64 __attribute__((vector_size(16)));
/* Half vectors (8 bytes): extends, narrows and the 64-bit extending loads. */
typedef int8_t wv_i8h __attribute__((vector_size(8)));
typedef uint8_t wv_u8h __attribute__((vector_size(8)));
typedef int16_t wv_i16h __attribute__((vector_size(8)));
typedef uint16_t wv_u16h __attribute__((vector_size(8)));
typedef int32_t wv_i32h __attribute__((vector_size(8)));
typedef uint32_t wv_u32h __attribute__((vector_size(8)));
typedef float wv_f32h __attribute__((vector_size(8)));
typedef wv_i8h __attribute__((aligned(1))) wv_i8hu;
typedef wv_u8h __attribute__((aligned(1))) wv_u8hu;
typedef wv_i16h __attribute__((aligned(1))) wv_i16hu;
typedef wv_u16h __attribute__((aligned(1))) wv_u16hu;
typedef wv_i32h __attribute__((aligned(1))) wv_i32hu;
typedef wv_u32h __attribute__((aligned(1))) wv_u32hu;
/* Eight 32-bit lanes: widened 16-bit arithmetic. */
typedef int32_t wv_i32w __attribute__((vector_size(32)));
/* A mutable v128 global: two u64 slots of inst->globals. */
#define G_V(k) (*(v128u *)&inst->globals[k])

static inline v128 wv_splat8(uint32_t x) { uint8_t b = (uint8_t)x; return (v128)(wv_u8){ b, b, b, b, b, b, b, b, b, b, b, b, b, b, b, b }; }
static inline v128 wv_splat16(uint32_t x) { uint16_t h = (uint16_t)x; return (v128)(wv_u16){ h, h, h, h, h, h, h, h }; }
static inline v128 wv_splat32(uint32_t x) { return (v128)(wv_u32){ x, x, x, x }; }
static inline v128 wv_splat64(uint64_t x) { return (v128)(wv_u64){ x, x }; }
static inline v128 wv_splat_f32(float x) { return (v128)(wv_f32){ x, x, x, x }; }
static inline v128 wv_splat_f64(double x) { return (v128)(wv_f64){ x, x }; }

#define WV_REPLACE(name, V, T) \
  static inline v128 name(v128 v, int i, T x) { V t = (V)v; t[i] = x; return (v128)t; }
WV_REPLACE(wv_replace8, wv_u8, uint8_t)
WV_REPLACE(wv_replace16, wv_u16, uint16_t)
WV_REPLACE(wv_replace32, wv_u32, uint32_t)
WV_REPLACE(wv_replace64, wv_u64, uint64_t)
WV_REPLACE(wv_replace_f32, wv_f32, float)
WV_REPLACE(wv_replace_f64, wv_f64, double)

/* Lanes of `a` picked by the bytes of `s`; an index >= 16 picks 0. */
static inline v128 wv_swizzle(v128 a, v128 s) {
  wv_u8 x = (wv_u8)a, i = (wv_u8)s, r;
  for (int k = 0; k < 16; k++) r[k] = i[k] < 16 ? x[i[k] & 15] : 0;
  return (v128)r;
}

#if defined(__SSE2__)
/* x86-64 (SSE2 is its baseline): a lane test is one compare and one pmovmskb, and a bitmask
   one movmsk, where the generic forms below become dozens of shuffles and a loop over lanes
   (string routines call these once per 16 bytes). */
static inline uint32_t wv_zero_bytes(v128 a) { return (uint32_t)__builtin_ia32_pmovmskb128((wv_i8)((wv_u8)a == 0)); }
static inline uint32_t wv_any_true(v128 a) { return wv_zero_bytes(a) != 0xffffu; }
#define WV_ALL_TRUE(name, V) \
  static inline uint32_t name(v128 a) { return __builtin_ia32_pmovmskb128((wv_i8)((V)a == 0)) == 0; }
static inline uint32_t wv_bitmask8(v128 a) { return (uint32_t)__builtin_ia32_pmovmskb128((wv_i8)a); }
static inline uint32_t wv_bitmask16(v128 a) {
  wv_i16 x = (wv_i16)a; /* packs keeps the sign of each lane */
  return (uint32_t)__builtin_ia32_pmovmskb128(__builtin_ia32_packsswb128(x, x)) & 0xffu; }
static inline uint32_t wv_bitmask32(v128 a) { return (uint32_t)__builtin_ia32_movmskps((wv_f32)a); }
static inline uint32_t wv_bitmask64(v128 a) { return (uint32_t)__builtin_ia32_movmskpd((wv_f64)a); }
#else
static inline uint32_t wv_any_true(v128 a) { return (a[0] | a[1]) != 0; }
#define WV_ALL_TRUE(name, V) \
  static inline uint32_t name(v128 a) { v128 z = (v128)((V)a == 0); return (z[0] | z[1]) == 0; }
/* Bit i of the result is the sign bit of lane i. */
#define WV_BITMASK(name, V, n, bits) \
  static inline uint32_t name(v128 a) { \
    V x = (V)a >> (bits - 1); uint32_t r = 0; \
    for (int i = 0; i < n; i++) r |= (uint32_t)x[i] << i; \
    return r; }
WV_BITMASK(wv_bitmask8, wv_u8, 16, 8)
WV_BITMASK(wv_bitmask16, wv_u16, 8, 16)
WV_BITMASK(wv_bitmask32, wv_u32, 4, 32)
WV_BITMASK(wv_bitmask64, wv_u64, 2, 64)
#endif
WV_ALL_TRUE(wv_all_true8, wv_u8)
WV_ALL_TRUE(wv_all_true16, wv_u16)
WV_ALL_TRUE(wv_all_true32, wv_u32)
WV_ALL_TRUE(wv_all_true64, wv_u64)

/* abs wraps (abs(INT_MIN) = INT_MIN): computed on unsigned lanes. */
#define WV_ABS(name, S, U, bits) \
  static inline v128 name(v128 a) { U m = (U)((S)a >> (bits - 1)); return (v128)(((U)a ^ m) - m); }
WV_ABS(wv_abs8, wv_i8, wv_u8, 8)
WV_ABS(wv_abs16, wv_i16, wv_u16, 16)
WV_ABS(wv_abs32, wv_i32, wv_u32, 32)
WV_ABS(wv_abs64, wv_i64, wv_u64, 64)

static inline v128 wv_popcnt8(v128 a) {
  wv_u8 x = (wv_u8)a;
  x = x - ((x >> 1) & 0x55);
  x = (x & 0x33) + ((x >> 2) & 0x33);
  return (v128)((x + (x >> 4)) & 0x0f);
}

/* Rounding average, (a + b + 1) / 2 without overflow. */
static inline v128 wv_avgr8(v128 a, v128 b) { wv_u8 x = (wv_u8)a, y = (wv_u8)b; return (v128)((x | y) - ((x ^ y) >> 1)); }
static inline v128 wv_avgr16(v128 a, v128 b) { wv_u16 x = (wv_u16)a, y = (wv_u16)b; return (v128)((x | y) - ((x ^ y) >> 1)); }

/* Extends of the low or high half of the lanes. */
#define WV_EXTEND(name, FROM, TO, ...) \
  static inline v128 name(v128 a) { FROM x = (FROM)a; return (v128)__builtin_convertvector(__builtin_shufflevector(x, x, __VA_ARGS__), TO); }
WV_EXTEND(wv_extend_lo_s8, wv_i8, wv_i16, 0, 1, 2, 3, 4, 5, 6, 7)
WV_EXTEND(wv_extend_hi_s8, wv_i8, wv_i16, 8, 9, 10, 11, 12, 13, 14, 15)
WV_EXTEND(wv_extend_lo_u8, wv_u8, wv_u16, 0, 1, 2, 3, 4, 5, 6, 7)
WV_EXTEND(wv_extend_hi_u8, wv_u8, wv_u16, 8, 9, 10, 11, 12, 13, 14, 15)
WV_EXTEND(wv_extend_lo_s16, wv_i16, wv_i32, 0, 1, 2, 3)
WV_EXTEND(wv_extend_hi_s16, wv_i16, wv_i32, 4, 5, 6, 7)
WV_EXTEND(wv_extend_lo_u16, wv_u16, wv_u32, 0, 1, 2, 3)
WV_EXTEND(wv_extend_hi_u16, wv_u16, wv_u32, 4, 5, 6, 7)
WV_EXTEND(wv_extend_lo_s32, wv_i32, wv_i64, 0, 1)
WV_EXTEND(wv_extend_hi_s32, wv_i32, wv_i64, 2, 3)
WV_EXTEND(wv_extend_lo_u32, wv_u32, wv_u64, 0, 1)
WV_EXTEND(wv_extend_hi_u32, wv_u32, wv_u64, 2, 3)

/* Sums of adjacent lane pairs, extended. */
#define WV_EXTADD(name, FROM, TO, EVEN, ODD) \
  static inline v128 name(v128 a) { FROM x = (FROM)a; \
    return (v128)(__builtin_convertvector(__builtin_shufflevector(x, x, EVEN), TO) + \
                  __builtin_convertvector(__builtin_shufflevector(x, x, ODD), TO)); }
#define WV_EVEN8 0, 2, 4, 6, 8, 10, 12, 14
#define WV_ODD8 1, 3, 5, 7, 9, 11, 13, 15
#define WV_EVEN4 0, 2, 4, 6
#define WV_ODD4 1, 3, 5, 7
WV_EXTADD(wv_extadd_s8, wv_i8, wv_i16, WV_EVEN8, WV_ODD8)
WV_EXTADD(wv_extadd_u8, wv_u8, wv_u16, WV_EVEN8, WV_ODD8)
WV_EXTADD(wv_extadd_s16, wv_i16, wv_i32, WV_EVEN4, WV_ODD4)
WV_EXTADD(wv_extadd_u16, wv_u16, wv_u32, WV_EVEN4, WV_ODD4)

/* Saturating narrows: the lanes of a, then those of b, clamped to the narrower type. */
#define WV_NARROW(name, S, HALF, lo, hi, ...) \
  static inline v128 name(v128 a, v128 b) { \
    S l = (S){0} + (lo), h = (S){0} + (hi); \
    HALF x = __builtin_convertvector(__builtin_elementwise_min(__builtin_elementwise_max((S)a, l), h), HALF); \
    HALF y = __builtin_convertvector(__builtin_elementwise_min(__builtin_elementwise_max((S)b, l), h), HALF); \
    return (v128)__builtin_shufflevector(x, y, __VA_ARGS__); }
WV_NARROW(wv_narrow16_s, wv_i16, wv_i8h, -128, 127, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)
WV_NARROW(wv_narrow16_u, wv_i16, wv_u8h, 0, 255, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)
WV_NARROW(wv_narrow32_s, wv_i32, wv_i16h, -32768, 32767, 0, 1, 2, 3, 4, 5, 6, 7)
WV_NARROW(wv_narrow32_u, wv_i32, wv_u16h, 0, 65535, 0, 1, 2, 3, 4, 5, 6, 7)

/* Rounding Q15 multiply; only -32768 * -32768 saturates. */
static inline v128 wv_q15mulr(v128 a, v128 b) {
  wv_i32w x = __builtin_convertvector((wv_i16)a, wv_i32w), y = __builtin_convertvector((wv_i16)b, wv_i32w);
  wv_i32w r = __builtin_elementwise_min((x * y + 0x4000) >> 15, (wv_i32w){0} + 32767);
  return (v128)__builtin_convertvector(r, wv_i16);
}
/* i32x4.dot_i16x8_s: products of 16-bit lanes, adjacent pairs summed (wrapping). */
static inline v128 wv_dot16(v128 a, v128 b) {
  wv_i16 x = (wv_i16)a, y = (wv_i16)b;
  wv_u32 xe = (wv_u32)__builtin_convertvector(__builtin_shufflevector(x, x, WV_EVEN4), wv_i32);
  wv_u32 xo = (wv_u32)__builtin_convertvector(__builtin_shufflevector(x, x, WV_ODD4), wv_i32);
  wv_u32 ye = (wv_u32)__builtin_convertvector(__builtin_shufflevector(y, y, WV_EVEN4), wv_i32);
  wv_u32 yo = (wv_u32)__builtin_convertvector(__builtin_shufflevector(y, y, WV_ODD4), wv_i32);
  return (v128)(xe * ye + xo * yo);
}
/* Relaxed dot products, as the interpreter computes them: signed 8-bit products, adjacent
   pairs summed and saturated to 16 bits (then, for _add, adjacent pairs of those plus c). */
static inline wv_i32w wv_dot8_pairs(v128 a, v128 b) {
  wv_i8 x = (wv_i8)a, y = (wv_i8)b;
  wv_i32w xe = __builtin_convertvector(__builtin_shufflevector(x, x, WV_EVEN8), wv_i32w);
  wv_i32w xo = __builtin_convertvector(__builtin_shufflevector(x, x, WV_ODD8), wv_i32w);
  wv_i32w ye = __builtin_convertvector(__builtin_shufflevector(y, y, WV_EVEN8), wv_i32w);
  wv_i32w yo = __builtin_convertvector(__builtin_shufflevector(y, y, WV_ODD8), wv_i32w);
  return __builtin_elementwise_min(__builtin_elementwise_max(xe * ye + xo * yo, (wv_i32w){0} - 32768), (wv_i32w){0} + 32767);
}
static inline v128 wv_relaxed_dot8(v128 a, v128 b) { return (v128)__builtin_convertvector(wv_dot8_pairs(a, b), wv_i16); }
static inline v128 wv_relaxed_dot8_add(v128 a, v128 b, v128 c) {
  wv_i32w d = wv_dot8_pairs(a, b);
  wv_u32 e = (wv_u32)__builtin_shufflevector(d, d, WV_EVEN4), o = (wv_u32)__builtin_shufflevector(d, d, WV_ODD4);
  return (v128)(e + o + (wv_u32)c);
}

/* min/max: a NaN lane gives the canonical NaN, and -0 < +0. */
#define WV_MINMAX(name, F, I, nan, pick, eq) \
  static inline v128 name(v128 a, v128 b) { \
    F x = (F)a, y = (F)b; I xi = (I)a, yi = (I)b; \
    I lt = x < y, gt = y < x, un = (x != x) | (y != y); \
    I r = (xi & pick(lt, gt)) | (yi & pick(gt, lt)) | ((xi eq yi) & ~(lt | gt)); \
    return (v128)((r & ~un) | (un & (nan))); }
#define WV_FIRST(p, q) p
#define WV_SECOND(p, q) q
WV_MINMAX(wv_min_f32, wv_f32, wv_i32, (int32_t)0x7fc00000, WV_FIRST, |)
WV_MINMAX(wv_max_f32, wv_f32, wv_i32, (int32_t)0x7fc00000, WV_SECOND, &)
WV_MINMAX(wv_min_f64, wv_f64, wv_i64, (int64_t)0x7ff8000000000000ll, WV_FIRST, |)
WV_MINMAX(wv_max_f64, wv_f64, wv_i64, (int64_t)0x7ff8000000000000ll, WV_SECOND, &)
/* Pseudo-min/max: pmin = b < a ? b : a, pmax = a < b ? b : a (bits kept, NaNs too). */
#define WV_PMINMAX(name, F, I, cond) \
  static inline v128 name(v128 a, v128 b) { \
    F x = (F)a, y = (F)b; I m = cond; return (v128)(((I)b & m) | ((I)a & ~m)); }
WV_PMINMAX(wv_pmin_f32, wv_f32, wv_i32, y < x)
WV_PMINMAX(wv_pmax_f32, wv_f32, wv_i32, x < y)
WV_PMINMAX(wv_pmin_f64, wv_f64, wv_i64, y < x)
WV_PMINMAX(wv_pmax_f64, wv_f64, wv_i64, x < y)

/* Saturating truncations: lanes out of range of the conversion are converted as 0 and
   then replaced (NaN -> 0, too small -> min, too large -> max). */
static inline v128 wv_trunc_sat_f32_s(v128 a) {
  wv_f32 x = (wv_f32)a;
  wv_i32 ok = (x >= -2147483648.0f) & (x < 2147483648.0f);
  wv_i32 r = __builtin_convertvector((wv_f32)((wv_i32)x & ok), wv_i32);
  return (v128)((r & ok) | ((x >= 2147483648.0f) & 0x7fffffff) | ((x < -2147483648.0f) & (int32_t)0x80000000));
}
static inline v128 wv_trunc_sat_f32_u(v128 a) {
  wv_f32 x = (wv_f32)a;
  wv_i32 ok = (x > -1.0f) & (x < 4294967296.0f);
  wv_i32 r = (wv_i32)__builtin_convertvector((wv_f32)((wv_i32)x & ok), wv_u32);
  return (v128)((r & ok) | (x >= 4294967296.0f));
}
static inline v128 wv_trunc_sat_f64_s_zero(v128 a) {
  wv_f64 x = (wv_f64)a;
  wv_i64 ok = (wv_i64)((x > -2147483649.0) & (x < 2147483648.0));
  wv_i32h r = __builtin_convertvector((wv_f64)((wv_i64)x & ok), wv_i32h);
  wv_i32h okh = __builtin_convertvector(ok, wv_i32h);
  wv_i32h hi = __builtin_convertvector((wv_i64)(x >= 2147483648.0), wv_i32h);
  wv_i32h lo = __builtin_convertvector((wv_i64)(x <= -2147483649.0), wv_i32h);
  r = (r & okh) | (hi & 0x7fffffff) | (lo & (int32_t)0x80000000);
  return (v128)__builtin_shufflevector(r, (wv_i32h){ 0, 0 }, 0, 1, 2, 3);
}
static inline v128 wv_trunc_sat_f64_u_zero(v128 a) {
  wv_f64 x = (wv_f64)a;
  wv_i64 ok = (wv_i64)((x > -1.0) & (x < 4294967296.0));
  wv_u32h r = __builtin_convertvector((wv_f64)((wv_i64)x & ok), wv_u32h);
  wv_u32h okh = (wv_u32h)__builtin_convertvector(ok, wv_i32h);
  wv_u32h hi = (wv_u32h)__builtin_convertvector((wv_i64)(x >= 4294967296.0), wv_i32h);
  r = (r & okh) | hi;
  return (v128)__builtin_shufflevector(r, (wv_u32h){ 0, 0 }, 0, 1, 2, 3);
}
static inline v128 wv_convert_low_s(v128 a) { wv_i32 x = (wv_i32)a; return (v128)__builtin_convertvector(__builtin_shufflevector(x, x, 0, 1), wv_f64); }
static inline v128 wv_convert_low_u(v128 a) { wv_u32 x = (wv_u32)a; return (v128)__builtin_convertvector(__builtin_shufflevector(x, x, 0, 1), wv_f64); }
static inline v128 wv_demote_zero(v128 a) {
  return (v128)__builtin_shufflevector(__builtin_convertvector((wv_f64)a, wv_f32h), (wv_f32h){ 0, 0 }, 0, 1, 2, 3);
}
static inline v128 wv_promote_low(v128 a) { wv_f32 x = (wv_f32)a; return (v128)__builtin_convertvector(__builtin_shufflevector(x, x, 0, 1), wv_f64); }
