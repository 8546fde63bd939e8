/* Thread pointer and TLS setup for wasm32 WALI.
 *
 * The linker lays out the module's TLS (.tdata/.tbss) and provides
 * __wasm_init_tls(block), which copies the TLS image into a block and points
 * the instance's __tls_base global at it.  The main thread's block is the
 * static one initialised by the module's start function.  For other threads,
 * pthread_create reserves libc.tls_size bytes holding the thread's struct
 * pthread followed by a suitably aligned TLS block, and the new thread runs
 * __wasm_init_tls on it before any C code (__wasm_thread_start_libc.s).
 * There are no dynamic TLS modules: libc.tls_cnt is 0 and dtv is empty. */
#include <string.h>
#include <stddef.h>
#include "pthread_impl.h"
#include "libc.h"
#include "atomic.h"
#include "syscall.h"

volatile int __thread_list_lock;

_Thread_local struct pthread *__wali_thread_self;

static uintptr_t empty_dtv[1];

int __init_tp(void *p)
{
	pthread_t td = p;
	td->self = td;
	int r = __set_thread_area(TP_ADJ(p));
	if (r < 0) return -1;
	if (!r) libc.can_do_threads = 1;
	td->detach_state = DT_JOINABLE;
	td->tid = __syscall(SYS_set_tid_address, &__thread_list_lock);
	td->locale = &libc.global_locale;
	td->robust_list.head = &td->robust_list.head;
	td->sysinfo = __sysinfo;
	td->next = td->prev = td;
	return 0;
}

static size_t tls_block_align(void)
{
	size_t a = __builtin_wasm_tls_align();
	return a < 16 ? 16 : a;
}

void *__wali_tls_block(struct pthread *td)
{
	size_t a = tls_block_align();
	uintptr_t p = (uintptr_t)td + sizeof(struct pthread);
	return (void *)((p + a - 1) & -a);
}

/* Prepare a thread's struct pthread and TLS area at mem (libc.tls_size
 * bytes).  The TLS image itself is copied by the new thread. */
void *__copy_tls(unsigned char *mem)
{
	pthread_t td;
	mem += -(uintptr_t)mem & 15;
	td = (pthread_t)mem;
	memset(td, 0, sizeof *td);
	td->dtv = empty_dtv;
	return td;
}

static struct pthread main_thread;

static void static_init_tls(size_t *aux)
{
	libc.tls_head = 0;
	libc.tls_cnt = 0;
	libc.tls_align = tls_block_align();
	libc.tls_size = (15 + sizeof(struct pthread) + libc.tls_align - 1
		+ __builtin_wasm_tls_size() + 15) & -16;

	main_thread.dtv = empty_dtv;
	if (__init_tp(&main_thread) < 0)
		a_crash();
}

weak_alias(static_init_tls, __init_tls);
