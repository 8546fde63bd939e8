/* setjmp/longjmp use Wasm exception handling (LLVM's Wasm SjLj lowering):
 * the buffer only holds the function invocation id, the label, and the
 * longjmp arguments; 8 longs leave plenty of room. */
typedef unsigned long __jmp_buf[8];
