/* Wasm has no thread-pointer register.  Each thread (one Wasm instance per
 * thread, sharing memory) has its own __tls_base global and its own copy of
 * the module's TLS block, so the pointer to the thread's struct pthread is
 * kept in a thread-local variable set by __set_thread_area(). */

extern _Thread_local struct __pthread *__wali_thread_self;

static inline uintptr_t __get_tp()
{
	return (uintptr_t)__wali_thread_self;
}

#define MC_PC gregs[REG_RIP]

/* Address of a thread's TLS block, which follows its struct pthread
 * (see src/env/wasm32/__init_tls.c). */
hidden void *__wali_tls_block(struct __pthread *);
