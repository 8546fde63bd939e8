#define _GNU_SOURCE
#include "CWALINativeRuntime.h"
#include "CWALIHost.h"
#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <ucontext.h>
#include <linux/futex.h>
#include <sys/syscall.h>

#define WALI_STR2(...) #__VA_ARGS__
#define WALI_STR(...) WALI_STR2(__VA_ARGS__)

const char *wali_rt_abi_source(void) { return WALI_STR(WALI_ABI_DEFS); }

/* Any u32 address plus any u32 offset plus an access of up to 16 bytes stays inside this. */
#define WALI_RESERVE (((uint64_t)8 << 30) + 65536)
#define WALI_PAGE 65536ull
/* Stack kept free below the guest's deepest frame for the engine's own calls (syscalls, signal
 * delivery) made from there. */
#define WALI_STACK_MARGIN (512u << 10)

struct wali_rt_memory {
    uint8_t *base;
    volatile uint64_t size;
    uint64_t max;
    pthread_mutex_t lock;
};

wali_rt_memory *wali_rt_memory_create(uint64_t initial_bytes, uint64_t max_bytes) {
    if (initial_bytes > max_bytes || max_bytes > ((uint64_t)1 << 32)) return NULL;
    void *p = mmap(NULL, WALI_RESERVE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) return NULL;
    if (initial_bytes && mprotect(p, initial_bytes, PROT_READ | PROT_WRITE) != 0) {
        munmap(p, WALI_RESERVE);
        return NULL;
    }
    wali_rt_memory *m = calloc(1, sizeof *m);
    if (!m) {
        munmap(p, WALI_RESERVE);
        return NULL;
    }
    m->base = p;
    m->size = initial_bytes;
    m->max = max_bytes;
    pthread_mutex_init(&m->lock, NULL);
    return m;
}

void wali_rt_memory_destroy(wali_rt_memory *m) {
    if (!m) return;
    munmap(m->base, WALI_RESERVE);
    pthread_mutex_destroy(&m->lock);
    free(m);
}

uint8_t *wali_rt_memory_base(const wali_rt_memory *m) { return m->base; }
uint64_t wali_rt_memory_size(const wali_rt_memory *m) { return __atomic_load_n(&m->size, __ATOMIC_ACQUIRE); }

int64_t wali_rt_memory_grow(wali_rt_memory *m, uint64_t pages) {
    pthread_mutex_lock(&m->lock);
    uint64_t old = m->size;
    int64_t result = -1;
    if (pages <= (m->max - old) / WALI_PAGE) {
        uint64_t add = pages * WALI_PAGE;
        if (add == 0 || mprotect(m->base + old, add, PROT_READ | PROT_WRITE) == 0) {
            __atomic_store_n(&m->size, old + add, __ATOMIC_RELEASE);
            result = (int64_t)(old / WALI_PAGE);
        }
    }
    pthread_mutex_unlock(&m->lock);
    return result;
}

/* ---- traps ---- */

typedef struct wali_trap_frame {
    sigjmp_buf env;
} wali_trap_frame;

/* The runtime's private part of an instance. */
typedef struct wali_rt_thread {
    wali_trap_frame *frame; /* innermost invoke */
    void *context;
    wali_rt_memory *memory;
    uintptr_t stack_limit;  /* the real one; inst->stack_limit is raised to reach a safe point */
    int in_host;            /* inside an engine callback: faults there are the engine's bugs */
    wali_exn *uncaught;     /* the exception that ended the innermost invoke */
    wali_exn *rethrow;      /* to throw when the current callback returns */
    /* Legacy setjmp records, a stack: [0, inst->sj_top) are live, those of the innermost invoke
     * from sj_base. Each belongs to a guest function still running (it restores sj_top when it
     * returns; exceptions, longjmps and invokes restore it when they leave frames), so a jump
     * never lands in a frame that has returned. */
    struct wali_sj { uint32_t env; void *frame; wali_eh *eh; jmp_buf jb; } *sj;
    uint32_t sj_capacity, sj_base;
    int invoke_depth;
    /* The host stack guest code runs on (see guest_stack_new), or NULL: the thread's own. */
    uint8_t *guest_stack;
    int jump_pending;       /* a longjmp to perform when the current callback returns */
    uint32_t jump_env, jump_value;
} wali_rt_thread;

static __thread wali_inst *current_instance __attribute__((tls_model("initial-exec")));

static wali_rt_import_callback import_callback;
static wali_rt_safe_point_callback safe_point_callback;

void wali_rt_set_callbacks(wali_rt_import_callback imports, wali_rt_safe_point_callback safe_point) {
    import_callback = imports;
    safe_point_callback = safe_point;
}

void wali_rt_unwind(wali_inst *inst, int32_t code) {
    wali_rt_thread *t = inst->rt;
    siglongjmp(t->frame->env, code ? code : WALI_TRAP_HOST);
}

static void rt_trap(wali_inst *inst, int32_t code) __attribute__((noreturn));
static void rt_trap(wali_inst *inst, int32_t code) { wali_rt_unwind(inst, code); }

static void rt_throw(wali_inst *inst, wali_exn *e) __attribute__((noreturn));
static void rt_throw(wali_inst *inst, wali_exn *e) {
    wali_eh *h = inst->eh;
    if (!h) {
        wali_rt_thread *t = inst->rt;
        free(t->uncaught);
        t->uncaught = e;
        wali_rt_unwind(inst, WALI_TRAP_UNCAUGHT_EXCEPTION);
    }
    inst->eh = h->prev;
    inst->exn = e;
    inst->sj_top = h->sj_top;
    longjmp(h->jb, 1);
}

#define WALI_MAX_SETJMP_RECORDS (1u << 20)

static void *rt_sj_push(wali_inst *inst, uint32_t env, void *frame) {
    wali_rt_thread *t = inst->rt;
    uint32_t top = inst->sj_top;
    /* setjmp again on a buffer this frame already set (a loop): reuse its record. The calling
     * frame's records are the topmost ones (its callees' went when they returned). */
    for (uint32_t i = top; i-- > t->sj_base && t->sj[i].frame == frame;) {
        if (t->sj[i].env == env) {
            t->sj[i].eh = inst->eh;
            return &t->sj[i].jb;
        }
    }
    /* Distinct live buffers are bounded by the call depth times the buffers per frame; a guest
     * piling up more gets a trap rather than the host's memory. */
    if (top >= WALI_MAX_SETJMP_RECORDS) rt_trap(inst, WALI_TRAP_OUT_OF_MEMORY);
    if (top >= t->sj_capacity) {
        uint32_t cap = t->sj_capacity ? t->sj_capacity * 2 : 16;
        struct wali_sj *n = realloc(t->sj, cap * sizeof *n);
        if (!n) rt_trap(inst, WALI_TRAP_OUT_OF_MEMORY);
        t->sj = n;
        t->sj_capacity = cap;
    }
    struct wali_sj *r = &t->sj[top];
    r->env = env;
    r->frame = frame;
    r->eh = inst->eh;
    inst->sj_top = top + 1;
    return &r->jb;
}

void wali_rt_longjmp_after_callback(wali_inst *inst, uint32_t env, uint32_t value) {
    wali_rt_thread *t = inst->rt;
    t->jump_pending = 1;
    t->jump_env = env;
    t->jump_value = value ? value : 1;
}

static void rt_longjmp_pending(wali_inst *inst) {
    wali_rt_thread *t = inst->rt;
    if (!t->jump_pending) return;
    for (uint32_t i = inst->sj_top; i-- > t->sj_base;) {
        if (t->sj[i].env != t->jump_env) continue;
        t->jump_pending = 0;
        inst->sj_top = i + 1;
        inst->eh = t->sj[i].eh;
        inst->sj_value = t->jump_value;
        longjmp(t->sj[i].jb, 1);
    }
    /* Not in this invoke: leave it (a signal handler's) and look again around it. */
    if (t->invoke_depth > 1) wali_rt_unwind(inst, WALI_TRAP_LONGJMP);
    t->jump_pending = 0;
    wali_rt_unwind(inst, WALI_TRAP_BAD_LONGJMP);
}

wali_exn *wali_rt_take_exception(wali_inst *inst) {
    wali_rt_thread *t = inst->rt;
    wali_exn *e = t->uncaught;
    t->uncaught = NULL;
    return e;
}

void wali_rt_throw_after_callback(wali_inst *inst, wali_exn *e) {
    wali_rt_thread *t = inst->rt;
    t->rethrow = e;
}

/* An exception that ended a nested invoke made by the callback goes on in the guest code that
 * made it, as it would had the nested call been a plain Wasm call. */
static void rethrow_pending(wali_inst *inst) {
    wali_rt_thread *t = inst->rt;
    wali_exn *e = t->rethrow;
    if (e) {
        t->rethrow = NULL;
        rt_throw(inst, e);
    }
}

static int64_t rt_call_import(wali_inst *inst, uint32_t index, const int64_t *args) {
    wali_rt_thread *t = inst->rt;
    int saved = t->in_host;
    t->in_host = 1;
    int64_t r = import_callback(inst, index, args);
    t->in_host = saved;
    rethrow_pending(inst);
    rt_longjmp_pending(inst);
    return r;
}

static void rt_safe_point(wali_inst *inst) {
    wali_rt_thread *t = inst->rt;
    int saved = t->in_host;
    t->in_host = 1;
    safe_point_callback(inst);
    t->in_host = saved;
    rethrow_pending(inst);
    rt_longjmp_pending(inst);
}

static void rt_poll(wali_inst *inst) {
    if (wali_signal_peek_pending()) rt_safe_point(inst);
}

/* Function entries compare the stack pointer with inst->stack_limit, so raising it sends the
 * next entry to the slow path: the poll costs guest calls nothing until a signal arrives. Runs
 * in the host signal handler, on the thread the signal interrupted. */
static void rt_signal_arrived(void) {
    wali_inst *inst = current_instance;
    if (inst) inst->stack_limit = UINTPTR_MAX;
}

static void rt_entry_slow(wali_inst *inst) {
    wali_rt_thread *t = inst->rt;
    if (inst->stack_limit != t->stack_limit) {
        inst->stack_limit = t->stack_limit;
        rt_poll(inst);
    }
    if ((uintptr_t)__builtin_frame_address(0) < t->stack_limit) rt_trap(inst, WALI_TRAP_STACK);
}

static int32_t rt_memory_grow(wali_inst *inst, uint32_t pages) {
    wali_rt_thread *t = inst->rt;
    return (int32_t)wali_rt_memory_grow(t->memory, pages);
}

static uint32_t *rt_atomic_word(wali_inst *inst, uint32_t addr, uint32_t size) {
    if (addr & (size - 1)) rt_trap(inst, WALI_TRAP_UNALIGNED_ATOMIC);
    if ((uint64_t)addr + size > *inst->mem_size) rt_trap(inst, WALI_TRAP_MEMORY_OOB);
    return (uint32_t *)(inst->mem + addr);
}

static void deadline_after(struct timespec *deadline, int64_t ns) {
    clock_gettime(CLOCK_MONOTONIC, deadline);
    int64_t sec = ns / 1000000000, rest = ns % 1000000000;
    deadline->tv_sec += sec;
    deadline->tv_nsec += rest;
    if (deadline->tv_nsec >= 1000000000) {
        deadline->tv_sec += 1;
        deadline->tv_nsec -= 1000000000;
    }
}

/* Time left until `deadline`, or 0 when it has passed. */
static int remaining(const struct timespec *deadline, struct timespec *left) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    left->tv_sec = deadline->tv_sec - now.tv_sec;
    left->tv_nsec = deadline->tv_nsec - now.tv_nsec;
    if (left->tv_nsec < 0) {
        left->tv_nsec += 1000000000;
        left->tv_sec -= 1;
    }
    return left->tv_sec >= 0;
}

/* Waits on the host futex of `word` while it holds `low` (and, for wait64, the whole value is
 * still `expected`). The futex is the shared (non-private) kind, like SYS_futex's, so guest code
 * mixing both sees one set of waiters. Signals arriving meanwhile are delivered, then it waits on. */
static uint32_t rt_wait(wali_inst *inst, uint32_t *word, uint32_t low, int is64, uint64_t expected, int64_t timeout) {
    struct timespec deadline, left;
    if (timeout >= 0) deadline_after(&deadline, timeout);
    for (;;) {
        if (is64) {
            if (__atomic_load_n((uint64_t *)word, __ATOMIC_SEQ_CST) != expected) return 1;
        } else if (__atomic_load_n(word, __ATOMIC_SEQ_CST) != low) {
            return 1;
        }
        struct timespec *ts = NULL;
        if (timeout >= 0) {
            if (!remaining(&deadline, &left)) return 2;
            ts = &left;
        }
        long r = wali_host_syscall(HOST_NR_futex, (long)word, FUTEX_WAIT, low, (long)ts, 0, 0);
        if (r == 0) return 0;
        if (r == -EAGAIN) return 1;
        if (r == -ETIMEDOUT) return 2;
        if (r == -EINTR) rt_poll(inst);
    }
}

static uint32_t rt_wait32(wali_inst *inst, uint32_t addr, uint32_t expected, int64_t timeout) {
    uint32_t *word = rt_atomic_word(inst, addr, 4);
    return rt_wait(inst, word, expected, 0, 0, timeout);
}

static uint32_t rt_wait64(wali_inst *inst, uint32_t addr, uint64_t expected, int64_t timeout) {
    uint32_t *word = rt_atomic_word(inst, addr, 8);
    return rt_wait(inst, word, (uint32_t)expected, 1, expected, timeout);
}

static uint32_t rt_notify(wali_inst *inst, uint32_t addr, uint32_t count) {
    uint32_t *word = rt_atomic_word(inst, addr, 4);
    if (count == 0) return 0;
    long n = count > 0x7fffffffu ? 0x7fffffff : (long)count;
    long r = wali_host_syscall(HOST_NR_futex, (long)word, FUTEX_WAKE, n, 0, 0, 0);
    return r < 0 ? 0 : (uint32_t)r;
}

static const wali_host_api host_api = {
    .call_import = rt_call_import,
    .trap = rt_trap,
    .poll = rt_poll,
    .memory_grow = rt_memory_grow,
    .wait32 = rt_wait32,
    .wait64 = rt_wait64,
    .notify = rt_notify,
    .throw_exn = rt_throw,
    .sj_push = rt_sj_push,
    .entry_slow = rt_entry_slow,
};

/* The lowest address the guest's frames may reach on the calling thread's stack. */
static uintptr_t stack_limit(void) {
    uintptr_t here = (uintptr_t)__builtin_frame_address(0);
    uintptr_t low = here - ((uintptr_t)8 << 20); /* fallback: assume 8 MiB */
    pthread_attr_t attr;
    if (pthread_getattr_np(pthread_self(), &attr) == 0) {
        void *addr;
        size_t size;
        if (pthread_attr_getstack(&attr, &addr, &size) == 0 && (uintptr_t)addr < here)
            low = (uintptr_t)addr;
        pthread_attr_destroy(&attr);
    }
    /* An unlimited main-thread stack: stay within a sane depth. */
    if (here - low > ((uintptr_t)1 << 30)) low = here - ((uintptr_t)1 << 30);
    return low + WALI_STACK_MARGIN;
}

/* Guest code runs on a stack of its own, this large, whichever host thread runs it. Translated
 * frames are larger than the native ones of the same source (a function with a try_table keeps
 * its values in memory and a jmp_buf per handler), so the 8 MiB a native program has would end a
 * recursion several times shallower than natively (C++ that throws through ~20000 frames). The
 * reservation costs address space only; pages are committed as frames reach them. */
#define WALI_GUEST_STACK ((size_t)64 << 20)
#define WALI_GUARD ((size_t)64 << 10)

static uint8_t *guest_stack_new(void) {
    void *p = mmap(NULL, WALI_GUEST_STACK + WALI_GUARD, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_STACK, -1, 0);
    if (p == MAP_FAILED) return NULL;
    /* A guard below it: the entry checks keep frames above the margin, this catches the rest. */
    if (mprotect(p, WALI_GUARD, PROT_NONE) != 0) {
        munmap(p, WALI_GUEST_STACK + WALI_GUARD);
        return NULL;
    }
    return p;
}

wali_inst *wali_rt_instance_new(const wali_module_desc *desc, wali_rt_memory *memory, void *context) {
    wali_inst *inst = calloc(1, sizeof(wali_inst) + sizeof(uint64_t) * (desc->num_globals + 1));
    wali_rt_thread *t = calloc(1, sizeof(wali_rt_thread));
    uint8_t *data_dropped = calloc(desc->num_data + 1, 1);
    uint8_t *elem_dropped = calloc(desc->num_elem + 1, 1);
    if (!inst || !t || !data_dropped || !elem_dropped) {
        free(inst);
        free(t);
        free(data_dropped);
        free(elem_dropped);
        return NULL;
    }
    t->context = context;
    t->memory = memory;
    inst->mem = memory->base;
    inst->host = &host_api;
    t->guest_stack = guest_stack_new();
    t->stack_limit = t->guest_stack ? (uintptr_t)t->guest_stack + WALI_GUARD + WALI_STACK_MARGIN : stack_limit();
    inst->stack_limit = t->stack_limit;
    inst->mem_size = &memory->size;
    inst->data_dropped = data_dropped;
    inst->elem_dropped = elem_dropped;
    inst->rt = t;
    inst->abi = WALI_COMPILED_ABI;
    desc->init_globals(inst);
    return inst;
}

void wali_rt_instance_free(wali_inst *inst) {
    if (!inst) return;
    wali_rt_thread *t = inst->rt;
    free(t->uncaught);
    free(t->rethrow);
    free(t->sj);
    if (t->guest_stack) munmap(t->guest_stack, WALI_GUEST_STACK + WALI_GUARD);
    free(inst->rt);
    free(inst->data_dropped);
    free(inst->elem_dropped);
    free(inst);
}

void *wali_rt_instance_context(const wali_inst *inst) { return ((wali_rt_thread *)inst->rt)->context; }

static int32_t invoke_here(wali_inst *inst, void *fn, int32_t nargs, uint32_t a0, uint32_t a1, uint32_t a2) {
    wali_rt_thread *t = inst->rt;
    wali_trap_frame frame;
    wali_trap_frame *const outer = t->frame;
    const int outer_in_host = t->in_host;
    wali_inst *const outer_instance = current_instance;
    wali_eh *const outer_eh = inst->eh;
    const uint32_t outer_sj_top = inst->sj_top, outer_sj_base = t->sj_base;
    /* Exceptions never cross the engine: one reaching this invoke is uncaught. Legacy longjmps
     * land in this invoke's records, or leave it (WALI_TRAP_LONGJMP). */
    inst->eh = NULL;
    t->sj_base = inst->sj_top;
    t->invoke_depth++;
    t->frame = &frame;
    t->in_host = 0;
    current_instance = inst;
    /* The signal mask is not saved: the engine keeps the guest's mask on the host thread itself
     * (a jump out of a signal handler must not bring back the mask the handler ran with), and
     * the fault handler is SA_NODEFER, so leaving it by siglongjmp leaves the mask as it was. */
    int32_t code = sigsetjmp(frame.env, 0);
    if (code == 0) {
        switch (nargs) {
        case 0: ((void (*)(wali_inst *))fn)(inst); break;
        case 1: ((void (*)(wali_inst *, uint32_t))fn)(inst, a0); break;
        case 2: ((void (*)(wali_inst *, uint32_t, uint32_t))fn)(inst, a0, a1); break;
        default: ((void (*)(wali_inst *, uint32_t, uint32_t, uint32_t))fn)(inst, a0, a1, a2); break;
        }
    }
    t->frame = outer;
    t->in_host = outer_in_host;
    inst->eh = outer_eh;
    inst->sj_top = outer_sj_top;
    t->sj_base = outer_sj_base;
    t->invoke_depth--;
    current_instance = outer_instance;
    return code;
}

/* An outermost invoke, carried onto the guest stack. */
typedef struct guest_call {
    ucontext_t host, guest;
    wali_inst *inst;
    void *fn;
    int32_t nargs;
    uint32_t a0, a1, a2;
    int32_t code;
} guest_call;

static __thread guest_call *entering __attribute__((tls_model("initial-exec")));

static void guest_call_run(void) {
    guest_call *c = entering;
    c->code = invoke_here(c->inst, c->fn, c->nargs, c->a0, c->a1, c->a2);
    /* Returning resumes c->host (uc_link), which sets the signal mask saved in it: make that the
     * current one, as the guest left it (the engine keeps the guest's mask on the thread). */
    pthread_sigmask(SIG_SETMASK, NULL, &c->host.uc_sigmask);
}

int32_t wali_rt_invoke(wali_inst *inst, void *fn, int32_t nargs, uint32_t a0, uint32_t a1, uint32_t a2) {
    wali_rt_thread *t = inst->rt;
    /* Nested invokes (from engine callbacks) are on the guest stack already. Traps and jumps
     * stay inside invoke_here's frame, on the guest stack; only its return comes back here. */
    if (!t->guest_stack || t->invoke_depth > 0) return invoke_here(inst, fn, nargs, a0, a1, a2);
    guest_call c = {.inst = inst, .fn = fn, .nargs = nargs, .a0 = a0, .a1 = a1, .a2 = a2, .code = WALI_TRAP_HOST};
    if (getcontext(&c.guest) != 0) return invoke_here(inst, fn, nargs, a0, a1, a2);
    c.guest.uc_stack.ss_sp = t->guest_stack + WALI_GUARD;
    c.guest.uc_stack.ss_size = WALI_GUEST_STACK;
    c.guest.uc_link = &c.host;
    makecontext(&c.guest, guest_call_run, 0);
    entering = &c;
    if (swapcontext(&c.host, &c.guest) != 0) return invoke_here(inst, fn, nargs, a0, a1, a2);
    return c.code;
}

/* ---- fault handling ---- */

static struct sigaction previous_segv, previous_bus;

static void chain(const struct sigaction *prev, int sig, siginfo_t *info, void *uc) {
    if (prev->sa_flags & SA_SIGINFO) {
        if (prev->sa_sigaction) {
            prev->sa_sigaction(sig, info, uc);
            return;
        }
    } else if (prev->sa_handler != SIG_DFL && prev->sa_handler != SIG_IGN) {
        prev->sa_handler(sig);
        return;
    }
    /* Default action: restore it and return, so the faulting instruction faults again and the
     * process dies of the signal as it would have without us. */
    signal(sig, SIG_DFL);
}

static void fault_handler(int sig, siginfo_t *info, void *uc) {
    wali_inst *inst = current_instance;
    if (inst && info) {
        wali_rt_thread *t = inst->rt;
        uintptr_t addr = (uintptr_t)info->si_addr, base = (uintptr_t)inst->mem;
        if (t->frame && !t->in_host && addr >= base && addr - base < WALI_RESERVE)
            siglongjmp(t->frame->env, WALI_TRAP_MEMORY_OOB);
    }
    chain(sig == SIGSEGV ? &previous_segv : &previous_bus, sig, info, uc);
}

static pthread_once_t install_once = PTHREAD_ONCE_INIT;

static void install(void) {
    wali_signal_set_arrival_hook(rt_signal_arrived);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = fault_handler;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
    sigaction(SIGSEGV, &sa, &previous_segv);
    sigaction(SIGBUS, &sa, &previous_bus);
}

void wali_rt_install_trap_handlers(void) { pthread_once(&install_once, install); }

void *wali_rt_load_module(const char *path, const wali_module_desc **desc, char *error, size_t cap) {
    void *handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
        snprintf(error, cap, "%s", dlerror());
        return NULL;
    }
    const wali_module_desc *(*get)(void) = (const wali_module_desc *(*)(void))dlsym(handle, "wali_module_get");
    if (!get) {
        snprintf(error, cap, "%s has no wali_module_get", path);
        dlclose(handle);
        return NULL;
    }
    const wali_module_desc *d = get();
    if (!d || d->abi != WALI_COMPILED_ABI) {
        snprintf(error, cap, "%s was compiled for another engine ABI", path);
        dlclose(handle);
        return NULL;
    }
    *desc = d;
    return handle;
}
