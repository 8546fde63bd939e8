/* The rt_sigaction record WALI engines read and write: 24 bytes, packed.
 *   +0  u32 handler   (function table index; SIG_DFL 0, SIG_IGN -2, SIG_ERR -1)
 *   +4  u64 flags     (unsigned long)
 *   +12 u32 restorer  (ignored by engines)
 *   +16 u32 mask[2]
 * Natural alignment would put flags at +8 and make it 32 bytes. */
#include <features.h>

struct k_sigaction {
	void (*handler)(int);
	unsigned long flags;
	void (*restorer)(void);
	unsigned mask[2];
} __attribute__((__packed__));

_Static_assert(sizeof(struct k_sigaction) == 24, "WALI rt_sigaction record");

hidden void __restore(), __restore_rt();
