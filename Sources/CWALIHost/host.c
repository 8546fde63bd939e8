#define _GNU_SOURCE
#include "CWALIHost.h"
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <sys/resource.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <errno.h>
#include <pthread.h>
#include <sys/sem.h>
#include <sys/mman.h>
#include <fcntl.h>
#include <link.h>
#include <sys/uio.h>

long wali_host_syscall(long nr, long a, long b, long c, long d, long e, long f) {
    long ret;
#if defined(__x86_64__)
    register long r10 __asm__("r10") = d;
    register long r8 __asm__("r8") = e;
    register long r9 __asm__("r9") = f;
    __asm__ volatile("syscall"
                     : "=a"(ret)
                     : "a"(nr), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
                     : "rcx", "r11", "memory");
#elif defined(__aarch64__)
    register long x8 __asm__("x8") = nr;
    register long x0 __asm__("x0") = a;
    register long x1 __asm__("x1") = b;
    register long x2 __asm__("x2") = c;
    register long x3 __asm__("x3") = d;
    register long x4 __asm__("x4") = e;
    register long x5 __asm__("x5") = f;
    __asm__ volatile("svc 0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2), "r"(x3), "r"(x4), "r"(x5) : "memory");
    ret = x0;
#else
#error "unsupported host architecture"
#endif
    return ret;
}

/* ---- signals ---- */

#define SIG_BIT(signo) ((uint64_t)1 << ((signo) - 1))
/* Host signals never blocked on the guest's behalf: the engine's trap handlers, the two that
 * cannot be blocked anyway, and the C library's internal ones (SIGCANCEL/SIGSETXID). */
#define HOST_NEVER_BLOCKED (SIG_BIT(SIGSEGV) | SIG_BIT(SIGBUS) | SIG_BIT(SIGKILL) | SIG_BIT(SIGSTOP) | SIG_BIT(32) | SIG_BIT(33))

struct wali_signal_slots {
    _Atomic uint64_t pending;
    siginfo_t info[65];
    /* The thread's interpreter safe-point flag (set on every arrival), or null. */
    volatile unsigned char *_Atomic safe_point_flag;
};

static struct wali_signal_slots process_signals;
static __thread struct wali_signal_slots thread_signals __attribute__((tls_model("initial-exec")));

static void (*_Atomic arrival_hook)(void);

void wali_signal_set_arrival_hook(void (*hook)(void)) { atomic_store(&arrival_hook, hook); }

static void raise_safe_point_flag(struct wali_signal_slots *slots) {
    volatile unsigned char *flag = atomic_load(&slots->safe_point_flag);
    if (flag) *flag = 1;
}

void wali_signal_set_safe_point_flag(unsigned char *flag) { atomic_store(&thread_signals.safe_point_flag, flag); }

static void record_signal_info(int signo, siginfo_t *info, void *ucontext) {
    (void)ucontext;
    if (signo < 1 || signo > 64) return;
    /* tkill/tgkill target this very thread; everything else is for the process. */
    struct wali_signal_slots *slots = (info && info->si_code == SI_TKILL) ? &thread_signals : &process_signals;
    if (info) memcpy(&slots->info[signo], info, sizeof(siginfo_t));
    else memset(&slots->info[signo], 0, sizeof(siginfo_t));
    atomic_fetch_or(&slots->pending, SIG_BIT(signo));
    /* The interrupted thread takes it at its next safe point, whichever set it is in. */
    raise_safe_point_flag(&thread_signals);
    void (*hook)(void) = atomic_load(&arrival_hook);
    if (hook) hook();
}

int wali_signal_set_action(int signo, int kind, unsigned long hostflags) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    if (kind == 2) {
        sa.sa_sigaction = record_signal_info;
        sigfillset(&sa.sa_mask);
        // No SA_RESTART: a blocked host call must return EINTR so the engine can decide.
        sa.sa_flags = SA_SIGINFO | (int)(hostflags & (SA_NOCLDSTOP | SA_NOCLDWAIT));
    } else {
        sa.sa_handler = kind == 1 ? SIG_IGN : SIG_DFL;
        sa.sa_flags = (int)(hostflags & (SA_NOCLDSTOP | SA_NOCLDWAIT));
    }
    return sigaction(signo, &sa, 0) == 0 ? 0 : -errno;
}

void wali_signal_catch(int signo) { wali_signal_set_action(signo, 2, 0); }
void wali_signal_default(int signo) { wali_signal_set_action(signo, 0, 0); }
void wali_signal_ignore(int signo) { wali_signal_set_action(signo, 1, 0); }

int wali_signal_host_disposition(int signo) {
    struct sigaction sa;
    if (sigaction(signo, 0, &sa) != 0) return 0;
    if (!(sa.sa_flags & SA_SIGINFO) && sa.sa_handler == SIG_DFL) return 0;
    if (!(sa.sa_flags & SA_SIGINFO) && sa.sa_handler == SIG_IGN) return 1;
    return 2;
}

static uint64_t take_bits(_Atomic uint64_t *mask, uint64_t deliverable) {
    uint64_t old = atomic_load(mask);
    while (old & deliverable) {
        if (atomic_compare_exchange_weak(mask, &old, old & ~deliverable))
            return old & deliverable;
    }
    return 0;
}

uint64_t wali_signal_take_pending(uint64_t deliverable) {
    return take_bits(&thread_signals.pending, deliverable) | take_bits(&process_signals.pending, deliverable);
}

uint64_t wali_signal_peek_pending(void) {
    return atomic_load(&process_signals.pending) | atomic_load(&thread_signals.pending);
}

static int take_one_from(struct wali_signal_slots *slots, uint64_t deliverable, void *info) {
    uint64_t old = atomic_load(&slots->pending);
    while (old & deliverable) {
        int signo = __builtin_ctzll(old & deliverable) + 1;
        if (atomic_compare_exchange_weak(&slots->pending, &old, old & ~SIG_BIT(signo))) {
            if (info) memcpy(info, &slots->info[signo], 128);
            return signo;
        }
    }
    return 0;
}

int wali_signal_take_one(uint64_t deliverable, void *info) {
    int signo = take_one_from(&thread_signals, deliverable, info);
    return signo ? signo : take_one_from(&process_signals, deliverable, info);
}

void *wali_signal_thread_state(void) { return &thread_signals; }

void wali_signal_post(void *thread_state, int signo, int code, int pid, unsigned uid) {
    if (signo < 1 || signo > 64) return;
    struct wali_signal_slots *slots = thread_state ? thread_state : &process_signals;
    siginfo_t *info = &slots->info[signo];
    memset(info, 0, sizeof *info);
    info->si_signo = signo;
    info->si_code = code;
    info->si_pid = pid;
    info->si_uid = uid;
    atomic_fetch_or(&slots->pending, SIG_BIT(signo));
    raise_safe_point_flag(thread_state ? slots : &thread_signals);
}

void wali_signal_mark_pending(int signo) { wali_signal_post(0, signo, SI_USER, getpid(), getuid()); }

/* Called in a fork child: stores only where something is pending, since a store to a page the
 * child shares with its parent copies that page. */
void wali_signal_clear_all(void) {
    if (atomic_load(&process_signals.pending)) atomic_store(&process_signals.pending, 0);
    if (atomic_load(&thread_signals.pending)) atomic_store(&thread_signals.pending, 0);
}

int wali_signal_set_host_mask(uint64_t guest_mask) {
    uint64_t mask = guest_mask & ~HOST_NEVER_BLOCKED;
    long r = wali_host_syscall(SYS_rt_sigprocmask, SIG_SETMASK, (long)&mask, 0, 8, 0, 0);
    return (int)r;
}

uint64_t wali_signal_get_host_mask(void) {
    uint64_t mask = 0;
    wali_host_syscall(SYS_rt_sigprocmask, SIG_BLOCK, 0, (long)&mask, 8, 0, 0);
    return mask;
}

long wali_signal_suspend(uint64_t guest_mask) {
    uint64_t mask = guest_mask & ~HOST_NEVER_BLOCKED;
    return wali_host_syscall(SYS_rt_sigsuspend, (long)&mask, 8, 0, 0, 0, 0);
}

uint64_t wali_signal_host_pending(void) {
    uint64_t set = 0;
    wali_host_syscall(SYS_rt_sigpending, (long)&set, 8, 0, 0, 0, 0);
    return set;
}

/* ---- processes and threads ---- */

/* ---- the engine's relocated read-only data, shared ----
 * The loader relocates the engine's RELRO segment (Swift metadata, ~115 pages) at start, so each
 * of its pages is a private written copy: every fork copies their page-table entries and every
 * child's exit drops them again. Moved into a sealed memfd mapped shared and read-only, the same
 * bytes are a shared file mapping, whose entries fork does not copy (a child maps in only what it
 * reads). It costs a copy of the segment (~0.15 ms), so the engine does it once a process has
 * forked a number of times (WALIProcess.forkNow). */
static int find_main_relro(struct dl_phdr_info *info, size_t size, void *out) {
    (void)size;
    uintptr_t *range = out, page = (uintptr_t)sysconf(_SC_PAGESIZE);
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        if (ph->p_type != PT_GNU_RELRO) continue;
        /* What the loader made read-only (_dl_protect_relro): whole pages only. */
        range[0] = (info->dlpi_addr + ph->p_vaddr) & ~(page - 1);
        range[1] = (info->dlpi_addr + ph->p_vaddr + ph->p_memsz) & ~(page - 1);
    }
    return 1; /* the first object is the program itself */
}

int wali_share_relro(void) {
    uintptr_t range[2] = {0, 0};
    dl_iterate_phdr(find_main_relro, range);
    if (range[1] <= range[0]) return -1;
    size_t len = range[1] - range[0];
    int fd = (int)syscall(SYS_memfd_create, "wali-relro", MFD_CLOEXEC | MFD_ALLOW_SEALING);
    if (fd < 0) return -1;
    const char *p = (const char *)range[0];
    size_t done = 0;
    while (done < len) {
        ssize_t n = write(fd, p + done, len - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        done += (size_t)n;
    }
    /* Sealed before it is mapped: nothing can change these bytes afterwards. */
    int ok = done == len &&
             fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_SEAL) == 0 &&
             mmap((void *)range[0], len, PROT_READ, MAP_SHARED | MAP_FIXED, fd, 0) != MAP_FAILED;
    close(fd);
    return ok ? 0 : -1;
}

/* Copies n bytes from addr, which may not be mapped: the kernel reads them (process_vm_readv on
 * this process), so a bad address is -1 (EFAULT), never a fault. */
int wali_read_checked(const void *addr, void *out, size_t n) {
    struct iovec local = {out, n}, remote = {(void *)addr, n};
    return wali_host_syscall(SYS_process_vm_readv, getpid(), (long)&local, 1, (long)&remote, 1, 0) == (long)n ? 0 : -1;
}

/* `plain`: the process has one thread, so nothing fork() adds is needed (no other thread can
 * hold a lock it resets, and the engine registers no fork handlers): _Fork (glibc 2.34) is the
 * system call alone, which spares the child three pages it would write. */
int wali_fork(int plain) {
    pid_t pid = plain ? _Fork() : fork();
    return pid < 0 ? -errno : pid;
}

/* Whether the engine's standard streams hold unwritten output (the engine writes no other
 * stream). Read from the FILE fields, as __fpending does, so that a fork child's exit reads
 * libc's pages instead of writing them (fflush(NULL) takes and releases the stream locks). */
int wali_stdio_has_pending_output(void) {
    return stdout->_IO_write_ptr > stdout->_IO_write_base || stderr->_IO_write_ptr > stderr->_IO_write_base;
}

void wali_exit_group(int status) {
    for (;;) wali_host_syscall(SYS_exit_group, status, 0, 0, 0, 0, 0);
}

struct thread_start { void (*entry)(void *); void *context; };

static void *thread_trampoline(void *opaque) {
    struct thread_start start = *(struct thread_start *)opaque;
    free(opaque);
    start.entry(start.context);
    return 0;
}

int wali_start_thread(void (*entry)(void *), void *context, unsigned long stack_size) {
    pthread_attr_t attr;
    int err = pthread_attr_init(&attr);
    if (err) return err;
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    if (stack_size) err = pthread_attr_setstacksize(&attr, stack_size);
    if (!err) {
        struct thread_start *start = malloc(sizeof *start);
        if (!start) {
            err = ENOMEM;
        } else {
            start->entry = entry;
            start->context = context;
            pthread_t thread;
            err = pthread_create(&thread, &attr, thread_trampoline, start);
            if (err) free(start);
        }
    }
    pthread_attr_destroy(&attr);
    return err;
}

void wali_die_by_signal(int signo) {
    struct rlimit no_core = {0, 0};
    setrlimit(RLIMIT_CORE, &no_core);
    signal(signo, SIG_DFL);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, signo);
    sigprocmask(SIG_UNBLOCK, &set, 0);
    raise(signo);
    // Signals whose default action is not fatal: mimic the shell's convention.
    _exit(128 + signo);
}

/* ---- the sandbox policy's process-tree counter (semctl is variadic: Swift cannot call it) ---- */

int wali_semaphore_remove(int id) {
    return semctl(id, 0, IPC_RMID) == 0 ? 0 : -errno;
}
