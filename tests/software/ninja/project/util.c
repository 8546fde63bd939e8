#include "util.h"
int scaled(int x) { return 3 * x; }
