/* syscall(2) with a run-time number, and signal(SIG_IGN). */
#define _GNU_SOURCE
#include <unistd.h>
#include <signal.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <fcntl.h>

int main(void)
{
	long pid = syscall(SYS_getpid);
	long n = syscall(SYS_write, 1, "via syscall()\n", 14);
	if (signal(SIGPIPE, SIG_IGN) == SIG_ERR) return 1;
	int fl = fcntl(1, F_GETFL);
	printf("pid %ld, wrote %ld, F_GETFL %d, SIG_IGN %p\n", pid, n, fl, (void *)SIG_IGN);
	return n == 14 ? 0 : 2;
}
