# Entry point of every thread created by pthread_create on WALI.
#
# __wasm_thread_spawn(fn, arg) runs table[fn](tid, arg), or the export
# __wasm_thread_start_libc(tid, arg), in a fresh instance of the module over
# the same shared memory.  In that instance __stack_pointer and __tls_base
# are not yet set, so no C code may run before they are: arg points to a
# record whose first two words are the new thread's stack pointer and TLS
# base (struct start_args in pthread_create.c).

	.text

	.export_name	__wasm_thread_start_libc, __wasm_thread_start_libc

	.globaltype	__stack_pointer, i32
	.globaltype	__tls_base, i32
	.functype	__wasm_init_tls (i32) -> ()
	.functype	__wali_thread_start_c (i32, i32) -> ()

	.globl	__wasm_thread_start_libc
	.type	__wasm_thread_start_libc,@function
__wasm_thread_start_libc:
	.functype	__wasm_thread_start_libc (i32, i32) -> ()
	local.get	1
	i32.load	0
	global.set	__stack_pointer

	local.get	1
	i32.load	4
	global.set	__tls_base

	# Copy the module's TLS image into this thread's block (the linker's
	# __wasm_init_tls also sets __tls_base, to the same value).
	local.get	1
	i32.load	4
	call	__wasm_init_tls

	local.get	0
	local.get	1
	call	__wali_thread_start_c
	end_function
