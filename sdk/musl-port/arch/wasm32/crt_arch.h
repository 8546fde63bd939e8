/* Wasm has no assembly _start that receives a stack with argc/argv/envp:
 * the program entry is crt/wasm32/crt1.c, which asks the engine for the
 * arguments and environment.  Nothing is needed here. */
