/* main(argc, argv, envp), getenv, atexit and stdio flushing at exit. */
#include <stdio.h>
#include <stdlib.h>

static void bye(void) { printf("atexit ran\n"); }

int main(int argc, char **argv, char **envp)
{
	atexit(bye);
	for (int i = 0; i < argc; i++) printf("argv[%d] = %s\n", i, argv[i]);
	int n = 0;
	for (char **e = envp; *e; e++) n++;
	printf("%d environment variables, HOME=%s\n", n, getenv("HOME") ? getenv("HOME") : "(unset)");
	printf("unterminated line flushed by exit");
	return argc > 0 ? 0 : 1;
}
