/* Runtime helpers of translated code: memory access, traps, arithmetic Wasm defines
 * differently from C, atomics, bulk memory, tables, exceptions.
 * Part of every C file `wali compile` generates (after the ABI definitions of CWALINativeRuntime.h);
 * embedded into the engine at build time. Compiled on its own by TemplateTests. */
#define TRAP(c) inst->host->trap(inst, (c))
#define WALI_UNLIKELY(x) __builtin_expect(!!(x), 0)
#define MEM(a, o) (M + (uint64_t)(a) + (uint64_t)(o))
/* A load whose value is unused must still happen, to trap where the guest would. */
#define WALI_FORCE_READ_INT(v) __asm__("" :: "r"(v))
#if defined(__aarch64__)
#define WALI_FORCE_READ_FLOAT(v) __asm__("" :: "w"(v))
#else
#define WALI_FORCE_READ_FLOAT(v) __asm__("" :: "x"(v))
#endif
typedef uint16_t __attribute__((aligned(1))) u16u;
typedef int16_t __attribute__((aligned(1))) i16u;
typedef uint32_t __attribute__((aligned(1))) u32u;
typedef int32_t __attribute__((aligned(1))) i32u;
typedef uint64_t __attribute__((aligned(1))) u64u;
typedef float __attribute__((aligned(1))) f32u;
typedef double __attribute__((aligned(1))) f64u;
#define G_i(k) (*(uint32_t *)&inst->globals[k])
#define G_I(k) (*(uint64_t *)&inst->globals[k])
#define G_f(k) (*(float *)&inst->globals[k])
#define G_F(k) (*(double *)&inst->globals[k])
#define G_r(k) (*(uintptr_t *)&inst->globals[k])
#define WALI_LOOP_POLL() do { if (WALI_UNLIKELY(--wpoll == 0)) { wpoll = WALI_FUEL; inst->host->poll(inst); } } while (0)
/* The stack pointer, without forcing a frame pointer where the compiler has the builtin. */
#ifdef __has_builtin
#if __has_builtin(__builtin_stack_address)
#define WALI_SP() ((uintptr_t)__builtin_stack_address())
#endif
#endif
#ifndef WALI_SP
#define WALI_SP() ((uintptr_t)__builtin_frame_address(0))
#endif
/* One compare per call: stack exhaustion and a waiting signal (the engine raises
   stack_limit when one arrives) share the slow path. */
#define WALI_ENTRY_CHECKS() do { \
    if (WALI_UNLIKELY(WALI_SP() < inst->stack_limit)) inst->host->entry_slow(inst); } while (0)

/* Exceptions (wali_exn, wali_eh: see the engine ABI): thrown by the runtime. */
#define wali_throw(inst, e) (inst)->host->throw_exn((inst), (e))
static __attribute__((unused)) wali_exn *wali_exn_new(wali_inst *inst, uint32_t tag, uint32_t count) {
  wali_exn *e = (wali_exn *)malloc(sizeof(wali_exn) + (size_t)count * 8);
  if (!e) TRAP(WALI_TRAP_OUT_OF_MEMORY);
  e->tag = tag;
  e->count = count;
  return e;
}
/* An exnref: a caught exception kept as a value (catch_ref, catch_all_ref). Wasm never says when
   one is dropped, so an exnref must not own heap memory the catch would leak: the ones C++ and
   setjmp keep (a tag, at most one 32-bit value) are packed into the reference itself (bit 0 set;
   a wali_exn is malloc-aligned) and their object is freed. Others stay on the heap for the rest
   of the run. throw_ref throws a fresh copy, so an exnref may be thrown any number of times and
   the object in flight always belongs to the throw (the catch that takes it frees it). */
static __attribute__((unused)) uintptr_t wali_exn_ref(wali_exn *e) {
#if UINTPTR_MAX > 0xffffffffu
  if (e->tag < (1u << 30) && (e->count == 0 || (e->count == 1 && e->v[0] <= 0xffffffffu))) {
    uintptr_t r = ((uintptr_t)(e->count ? e->v[0] : 0) << 32) | ((uintptr_t)e->tag << 2) | ((uintptr_t)e->count << 1) | 1u;
    free(e);
    return r;
  }
#endif
  return (uintptr_t)e;
}
static __attribute__((unused)) wali_exn *wali_exn_from_ref(wali_inst *inst, uintptr_t r) {
  if (!r) TRAP(WALI_TRAP_NULL_REFERENCE);
#if UINTPTR_MAX > 0xffffffffu
  if (r & 1u) {
    uint32_t count = (uint32_t)(r >> 1) & 1u;
    wali_exn *e = wali_exn_new(inst, (uint32_t)(r >> 2) & 0x3fffffffu, count);
    if (count) e->v[0] = (uint64_t)(r >> 32);
    return e;
  }
#endif
  const wali_exn *kept = (const wali_exn *)r;
  wali_exn *e = wali_exn_new(inst, kept->tag, kept->count);
  memcpy(e->v, kept->v, (size_t)kept->count * 8);
  return e;
}

static inline float wali_f32(uint32_t b) { float f; memcpy(&f, &b, 4); return f; }
static inline double wali_f64(uint64_t b) { double f; memcpy(&f, &b, 8); return f; }
static inline uint32_t wali_bits_f32(float f) { uint32_t b; memcpy(&b, &f, 4); return b; }
static inline uint64_t wali_bits_f64(double f) { uint64_t b; memcpy(&b, &f, 8); return b; }

static inline uint32_t wali_div_s32(wali_inst *inst, uint32_t a, uint32_t b) {
  if (WALI_UNLIKELY(b == 0)) TRAP(WALI_TRAP_DIV_ZERO);
  if (WALI_UNLIKELY(a == 0x80000000u && b == 0xffffffffu)) TRAP(WALI_TRAP_INT_OVERFLOW);
  return (uint32_t)((int32_t)a / (int32_t)b);
}
static inline uint32_t wali_div_u32(wali_inst *inst, uint32_t a, uint32_t b) {
  if (WALI_UNLIKELY(b == 0)) TRAP(WALI_TRAP_DIV_ZERO);
  return a / b;
}
static inline uint32_t wali_rem_s32(wali_inst *inst, uint32_t a, uint32_t b) {
  if (WALI_UNLIKELY(b == 0)) TRAP(WALI_TRAP_DIV_ZERO);
  if (WALI_UNLIKELY(b == 0xffffffffu)) return 0;
  return (uint32_t)((int32_t)a % (int32_t)b);
}
static inline uint32_t wali_rem_u32(wali_inst *inst, uint32_t a, uint32_t b) {
  if (WALI_UNLIKELY(b == 0)) TRAP(WALI_TRAP_DIV_ZERO);
  return a % b;
}
static inline uint64_t wali_div_s64(wali_inst *inst, uint64_t a, uint64_t b) {
  if (WALI_UNLIKELY(b == 0)) TRAP(WALI_TRAP_DIV_ZERO);
  if (WALI_UNLIKELY(a == 0x8000000000000000ull && b == 0xffffffffffffffffull)) TRAP(WALI_TRAP_INT_OVERFLOW);
  return (uint64_t)((int64_t)a / (int64_t)b);
}
static inline uint64_t wali_div_u64(wali_inst *inst, uint64_t a, uint64_t b) {
  if (WALI_UNLIKELY(b == 0)) TRAP(WALI_TRAP_DIV_ZERO);
  return a / b;
}
static inline uint64_t wali_rem_s64(wali_inst *inst, uint64_t a, uint64_t b) {
  if (WALI_UNLIKELY(b == 0)) TRAP(WALI_TRAP_DIV_ZERO);
  if (WALI_UNLIKELY(b == 0xffffffffffffffffull)) return 0;
  return (uint64_t)((int64_t)a % (int64_t)b);
}
static inline uint64_t wali_rem_u64(wali_inst *inst, uint64_t a, uint64_t b) {
  if (WALI_UNLIKELY(b == 0)) TRAP(WALI_TRAP_DIV_ZERO);
  return a % b;
}

static inline float wali_fminf(float a, float b) {
  if (a != a || b != b) return a + b;
  if (a == 0 && b == 0) return __builtin_signbit(a) ? a : b;
  return a < b ? a : b;
}
static inline float wali_fmaxf(float a, float b) {
  if (a != a || b != b) return a + b;
  if (a == 0 && b == 0) return __builtin_signbit(a) ? b : a;
  return a > b ? a : b;
}
static inline double wali_fmin(double a, double b) {
  if (a != a || b != b) return a + b;
  if (a == 0 && b == 0) return __builtin_signbit(a) ? a : b;
  return a < b ? a : b;
}
static inline double wali_fmax(double a, double b) {
  if (a != a || b != b) return a + b;
  if (a == 0 && b == 0) return __builtin_signbit(a) ? b : a;
  return a > b ? a : b;
}

#define WALI_TRUNC(name, R, F, cast, lo_ok, hi_ok) \
  static inline R name(wali_inst *inst, F x) { \
    if (WALI_UNLIKELY(x != x)) TRAP(WALI_TRAP_INVALID_CONVERSION); \
    if (WALI_UNLIKELY(!((lo_ok) && (hi_ok)))) TRAP(WALI_TRAP_INT_OVERFLOW); \
    return (R)(cast)x; }
WALI_TRUNC(wali_i32_trunc_s_f32, uint32_t, float, int32_t, x >= -2147483648.0f, x < 2147483648.0f)
WALI_TRUNC(wali_i32_trunc_u_f32, uint32_t, float, uint32_t, x > -1.0f, x < 4294967296.0f)
WALI_TRUNC(wali_i32_trunc_s_f64, uint32_t, double, int32_t, x > -2147483649.0, x < 2147483648.0)
WALI_TRUNC(wali_i32_trunc_u_f64, uint32_t, double, uint32_t, x > -1.0, x < 4294967296.0)
WALI_TRUNC(wali_i64_trunc_s_f32, uint64_t, float, int64_t, x >= -9223372036854775808.0f, x < 9223372036854775808.0f)
WALI_TRUNC(wali_i64_trunc_u_f32, uint64_t, float, uint64_t, x > -1.0f, x < 18446744073709551616.0f)
WALI_TRUNC(wali_i64_trunc_s_f64, uint64_t, double, int64_t, x >= -9223372036854775808.0, x < 9223372036854775808.0)
WALI_TRUNC(wali_i64_trunc_u_f64, uint64_t, double, uint64_t, x > -1.0, x < 18446744073709551616.0)

#define WALI_SAT(name, R, F, cast, lo, lo_value, hi, hi_value) \
  static inline R name(F x) { \
    if (x != x) return 0; \
    if (!(x > (lo))) return (lo_value); \
    if (x >= (hi)) return (hi_value); \
    return (R)(cast)x; }
WALI_SAT(wali_i32_sat_s_f32, uint32_t, float, int32_t, -2147483649.0f, 0x80000000u, 2147483648.0f, 0x7fffffffu)
WALI_SAT(wali_i32_sat_u_f32, uint32_t, float, uint32_t, -1.0f, 0u, 4294967296.0f, 0xffffffffu)
WALI_SAT(wali_i32_sat_s_f64, uint32_t, double, int32_t, -2147483649.0, 0x80000000u, 2147483648.0, 0x7fffffffu)
WALI_SAT(wali_i32_sat_u_f64, uint32_t, double, uint32_t, -1.0, 0u, 4294967296.0, 0xffffffffu)
WALI_SAT(wali_i64_sat_s_f32, uint64_t, float, int64_t, -9223372036854775808.0f, 0x8000000000000000ull, 9223372036854775808.0f, 0x7fffffffffffffffull)
WALI_SAT(wali_i64_sat_u_f32, uint64_t, float, uint64_t, -1.0f, 0ull, 18446744073709551616.0f, 0xffffffffffffffffull)
WALI_SAT(wali_i64_sat_s_f64, uint64_t, double, int64_t, -9223372036854775808.0, 0x8000000000000000ull, 9223372036854775808.0, 0x7fffffffffffffffull)
WALI_SAT(wali_i64_sat_u_f64, uint64_t, double, uint64_t, -1.0, 0ull, 18446744073709551616.0, 0xffffffffffffffffull)

static inline uint8_t *wali_atomic_ptr(wali_inst *inst, uint8_t *M, uint32_t a, uint32_t o, uint32_t size) {
  uint64_t ea = (uint64_t)a + o;
  if (WALI_UNLIKELY(ea & (size - 1))) TRAP(WALI_TRAP_UNALIGNED_ATOMIC);
  return M + ea;
}
static inline uint32_t wali_ea32(wali_inst *inst, uint32_t a, uint32_t o) {
  uint64_t ea = (uint64_t)a + o;
  if (WALI_UNLIKELY(ea > 0xffffffffull)) TRAP(WALI_TRAP_MEMORY_OOB);
  return (uint32_t)ea;
}

extern const uint8_t *const wali_data[];
extern const uint32_t wali_data_passive_len[];
extern void *const *const wali_elems[];
extern const uint32_t wali_elem_passive_len[];
extern wali_table wali_tables[];
uint32_t wali_table_grow(wali_table *t, uintptr_t v, uint32_t n);

static inline void wali_memory_copy(wali_inst *inst, uint32_t d, uint32_t s, uint32_t n) {
  uint64_t size = *inst->mem_size;
  if (WALI_UNLIKELY((uint64_t)d + n > size || (uint64_t)s + n > size)) TRAP(WALI_TRAP_MEMORY_OOB);
  memmove(inst->mem + d, inst->mem + s, n);
}
static inline void wali_memory_fill(wali_inst *inst, uint32_t d, uint32_t v, uint32_t n) {
  if (WALI_UNLIKELY((uint64_t)d + n > *inst->mem_size)) TRAP(WALI_TRAP_MEMORY_OOB);
  memset(inst->mem + d, (int)(uint8_t)v, n);
}
static inline void wali_memory_init(wali_inst *inst, uint32_t seg, uint32_t d, uint32_t s, uint32_t n) {
  uint32_t len = inst->data_dropped[seg] ? 0 : wali_data_passive_len[seg];
  if (WALI_UNLIKELY((uint64_t)s + n > len || (uint64_t)d + n > *inst->mem_size)) TRAP(WALI_TRAP_MEMORY_OOB);
  memcpy(inst->mem + d, wali_data[seg] + s, n);
}

static inline const wali_func_desc *wali_call_target(wali_inst *inst, wali_table *t, uint32_t i, uint32_t type) {
  /* Acquire: a size another thread's table.grow published comes with its array. */
  if (WALI_UNLIKELY(i >= __atomic_load_n(&t->size, __ATOMIC_ACQUIRE))) TRAP(WALI_TRAP_TABLE_OOB);
  const wali_func_desc *fd = (const wali_func_desc *)t->elems[i];
  if (WALI_UNLIKELY(!fd)) TRAP(WALI_TRAP_NULL_ELEMENT);
  if (WALI_UNLIKELY(fd->type != type)) TRAP(WALI_TRAP_INDIRECT_MISMATCH);
  return fd;
}
static inline void *wali_table_get(wali_inst *inst, wali_table *t, uint32_t i) {
  if (WALI_UNLIKELY(i >= __atomic_load_n(&t->size, __ATOMIC_ACQUIRE))) TRAP(WALI_TRAP_TABLE_OOB_ACCESS);
  return t->elems[i];
}
static inline void wali_table_set(wali_inst *inst, wali_table *t, uint32_t i, uintptr_t v) {
  if (WALI_UNLIKELY(i >= t->size)) TRAP(WALI_TRAP_TABLE_OOB_ACCESS);
  t->elems[i] = (void *)v;
}
static inline void wali_table_fill(wali_inst *inst, wali_table *t, uint32_t d, uintptr_t v, uint32_t n) {
  if (WALI_UNLIKELY((uint64_t)d + n > t->size)) TRAP(WALI_TRAP_TABLE_OOB_ACCESS);
  for (uint32_t i = 0; i < n; i++) t->elems[d + i] = (void *)v;
}
static inline void wali_table_copy(wali_inst *inst, wali_table *dt, wali_table *st, uint32_t d, uint32_t s, uint32_t n) {
  if (WALI_UNLIKELY((uint64_t)d + n > dt->size || (uint64_t)s + n > st->size)) TRAP(WALI_TRAP_TABLE_OOB_ACCESS);
  memmove(dt->elems + d, st->elems + s, (size_t)n * sizeof(void *));
}
static inline void wali_table_init(wali_inst *inst, wali_table *t, uint32_t seg, uint32_t d, uint32_t s, uint32_t n) {
  uint32_t len = inst->elem_dropped[seg] ? 0 : wali_elem_passive_len[seg];
  if (WALI_UNLIKELY((uint64_t)s + n > len || (uint64_t)d + n > t->size)) TRAP(WALI_TRAP_TABLE_OOB_ACCESS);
  memcpy(t->elems + d, wali_elems[seg] + s, (size_t)n * sizeof(void *));
}
