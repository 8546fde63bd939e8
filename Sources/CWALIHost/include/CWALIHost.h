#ifndef CWALIHOST_H
#define CWALIHOST_H
#include <stddef.h>
#include <stdint.h>
#include "CWALIHostNR.h"
#include "CWALIPolicy.h"

/// Raw host system call; returns the kernel's result (-errno on failure), never touches errno.
long wali_host_syscall(long nr, long a, long b, long c, long d, long e, long f);

/// Signal plumbing: a host handler that only records the signal as pending (async-signal-safe).
/// Pending signals are kept as 64-bit masks (bit n-1 = signal n): one for the process and one
/// per host thread (thread-directed signals: tkill/tgkill), consumed by the engine at safe points.
void wali_signal_catch(int signo);           // install the recording handler (no SA_RESTART)
void wali_signal_default(int signo);         // SIG_DFL
void wali_signal_ignore(int signo);          // SIG_IGN
uint64_t wali_signal_take_pending(uint64_t deliverable); // atomically clear & return deliverable pending bits
uint64_t wali_signal_peek_pending(void);     // process | calling thread
void wali_signal_mark_pending(int signo);

/// Sets the host disposition of `signo`: kind 0 = SIG_DFL, 1 = SIG_IGN, 2 = the recording handler.
/// `hostflags` may carry SA_NOCLDSTOP / SA_NOCLDWAIT. Returns 0 or -errno.
int wali_signal_set_action(int signo, int kind, unsigned long hostflags);
/// The host disposition inherited at start: 0 default, 1 ignored, 2 something else.
int wali_signal_host_disposition(int signo);
/// Takes the lowest pending signal in `deliverable` (the calling thread's first, then the
/// process's) and copies its 128-byte siginfo into `info` (may be NULL). Returns 0 if none.
int wali_signal_take_one(uint64_t deliverable, void *info);
/// The calling host thread's pending-signal state, so other threads can post to it.
void *wali_signal_thread_state(void);
/// Called (in the signal handler, so it must be async-signal-safe) whenever a host signal is
/// recorded for the guest: compiled code uses it to reach a safe point soon.
void wali_signal_set_arrival_hook(void (*hook)(void));
/// Records `signo` as pending for a thread (`thread_state`) or the process (NULL) without a
/// host signal, with a siginfo of si_code `code`, si_pid `pid`, si_uid `uid`.
void wali_signal_post(void *thread_state, int signo, int code, int pid, unsigned uid);
/// Registers the calling thread's interpreter safe-point flag: a byte set to 1 whenever a signal
/// is recorded for the thread (or null: none). Loop headers test it; the engine clears it.
void wali_signal_set_safe_point_flag(unsigned char *flag);
/// Forgets every recorded pending signal (the child of fork starts with none).
void wali_signal_clear_all(void);
/// Sets the calling host thread's blocked mask from a guest mask, leaving SIGSEGV/SIGBUS
/// (the engine's trap handlers), SIGKILL/SIGSTOP and the C library's internal signals 32/33
/// unblocked. Returns 0 or -errno.
int wali_signal_set_host_mask(uint64_t guest_mask);
/// The calling thread's host blocked mask as a 64-bit set.
uint64_t wali_signal_get_host_mask(void);
/// rt_sigsuspend with a guest mask (same filtering as wali_signal_set_host_mask).
long wali_signal_suspend(uint64_t guest_mask);
/// Host-pending signals (kernel's view, blocked ones) as a 64-bit set.
uint64_t wali_signal_host_pending(void);

/// fork(2) through the C library (so its at-fork handlers keep malloc and threads sane), or,
/// when `plain` (a process with one thread), its `_Fork`: the system call alone.
/// Returns the pid, 0 in the child, or -errno.
int wali_fork(int plain);
/// Makes the engine binary's relocated read-only data (RELRO) a sealed, shared, read-only
/// mapping with the same bytes, whose page-table entries fork does not copy. 0 or -1 (nothing
/// changed).
int wali_share_relro(void);

/// Copies `n` bytes from `addr`, which may be unmapped: 0, or -1 for a bad address (never a fault).
int wali_read_checked(const void *addr, void *out, size_t n);

/// Whether stdout or stderr holds buffered output (read without taking their locks).
int wali_stdio_has_pending_output(void);

/// Ends the whole process at once, as _exit(2), with the exit_group syscall made here: a forked
/// child's first call of the C library's _exit would go through lazy symbol binding, which
/// touches the dynamic linker's code and every library's symbol tables (page faults in each child).
void wali_exit_group(int status) __attribute__((noreturn));

/// Starts a detached host thread with `stack_size` bytes of stack running `entry(context)`.
/// Returns 0 or an errno value.
int wali_start_thread(void (*entry)(void *), void *context, unsigned long stack_size);

/// Ends the process with the status a signal gives (default action, core dumps disabled).
void wali_die_by_signal(int signo) __attribute__((noreturn));
/// Removes a System V semaphore set (IPC_RMID); 0 or -errno.
int wali_semaphore_remove(int id);
#endif
