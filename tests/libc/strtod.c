// strtod/strtof/strtold parsing, round trips through printf, integer parsing.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <math.h>
#include <float.h>
#include <stdint.h>

static uint64_t seed = 88172645463325252ull;
static uint64_t next(void) { seed ^= seed << 13; seed ^= seed >> 7; seed ^= seed << 17; return seed; }

static void show(const char *s) {
    char *end; errno = 0;
    double d = strtod(s, &end);
    // errno only for overflow: glibc and musl differ on subnormal results and on no conversion.
    printf("strtod(\"%s\") = %.17g consumed %d%s\n", s, d, (int)(end - s), errno == ERANGE && fabs(d) > 1 ? " ERANGE" : "");
}

int main(void) {
    const char *inputs[] = {"0", "-0", "1", "0.1", "  +12.5e-3xyz", "1e308", "1e309", "-1e400", "1e-320", "1e-400",
                            "2.2250738585072014e-308", "4.9406564584124654e-324", "0x1.8p3", "0X.1P-2", "inf", "-Infinity",
                            "nan", "NAN(123)", "abc", ".", "1.", ".5", "1e", "1e+", "123456789012345678901234567890",
                            "0.30000000000000004", "9007199254740993", "1.7976931348623157e308", "1.7976931348623159e308"};
    for (size_t i = 0; i < sizeof inputs / sizeof *inputs; i++) show(inputs[i]);

    // Random bit patterns: print with %.17g and parse back, exactly.
    int bad = 0, badf = 0, badg = 0;
    for (int i = 0; i < 20000; i++) {
        uint64_t bits = next();
        double d; memcpy(&d, &bits, 8);
        if (isnan(d)) continue;
        char buf[64];
        snprintf(buf, sizeof buf, "%.17g", d);
        double back = strtod(buf, NULL);
        if (memcmp(&back, &d, 8) != 0) bad++;
        snprintf(buf, sizeof buf, "%a", d);
        back = strtod(buf, NULL);
        if (memcmp(&back, &d, 8) != 0) badg++;
        uint32_t fb = (uint32_t)bits; float f; memcpy(&f, &fb, 4);
        if (isnan(f)) continue;
        snprintf(buf, sizeof buf, "%.9g", f);
        float fback = strtof(buf, NULL);
        if (memcmp(&fback, &f, 4) != 0) badf++;
    }
    printf("round trips: double %d bad, hex %d bad, float %d bad\n", bad, badg, badf);
    // Decimal strings of random doubles also print identically everywhere.
    unsigned long long h = 0;
    for (int i = 0; i < 2000; i++) {
        uint64_t bits = next() & 0x7fefffffffffffffull;
        double d; memcpy(&d, &bits, 8);
        char buf[64]; snprintf(buf, sizeof buf, "%.17g|%g|%.3e", d, d, d);
        for (char *p = buf; *p; p++) h = h * 131 + (unsigned char)*p;
    }
    printf("formatting hash %llx\n", h);

    // strtold: exact round trip at the type's own precision, and values both types share.
    int badl = 0;
    for (int i = 0; i < 2000; i++) {
        long double v = (long double)(int64_t)next() / (long double)(next() | 1);
        char buf[80];
        snprintf(buf, sizeof buf, "%.40Le", v);
        if (strtold(buf, NULL) != v) badl++;
    }
    printf("long double round trips: %d bad\n", badl);
    printf("strtold: %Lg %Lg %.3Lf %d %d\n", strtold("1.5", NULL), strtold("-2.5e-3", NULL), strtold("1e4000", NULL) / 1e3999L,
           strtold("0.1", NULL) == 0.1L, strtold("1e5000", NULL) == HUGE_VALL);
    printf("strtof: %.9g %.9g\n", strtof("3.14159265358979", NULL), strtof("1e39", NULL));
    printf("atof %g\n", atof("2.5e1"));

    // integers
    const char *ints[] = {"123", "-123", "0x7fffffff", "0777", "9223372036854775807", "9223372036854775808", "-9223372036854775809",
                          "  42abc", "zz", "18446744073709551615", "-1"};
    for (size_t i = 0; i < sizeof ints / sizeof *ints; i++) {
        char *end; errno = 0;
        long long v = strtoll(ints[i], &end, 0);
        int e1 = errno; errno = 0;
        unsigned long long u = strtoull(ints[i], NULL, 0);
        printf("%s: strtoll %lld (%d, used %d) strtoull %llu (%d)\n", ints[i], v, e1 == ERANGE, (int)(end - ints[i]), u, errno == ERANGE);
    }
    printf("strtol base 36 %ld, base 2 %ld, base 16 %ld\n", strtol("zz", NULL, 36), strtol("1011", NULL, 2), strtol("0xff", NULL, 16));
    errno = 0;
    long badbase = strtol("1", NULL, 99);
    printf("strtol bad base %ld errno EINVAL %d\n", badbase, errno == EINVAL);
    printf("atoi %d atol %ld atoll %lld\n", atoi(" -77"), atol("123456"), atoll("-9000000000"));
    return 0;
}
