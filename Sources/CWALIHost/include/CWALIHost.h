#ifndef CWALIHOST_H
#define CWALIHOST_H
#include <stdint.h>
#include "CWALIHostNR.h"

/// Raw host system call; returns the kernel's result (-errno on failure), never touches errno.
long wali_host_syscall(long nr, long a, long b, long c, long d, long e, long f);

/// Signal plumbing: a host handler that only records the signal as pending (async-signal-safe).
/// Pending signals are kept as a 64-bit mask, consumed by the engine at safe points.
void wali_signal_catch(int signo);           // install the recording handler (no SA_RESTART)
void wali_signal_default(int signo);         // SIG_DFL
void wali_signal_ignore(int signo);          // SIG_IGN
uint64_t wali_signal_take_pending(uint64_t deliverable); // atomically clear & return deliverable pending bits
uint64_t wali_signal_peek_pending(void);
void wali_signal_mark_pending(int signo);

/// Ends the process with the status a signal gives (default action, core dumps disabled).
void wali_die_by_signal(int signo) __attribute__((noreturn));
#endif
