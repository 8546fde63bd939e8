#include <stdio.h>
int main(int argc, char **argv)
{
	printf("%d args, argv[0] = %s\n", argc, argc ? argv[0] : "(none)");
	return 0;
}
