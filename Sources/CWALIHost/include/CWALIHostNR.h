/* Host syscall numbers by name (generated from the WALI ABI tables); -1 where the host lacks it. */
#ifndef CWALIHOST_NR_H
#define CWALIHOST_NR_H
#include <sys/syscall.h>
#ifdef SYS_read
static const long HOST_NR_read = SYS_read;
#else
static const long HOST_NR_read = -1;
#endif
#ifdef SYS_write
static const long HOST_NR_write = SYS_write;
#else
static const long HOST_NR_write = -1;
#endif
#ifdef SYS_open
static const long HOST_NR_open = SYS_open;
#else
static const long HOST_NR_open = -1;
#endif
#ifdef SYS_close
static const long HOST_NR_close = SYS_close;
#else
static const long HOST_NR_close = -1;
#endif
#ifdef SYS_stat
static const long HOST_NR_stat = SYS_stat;
#else
static const long HOST_NR_stat = -1;
#endif
#ifdef SYS_fstat
static const long HOST_NR_fstat = SYS_fstat;
#else
static const long HOST_NR_fstat = -1;
#endif
#ifdef SYS_lstat
static const long HOST_NR_lstat = SYS_lstat;
#else
static const long HOST_NR_lstat = -1;
#endif
#ifdef SYS_poll
static const long HOST_NR_poll = SYS_poll;
#else
static const long HOST_NR_poll = -1;
#endif
#ifdef SYS_lseek
static const long HOST_NR_lseek = SYS_lseek;
#else
static const long HOST_NR_lseek = -1;
#endif
#ifdef SYS_mmap
static const long HOST_NR_mmap = SYS_mmap;
#else
static const long HOST_NR_mmap = -1;
#endif
#ifdef SYS_mprotect
static const long HOST_NR_mprotect = SYS_mprotect;
#else
static const long HOST_NR_mprotect = -1;
#endif
#ifdef SYS_munmap
static const long HOST_NR_munmap = SYS_munmap;
#else
static const long HOST_NR_munmap = -1;
#endif
#ifdef SYS_brk
static const long HOST_NR_brk = SYS_brk;
#else
static const long HOST_NR_brk = -1;
#endif
#ifdef SYS_rt_sigaction
static const long HOST_NR_rt_sigaction = SYS_rt_sigaction;
#else
static const long HOST_NR_rt_sigaction = -1;
#endif
#ifdef SYS_rt_sigprocmask
static const long HOST_NR_rt_sigprocmask = SYS_rt_sigprocmask;
#else
static const long HOST_NR_rt_sigprocmask = -1;
#endif
#ifdef SYS_rt_sigreturn
static const long HOST_NR_rt_sigreturn = SYS_rt_sigreturn;
#else
static const long HOST_NR_rt_sigreturn = -1;
#endif
#ifdef SYS_ioctl
static const long HOST_NR_ioctl = SYS_ioctl;
#else
static const long HOST_NR_ioctl = -1;
#endif
#ifdef SYS_pread64
static const long HOST_NR_pread64 = SYS_pread64;
#else
static const long HOST_NR_pread64 = -1;
#endif
#ifdef SYS_pwrite64
static const long HOST_NR_pwrite64 = SYS_pwrite64;
#else
static const long HOST_NR_pwrite64 = -1;
#endif
#ifdef SYS_readv
static const long HOST_NR_readv = SYS_readv;
#else
static const long HOST_NR_readv = -1;
#endif
#ifdef SYS_writev
static const long HOST_NR_writev = SYS_writev;
#else
static const long HOST_NR_writev = -1;
#endif
#ifdef SYS_access
static const long HOST_NR_access = SYS_access;
#else
static const long HOST_NR_access = -1;
#endif
#ifdef SYS_pipe
static const long HOST_NR_pipe = SYS_pipe;
#else
static const long HOST_NR_pipe = -1;
#endif
#ifdef SYS_select
static const long HOST_NR_select = SYS_select;
#else
static const long HOST_NR_select = -1;
#endif
#ifdef SYS_sched_yield
static const long HOST_NR_sched_yield = SYS_sched_yield;
#else
static const long HOST_NR_sched_yield = -1;
#endif
#ifdef SYS_mremap
static const long HOST_NR_mremap = SYS_mremap;
#else
static const long HOST_NR_mremap = -1;
#endif
#ifdef SYS_msync
static const long HOST_NR_msync = SYS_msync;
#else
static const long HOST_NR_msync = -1;
#endif
#ifdef SYS_madvise
static const long HOST_NR_madvise = SYS_madvise;
#else
static const long HOST_NR_madvise = -1;
#endif
#ifdef SYS_dup
static const long HOST_NR_dup = SYS_dup;
#else
static const long HOST_NR_dup = -1;
#endif
#ifdef SYS_dup2
static const long HOST_NR_dup2 = SYS_dup2;
#else
static const long HOST_NR_dup2 = -1;
#endif
#ifdef SYS_nanosleep
static const long HOST_NR_nanosleep = SYS_nanosleep;
#else
static const long HOST_NR_nanosleep = -1;
#endif
#ifdef SYS_setitimer
static const long HOST_NR_setitimer = SYS_setitimer;
#else
static const long HOST_NR_setitimer = -1;
#endif
#ifdef SYS_getpid
static const long HOST_NR_getpid = SYS_getpid;
#else
static const long HOST_NR_getpid = -1;
#endif
#ifdef SYS_socket
static const long HOST_NR_socket = SYS_socket;
#else
static const long HOST_NR_socket = -1;
#endif
#ifdef SYS_connect
static const long HOST_NR_connect = SYS_connect;
#else
static const long HOST_NR_connect = -1;
#endif
#ifdef SYS_accept
static const long HOST_NR_accept = SYS_accept;
#else
static const long HOST_NR_accept = -1;
#endif
#ifdef SYS_sendto
static const long HOST_NR_sendto = SYS_sendto;
#else
static const long HOST_NR_sendto = -1;
#endif
#ifdef SYS_recvfrom
static const long HOST_NR_recvfrom = SYS_recvfrom;
#else
static const long HOST_NR_recvfrom = -1;
#endif
#ifdef SYS_sendmsg
static const long HOST_NR_sendmsg = SYS_sendmsg;
#else
static const long HOST_NR_sendmsg = -1;
#endif
#ifdef SYS_recvmsg
static const long HOST_NR_recvmsg = SYS_recvmsg;
#else
static const long HOST_NR_recvmsg = -1;
#endif
#ifdef SYS_shutdown
static const long HOST_NR_shutdown = SYS_shutdown;
#else
static const long HOST_NR_shutdown = -1;
#endif
#ifdef SYS_bind
static const long HOST_NR_bind = SYS_bind;
#else
static const long HOST_NR_bind = -1;
#endif
#ifdef SYS_listen
static const long HOST_NR_listen = SYS_listen;
#else
static const long HOST_NR_listen = -1;
#endif
#ifdef SYS_getsockname
static const long HOST_NR_getsockname = SYS_getsockname;
#else
static const long HOST_NR_getsockname = -1;
#endif
#ifdef SYS_getpeername
static const long HOST_NR_getpeername = SYS_getpeername;
#else
static const long HOST_NR_getpeername = -1;
#endif
#ifdef SYS_socketpair
static const long HOST_NR_socketpair = SYS_socketpair;
#else
static const long HOST_NR_socketpair = -1;
#endif
#ifdef SYS_setsockopt
static const long HOST_NR_setsockopt = SYS_setsockopt;
#else
static const long HOST_NR_setsockopt = -1;
#endif
#ifdef SYS_getsockopt
static const long HOST_NR_getsockopt = SYS_getsockopt;
#else
static const long HOST_NR_getsockopt = -1;
#endif
#ifdef SYS_fork
static const long HOST_NR_fork = SYS_fork;
#else
static const long HOST_NR_fork = -1;
#endif
#ifdef SYS_execve
static const long HOST_NR_execve = SYS_execve;
#else
static const long HOST_NR_execve = -1;
#endif
#ifdef SYS_exit
static const long HOST_NR_exit = SYS_exit;
#else
static const long HOST_NR_exit = -1;
#endif
#ifdef SYS_wait4
static const long HOST_NR_wait4 = SYS_wait4;
#else
static const long HOST_NR_wait4 = -1;
#endif
#ifdef SYS_kill
static const long HOST_NR_kill = SYS_kill;
#else
static const long HOST_NR_kill = -1;
#endif
#ifdef SYS_uname
static const long HOST_NR_uname = SYS_uname;
#else
static const long HOST_NR_uname = -1;
#endif
#ifdef SYS_fcntl
static const long HOST_NR_fcntl = SYS_fcntl;
#else
static const long HOST_NR_fcntl = -1;
#endif
#ifdef SYS_flock
static const long HOST_NR_flock = SYS_flock;
#else
static const long HOST_NR_flock = -1;
#endif
#ifdef SYS_fsync
static const long HOST_NR_fsync = SYS_fsync;
#else
static const long HOST_NR_fsync = -1;
#endif
#ifdef SYS_fdatasync
static const long HOST_NR_fdatasync = SYS_fdatasync;
#else
static const long HOST_NR_fdatasync = -1;
#endif
#ifdef SYS_ftruncate
static const long HOST_NR_ftruncate = SYS_ftruncate;
#else
static const long HOST_NR_ftruncate = -1;
#endif
#ifdef SYS_getcwd
static const long HOST_NR_getcwd = SYS_getcwd;
#else
static const long HOST_NR_getcwd = -1;
#endif
#ifdef SYS_chdir
static const long HOST_NR_chdir = SYS_chdir;
#else
static const long HOST_NR_chdir = -1;
#endif
#ifdef SYS_fchdir
static const long HOST_NR_fchdir = SYS_fchdir;
#else
static const long HOST_NR_fchdir = -1;
#endif
#ifdef SYS_rename
static const long HOST_NR_rename = SYS_rename;
#else
static const long HOST_NR_rename = -1;
#endif
#ifdef SYS_mkdir
static const long HOST_NR_mkdir = SYS_mkdir;
#else
static const long HOST_NR_mkdir = -1;
#endif
#ifdef SYS_rmdir
static const long HOST_NR_rmdir = SYS_rmdir;
#else
static const long HOST_NR_rmdir = -1;
#endif
#ifdef SYS_link
static const long HOST_NR_link = SYS_link;
#else
static const long HOST_NR_link = -1;
#endif
#ifdef SYS_unlink
static const long HOST_NR_unlink = SYS_unlink;
#else
static const long HOST_NR_unlink = -1;
#endif
#ifdef SYS_symlink
static const long HOST_NR_symlink = SYS_symlink;
#else
static const long HOST_NR_symlink = -1;
#endif
#ifdef SYS_readlink
static const long HOST_NR_readlink = SYS_readlink;
#else
static const long HOST_NR_readlink = -1;
#endif
#ifdef SYS_chmod
static const long HOST_NR_chmod = SYS_chmod;
#else
static const long HOST_NR_chmod = -1;
#endif
#ifdef SYS_fchmod
static const long HOST_NR_fchmod = SYS_fchmod;
#else
static const long HOST_NR_fchmod = -1;
#endif
#ifdef SYS_chown
static const long HOST_NR_chown = SYS_chown;
#else
static const long HOST_NR_chown = -1;
#endif
#ifdef SYS_fchown
static const long HOST_NR_fchown = SYS_fchown;
#else
static const long HOST_NR_fchown = -1;
#endif
#ifdef SYS_umask
static const long HOST_NR_umask = SYS_umask;
#else
static const long HOST_NR_umask = -1;
#endif
#ifdef SYS_gettimeofday
static const long HOST_NR_gettimeofday = SYS_gettimeofday;
#else
static const long HOST_NR_gettimeofday = -1;
#endif
#ifdef SYS_getrlimit
static const long HOST_NR_getrlimit = SYS_getrlimit;
#else
static const long HOST_NR_getrlimit = -1;
#endif
#ifdef SYS_getrusage
static const long HOST_NR_getrusage = SYS_getrusage;
#else
static const long HOST_NR_getrusage = -1;
#endif
#ifdef SYS_sysinfo
static const long HOST_NR_sysinfo = SYS_sysinfo;
#else
static const long HOST_NR_sysinfo = -1;
#endif
#ifdef SYS_getuid
static const long HOST_NR_getuid = SYS_getuid;
#else
static const long HOST_NR_getuid = -1;
#endif
#ifdef SYS_getgid
static const long HOST_NR_getgid = SYS_getgid;
#else
static const long HOST_NR_getgid = -1;
#endif
#ifdef SYS_setuid
static const long HOST_NR_setuid = SYS_setuid;
#else
static const long HOST_NR_setuid = -1;
#endif
#ifdef SYS_setgid
static const long HOST_NR_setgid = SYS_setgid;
#else
static const long HOST_NR_setgid = -1;
#endif
#ifdef SYS_geteuid
static const long HOST_NR_geteuid = SYS_geteuid;
#else
static const long HOST_NR_geteuid = -1;
#endif
#ifdef SYS_getegid
static const long HOST_NR_getegid = SYS_getegid;
#else
static const long HOST_NR_getegid = -1;
#endif
#ifdef SYS_setpgid
static const long HOST_NR_setpgid = SYS_setpgid;
#else
static const long HOST_NR_setpgid = -1;
#endif
#ifdef SYS_getppid
static const long HOST_NR_getppid = SYS_getppid;
#else
static const long HOST_NR_getppid = -1;
#endif
#ifdef SYS_setsid
static const long HOST_NR_setsid = SYS_setsid;
#else
static const long HOST_NR_setsid = -1;
#endif
#ifdef SYS_setreuid
static const long HOST_NR_setreuid = SYS_setreuid;
#else
static const long HOST_NR_setreuid = -1;
#endif
#ifdef SYS_setregid
static const long HOST_NR_setregid = SYS_setregid;
#else
static const long HOST_NR_setregid = -1;
#endif
#ifdef SYS_getgroups
static const long HOST_NR_getgroups = SYS_getgroups;
#else
static const long HOST_NR_getgroups = -1;
#endif
#ifdef SYS_setgroups
static const long HOST_NR_setgroups = SYS_setgroups;
#else
static const long HOST_NR_setgroups = -1;
#endif
#ifdef SYS_setresuid
static const long HOST_NR_setresuid = SYS_setresuid;
#else
static const long HOST_NR_setresuid = -1;
#endif
#ifdef SYS_setresgid
static const long HOST_NR_setresgid = SYS_setresgid;
#else
static const long HOST_NR_setresgid = -1;
#endif
#ifdef SYS_getpgid
static const long HOST_NR_getpgid = SYS_getpgid;
#else
static const long HOST_NR_getpgid = -1;
#endif
#ifdef SYS_getsid
static const long HOST_NR_getsid = SYS_getsid;
#else
static const long HOST_NR_getsid = -1;
#endif
#ifdef SYS_rt_sigpending
static const long HOST_NR_rt_sigpending = SYS_rt_sigpending;
#else
static const long HOST_NR_rt_sigpending = -1;
#endif
#ifdef SYS_rt_sigsuspend
static const long HOST_NR_rt_sigsuspend = SYS_rt_sigsuspend;
#else
static const long HOST_NR_rt_sigsuspend = -1;
#endif
#ifdef SYS_sigaltstack
static const long HOST_NR_sigaltstack = SYS_sigaltstack;
#else
static const long HOST_NR_sigaltstack = -1;
#endif
#ifdef SYS_statfs
static const long HOST_NR_statfs = SYS_statfs;
#else
static const long HOST_NR_statfs = -1;
#endif
#ifdef SYS_fstatfs
static const long HOST_NR_fstatfs = SYS_fstatfs;
#else
static const long HOST_NR_fstatfs = -1;
#endif
#ifdef SYS_prctl
static const long HOST_NR_prctl = SYS_prctl;
#else
static const long HOST_NR_prctl = -1;
#endif
#ifdef SYS_setrlimit
static const long HOST_NR_setrlimit = SYS_setrlimit;
#else
static const long HOST_NR_setrlimit = -1;
#endif
#ifdef SYS_chroot
static const long HOST_NR_chroot = SYS_chroot;
#else
static const long HOST_NR_chroot = -1;
#endif
#ifdef SYS_gettid
static const long HOST_NR_gettid = SYS_gettid;
#else
static const long HOST_NR_gettid = -1;
#endif
#ifdef SYS_tkill
static const long HOST_NR_tkill = SYS_tkill;
#else
static const long HOST_NR_tkill = -1;
#endif
#ifdef SYS_futex
static const long HOST_NR_futex = SYS_futex;
#else
static const long HOST_NR_futex = -1;
#endif
#ifdef SYS_sched_getaffinity
static const long HOST_NR_sched_getaffinity = SYS_sched_getaffinity;
#else
static const long HOST_NR_sched_getaffinity = -1;
#endif
#ifdef SYS_getdents64
static const long HOST_NR_getdents64 = SYS_getdents64;
#else
static const long HOST_NR_getdents64 = -1;
#endif
#ifdef SYS_set_tid_address
static const long HOST_NR_set_tid_address = SYS_set_tid_address;
#else
static const long HOST_NR_set_tid_address = -1;
#endif
#ifdef SYS_fadvise
static const long HOST_NR_fadvise = SYS_fadvise;
#else
static const long HOST_NR_fadvise = -1;
#endif
#ifdef SYS_clock_gettime
static const long HOST_NR_clock_gettime = SYS_clock_gettime;
#else
static const long HOST_NR_clock_gettime = -1;
#endif
#ifdef SYS_clock_getres
static const long HOST_NR_clock_getres = SYS_clock_getres;
#else
static const long HOST_NR_clock_getres = -1;
#endif
#ifdef SYS_clock_nanosleep
static const long HOST_NR_clock_nanosleep = SYS_clock_nanosleep;
#else
static const long HOST_NR_clock_nanosleep = -1;
#endif
#ifdef SYS_exit_group
static const long HOST_NR_exit_group = SYS_exit_group;
#else
static const long HOST_NR_exit_group = -1;
#endif
#ifdef SYS_epoll_ctl
static const long HOST_NR_epoll_ctl = SYS_epoll_ctl;
#else
static const long HOST_NR_epoll_ctl = -1;
#endif
#ifdef SYS_openat
static const long HOST_NR_openat = SYS_openat;
#else
static const long HOST_NR_openat = -1;
#endif
#ifdef SYS_mkdirat
static const long HOST_NR_mkdirat = SYS_mkdirat;
#else
static const long HOST_NR_mkdirat = -1;
#endif
#ifdef SYS_fchownat
static const long HOST_NR_fchownat = SYS_fchownat;
#else
static const long HOST_NR_fchownat = -1;
#endif
#ifdef SYS_newfstatat
static const long HOST_NR_newfstatat = SYS_newfstatat;
#else
static const long HOST_NR_newfstatat = -1;
#endif
#ifdef SYS_unlinkat
static const long HOST_NR_unlinkat = SYS_unlinkat;
#else
static const long HOST_NR_unlinkat = -1;
#endif
#ifdef SYS_linkat
static const long HOST_NR_linkat = SYS_linkat;
#else
static const long HOST_NR_linkat = -1;
#endif
#ifdef SYS_symlinkat
static const long HOST_NR_symlinkat = SYS_symlinkat;
#else
static const long HOST_NR_symlinkat = -1;
#endif
#ifdef SYS_readlinkat
static const long HOST_NR_readlinkat = SYS_readlinkat;
#else
static const long HOST_NR_readlinkat = -1;
#endif
#ifdef SYS_fchmodat
static const long HOST_NR_fchmodat = SYS_fchmodat;
#else
static const long HOST_NR_fchmodat = -1;
#endif
#ifdef SYS_faccessat
static const long HOST_NR_faccessat = SYS_faccessat;
#else
static const long HOST_NR_faccessat = -1;
#endif
#ifdef SYS_pselect6
static const long HOST_NR_pselect6 = SYS_pselect6;
#else
static const long HOST_NR_pselect6 = -1;
#endif
#ifdef SYS_ppoll
static const long HOST_NR_ppoll = SYS_ppoll;
#else
static const long HOST_NR_ppoll = -1;
#endif
#ifdef SYS_utimensat
static const long HOST_NR_utimensat = SYS_utimensat;
#else
static const long HOST_NR_utimensat = -1;
#endif
#ifdef SYS_epoll_pwait
static const long HOST_NR_epoll_pwait = SYS_epoll_pwait;
#else
static const long HOST_NR_epoll_pwait = -1;
#endif
#ifdef SYS_eventfd
static const long HOST_NR_eventfd = SYS_eventfd;
#else
static const long HOST_NR_eventfd = -1;
#endif
#ifdef SYS_accept4
static const long HOST_NR_accept4 = SYS_accept4;
#else
static const long HOST_NR_accept4 = -1;
#endif
#ifdef SYS_eventfd2
static const long HOST_NR_eventfd2 = SYS_eventfd2;
#else
static const long HOST_NR_eventfd2 = -1;
#endif
#ifdef SYS_epoll_create1
static const long HOST_NR_epoll_create1 = SYS_epoll_create1;
#else
static const long HOST_NR_epoll_create1 = -1;
#endif
#ifdef SYS_dup3
static const long HOST_NR_dup3 = SYS_dup3;
#else
static const long HOST_NR_dup3 = -1;
#endif
#ifdef SYS_pipe2
static const long HOST_NR_pipe2 = SYS_pipe2;
#else
static const long HOST_NR_pipe2 = -1;
#endif
#ifdef SYS_prlimit64
static const long HOST_NR_prlimit64 = SYS_prlimit64;
#else
static const long HOST_NR_prlimit64 = -1;
#endif
#ifdef SYS_renameat2
static const long HOST_NR_renameat2 = SYS_renameat2;
#else
static const long HOST_NR_renameat2 = -1;
#endif
#ifdef SYS_getrandom
static const long HOST_NR_getrandom = SYS_getrandom;
#else
static const long HOST_NR_getrandom = -1;
#endif
#ifdef SYS_statx
static const long HOST_NR_statx = SYS_statx;
#else
static const long HOST_NR_statx = -1;
#endif
#ifdef SYS_faccessat2
static const long HOST_NR_faccessat2 = SYS_faccessat2;
#else
static const long HOST_NR_faccessat2 = -1;
#endif
#ifdef SYS_epoll_create
static const long HOST_NR_epoll_create = SYS_epoll_create;
#else
static const long HOST_NR_epoll_create = -1;
#endif
#ifdef SYS_epoll_wait
static const long HOST_NR_epoll_wait = SYS_epoll_wait;
#else
static const long HOST_NR_epoll_wait = -1;
#endif
#ifdef SYS_futimesat
static const long HOST_NR_futimesat = SYS_futimesat;
#else
static const long HOST_NR_futimesat = -1;
#endif
#ifdef SYS_mlockall
static const long HOST_NR_mlockall = SYS_mlockall;
#else
static const long HOST_NR_mlockall = -1;
#endif
#ifdef SYS_preadv
static const long HOST_NR_preadv = SYS_preadv;
#else
static const long HOST_NR_preadv = -1;
#endif
#ifdef SYS_sched_setscheduler
static const long HOST_NR_sched_setscheduler = SYS_sched_setscheduler;
#else
static const long HOST_NR_sched_setscheduler = -1;
#endif
#ifdef SYS_set_robust_list
static const long HOST_NR_set_robust_list = SYS_set_robust_list;
#else
static const long HOST_NR_set_robust_list = -1;
#endif
#ifdef SYS_signalfd
static const long HOST_NR_signalfd = SYS_signalfd;
#else
static const long HOST_NR_signalfd = -1;
#endif
#ifdef SYS_signalfd4
static const long HOST_NR_signalfd4 = SYS_signalfd4;
#else
static const long HOST_NR_signalfd4 = -1;
#endif
#ifdef SYS_timerfd_create
static const long HOST_NR_timerfd_create = SYS_timerfd_create;
#else
static const long HOST_NR_timerfd_create = -1;
#endif
#ifdef SYS_timerfd_settime
static const long HOST_NR_timerfd_settime = SYS_timerfd_settime;
#else
static const long HOST_NR_timerfd_settime = -1;
#endif
#ifdef SYS_truncate
static const long HOST_NR_truncate = SYS_truncate;
#else
static const long HOST_NR_truncate = -1;
#endif
#ifdef SYS_utimes
static const long HOST_NR_utimes = SYS_utimes;
#else
static const long HOST_NR_utimes = -1;
#endif
#ifdef SYS_alarm
static const long HOST_NR_alarm = SYS_alarm;
#else
static const long HOST_NR_alarm = -1;
#endif
#ifdef SYS_memfd_create
static const long HOST_NR_memfd_create = SYS_memfd_create;
#else
static const long HOST_NR_memfd_create = -1;
#endif
#ifdef SYS_clone
static const long HOST_NR_clone = SYS_clone;
#else
static const long HOST_NR_clone = -1;
#endif
#ifdef SYS_clone3
static const long HOST_NR_clone3 = SYS_clone3;
#else
static const long HOST_NR_clone3 = -1;
#endif
#ifdef SYS_close_range
static const long HOST_NR_close_range = SYS_close_range;
#else
static const long HOST_NR_close_range = -1;
#endif
#ifdef SYS_pidfd_open
static const long HOST_NR_pidfd_open = SYS_pidfd_open;
#else
static const long HOST_NR_pidfd_open = -1;
#endif
#ifdef SYS_sched_getscheduler
static const long HOST_NR_sched_getscheduler = SYS_sched_getscheduler;
#else
static const long HOST_NR_sched_getscheduler = -1;
#endif
#ifdef SYS_getcpu
static const long HOST_NR_getcpu = SYS_getcpu;
#else
static const long HOST_NR_getcpu = -1;
#endif
#ifdef SYS_preadv2
static const long HOST_NR_preadv2 = SYS_preadv2;
#else
static const long HOST_NR_preadv2 = -1;
#endif
#ifdef SYS_pwritev
static const long HOST_NR_pwritev = SYS_pwritev;
#else
static const long HOST_NR_pwritev = -1;
#endif
#ifdef SYS_pwritev2
static const long HOST_NR_pwritev2 = SYS_pwritev2;
#else
static const long HOST_NR_pwritev2 = -1;
#endif
#ifdef SYS_sendfile
static const long HOST_NR_sendfile = SYS_sendfile;
#else
static const long HOST_NR_sendfile = -1;
#endif
#ifdef SYS_copy_file_range
static const long HOST_NR_copy_file_range = SYS_copy_file_range;
#else
static const long HOST_NR_copy_file_range = -1;
#endif
#ifdef SYS_splice
static const long HOST_NR_splice = SYS_splice;
#else
static const long HOST_NR_splice = -1;
#endif
#ifdef SYS_tee
static const long HOST_NR_tee = SYS_tee;
#else
static const long HOST_NR_tee = -1;
#endif
#ifdef SYS_tgkill
static const long HOST_NR_tgkill = SYS_tgkill;
#else
static const long HOST_NR_tgkill = -1;
#endif
#ifdef SYS_rt_sigqueueinfo
static const long HOST_NR_rt_sigqueueinfo = SYS_rt_sigqueueinfo;
#else
static const long HOST_NR_rt_sigqueueinfo = -1;
#endif
#ifdef SYS_rt_sigtimedwait
static const long HOST_NR_rt_sigtimedwait = SYS_rt_sigtimedwait;
#else
static const long HOST_NR_rt_sigtimedwait = -1;
#endif
#ifdef SYS_getitimer
static const long HOST_NR_getitimer = SYS_getitimer;
#else
static const long HOST_NR_getitimer = -1;
#endif
#ifdef SYS_timer_create
static const long HOST_NR_timer_create = SYS_timer_create;
#else
static const long HOST_NR_timer_create = -1;
#endif
#ifdef SYS_inotify_init1
static const long HOST_NR_inotify_init1 = SYS_inotify_init1;
#else
static const long HOST_NR_inotify_init1 = -1;
#endif
#ifdef SYS_mknodat
static const long HOST_NR_mknodat = SYS_mknodat;
#else
static const long HOST_NR_mknodat = -1;
#endif
#ifdef SYS_sync
static const long HOST_NR_sync = SYS_sync;
#else
static const long HOST_NR_sync = -1;
#endif
#ifdef SYS_syncfs
static const long HOST_NR_syncfs = SYS_syncfs;
#else
static const long HOST_NR_syncfs = -1;
#endif
#ifdef SYS_fallocate
static const long HOST_NR_fallocate = SYS_fallocate;
#else
static const long HOST_NR_fallocate = -1;
#endif
#ifdef SYS_sync_file_range
static const long HOST_NR_sync_file_range = SYS_sync_file_range;
#else
static const long HOST_NR_sync_file_range = -1;
#endif
#ifdef SYS_getxattr
static const long HOST_NR_getxattr = SYS_getxattr;
#else
static const long HOST_NR_getxattr = -1;
#endif
#ifdef SYS_waitid
static const long HOST_NR_waitid = SYS_waitid;
#else
static const long HOST_NR_waitid = -1;
#endif
#ifdef SYS_setns
static const long HOST_NR_setns = SYS_setns;
#else
static const long HOST_NR_setns = -1;
#endif
#ifdef SYS_unshare
static const long HOST_NR_unshare = SYS_unshare;
#else
static const long HOST_NR_unshare = -1;
#endif
#ifdef SYS_membarrier
static const long HOST_NR_membarrier = SYS_membarrier;
#else
static const long HOST_NR_membarrier = -1;
#endif
#ifdef SYS_open_tree
static const long HOST_NR_open_tree = SYS_open_tree;
#else
static const long HOST_NR_open_tree = -1;
#endif
#ifdef SYS_name_to_handle_at
static const long HOST_NR_name_to_handle_at = SYS_name_to_handle_at;
#else
static const long HOST_NR_name_to_handle_at = -1;
#endif
#ifdef SYS_readahead
static const long HOST_NR_readahead = SYS_readahead;
#else
static const long HOST_NR_readahead = -1;
#endif
#ifdef SYS_vfork
static const long HOST_NR_vfork = SYS_vfork;
#else
static const long HOST_NR_vfork = -1;
#endif
#ifdef SYS_execveat
static const long HOST_NR_execveat = SYS_execveat;
#else
static const long HOST_NR_execveat = -1;
#endif
#ifdef SYS_timerfd_gettime
static const long HOST_NR_timerfd_gettime = SYS_timerfd_gettime;
#else
static const long HOST_NR_timerfd_gettime = -1;
#endif
#ifdef SYS_times
static const long HOST_NR_times = SYS_times;
#else
static const long HOST_NR_times = -1;
#endif
#ifdef SYS_personality
static const long HOST_NR_personality = SYS_personality;
#else
static const long HOST_NR_personality = -1;
#endif
#ifdef SYS_getpriority
static const long HOST_NR_getpriority = SYS_getpriority;
#else
static const long HOST_NR_getpriority = -1;
#endif
#ifdef SYS_setpriority
static const long HOST_NR_setpriority = SYS_setpriority;
#else
static const long HOST_NR_setpriority = -1;
#endif
#ifdef SYS_mount
static const long HOST_NR_mount = SYS_mount;
#else
static const long HOST_NR_mount = -1;
#endif
#ifdef SYS_umount2
static const long HOST_NR_umount2 = SYS_umount2;
#else
static const long HOST_NR_umount2 = -1;
#endif
#ifdef SYS_sethostname
static const long HOST_NR_sethostname = SYS_sethostname;
#else
static const long HOST_NR_sethostname = -1;
#endif
#ifdef SYS_setdomainname
static const long HOST_NR_setdomainname = SYS_setdomainname;
#else
static const long HOST_NR_setdomainname = -1;
#endif
#ifdef SYS_capget
static const long HOST_NR_capget = SYS_capget;
#else
static const long HOST_NR_capget = -1;
#endif
#ifdef SYS_capset
static const long HOST_NR_capset = SYS_capset;
#else
static const long HOST_NR_capset = -1;
#endif
#endif
