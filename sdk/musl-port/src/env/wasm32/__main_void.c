/* For `int main(int, char **)` (the compiler names it __main_argc_argv) and
 * `int main(int, char **, char **)`, crt1's call to __main_void lands here.
 * `int main(void)` gets its own __main_void from the compiler instead, so this
 * archive member is not linked. */
#include "libc.h"

extern hidden int __wali_argc;
extern hidden char **__wali_argv;

int __main_argc_argv(int, char **);

int __main_void(void)
{
	return __main_argc_argv(__wali_argc, __wali_argv);
}
