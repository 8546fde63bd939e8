// ARGS: one two 3
/* The auxiliary startup imports: argv (__cl_*), the environment file (__get_init_envfile),
 * __init/__deinit. Natively the same facts come from main's argv and /proc/self/environ. */
#include "wali_test.h"

#ifdef __wasm__
__attribute__((import_module("wali"), import_name("__init"))) int __wali_init(void);
__attribute__((import_module("wali"), import_name("__deinit"))) int __wali_deinit(void);
__attribute__((import_module("wali"), import_name("__get_init_envfile"))) int __wali_envfile(char *, int);
#endif

static char envbuf[65536];

/* Reads the environment as the libc would see it into envbuf (NUL-separated entries). */
static long read_environment(void) {
#ifdef __wasm__
    char path[512];
    check("envfile too small buffer refused", __wali_envfile(path, 2) == 0);
    if (!__wali_envfile(path, sizeof path)) return -1;
    long fd = sys_open(path, K_O_RDONLY | K_O_CLOEXEC, 0);
#else
    long fd = sys_open("/proc/self/environ", K_O_RDONLY | K_O_CLOEXEC, 0);
    check("envfile too small buffer refused", 1);
#endif
    if (fd < 0) return fd;
    long total = 0, n;
    while ((n = sys_read((int)fd, envbuf + total, sizeof envbuf - 1 - (size_t)total)) > 0) total += n;
    sys_close((int)fd);
#ifdef __wasm__
    for (long i = 0; i < total; i++) if (envbuf[i] == '\n') envbuf[i] = 0;
    /* The file is removed once opened: a second open fails. */
    check("envfile removed after open", sys_open(path, K_O_RDONLY, 0) == -K_ENOENT);
#else
    check("envfile removed after open", 1);
#endif
    return total;
}

static int has_entry(long total, const char *want) {
    for (long i = 0; i < total; i += (long)t_strlen(envbuf + i) + 1)
        if (t_streq(envbuf + i, want)) return 1;
    return 0;
}

int test_main(int argc, char **argv) {
#ifdef __wasm__
    report("__init", __wali_init());
#else
    report("__init", 0);
#endif
    report("argc", argc);
    for (int i = 1; i < argc; i++) { out("argv: "); outln(argv[i]); }
    long total = read_environment();
    check("environment read", total > 0);
    check("LANG=C present", has_entry(total, "LANG=C"));
    check("WALI_TEST=1 present", has_entry(total, "WALI_TEST=1"));
    check("no bogus entry", !has_entry(total, "WALI_TEST=2"));
#ifdef __wasm__
    report("__deinit", __wali_deinit());
#else
    report("__deinit", 0);
#endif
    return 0;
}
