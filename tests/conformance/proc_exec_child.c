#include "wali_test.h"
/* Run by proc_exec through execve (and on its own by the runner): prints its arguments after
 * argv[0] and the variables WALI_EXEC_* of its environment, then exits with 7 if it had
 * arguments. */
#define K_ENV_MAX 8192
static char env_text[K_ENV_MAX];

#ifdef __wasm__
__attribute__((import_module("wali"), import_name("__get_init_envfile"))) int __wali_envfile(char *buf, int size);
/* The WALI environment: a file of KEY=VALUE lines named by __get_init_envfile. */
static long load_env(void) {
    char path[256];
    if (!__wali_envfile(path, sizeof path)) return 0;
    long fd = sys_openat(K_AT_FDCWD, path, K_O_RDONLY, 0);
    if (fd < 0) return 0;
    long n = 0, r;
    while (n < K_ENV_MAX - 1 && (r = sys_read((int)fd, env_text + n, (size_t)(K_ENV_MAX - 1 - n))) > 0) n += r;
    sys_close((int)fd);
    return n;
}
#else
extern char **environ;
static long load_env(void) {
    long n = 0;
    for (char **e = environ; *e; e++) {
        size_t len = t_strlen(*e);
        if (n + (long)len + 1 >= K_ENV_MAX) break;
        t_memcpy(env_text + n, *e, len);
        n += (long)len;
        env_text[n++] = '\n';
    }
    return n;
}
#endif

static int starts_with(const char *s, const char *prefix) {
    while (*prefix) if (*s++ != *prefix++) return 0;
    return 1;
}

int test_main(int argc, char **argv) {
    out("child: argc "); out_int(argc); out("\n");
    for (int i = 1; i < argc; i++) { out("child: arg "); out(argv[i]); out("\n"); }
    long n = load_env();
    int shown = 0;
    for (long i = 0; i < n;) {
        long end = i;
        while (end < n && env_text[end] != '\n') end++;
        env_text[end] = 0;
        if (starts_with(env_text + i, "WALI_EXEC_")) { out("child: env "); out(env_text + i); out("\n"); shown++; }
        i = end + 1;
    }
    report("child: env entries shown", shown);
    return argc > 1 ? 7 : 0;
}
