/* Not used on wasm32: see sigsetjmp.c. */
