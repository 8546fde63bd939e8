#ifndef CWALICOMPILED_H
#define CWALICOMPILED_H
/* Runtime support of the compiled tier: linear memory reserved with guard pages, traps through
 * sigsetjmp/siglongjmp (explicit checks and faults in the reservation alike), futex-based
 * wait/notify, and the ABI between the engine and the shared objects `wali compile` produces.
 *
 * WALI_ABI_DEFS is the single definition of that ABI: this header compiles it for the engine, and
 * `wali_rt_abi_source()` hands the same text to the translator, which puts it at the top of every
 * generated C file. Bump WALI_COMPILED_ABI whenever it changes (it is part of the cache key). */
#include <stdint.h>
#include <stddef.h>
#include <setjmp.h>

#define WALI_COMPILED_ABI 6

#define WALI_ABI_DEFS \
typedef struct wali_inst wali_inst; \
/* An exception in flight: its tag and payload (each value in a u64). */ \
typedef struct wali_exn { uint32_t tag; uint32_t count; uint64_t v[]; } wali_exn; \
/* A try_table's handler, on the C stack of its function; chained from inst->eh, innermost first. */ \
typedef struct wali_eh { struct wali_eh *prev; uint32_t sj_top; jmp_buf jb; } wali_eh; \
enum { \
    WALI_TRAP_UNREACHABLE = 1, WALI_TRAP_MEMORY_OOB = 2, WALI_TRAP_DIV_ZERO = 3, \
    WALI_TRAP_INT_OVERFLOW = 4, WALI_TRAP_INVALID_CONVERSION = 5, WALI_TRAP_STACK = 6, \
    WALI_TRAP_INDIRECT_MISMATCH = 7, WALI_TRAP_TABLE_OOB = 8, WALI_TRAP_NULL_ELEMENT = 9, \
    WALI_TRAP_UNALIGNED_ATOMIC = 10, WALI_TRAP_NULL_REFERENCE = 11, WALI_TRAP_HOST = 12, \
    WALI_TRAP_TABLE_OOB_ACCESS = 13, WALI_TRAP_UNCAUGHT_EXCEPTION = 14, WALI_TRAP_OUT_OF_MEMORY = 15, \
    WALI_TRAP_LONGJMP = 16, WALI_TRAP_BAD_LONGJMP = 17 \
}; \
typedef struct wali_host_api { \
    int64_t (*call_import)(wali_inst *inst, uint32_t index, const int64_t *args); \
    void (*trap)(wali_inst *inst, int32_t code) __attribute__((noreturn)); \
    void (*poll)(wali_inst *inst); \
    int32_t (*memory_grow)(wali_inst *inst, uint32_t pages); \
    uint32_t (*wait32)(wali_inst *inst, uint32_t addr, uint32_t expected, int64_t timeout); \
    uint32_t (*wait64)(wali_inst *inst, uint32_t addr, uint64_t expected, int64_t timeout); \
    uint32_t (*notify)(wali_inst *inst, uint32_t addr, uint32_t count); \
    /* Pops the innermost handler and longjmps to it with inst->exn = e (a trap without one). */ \
    void (*throw_exn)(wali_inst *inst, wali_exn *e) __attribute__((noreturn)); \
    /* A legacy `wali.setjmp(env)` call site: a record for `env` owned by the calling function's \
     * frame; the caller does _setjmp on the jmp_buf returned. */ \
    void *(*sj_push)(wali_inst *inst, uint32_t env, void *frame); \
    /* A function entry found the stack pointer below stack_limit: the stack is exhausted (a \
     * trap), or a signal arrived and raised the limit to reach a safe point (delivered here). */ \
    void (*entry_slow)(wali_inst *inst); \
} wali_host_api; \
struct wali_inst { \
    uint8_t *mem; \
    const wali_host_api *host; \
    uintptr_t stack_limit; /* lowest stack pointer for guest frames; UINTPTR_MAX: a signal is waiting */ \
    volatile uint64_t *mem_size; \
    uint8_t *data_dropped; \
    uint8_t *elem_dropped; \
    void *rt; \
    uint32_t abi; \
    wali_eh *eh;    /* innermost exception handler; NULL at an invoke */ \
    wali_exn *exn;  /* the exception a handler is being entered with */ \
    uint32_t sj_top;   /* live legacy setjmp records; a function that made some restores it on return */ \
    uint32_t sj_value; /* the value a legacy longjmp delivers to its setjmp */ \
    uint64_t globals[]; \
}; \
typedef struct wali_func_desc { uint32_t type; uint32_t index; void *fn; } wali_func_desc; \
typedef struct wali_table { void **elems; uint32_t size; uint32_t max; uint32_t capacity; uint32_t reserved; } wali_table; \
typedef struct wali_module_desc { \
    uint32_t abi; \
    uint32_t num_imports; \
    const char *const *import_names; \
    const char *const *import_sigs; \
    uint32_t num_types; \
    uint32_t num_globals; \
    const char *const *type_sigs; \
    uint32_t num_data; \
    uint32_t num_elem; \
    uint64_t mem_min_pages; \
    uint64_t mem_max_pages; \
    uint32_t mem_has_max; \
    uint32_t num_tables; \
    wali_table *tables; \
    void (*init_globals)(wali_inst *inst); \
    int32_t (*init_memory)(wali_inst *inst); \
    int32_t (*init_tables)(void); \
    void (*start)(wali_inst *inst); \
    void (*entry)(wali_inst *inst); \
    void (*thread_entry)(wali_inst *inst, uint32_t tid, uint32_t arg); \
} wali_module_desc;

WALI_ABI_DEFS

/// Loop iterations between two polls for pending signals (function entries poll through
/// stack_limit instead).
#define WALI_FUEL 4096u

/// The ABI definitions above as C source text, for the translator.
const char *wali_rt_abi_source(void);

/* ---- linear memory ---- */
typedef struct wali_rt_memory wali_rt_memory;
/// Reserves the whole 32-bit range plus guard pages (inaccessible) and commits `initial_bytes`.
/// Returns NULL if the address space cannot be reserved.
wali_rt_memory *wali_rt_memory_create(uint64_t initial_bytes, uint64_t max_bytes);
void wali_rt_memory_destroy(wali_rt_memory *m);
uint8_t *wali_rt_memory_base(const wali_rt_memory *m);
uint64_t wali_rt_memory_size(const wali_rt_memory *m);
/// Grows by `pages` Wasm pages; returns the old page count or -1.
int64_t wali_rt_memory_grow(wali_rt_memory *m, uint64_t pages);

/* ---- instances and calls ---- */
/// Called by the runtime for every import call and at safe points; set once by the engine.
typedef int64_t (*wali_rt_import_callback)(wali_inst *inst, uint32_t index, const int64_t *args);
typedef void (*wali_rt_safe_point_callback)(wali_inst *inst);
void wali_rt_set_callbacks(wali_rt_import_callback imports, wali_rt_safe_point_callback safe_point);

/// A new instance for the calling thread (its stack bounds the guest's call depth), with the
/// module's globals initialised. `context` is the engine's per-thread object.
wali_inst *wali_rt_instance_new(const wali_module_desc *desc, wali_rt_memory *memory, void *context);
void wali_rt_instance_free(wali_inst *inst);
void *wali_rt_instance_context(const wali_inst *inst);

/// Calls `fn(inst, args...)` (0 to 3 i32 arguments, no result). Returns 0 when it returned,
/// else the trap code (WALI_TRAP_*) that ended it; traps in nested calls land at the innermost.
int32_t wali_rt_invoke(wali_inst *inst, void *fn, int32_t nargs, uint32_t a0, uint32_t a1, uint32_t a2);
/// After an invoke returned WALI_TRAP_UNCAUGHT_EXCEPTION: the exception, now owned by the caller
/// (NULL if there is none).
wali_exn *wali_rt_take_exception(wali_inst *inst);
/// From an import or safe-point callback (a signal handler ended by an exception, e.g. a longjmp
/// out of it): throw `e` into the guest code that made the callback, once the callback returns.
void wali_rt_throw_after_callback(wali_inst *inst, wali_exn *e);
/// From the `wali.longjmp` import's callback: once the callback returns, jump to the live legacy
/// setjmp record of `env` (value 0 becomes 1). A record outside the current invoke (a longjmp out
/// of a signal handler) ends the invoke with WALI_TRAP_LONGJMP; the callback around it calls this
/// again to go on. No live record: the trap WALI_TRAP_BAD_LONGJMP.
void wali_rt_longjmp_after_callback(wali_inst *inst, uint32_t env, uint32_t value);
/// From an import or safe-point callback: abandons guest code up to the innermost invoke, which
/// returns `code` (WALI_TRAP_HOST when the engine keeps the reason itself).
void wali_rt_unwind(wali_inst *inst, int32_t code) __attribute__((noreturn));

/// Installs the SIGSEGV/SIGBUS handlers that turn faults in a reservation into traps (faults
/// elsewhere go to the previous handlers). Idempotent.
void wali_rt_install_trap_handlers(void);

/* ---- shared objects ---- */
/// dlopen + dlsym("wali_module_get"); NULL with a message in `error` (size `cap`) on failure.
void *wali_rt_load_module(const char *path, const wali_module_desc **desc, char *error, size_t cap);
/* ---- the C put in every generated file: templates/, embedded at build time (templates.c) ---- */
/// templates/helpers.h: memory access, traps, arithmetic, atomics, bulk memory, tables, exceptions.
const char *wali_rt_template_helpers(void);
/// templates/simd.h: v128 and its lane operations.
const char *wali_rt_template_simd(void);
/// templates/table_grow.c: table.grow.
const char *wali_rt_template_table_grow(void);
#endif
