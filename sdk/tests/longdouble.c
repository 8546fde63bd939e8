/* printf/strtold with 128-bit long double, and the integer limits. */
#include <stdio.h>
#include <stdlib.h>
#include <float.h>
#include <limits.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>
#include <time.h>

_Static_assert(sizeof(long double) == 16 && LDBL_MANT_DIG == 113, "quad long double");
_Static_assert(SSIZE_MAX == INT32_MAX && sizeof(ssize_t) == 4, "ssize_t is 32-bit");
_Static_assert(SIZE_MAX == UINT32_MAX && sizeof(size_t) == 4, "size_t is 32-bit");
_Static_assert(LONG_MAX == INT64_MAX && sizeof(long) == 8, "long is 64-bit");
_Static_assert(sizeof(off_t) == 8 && sizeof(time_t) == 8, "64-bit off_t/time_t");

int main(void)
{
	char buf[128];
	long double x = 1.0L / 3.0L;
	snprintf(buf, sizeof buf, "%.30Lf", x);
	printf("1/3 = %s\n", buf);
	if (strncmp(buf, "0.333333333333333333333333333333", 32)) return 1;
	long double y = strtold("2.718281828459045235360287471352662", 0);
	printf("e = %.33Lg\n", y);
	printf("LDBL_MAX = %Lg, LDBL_EPSILON = %Lg\n", LDBL_MAX, LDBL_EPSILON);
	printf("SSIZE_MAX = %zd, LONG_MAX = %ld\n", (ssize_t)SSIZE_MAX, LONG_MAX);
	return y > 2.718281828459045235360287471352L ? 0 : 2;
}
