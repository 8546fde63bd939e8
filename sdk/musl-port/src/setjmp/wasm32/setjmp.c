/* There is no setjmp function on wasm32: every call is rewritten by the
 * compiler (-mllvm -wasm-enable-sjlj, which wali-cc always passes).  A
 * program compiled without it fails to link with "undefined symbol:
 * setjmp" rather than misbehave at run time. */
