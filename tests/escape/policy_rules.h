/* Checks for the policy tests of the escape suite (tests/run_escape.py): each prints one line
   (`ok: CALL` or `FAIL line N: ...`); failures are counted and make the test exit 1. A refusal is
   checked as the exact errno; an allowed call as success. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

static int failures;

#define EXPECT_ERRNO(call, err) do { \
    errno = 0; long r_ = (long)(call); int e_ = errno; \
    if (r_ != -1 || e_ != (err)) { \
        printf("FAIL line %d: %s -> %ld (%s), want %s\n", __LINE__, #call, r_, strerror(e_), #err); failures++; \
    } else printf("ok: %s -> %s\n", #call, #err); \
} while (0)

#define EXPECT_OK(call) do { \
    errno = 0; long r_ = (long)(call); int e_ = errno; \
    if (r_ < 0) { printf("FAIL line %d: %s -> %ld (%s), want success\n", __LINE__, #call, r_, strerror(e_)); failures++; } \
    else printf("ok: %s\n", #call); \
} while (0)

#define EXPECT_TRUE(cond) do { \
    if (!(cond)) { printf("FAIL line %d: %s\n", __LINE__, #cond); failures++; } else printf("ok: %s\n", #cond); \
} while (0)

static int finish(void) {
    printf(failures ? "%d failure(s)\n" : "all checks passed\n", failures);
    return failures ? 1 : 0;
}
