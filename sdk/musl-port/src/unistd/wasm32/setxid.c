/* musl's src/unistd/setxid.c with a switch on the syscall number (wasm32). */
#include <unistd.h>
#include <signal.h>
#include "syscall.h"
#include "libc.h"

struct ctx {
	int id, eid, sid;
	int nr, ret;
};

static void do_setxid(void *p)
{
	struct ctx *c = p;
	if (c->ret<0) return;
	int ret;
	/* Constant syscall numbers, so that each import is referenced alone
	 * (a variable number would reference every WALI import). */
	switch (c->nr) {
	case SYS_setuid: ret = __syscall(SYS_setuid, c->id); break;
	case SYS_setgid: ret = __syscall(SYS_setgid, c->id); break;
	case SYS_setreuid: ret = __syscall(SYS_setreuid, c->id, c->eid); break;
	case SYS_setregid: ret = __syscall(SYS_setregid, c->id, c->eid); break;
	case SYS_setresuid: ret = __syscall(SYS_setresuid, c->id, c->eid, c->sid); break;
	case SYS_setresgid: ret = __syscall(SYS_setresgid, c->id, c->eid, c->sid); break;
	default: ret = -ENOSYS;
	}
	if (ret && !c->ret) {
		/* If one thread fails to set ids after another has already
		 * succeeded, forcibly killing the process is the only safe
		 * thing to do. State is inconsistent and dangerous. Use
		 * SIGKILL because it is uncatchable. */
		__block_all_sigs(0);
		__syscall(SYS_kill, __syscall(SYS_getpid), SIGKILL);
	}
	c->ret = ret;
}

int __setxid(int nr, int id, int eid, int sid)
{
	/* ret is initially nonzero so that failure of the first thread does not
	 * trigger the safety kill above. */
	struct ctx c = { .nr = nr, .id = id, .eid = eid, .sid = sid, .ret = 1 };
	__synccall(do_setxid, &c);
	return __syscall_ret(c.ret);
}
