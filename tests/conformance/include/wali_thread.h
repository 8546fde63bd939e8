/* Minimal threads for conformance tests, the same way in both builds: t_spawn(t, fn, arg) starts
 * fn(arg) on its own stack, t_join(t) waits for it to end. The thread ends with SYS_exit (fn's
 * return value); its `tidword` is cleared and futex-woken by the kernel (natively: clone with
 * CLONE_CHILD_CLEARTID) or the engine (WALI: set_tid_address, then SYS_exit).
 * WALI build: __wasm_thread_spawn starts a new instance that runs the exported
 * __wasm_thread_start_libc(tid, arg); it sets __stack_pointer from the first word of the record
 * at arg before any C code runs. Native build: clone(2) with a static stack. */
#ifndef WALI_THREAD_H
#define WALI_THREAD_H
#include "wali_test.h"

#define T_STACK_SIZE (64 * 1024)
struct t_thread {
    uintptr_t sp, tls;             /* WALI spawn record: stack pointer, TLS base (unused here) */
    int (*fn)(void *);
    void *arg;
    volatile int tidword;          /* nonzero while the thread lives */
    int tid;                       /* as the spawn returned it */
    _Alignas(16) unsigned char stack[T_STACK_SIZE];
};

#define K_FUTEX_WAIT 0
#define K_FUTEX_WAKE 1
#define K_FUTEX_PRIVATE 128

#ifdef __wasm__
__attribute__((import_module("wali"), import_name("__wasm_thread_spawn"))) int __wali_thread_spawn(int fn, void *arg);
__asm__(
    "\t.export_name __wasm_thread_start_libc, __wasm_thread_start_libc\n"
    "\t.globaltype __stack_pointer, i32\n"
    "\t.functype t_thread_entry (i32, i32) -> ()\n"
    "\t.globl __wasm_thread_start_libc\n"
    "\t.type __wasm_thread_start_libc,@function\n"
    "__wasm_thread_start_libc:\n"
    "\t.functype __wasm_thread_start_libc (i32, i32) -> ()\n"
    "\tlocal.get 1\n"
    "\ti32.load 0\n"
    "\tglobal.set __stack_pointer\n"
    "\tlocal.get 0\n"
    "\tlocal.get 1\n"
    "\tcall t_thread_entry\n"
    "\tend_function\n");
__attribute__((used)) void t_thread_entry(int tid, struct t_thread *t) {
    (void)tid;
    sys_set_tid_address((void *)&t->tidword);
    sys_exit(t->fn(t->arg));
}
static __attribute__((unused)) int t_spawn(struct t_thread *t, int (*fn)(void *), void *arg) {
    t->fn = fn;
    t->arg = arg;
    t->tidword = 1;
    t->sp = (uintptr_t)(t->stack + T_STACK_SIZE);
    t->tls = 0;
    int tid = __wali_thread_spawn(0, t);
    t->tid = tid;
    return tid;
}
#else
/* glibc's clone(), declared here: wali_test.h already included the headers without _GNU_SOURCE. */
extern int clone(int (*fn)(void *), void *stack, int flags, void *arg, ...);
static int t_clone_entry(void *p) { struct t_thread *t = p; return t->fn(t->arg); }
static __attribute__((unused)) int t_spawn(struct t_thread *t, int (*fn)(void *), void *arg) {
    t->fn = fn;
    t->arg = arg;
    t->tidword = 1;
    /* CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM | CLONE_CHILD_CLEARTID */
    int flags = 0x100 | 0x200 | 0x400 | 0x800 | 0x10000 | 0x40000 | 0x200000;
    int tid = clone(t_clone_entry, t->stack + T_STACK_SIZE, flags, t, 0, 0, (int *)&t->tidword);
    t->tid = tid < 0 ? -errno : tid;
    return t->tid;
}
#endif

/* Waits until the thread has ended (its tidword cleared). */
static __attribute__((unused)) void t_join(struct t_thread *t) {
    int v;
    while ((v = t->tidword) != 0) sys_futex((void *)&t->tidword, K_FUTEX_WAIT, v, 0, 0, 0);
}

/* A futex lock (0 free, 1 locked, 2 locked with waiters). */
static __attribute__((unused)) void t_lock(volatile int *m) {
    int c = 0;
    if (__atomic_compare_exchange_n(m, &c, 1, 0, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED)) return;
    if (c != 2) c = __atomic_exchange_n(m, 2, __ATOMIC_ACQUIRE);
    while (c != 0) {
        sys_futex((void *)m, K_FUTEX_WAIT | K_FUTEX_PRIVATE, 2, 0, 0, 0);
        c = __atomic_exchange_n(m, 2, __ATOMIC_ACQUIRE);
    }
}
static __attribute__((unused)) void t_unlock(volatile int *m) {
    if (__atomic_fetch_sub(m, 1, __ATOMIC_RELEASE) != 1) {
        __atomic_store_n(m, 0, __ATOMIC_RELEASE);
        sys_futex((void *)m, K_FUTEX_WAKE | K_FUTEX_PRIVATE, 1, 0, 0, 0);
    }
}
#endif
