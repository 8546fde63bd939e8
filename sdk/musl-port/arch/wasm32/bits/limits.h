/* Engines hand out mmap memory in 4 KiB pages inside linear memory. */
#define PAGESIZE 4096

/* ssize_t is 32-bit although long is 64-bit (see the limits.h patch). */
#define SSIZE_MAX 0x7fffffff
