/* Shared by the WASI tests: checks that print what they saw, so the runner can compare runs. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

static const char *errname(int e) {
    switch (e) {
    case 0: return "OK";
    case EACCES: return "EACCES";
    case EBADF: return "EBADF";
    case EEXIST: return "EEXIST";
    case EINVAL: return "EINVAL";
    case EISDIR: return "EISDIR";
    case ELOOP: return "ELOOP";
    case ENOENT: return "ENOENT";
    case ENOTDIR: return "ENOTDIR";
    case ENOTEMPTY: return "ENOTEMPTY";
    case ENOTCAPABLE: return "ENOTCAPABLE";
    case EPERM: return "EPERM";
    case EROFS: return "EROFS";
    case ESPIPE: return "ESPIPE";
    case EXDEV: return "EXDEV";
    case ENOTSOCK: return "ENOTSOCK";
    case ENOSYS: return "ENOSYS";
    case ENOTSUP: return "ENOTSUP";
    default: return "E?";
    }
}

/* Prints `label: OK` for a non-negative result, else `label: ERRNAME`. */
#define SHOW(label, expr) do { errno = 0; long _r = (long)(expr); \
    printf("%s: %s\n", label, _r < 0 ? errname(errno) : "OK"); } while (0)
/* The same for calls returning a pointer (NULL on failure). */
#define SHOWP(label, expr) do { errno = 0; void *_p = (void *)(expr); \
    printf("%s: %s\n", label, _p ? "OK" : errname(errno)); } while (0)
