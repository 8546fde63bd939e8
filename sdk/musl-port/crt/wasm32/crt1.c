/* Program entry for wasm32 WALI.
 *
 * The engine calls the exported _start.  There is no initial stack with
 * argc/argv/envp: __libc_start_main asks the engine for them through the
 * WALI auxiliary imports.  The program's main is reached through __main_void,
 * which the compiler defines for `int main(void)`; for the other forms of
 * main libc supplies it (src/env/wasm32/__main_void.c). */
#include <features.h>

int __main_void(void);
_Noreturn void __wali_libc_start(int (*)(void));

void _start(void)
{
	__wali_libc_start(__main_void);
}

/* Modules built by the reference WALI toolchain export these; engines that
 * cannot grow a module-defined memory from the host may call them. */
__attribute__((__export_name__("__wasm_memory_grow")))
int __wasm_memory_grow(int pages)
{
	return __builtin_wasm_memory_grow(0, pages);
}

__attribute__((__export_name__("__wasm_memory_size")))
int __wasm_memory_size(void)
{
	return __builtin_wasm_memory_size(0);
}
