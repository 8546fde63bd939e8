// printf/scanf formats, long double formatting, memory streams, stdin reading.
// STDIN: 42 hello 3.5\nline two\n0x1f rest
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <stddef.h>
#include <limits.h>
#include <math.h>

int main(void) {
    printf("[%d] [%i] [%u] [%x] [%X] [%o] [%c] [%s]\n", -42, 17, 3000000000u, 0xbeef, 0xbeef, 8, 'z', "str");
    printf("[%5d] [%-5d] [%05d] [%+d] [% d] [%#x] [%#o] [%.3d] [%*d] [%-*d]\n", 42, 42, 42, 42, 42, 255, 8, 7, 6, 9, 6, 9);
    printf("[%10s] [%-10s] [%.2s] [%.*s] [%%]\n", "abc", "abc", "abcdef", 3, "abcdef");
    printf("[%hhd] [%hd] [%ld] [%lld] [%llu] [%zu] [%jd] [%td]\n", (signed char)300, (short)70000,
           -1234567890123L, LLONG_MIN, ULLONG_MAX, (size_t)123, (intmax_t)-5, (ptrdiff_t)-9);
    printf("[%f] [%.2f] [%e] [%.3E] [%g] [%g] [%g] [%G]\n", 3.14159, 2.675, 12345.678, 0.000123, 100000.0, 1e6, 1e-5, 1e-10);
    printf("[%a] [%A] [%.1a] [%10.3f] [%-10.1e] [%+.0f] [%#.0f] [%#g]\n", 3.0, 0.5, 1.0, -3.5, 2.5, 2.5, 2.0, 1.5);
    printf("[%f] [%f] [%e] [%g] [%5.1f]\n", INFINITY, -INFINITY, NAN, 0.0, -0.0);
    printf("[%.17g] [%.17g] [%.20f]\n", 0.1, 1.0 / 3, 0.1);
    // long double: values exactly representable in both x87 extended and binary128.
    long double a = 123456789.125L, b = -0.5L, c = 1180591620717411303424.0L;
    printf("[%Lf] [%Lf] [%.0Lf] [%Le] [%.10Le] [%Lg] [%LG]\n", a, b, c, a, c, a, 1e-20L);
    printf("[%.18Le] [%.15Lf] [%.3Lf]\n", 1.0L / 3, 2.0L / 3, 1e4000L / 1e3998L);
    printf("[%.10Le] [%.10Le] [%Lf]\n", 1e4000L, 1e-4000L, (long double)INFINITY);
    char buf[16];
    int n = snprintf(buf, sizeof buf, "%s-%d-%s", "truncated", 123456, "output");
    printf("snprintf returned %d, buf '%s'\n", n, buf);
    n = snprintf(NULL, 0, "%d", 123456789);
    printf("snprintf(NULL) = %d\n", n);
    int pos = 0;
    printf("abc%n|\n", &pos);
    printf("n = %d\n", pos);
    char *s = NULL;
    n = asprintf(&s, "%s %05.1f", "asprintf", 3.14159);
    printf("%d '%s'\n", n, s);
    free(s);

    // sscanf
    int i1, i2, got; unsigned x; float f; double d; char w[32], w2[32]; long double ld;
    got = sscanf("  -17 0x2A 1.5e2 word [abc]def", "%d %i %f %31s [%31[a-z]]%n", &i1, &i2, &f, w, w2, &pos);
    printf("sscanf %d: %d %d %g %s %s pos=%d\n", got, i1, i2, f, w, w2, pos);
    got = sscanf("ff 12.25 3.75", "%x %lf %Lf", &x, &d, &ld);
    printf("sscanf %d: %u %g %Lg\n", got, x, d, ld);
    got = sscanf("abc", "%d", &i1);
    printf("sscanf mismatch %d\n", got);
    got = sscanf("", "%d", &i1);
    printf("sscanf empty %d\n", got);
    got = sscanf("12:34:56", "%d:%d:%*d%n", &i1, &i2, &pos);
    printf("sscanf %d: %d %d %d\n", got, i1, i2, pos);

    // stdin
    got = scanf("%d %31s %f", &i1, w, &f);
    printf("scanf %d: %d %s %g\n", got, i1, w, f);
    int ch = getchar();
    printf("getchar %d\n", ch);
    char line[64];
    if (fgets(line, sizeof line, stdin)) printf("fgets '%s'", line);
    ch = getc(stdin);
    ungetc(ch, stdin);
    got = scanf("%i %31s", &i1, w);
    printf("scanf %d: %d %s\n", got, i1, w);
    printf("eof %d\n", getchar() == EOF || getchar() == EOF);

    // memory streams
    char *ms = NULL; size_t mslen = 0;
    FILE *m = open_memstream(&ms, &mslen);
    for (int k = 0; k < 100; k++) fprintf(m, "%d,", k);
    fclose(m);
    printf("memstream len %zu tail '%s'\n", mslen, ms + mslen - 7);
    free(ms);
    char fbuf[64] = "10 20 30";
    FILE *fm = fmemopen(fbuf, strlen(fbuf), "r");
    int t1, t2, t3;
    got = fscanf(fm, "%d %d %d", &t1, &t2, &t3);
    printf("fmemopen %d: %d\n", got, t1 + t2 + t3);
    fclose(fm);

    // buffering modes
    setvbuf(stdout, NULL, _IOLBF, 0);
    puts("line buffered");
    fputs("fputs ", stdout);
    putchar('!');
    putchar('\n');
    fprintf(stderr, "stderr is not compared\n");
    return 0;
}
