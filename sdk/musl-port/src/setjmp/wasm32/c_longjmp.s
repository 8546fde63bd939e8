# The exception tag thrown by __wasm_longjmp and caught by code that calls
# setjmp.  compiler-rt's builtins normally define it, but the Debian
# libclang-rt-22-dev-wasm32 archive carries an empty object, so libc does.
	.tagtype	__c_longjmp i32
	.globl	__c_longjmp
__c_longjmp:
