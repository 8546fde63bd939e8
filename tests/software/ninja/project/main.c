#include <stdio.h>
#include "greeting.h"
#include "util.h"
int main(void) {
    printf("%s: %d\n", GREETING, scaled(14));
    return 0;
}
