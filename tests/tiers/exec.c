/* Runs argv[1] with the remaining arguments (execv), as a guest that execs a WALI module. */
#include <stdio.h>
#include <unistd.h>
int main(int argc, char **argv) {
    if (argc < 2) return 2;
    execv(argv[1], argv + 1);
    perror("execv");
    return 1;
}
