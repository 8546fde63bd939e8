/* Shared checks of the escape suite (tests/run_escape.py): each check prints `ok WHAT` or
 * `FAIL WHAT: ...`, and escape_done() gives the exit status (1 on any failure). Checks assert
 * exact outcomes: a refusal's errno, and that the allowed neighbour works. */
#ifndef ESCAPE_H
#define ESCAPE_H
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int escape_checks, escape_failures;

static void escape_report(const char *what, int ok, long got, int got_errno, const char *expected) {
    escape_checks++;
    if (ok) {
        printf("ok %s\n", what);
    } else {
        escape_failures++;
        printf("FAIL %s: got %ld (errno %d %s), expected %s\n", what, got, got_errno, strerror(got_errno), expected);
    }
    fflush(stdout);
}

/* A libc call returning -1/errno must fail with exactly `err`. */
#define EXPECT_ERRNO(what, call, err) do { \
        errno = 0; long r_ = (long)(call); int e_ = errno; \
        escape_report(what, r_ == -1 && e_ == (err), r_, e_, "errno " #err); \
    } while (0)

/* A libc call must succeed (not -1). */
#define EXPECT_OK(what, call) do { \
        errno = 0; long r_ = (long)(call); int e_ = errno; \
        escape_report(what, r_ != -1, r_, e_, "success"); \
    } while (0)

#define EXPECT_TRUE(what, cond) escape_report(what, (cond) != 0, 0, 0, "true")

static int escape_done(void) {
    printf("checks: %d, failed: %d\n", escape_checks, escape_failures);
    return escape_failures ? 1 : 0;
}
#endif
