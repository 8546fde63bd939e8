// WASM-CFLAGS: -msimd128 -O2
// SIMD: loops clang auto-vectorises (sums, min/max, saturating arithmetic, byte shuffles, float
// math, conversions), then Wasm SIMD intrinsics on edge cases (NaN and -0 in min/max,
// saturation, shifts by the lane width or more, out-of-range swizzle indices, trunc_sat, ...).
// Natively the intrinsics are scalar models of the Wasm semantics, so both sides print the same.
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

enum { N = 4096 };
static uint8_t u8a[N], u8b[N], u8r[N];
static int16_t i16a[N], i16b[N], i16r[N];
static int32_t i32a[N], i32b[N], i32r[N];
static int64_t i64a[N], i64r[N];
static float fa[N], fb[N], fr[N];
static double da[N], dr[N];

static uint32_t hash = 2166136261u;
static void mix(const void *p, size_t n) {
    const uint8_t *b = p;
    for (size_t i = 0; i < n; i++) hash = (hash ^ b[i]) * 16777619u;
}
static void report(const char *what, const void *p, size_t n) {
    hash = 2166136261u;
    mix(p, n);
    printf("%-28s %08x\n", what, hash);
}

static uint32_t rng = 12345;
static uint32_t rnd(void) { rng = rng * 1103515245u + 12345u; return rng >> 8; }

static void fill(int seed) {
    rng += (uint32_t)seed;
    for (int i = 0; i < N; i++) {
        u8a[i] = (uint8_t)rnd(); u8b[i] = (uint8_t)rnd();
        i16a[i] = (int16_t)rnd(); i16b[i] = (int16_t)rnd();
        i32a[i] = (int32_t)(rnd() * 2654435761u); i32b[i] = (int32_t)rnd() - (1 << 23);
        i64a[i] = ((int64_t)rnd() << 40) ^ (int64_t)rnd() * 977;
        fa[i] = (float)((int)(rnd() % 20001) - 10000) / 64.0f;
        fb[i] = (float)((int)(rnd() % 20001) - 10000) / 128.0f;
        da[i] = (double)((int)(rnd() % 2000001) - 1000000) / 1024.0;
    }
}

/* ---- Auto-vectorised loops ---- */

static void vectorised(void) {
    int64_t sum = 0;
    for (int i = 0; i < N; i++) sum += i32a[i] & 0xffff;
    printf("sum                          %lld\n", (long long)sum);
    uint32_t usum = 0;
    for (int i = 0; i < N; i++) usum += (uint32_t)i32a[i] * 3u + (uint32_t)i32b[i];
    printf("wrapping sum                 %u\n", usum);
    int16_t mn = INT16_MAX, mx = INT16_MIN;
    for (int i = 0; i < N; i++) { mn = i16a[i] < mn ? i16a[i] : mn; mx = i16a[i] > mx ? i16a[i] : mx; }
    printf("i16 min/max                  %d %d\n", mn, mx);
    uint8_t umx = 0;
    for (int i = 0; i < N; i++) umx = u8a[i] > umx ? u8a[i] : umx;
    printf("u8 max                       %u\n", umx);

    for (int i = 0; i < N; i++) { int t = u8a[i] + u8b[i]; u8r[i] = t > 255 ? 255 : (uint8_t)t; }
    report("u8 add_sat", u8r, N);
    for (int i = 0; i < N; i++) { int t = u8a[i] - u8b[i]; u8r[i] = t < 0 ? 0 : (uint8_t)t; }
    report("u8 sub_sat", u8r, N);
    for (int i = 0; i < N; i++) {
        int t = i16a[i] + i16b[i];
        i16r[i] = (int16_t)(t > INT16_MAX ? INT16_MAX : t < INT16_MIN ? INT16_MIN : t);
    }
    report("i16 add_sat", i16r, sizeof i16r);
    for (int i = 0; i < N; i++) u8r[i] = (uint8_t)((u8a[i] + u8b[i] + 1) >> 1);
    report("u8 avgr", u8r, N);
    for (int i = 0; i < N; i++) u8r[i] = u8a[N - 1 - i];
    report("u8 reverse", u8r, N);
    for (int i = 0; i < N / 4; i++) {
        u8r[4 * i] = u8a[4 * i + 3]; u8r[4 * i + 1] = u8a[4 * i + 2];
        u8r[4 * i + 2] = u8a[4 * i + 1]; u8r[4 * i + 3] = u8a[4 * i];
    }
    report("u8 byteswap32", u8r, N);
    for (int i = 0; i < N / 2; i++) { u8r[i] = u8a[2 * i]; u8r[N / 2 + i] = u8a[2 * i + 1]; }
    report("u8 deinterleave", u8r, N);
    for (int i = 0; i < N; i++) u8r[i] = (uint8_t)__builtin_popcount(u8a[i]);
    report("u8 popcount", u8r, N);
    for (int i = 0; i < N; i++) u8r[i] = u8a[i] > u8b[i] ? u8a[i] : u8b[i] ^ 0x5a;
    report("u8 compare-select", u8r, N);

    for (int i = 0; i < N; i++) i16r[i] = (int16_t)(i16a[i] * i16b[i]);
    report("i16 mul", i16r, sizeof i16r);
    for (int i = 0; i < N; i++) i16r[i] = (int16_t)(i16a[i] < 0 ? -i16a[i] : i16a[i]);
    report("i16 abs", i16r, sizeof i16r);
    for (int i = 0; i < N; i++) i32r[i] = (int32_t)i16a[i] * i16b[i];
    report("i16 widening mul", i32r, sizeof i32r);
    int32_t dot = 0;
    for (int i = 0; i < N; i++) dot += (int32_t)i16a[i] * i16b[i];
    printf("i16 dot                      %d\n", dot);
    for (int i = 0; i < N; i++) i32r[i] = (i32a[i] >> 7) ^ (int32_t)((uint32_t)i32b[i] << 3);
    report("i32 shifts", i32r, sizeof i32r);
    for (int i = 0; i < N; i++) i32r[i] = i32a[i] < i32b[i] ? i32a[i] : i32b[i];
    report("i32 min", i32r, sizeof i32r);
    for (int i = 0; i < N; i++) i64r[i] = i64a[i] * 0x9e3779b97f4a7c15ll + (i64a[i] >> 13);
    report("i64 mul/shift", i64r, sizeof i64r);
    for (int i = 0; i < N; i++) i64r[i] = (int64_t)i32a[i] * i32b[i];
    report("i32 -> i64 widening mul", i64r, sizeof i64r);

    for (int i = 0; i < N; i++) fr[i] = fa[i] * fb[i] + fa[i] / 3.0f - fb[i];
    report("f32 arithmetic", fr, sizeof fr);
    for (int i = 0; i < N; i++) fr[i] = fb[i] < fa[i] ? fb[i] : fa[i];
    report("f32 min (pmin)", fr, sizeof fr);
    for (int i = 0; i < N; i++) fr[i] = fa[i] < fb[i] ? fb[i] : fa[i];
    report("f32 max (pmax)", fr, sizeof fr);
    for (int i = 0; i < N; i++) fr[i] = sqrtf(fabsf(fa[i])) + floorf(fb[i]) + ceilf(fa[i]) + truncf(fb[i] * 0.3f);
    report("f32 sqrt/floor/ceil/trunc", fr, sizeof fr);
    for (int i = 0; i < N; i++) fr[i] = rintf(fa[i] * 0.37f);
    report("f32 nearest", fr, sizeof fr);
    for (int i = 0; i < N; i++) i32r[i] = (int32_t)(fa[i] * 1000.0f);
    report("f32 -> i32", i32r, sizeof i32r);
    for (int i = 0; i < N; i++) fr[i] = (float)i32a[i] + (float)(uint32_t)i32b[i];
    report("i32/u32 -> f32", fr, sizeof fr);
    for (int i = 0; i < N; i++) dr[i] = da[i] * da[i] - sqrt(fabs(da[i])) + (double)fa[i];
    report("f64 arithmetic", dr, sizeof dr);
    for (int i = 0; i < N; i++) fr[i] = (float)(da[i] * 0.1);
    report("f64 -> f32", fr, sizeof fr);
    for (int i = 0; i < N; i++) dr[i] = (double)fb[i] * 1.5;
    report("f32 -> f64", dr, sizeof dr);
    double dsum = 0;
    for (int i = 0; i < N; i++) dsum += da[i];
    uint64_t bits;
    memcpy(&bits, &dsum, 8);
    printf("f64 sum                      %016llx\n", (unsigned long long)bits);
}

/* ---- Intrinsics on edge cases (scalar models natively) ---- */

typedef struct { uint8_t b[16]; } vec;
static vec make(const void *p) { vec v; memcpy(v.b, p, 16); return v; }
static void show(const char *what, vec v) {
    printf("%-28s", what);
    for (int i = 0; i < 16; i++) printf("%s%02x", i % 4 ? "" : " ", v.b[i]);
    printf("\n");
}
/* Float lanes with NaNs shown as "nan" (which NaN a Wasm operation returns is not specified). */
static void showf(const char *what, vec v) {
    printf("%-28s", what);
    for (int i = 0; i < 4; i++) {
        float f; uint32_t u;
        memcpy(&f, v.b + 4 * i, 4); memcpy(&u, v.b + 4 * i, 4);
        if (isnan(f)) printf(" nan"); else printf(" %08x", u);
    }
    printf("\n");
}
static void showd(const char *what, vec v) {
    printf("%-28s", what);
    for (int i = 0; i < 2; i++) {
        double f; uint64_t u;
        memcpy(&f, v.b + 8 * i, 8); memcpy(&u, v.b + 8 * i, 8);
        if (isnan(f)) printf(" nan"); else printf(" %016llx", (unsigned long long)u);
    }
    printf("\n");
}

#ifdef __wasm_simd128__
#include <wasm_simd128.h>
static v128_t ld(vec v) { return wasm_v128_load(v.b); }
static vec st(v128_t x) { vec v; wasm_v128_store(v.b, x); return v; }
static vec swizzle(vec a, vec s) { return st(wasm_i8x16_swizzle(ld(a), ld(s))); }
static vec shuffle(vec a, vec b) { return st(wasm_i8x16_shuffle(ld(a), ld(b), 0, 17, 2, 19, 31, 30, 5, 5, 16, 0, 15, 14, 20, 21, 22, 23)); }
static vec add_sat_s8(vec a, vec b) { return st(wasm_i8x16_add_sat(ld(a), ld(b))); }
static vec sub_sat_u16(vec a, vec b) { return st(wasm_u16x8_sub_sat(ld(a), ld(b))); }
static vec shl8(vec a, int n) { return st(wasm_i8x16_shl(ld(a), n)); }
static vec shr_s16(vec a, int n) { return st(wasm_i16x8_shr(ld(a), n)); }
static vec shr_u64(vec a, int n) { return st(wasm_u64x2_shr(ld(a), n)); }
static vec narrow_s(vec a, vec b) { return st(wasm_i8x16_narrow_i16x8(ld(a), ld(b))); }
static vec narrow_u(vec a, vec b) { return st(wasm_u16x8_narrow_i32x4(ld(a), ld(b))); }
static vec q15mulr(vec a, vec b) { return st(wasm_i16x8_q15mulr_sat(ld(a), ld(b))); }
static vec dot(vec a, vec b) { return st(wasm_i32x4_dot_i16x8(ld(a), ld(b))); }
static vec extmul_hi_s32(vec a, vec b) { return st(wasm_i64x2_extmul_high_i32x4(ld(a), ld(b))); }
static vec extadd_u8(vec a) { return st(wasm_u16x8_extadd_pairwise_u8x16(ld(a))); }
static vec popcnt(vec a) { return st(wasm_i8x16_popcnt(ld(a))); }
static vec avgr_u8(vec a, vec b) { return st(wasm_u8x16_avgr(ld(a), ld(b))); }
static vec abs8(vec a) { return st(wasm_i8x16_abs(ld(a))); }
static int bitmask8(vec a) { return wasm_i8x16_bitmask(ld(a)); }
static int all_true16(vec a) { return wasm_i16x8_all_true(ld(a)); }
static int any_true(vec a) { return wasm_v128_any_true(ld(a)); }
static vec fmin4(vec a, vec b) { return st(wasm_f32x4_min(ld(a), ld(b))); }
static vec fmax4(vec a, vec b) { return st(wasm_f32x4_max(ld(a), ld(b))); }
static vec pmin4(vec a, vec b) { return st(wasm_f32x4_pmin(ld(a), ld(b))); }
static vec fmin2(vec a, vec b) { return st(wasm_f64x2_min(ld(a), ld(b))); }
static vec fmax2(vec a, vec b) { return st(wasm_f64x2_max(ld(a), ld(b))); }
static vec nearest4(vec a) { return st(wasm_f32x4_nearest(ld(a))); }
static vec trunc_sat_s(vec a) { return st(wasm_i32x4_trunc_sat_f32x4(ld(a))); }
static vec trunc_sat_u(vec a) { return st(wasm_u32x4_trunc_sat_f32x4(ld(a))); }
static vec trunc_sat_s_zero(vec a) { return st(wasm_i32x4_trunc_sat_f64x2_zero(ld(a))); }
static vec convert_u(vec a) { return st(wasm_f32x4_convert_u32x4(ld(a))); }
static vec demote(vec a) { return st(wasm_f32x4_demote_f64x2_zero(ld(a))); }
static vec load8_lane(const uint8_t *p, vec a) { return st(wasm_v128_load8_lane(p, ld(a), 9)); }
static vec load32x2_s(const uint8_t *p) { return st(wasm_i64x2_load32x2(p)); }
#else
#define LANES(T, v) T v##_[16 / sizeof(T)]; memcpy(v##_, v.b, 16)
#define OUT(T, r) vec out_; memcpy(out_.b, r, 16); return out_
static vec swizzle(vec a, vec s) { vec r; for (int i = 0; i < 16; i++) r.b[i] = s.b[i] < 16 ? a.b[s.b[i]] : 0; return r; }
static vec shuffle(vec a, vec b) {
    static const int m[16] = { 0, 17, 2, 19, 31, 30, 5, 5, 16, 0, 15, 14, 20, 21, 22, 23 };
    vec r; for (int i = 0; i < 16; i++) r.b[i] = m[i] < 16 ? a.b[m[i]] : b.b[m[i] - 16]; return r;
}
static int sat(int x, int lo, int hi) { return x < lo ? lo : x > hi ? hi : x; }
static vec add_sat_s8(vec a, vec b) { vec r; for (int i = 0; i < 16; i++) r.b[i] = (uint8_t)sat((int8_t)a.b[i] + (int8_t)b.b[i], -128, 127); return r; }
static vec sub_sat_u16(vec a, vec b) { LANES(uint16_t, a); LANES(uint16_t, b); uint16_t r[8]; for (int i = 0; i < 8; i++) r[i] = (uint16_t)sat(a_[i] - b_[i], 0, 65535); OUT(uint16_t, r); }
static vec shl8(vec a, int n) { vec r; for (int i = 0; i < 16; i++) r.b[i] = (uint8_t)(a.b[i] << (n & 7)); return r; }
static vec shr_s16(vec a, int n) { LANES(int16_t, a); int16_t r[8]; for (int i = 0; i < 8; i++) r[i] = (int16_t)(a_[i] >> (n & 15)); OUT(int16_t, r); }
static vec shr_u64(vec a, int n) { LANES(uint64_t, a); uint64_t r[2]; for (int i = 0; i < 2; i++) r[i] = a_[i] >> (n & 63); OUT(uint64_t, r); }
static vec narrow_s(vec a, vec b) {
    LANES(int16_t, a); LANES(int16_t, b); vec r;
    for (int i = 0; i < 8; i++) { r.b[i] = (uint8_t)sat(a_[i], -128, 127); r.b[8 + i] = (uint8_t)sat(b_[i], -128, 127); }
    return r;
}
static vec narrow_u(vec a, vec b) {
    LANES(int32_t, a); LANES(int32_t, b); uint16_t r[8];
    for (int i = 0; i < 4; i++) { r[i] = (uint16_t)sat(a_[i], 0, 65535); r[4 + i] = (uint16_t)sat(b_[i], 0, 65535); }
    OUT(uint16_t, r);
}
static vec q15mulr(vec a, vec b) { LANES(int16_t, a); LANES(int16_t, b); int16_t r[8]; for (int i = 0; i < 8; i++) r[i] = (int16_t)sat((a_[i] * b_[i] + 0x4000) >> 15, -32768, 32767); OUT(int16_t, r); }
static vec dot(vec a, vec b) {
    LANES(int16_t, a); LANES(int16_t, b); uint32_t r[4];
    for (int i = 0; i < 4; i++) r[i] = (uint32_t)(a_[2 * i] * b_[2 * i]) + (uint32_t)(a_[2 * i + 1] * b_[2 * i + 1]);
    OUT(uint32_t, r);
}
static vec extmul_hi_s32(vec a, vec b) { LANES(int32_t, a); LANES(int32_t, b); int64_t r[2]; for (int i = 0; i < 2; i++) r[i] = (int64_t)a_[2 + i] * b_[2 + i]; OUT(int64_t, r); }
static vec extadd_u8(vec a) { uint16_t r[8]; for (int i = 0; i < 8; i++) r[i] = (uint16_t)(a.b[2 * i] + a.b[2 * i + 1]); OUT(uint16_t, r); }
static vec popcnt(vec a) { vec r; for (int i = 0; i < 16; i++) r.b[i] = (uint8_t)__builtin_popcount(a.b[i]); return r; }
static vec avgr_u8(vec a, vec b) { vec r; for (int i = 0; i < 16; i++) r.b[i] = (uint8_t)((a.b[i] + b.b[i] + 1) >> 1); return r; }
static vec abs8(vec a) { vec r; for (int i = 0; i < 16; i++) r.b[i] = (uint8_t)((int8_t)a.b[i] < 0 ? -(int8_t)a.b[i] : a.b[i]); return r; }
static int bitmask8(vec a) { int m = 0; for (int i = 0; i < 16; i++) m |= (a.b[i] >> 7) << i; return m; }
static int all_true16(vec a) { LANES(uint16_t, a); for (int i = 0; i < 8; i++) if (!a_[i]) return 0; return 1; }
static int any_true(vec a) { for (int i = 0; i < 16; i++) if (a.b[i]) return 1; return 0; }
static float wminf(float x, float y) { return isnan(x) || isnan(y) ? NAN : x == y ? (signbit(x) ? x : y) : x < y ? x : y; }
static float wmaxf(float x, float y) { return isnan(x) || isnan(y) ? NAN : x == y ? (signbit(x) ? y : x) : x > y ? x : y; }
static double wmin(double x, double y) { return isnan(x) || isnan(y) ? NAN : x == y ? (signbit(x) ? x : y) : x < y ? x : y; }
static double wmax(double x, double y) { return isnan(x) || isnan(y) ? NAN : x == y ? (signbit(x) ? y : x) : x > y ? x : y; }
static vec fmin4(vec a, vec b) { LANES(float, a); LANES(float, b); float r[4]; for (int i = 0; i < 4; i++) r[i] = wminf(a_[i], b_[i]); OUT(float, r); }
static vec fmax4(vec a, vec b) { LANES(float, a); LANES(float, b); float r[4]; for (int i = 0; i < 4; i++) r[i] = wmaxf(a_[i], b_[i]); OUT(float, r); }
static vec pmin4(vec a, vec b) { LANES(float, a); LANES(float, b); float r[4]; for (int i = 0; i < 4; i++) r[i] = b_[i] < a_[i] ? b_[i] : a_[i]; OUT(float, r); }
static vec fmin2(vec a, vec b) { LANES(double, a); LANES(double, b); double r[2]; for (int i = 0; i < 2; i++) r[i] = wmin(a_[i], b_[i]); OUT(double, r); }
static vec fmax2(vec a, vec b) { LANES(double, a); LANES(double, b); double r[2]; for (int i = 0; i < 2; i++) r[i] = wmax(a_[i], b_[i]); OUT(double, r); }
static vec nearest4(vec a) { LANES(float, a); float r[4]; for (int i = 0; i < 4; i++) r[i] = rintf(a_[i]); OUT(float, r); }
static int32_t sat_s(double x) { return isnan(x) ? 0 : x <= -2147483648.0 ? INT32_MIN : x >= 2147483647.0 ? INT32_MAX : (int32_t)x; }
static uint32_t sat_u(double x) { return isnan(x) || x <= 0 ? 0 : x >= 4294967295.0 ? UINT32_MAX : (uint32_t)x; }
static vec trunc_sat_s(vec a) { LANES(float, a); int32_t r[4]; for (int i = 0; i < 4; i++) r[i] = sat_s(a_[i]); OUT(int32_t, r); }
static vec trunc_sat_u(vec a) { LANES(float, a); uint32_t r[4]; for (int i = 0; i < 4; i++) r[i] = sat_u(a_[i]); OUT(uint32_t, r); }
static vec trunc_sat_s_zero(vec a) { LANES(double, a); int32_t r[4] = { sat_s(a_[0]), sat_s(a_[1]), 0, 0 }; OUT(int32_t, r); }
static vec convert_u(vec a) { LANES(uint32_t, a); float r[4]; for (int i = 0; i < 4; i++) r[i] = (float)a_[i]; OUT(float, r); }
static vec demote(vec a) { LANES(double, a); float r[4] = { (float)a_[0], (float)a_[1], 0, 0 }; OUT(float, r); }
static vec load8_lane(const uint8_t *p, vec a) { a.b[9] = *p; return a; }
static vec load32x2_s(const uint8_t *p) { int32_t x[2]; memcpy(x, p, 8); int64_t r[2] = { x[0], x[1] }; OUT(int64_t, r); }
#endif

static uint8_t bytes_a[16] = { 0x00, 0x01, 0x7f, 0x80, 0xff, 0xfe, 0x40, 0xc0, 0x10, 0x20, 0x81, 0x7e, 0x55, 0xaa, 0x33, 0x99 };
static uint8_t bytes_b[16] = { 0x01, 0xff, 0x01, 0xff, 0x01, 0x80, 0x40, 0xc0, 0x7f, 0xe0, 0x81, 0x02, 0x0f, 0xf0, 0xcc, 0x11 };
static uint8_t indices[16] = { 0, 15, 16, 255, 3, 0x80, 17, 1, 2, 31, 4, 0x7f, 5, 6, 7, 8 };
static int16_t halves_a[8] = { 0, 1, 32767, -32768, -1, 0x1234, -32767, 16384 };
static int16_t halves_b[8] = { -32768, -1, 1, -32768, 2, 32767, 32767, 16384 };
static int32_t words_a[4] = { 0, 0x7fffffff, INT32_MIN, -1 };
static int32_t words_b[4] = { 70000, -70000, INT32_MIN, 5 };
static float floats_a[4] = { 0, -0.0f, 1.5f, -INFINITY };
static float floats_b[4] = { 1.0f, 0.0f, 0, 3e9f };
static float floats_c[4] = { 2.5f, -2.5f, 3.5f, -0.5f };
static float floats_d[4] = { 4294967296.0f, -1.0f, 2147483520.0f, -2147483904.0f };
static double doubles_a[2] = { 0, -0.0 };
static double doubles_b[2] = { 0.0, 1.0 };
static double doubles_c[2] = { 4294967295.9, -2147483648.9 };
static double doubles_d[2] = { 1e300, 3.4028235677973366e38 };

static void intrinsics(int seed) {
    floats_a[0] = NAN; floats_b[2] = NAN; doubles_a[0] = NAN;
    /* The inputs become unknown to the compiler: nothing folds. */
    void *inputs[] = { bytes_a, bytes_b, indices, halves_a, halves_b, words_a, words_b, floats_a, floats_b,
                       floats_c, floats_d, doubles_a, doubles_b, doubles_c, doubles_d };
    for (size_t i = 0; i < sizeof inputs / sizeof *inputs; i++)
        for (int j = 0; j < 16; j++) ((uint8_t *)inputs[i])[j] ^= (uint8_t)seed;
    vec a = make(bytes_a), b = make(bytes_b), s = make(indices);
    vec h = make(halves_a), k = make(halves_b), w = make(words_a), x = make(words_b);
    vec fa4 = make(floats_a), fb4 = make(floats_b), fc4 = make(floats_c), fd4 = make(floats_d);
    vec da2 = make(doubles_a), db2 = make(doubles_b), dc2 = make(doubles_c), dd2 = make(doubles_d);
    show("swizzle (indices >= 16)", swizzle(a, s));
    show("shuffle", shuffle(a, b));
    show("i8 add_sat_s", add_sat_s8(a, b));
    show("u16 sub_sat", sub_sat_u16(h, k));
    for (int n = 7; n <= 9 + seed; n++) { char t[32]; snprintf(t, sizeof t, "i8 shl %d", n); show(t, shl8(a, n)); }
    for (int n = 15; n <= 17 + seed; n++) { char t[32]; snprintf(t, sizeof t, "i16 shr_s %d", n); show(t, shr_s16(h, n)); }
    for (int n = 63; n <= 65 + seed; n++) { char t[32]; snprintf(t, sizeof t, "u64 shr %d", n); show(t, shr_u64(w, n)); }
    show("i8 narrow_s", narrow_s(h, k));
    show("u16 narrow", narrow_u(w, x));
    show("q15mulr_sat", q15mulr(h, k));
    show("i32 dot_i16", dot(h, k));
    show("i64 extmul_high_s", extmul_hi_s32(w, x));
    show("u16 extadd_pairwise", extadd_u8(a));
    show("popcnt", popcnt(a));
    show("avgr_u", avgr_u8(a, b));
    show("i8 abs", abs8(a));
    printf("%-28s %04x %d %d %d\n", "bitmask all_true any_true", bitmask8(a), all_true16(h), all_true16(k), any_true(make((uint8_t[16]){ 0 })));
    showf("f32 min (NaN, -0)", fmin4(fa4, fb4));
    showf("f32 max (NaN, -0)", fmax4(fa4, fb4));
    showf("f32 min (+0, -0)", fmin4(fb4, fa4));
    showf("f32 pmin", pmin4(fc4, fd4));
    showd("f64 min", fmin2(da2, db2));
    showd("f64 max", fmax2(da2, db2));
    showf("f32 nearest", nearest4(fc4));
    show("i32 trunc_sat_s", trunc_sat_s(fd4));
    show("u32 trunc_sat", trunc_sat_u(fd4));
    show("i32 trunc_sat_s (NaN, inf)", trunc_sat_s(fa4));
    show("i32 trunc_sat_f64_s_zero", trunc_sat_s_zero(dc2));
    show("i32 trunc_sat_f64_s_zero 2", trunc_sat_s_zero(dd2));
    showf("f32 convert_u32", convert_u(w));
    showf("f32 demote_f64_zero", demote(dd2));
    show("load8_lane 9", load8_lane(bytes_b + 13, a));
    show("i64 load32x2_s", load32x2_s(bytes_a + 3));
}

int main(int argc, char **argv) {
    (void)argv;
    fill(argc - 1);
    vectorised();
    intrinsics(argc - 1);
    return 0;
}
