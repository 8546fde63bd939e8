/* WALI syscalls for wasm32.
 *
 * musl calls __syscallN(SYS_xxx, ...) with x86_64 syscall numbers.  Under
 * WALI there is no syscall instruction: every syscall is its own Wasm import
 * `wali`.`SYS_<name>` whose parameter types follow the C prototype (i32 for
 * int, pointers and size_t; i64 for long and off_t), result i64.
 *
 * The dispatch below is a switch on the number.  Wherever the number is a
 * compile-time constant (nearly every call inside musl) the switch folds
 * away after inlining and only the one import is referenced.  A number only
 * known at run time (syscall(2), __syscall_cp paths) goes to __wali_syscall,
 * which references every import this libc knows; unknown numbers give
 * -ENOSYS without any import. */

#define __SYSCALL_LL_E(x) (x)
#define __SYSCALL_LL_O(x) (x)

#include "wali_syscall_table.h"

hidden long __wali_syscall(long, long, long, long, long, long, long);

static __inline __attribute__((__always_inline__))
long __wali_syscall_inline(long n, long a, long b, long c, long d, long e, long f)
{
	switch (n) {
	__WALI_SYSCALL_CASES(a, b, c, d, e, f)
	}
	return -38; /* ENOSYS */
}

static __inline __attribute__((__always_inline__))
long __wali_dispatch(long n, long a, long b, long c, long d, long e, long f)
{
	if (__builtin_constant_p(n))
		return __wali_syscall_inline(n, a, b, c, d, e, f);
	return __wali_syscall(n, a, b, c, d, e, f);
}

static __inline long __syscall0(long n)
{
	return __wali_dispatch(n, 0, 0, 0, 0, 0, 0);
}

static __inline long __syscall1(long n, long a)
{
	return __wali_dispatch(n, a, 0, 0, 0, 0, 0);
}

static __inline long __syscall2(long n, long a, long b)
{
	return __wali_dispatch(n, a, b, 0, 0, 0, 0);
}

static __inline long __syscall3(long n, long a, long b, long c)
{
	return __wali_dispatch(n, a, b, c, 0, 0, 0);
}

static __inline long __syscall4(long n, long a, long b, long c, long d)
{
	return __wali_dispatch(n, a, b, c, d, 0, 0);
}

static __inline long __syscall5(long n, long a, long b, long c, long d, long e)
{
	return __wali_dispatch(n, a, b, c, d, e, 0);
}

static __inline long __syscall6(long n, long a, long b, long c, long d, long e, long f)
{
	return __wali_dispatch(n, a, b, c, d, e, f);
}

/* Cancellation points (see the syscall.h patch).  A Wasm thread cannot be
 * redirected at an instruction address by a signal handler, so deferred
 * cancellation is tested when entering a cancellable syscall and again when
 * it returns EINTR.  Both hooks are no-ops unless pthread_cancel is linked. */
hidden long __wali_cp_enter(long);
hidden long __wali_cp_leave(long, long);
#define __wali_cp(n, call) (__wali_cp_enter(n) ? -125 /* ECANCELED */ : __wali_cp_leave((n), (call)))

#define IPC_64 0
