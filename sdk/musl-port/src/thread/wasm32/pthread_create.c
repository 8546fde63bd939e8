/* pthread_create/pthread_exit for wasm32 WALI.
 *
 * Derived from musl's src/thread/pthread_create.c.  Differences:
 *  - threads are started with the WALI import __wasm_thread_spawn instead of
 *    clone(2): the engine runs __wasm_thread_start_libc(tid, args) in a new
 *    instance, which sets __stack_pointer/__tls_base from the first two words
 *    of args, initialises the TLS block and calls __wali_thread_start_c;
 *  - the TLS block is the linker's (__builtin_wasm_tls_size/align), placed
 *    after the thread's struct pthread;
 *  - no guard pages (linear memory cannot be protected);
 *  - there is no CLONE_CHILD_CLEARTID, so an exiting thread releases the
 *    thread list lock itself, as the last thing before it wakes joiners
 *    and calls SYS_exit without touching its stack again. */
#define _GNU_SOURCE
#include "pthread_impl.h"
#include "stdio_impl.h"
#include "libc.h"
#include "lock.h"
#include <sys/mman.h>
#include <string.h>
#include <stddef.h>

static void dummy_0()
{
}
weak_alias(dummy_0, __acquire_ptc);
weak_alias(dummy_0, __release_ptc);
weak_alias(dummy_0, __pthread_tsd_run_dtors);
weak_alias(dummy_0, __do_orphaned_stdio_locks);
weak_alias(dummy_0, __dl_thread_cleanup);
weak_alias(dummy_0, __membarrier_init);

static int tl_lock_count;
static int tl_lock_waiters;

void __tl_lock(void)
{
	int tid = __pthread_self()->tid;
	int val = __thread_list_lock;
	if (val == tid) {
		tl_lock_count++;
		return;
	}
	while ((val = a_cas(&__thread_list_lock, 0, tid)))
		__wait(&__thread_list_lock, &tl_lock_waiters, val, 0);
}

void __tl_unlock(void)
{
	if (tl_lock_count) {
		tl_lock_count--;
		return;
	}
	a_store(&__thread_list_lock, 0);
	if (tl_lock_waiters) __wake(&__thread_list_lock, 1, 0);
}

void __tl_sync(pthread_t td)
{
	a_barrier();
	int val = __thread_list_lock;
	if (!val) return;
	__wait(&__thread_list_lock, &tl_lock_waiters, val, 0);
	if (tl_lock_waiters) __wake(&__thread_list_lock, 1, 0);
}

_Noreturn void __pthread_exit(void *result)
{
	pthread_t self = __pthread_self();
	sigset_t set;

	self->canceldisable = 1;
	self->cancelasync = 0;
	self->result = result;

	while (self->cancelbuf) {
		void (*f)(void *) = self->cancelbuf->__f;
		void *x = self->cancelbuf->__x;
		self->cancelbuf = self->cancelbuf->__next;
		f(x);
	}

	__pthread_tsd_run_dtors();

	__block_app_sigs(&set);

	/* This atomic potentially competes with a concurrent pthread_detach
	 * call; the loser is responsible for freeing thread resources. */
	int state = a_cas(&self->detach_state, DT_JOINABLE, DT_EXITING);

	if (state==DT_DETACHED && self->map_base) {
		/* __unmapself bypasses the normal munmap code path. */
		__vm_wait();
	}

	LOCK(self->killlock);
	__tl_lock();

	/* If this is the only thread in the list, don't proceed with
	 * termination of the thread, but restore the previous lock and
	 * signal state to prepare for exit to call atexit handlers. */
	if (self->next == self) {
		__tl_unlock();
		UNLOCK(self->killlock);
		self->detach_state = state;
		__restore_sigs(&set);
		exit(0);
	}

	/* Process robust list in userspace to handle non-pshared mutexes
	 * and the detached thread case. */
	__vm_lock();
	volatile void *volatile *rp;
	while ((rp=self->robust_list.head) && rp != &self->robust_list.head) {
		pthread_mutex_t *m = (void *)((char *)rp
			- offsetof(pthread_mutex_t, _m_next));
		int waiters = m->_m_waiters;
		int priv = (m->_m_type & 128) ^ 128;
		self->robust_list.pending = rp;
		self->robust_list.head = *rp;
		int cont = a_swap(&m->_m_lock, 0x40000000);
		self->robust_list.pending = 0;
		if (cont < 0 || waiters)
			__wake(&m->_m_lock, 1, priv);
	}
	__vm_unlock();

	__do_orphaned_stdio_locks();
	__dl_thread_cleanup();

	if (!--libc.threads_minus_1) libc.need_locks = -1;
	self->next->prev = self->prev;
	self->prev->next = self->next;
	self->prev = self->next = self;

	/* The thread is no longer a target for pthread_kill. */
	self->tid = 0;
	UNLOCK(self->killlock);

	/* Linux would release the thread list lock at thread exit through
	 * CLONE_CHILD_CLEARTID; here the thread does it itself. */
	__tl_unlock();

	if (state==DT_DETACHED && self->map_base) {
		__block_all_sigs(&set);
		if (self->robust_list.off)
			__syscall(SYS_set_robust_list, 0, 3*sizeof(long));
		/* Unmaps the thread's memory and exits without touching it. */
		__unmapself(self->map_base, self->map_size);
	}

	/* Wake any joiner.  After this store the joiner may free this
	 * thread's stack, TLS and struct pthread: touch none of them. */
	a_store(&self->detach_state, DT_EXITED);
	__wake(&self->detach_state, 1, 1);

	for (;;) __syscall(SYS_exit, 0);
}

void __do_cleanup_push(struct __ptcb *cb)
{
	struct pthread *self = __pthread_self();
	cb->__next = self->cancelbuf;
	self->cancelbuf = cb;
}

void __do_cleanup_pop(struct __ptcb *cb)
{
	__pthread_self()->cancelbuf = cb->__next;
}

/* The first two words are read by __wasm_thread_start_libc (and by any
 * engine that sets up the thread itself): do not move them. */
struct start_args {
	void *stack;
	void *tls_base;
	struct pthread *self;
	void *(*start_func)(void *);
	void *start_arg;
	int c11;
	volatile int control;
	unsigned long sig_mask[_NSIG/8/sizeof(long)];
};

int __wasm_thread_spawn(int, void *)
	__attribute__((__import_module__("wali"), __import_name__("__wasm_thread_spawn")));
void __wasm_thread_start_libc(int, void *);
hidden void __wali_thread_start_c(int, struct start_args *);

void __wali_thread_start_c(int tid, struct start_args *args)
{
	pthread_t self = args->self;
	__set_thread_area(self);
	a_store(&self->tid, tid);
	int state = args->control;
	if (state) {
		if (a_cas(&args->control, 1, 2)==1)
			__wait(&args->control, 0, 2, 1);
		if (args->control) {
			/* Scheduling failed: the creator reclaims everything
			 * once control is cleared. */
			a_store(&args->control, 0);
			__wake(&args->control, 1, 1);
			for (;;) __syscall(SYS_exit, 0);
		}
	}
	__syscall(SYS_rt_sigprocmask, SIG_SETMASK, &args->sig_mask, 0, _NSIG/8);
	if (args->c11) {
		int (*start)(void*) = (int(*)(void*)) args->start_func;
		__pthread_exit((void *)(uintptr_t)start(args->start_arg));
	}
	__pthread_exit(args->start_func(args->start_arg));
}

#define ROUND(x) (((x)+PAGE_SIZE-1)&-PAGE_SIZE)

/* pthread_key_create.c overrides this */
static volatile size_t dummy = 0;
weak_alias(dummy, __pthread_tsd_size);
static void *dummy_tsd[1] = { 0 };
weak_alias(dummy_tsd, __pthread_tsd_main);

static FILE *volatile dummy_file = 0;
weak_alias(dummy_file, __stdin_used);
weak_alias(dummy_file, __stdout_used);
weak_alias(dummy_file, __stderr_used);

static void init_file_lock(FILE *f)
{
	if (f && f->lock<0) f->lock = 0;
}

int __pthread_create(pthread_t *restrict res, const pthread_attr_t *restrict attrp, void *(*entry)(void *), void *restrict arg)
{
	int ret, c11 = (attrp == __ATTRP_C11_THREAD);
	size_t size;
	struct pthread *self, *new;
	unsigned char *map = 0, *stack = 0, *tsd = 0, *stack_limit;
	pthread_attr_t attr = { 0 };
	sigset_t set;

	if (!libc.can_do_threads) return ENOSYS;
	self = __pthread_self();
	if (!libc.threaded) {
		for (FILE *f=*__ofl_lock(); f; f=f->next)
			init_file_lock(f);
		__ofl_unlock();
		init_file_lock(__stdin_used);
		init_file_lock(__stdout_used);
		init_file_lock(__stderr_used);
		__syscall(SYS_rt_sigprocmask, SIG_UNBLOCK, SIGPT_SET, 0, _NSIG/8);
		self->tsd = (void **)__pthread_tsd_main;
		__membarrier_init();
		libc.threaded = 1;
	}
	if (attrp && !c11) attr = *attrp;

	__acquire_ptc();
	if (!attrp || c11) {
		attr._a_stacksize = __default_stacksize;
		attr._a_guardsize = __default_guardsize;
	}

	/* libc.tls_size covers struct pthread plus the aligned TLS block
	 * (see __init_tls.c); everything is carved from the top of one
	 * mapping: [stack ... | struct pthread + TLS | tsd]. */
	if (attr._a_stackaddr) {
		size_t need = libc.tls_size + __pthread_tsd_size;
		size = attr._a_stacksize;
		stack = (void *)(attr._a_stackaddr & -16);
		stack_limit = (void *)(attr._a_stackaddr - size);
		if (need < size/8 && need < 2048) {
			tsd = stack - __pthread_tsd_size;
			stack = tsd - libc.tls_size;
			memset(stack, 0, need);
		} else {
			size = ROUND(need);
		}
	} else {
		size = ROUND(attr._a_stacksize + libc.tls_size + __pthread_tsd_size);
	}

	if (!tsd) {
		map = __mmap(0, size, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANON, -1, 0);
		if (map == MAP_FAILED) goto fail;
		tsd = map + size - __pthread_tsd_size;
		if (!stack) {
			stack = tsd - libc.tls_size;
			stack_limit = map;
		}
	}

	new = __copy_tls(tsd - libc.tls_size);
	new->map_base = map;
	new->map_size = size;
	new->stack = stack;
	new->stack_size = stack - stack_limit;
	new->guard_size = 0;
	new->self = new;
	new->tsd = (void *)tsd;
	new->locale = &libc.global_locale;
	if (attr._a_detach) {
		new->detach_state = DT_DETACHED;
	} else {
		new->detach_state = DT_JOINABLE;
	}
	new->robust_list.head = &new->robust_list.head;
	new->canary = self->canary;
	new->sysinfo = self->sysinfo;

	/* The argument record sits at the top of the new stack; the new
	 * thread's stack pointer starts just below it, 16-byte aligned. */
	stack -= sizeof(struct start_args);
	stack -= (uintptr_t)stack % 16;
	struct start_args *args = (void *)stack;
	args->stack = stack;
	args->tls_base = __wali_tls_block(new);
	args->self = new;
	args->start_func = entry;
	args->start_arg = arg;
	args->c11 = c11;
	args->control = attr._a_sched ? 1 : 0;

	__block_app_sigs(&set);

	memcpy(&args->sig_mask, &set, sizeof args->sig_mask);
	args->sig_mask[(SIGCANCEL-1)/8/sizeof(long)] &=
		~(1UL<<((SIGCANCEL-1)%(8*sizeof(long))));

	__tl_lock();
	if (!libc.threads_minus_1++) libc.need_locks = 1;
	ret = __wasm_thread_spawn((int)(uintptr_t)__wasm_thread_start_libc, args);

	if (ret < 0) {
		ret = -EAGAIN;
	} else {
		a_store(&new->tid, ret);
		if (attr._a_sched) {
			ret = __syscall(SYS_sched_setscheduler,
				new->tid, attr._a_policy, &attr._a_prio);
			if (a_swap(&args->control, ret ? 3 : 0)==2)
				__wake(&args->control, 1, 1);
			if (ret)
				__wait(&args->control, 0, 3, 0);
		}
	}

	if (ret >= 0) {
		new->next = self->next;
		new->prev = self;
		new->next->prev = new;
		new->prev->next = new;
	} else {
		if (!--libc.threads_minus_1) libc.need_locks = 0;
	}
	__tl_unlock();
	__restore_sigs(&set);
	__release_ptc();

	if (ret < 0) {
		if (map) __munmap(map, size);
		return -ret;
	}

	*res = new;
	return 0;
fail:
	__release_ptc();
	return EAGAIN;
}

weak_alias(__pthread_exit, pthread_exit);
weak_alias(__pthread_create, pthread_create);
