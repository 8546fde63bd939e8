/* Process startup for wasm32 WALI (replaces musl's __libc_start_main.c).
 *
 * Arguments come from the WALI imports __cl_get_argc / __cl_get_argv_len /
 * __cl_copy_argv.  The environment comes from __get_init_envfile: when the
 * engine returns nonzero it has written the path of a file of KEY=VALUE
 * strings; otherwise the environment is empty.  The file is either lines, or
 * (when it starts with a NUL byte) NUL-terminated records, in which a value
 * may hold newlines.  The exported marker __wali_env_nul_records tells the
 * engine that this libc reads the second form.  Both are copied into memory before libc is initialised,
 * laid out as on Linux: argv[], NULL, envp[], NULL, auxv pairs, AT_NULL.
 * Only these standard WALI imports are used, so the module runs on any WALI
 * engine. */
#include <elf.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include "syscall.h"
#include "atomic.h"
#include "libc.h"

#define WALI_AUX(name) __attribute__((__import_module__("wali"), __import_name__(name)))

int __wali_aux_init(void) WALI_AUX("__init");
int __wali_aux_cl_get_argc(void) WALI_AUX("__cl_get_argc");
int __wali_aux_cl_get_argv_len(int) WALI_AUX("__cl_get_argv_len");
int __wali_aux_cl_copy_argv(char *, int) WALI_AUX("__cl_copy_argv");
int __wali_aux_get_init_envfile(char *, int) WALI_AUX("__get_init_envfile");

/* Synthesized by the linker: runs C constructors and C++ static
 * initialisers. */
void __wasm_call_ctors(void);

static void dummy1(void *p) {}
weak_alias(dummy1, __init_ssp);

#define AUX_CNT 38

hidden int __wali_argc;
hidden char **__wali_argv;

__attribute__((__noinline__))
void __init_libc(char **envp, char *pn)
{
	size_t i, *auxv, aux[AUX_CNT] = { 0 };
	__environ = envp;
	for (i=0; envp[i]; i++);
	libc.auxv = auxv = (void *)(envp+i+1);
	for (i=0; auxv[i]; i+=2) if (auxv[i]<AUX_CNT) aux[auxv[i]] = auxv[i+1];
	__hwcap = aux[AT_HWCAP];
	libc.page_size = aux[AT_PAGESZ];

	if (!pn) pn = "";
	__progname = __progname_full = pn;
	for (i=0; pn[i]; i++) if (pn[i]=='/') __progname = pn+i+1;

	__init_tls(aux);
	__init_ssp((void *)aux[AT_RANDOM]);
}

/* Memory for the argument and environment strings, which live as long as
 * the process.  Small ones fit in a static buffer; larger ones come from
 * mmap, or, on an engine without mmap, straight from memory.grow. */
static char startup_space[16384] __attribute__((__aligned__(16)));
static size_t startup_used;

static void *startup_alloc(size_t n)
{
	long p;
	n = (n + 15) & -16;
	if (n <= sizeof startup_space - startup_used) {
		startup_used += n;
		return startup_space + startup_used - n;
	}
	p = __syscall(SYS_mmap, 0, n, PROT_READ|PROT_WRITE,
		MAP_PRIVATE|MAP_ANONYMOUS, -1, 0);
	if (p >= 0 || p < -4095) return (void *)p;
	p = __builtin_wasm_memory_grow(0, (n + 65535) >> 16);
	if (p < 0) return 0;
	return (void *)((size_t)p << 16);
}

/* Reads the whole environment file; returns its size, 0 if none. */
static size_t read_envfile(char **data)
{
	static char path[PATH_MAX];
	struct stat st;
	size_t size, got = 0;
	char *buf;
	int fd;

	*data = 0;
	if (!__wali_aux_get_init_envfile(path, sizeof path)) return 0;
	path[sizeof path - 1] = 0;
	fd = __sys_open(path, O_RDONLY|O_CLOEXEC);
	if (fd < 0) return 0;
	if (__syscall(SYS_fstat, fd, &st) < 0 || st.st_size <= 0
	    || st.st_size >= INT_MAX) {
		__syscall(SYS_close, fd);
		return 0;
	}
	size = st.st_size;
	buf = startup_alloc(size + 1);
	if (buf) {
		while (got < size) {
			long r = __syscall(SYS_read, fd, buf + got, size - got);
			if (r == -EINTR) continue;
			if (r <= 0) break;
			got += r;
		}
		buf[got] = 0;
	}
	__syscall(SYS_close, fd);
	*data = buf;
	return buf ? got : 0;
}

/* Exported so the engine knows it may write NUL-terminated records. */
__attribute__((__export_name__("__wali_env_nul_records"), __used__))
void __wali_env_nul_records(void) {}

static int nul_records;

static int is_sep(char c)
{
	return c == 0 || (c == '\n' && !nul_records);
}

_Noreturn void __wali_libc_start(int (*main_void)(void))
{
	int argc, i;
	size_t strbytes = 0, envsize, nenv = 0, k, nptr;
	char *envdata, *s, **argv, **envp;
	size_t *auxv;

	if (__wali_aux_init() != 0)
		__syscall(SYS_exit_group, 127);

	argc = __wali_aux_cl_get_argc();
	if (argc < 0) argc = 0;
	for (i=0; i<argc; i++) {
		int len = __wali_aux_cl_get_argv_len(i);
		strbytes += (len > 0 ? len : 0) + 1;
	}

	envsize = read_envfile(&envdata);
	nul_records = envsize && envdata[0] == 0;
	for (k=0; k<envsize; k++)
		if (!is_sep(envdata[k]) && (k==0 || is_sep(envdata[k-1])))
			nenv++;

	/* argv, NULL, envp, NULL, then the aux vector. */
	nptr = argc + 1 + nenv + 1;
	enum { NAUX = 6 };
	size_t ptrbytes = (nptr + 2*NAUX) * sizeof(char *);
	ptrbytes = (ptrbytes + 15) & -16;
	argv = startup_alloc(ptrbytes + strbytes);
	if (!argv) __syscall(SYS_exit_group, 127);

	s = (char *)argv + ptrbytes;
	for (i=0; i<argc; i++) {
		int len = __wali_aux_cl_get_argv_len(i);
		argv[i] = s;
		if (len > 0) __wali_aux_cl_copy_argv(s, i);
		s[len > 0 ? len : 0] = 0;
		s += (len > 0 ? len : 0) + 1;
	}
	argv[argc] = 0;

	envp = argv + argc + 1;
	nenv = 0;
	for (k=0; k<envsize; k++) {
		if (is_sep(envdata[k])) envdata[k] = 0;
		else if (envdata[k] && (k==0 || !envdata[k-1]))
			envp[nenv++] = envdata + k;
	}
	envp[nenv] = 0;

	/* Pointer and size_t are both 32 bits, so the aux vector can follow
	 * envp in the same array, as on Linux. */
	auxv = (size_t *)(envp + nenv + 1);
	i = 0;
	auxv[i++] = AT_PAGESZ; auxv[i++] = PAGESIZE;
	auxv[i++] = AT_UID;    auxv[i++] = 0;
	auxv[i++] = AT_EUID;   auxv[i++] = 0;
	auxv[i++] = AT_GID;    auxv[i++] = 0;
	auxv[i++] = AT_EGID;   auxv[i++] = 0;
	auxv[i++] = AT_NULL;   auxv[i++] = 0;

	__wali_argc = argc;
	__wali_argv = argv;

	__init_libc(envp, argc ? argv[0] : 0);
	__wasm_call_ctors();
	exit(main_void());
}
