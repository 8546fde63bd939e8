/* For `int main(int, char **, char **)`: the compiler keeps the name main. */
#include <unistd.h>

int main(int, char **, char **);

int __main_argc_argv(int argc, char **argv)
{
	return main(argc, argv, __environ);
}
