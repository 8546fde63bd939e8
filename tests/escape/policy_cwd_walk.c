// A relative path's grant is worked out once per cwd (each thread caches where the kernel walk
// of `cwd/...` starts), not once per call. That shortcut must give the same answers as matching
// each path on its own: at the guest root `/` a relative `dev/null` is still the device, a grant
// that holds another grant still goes through the engine's walk (the nested read-only grant stays
// read-only), and a cwd deep inside a grant still cannot be left by `..`. The devices of every
// sandbox are there under a grant at the guest root too, though its host directory has no dev/
// (they were missing: the engine's walk stopped at the grant's missing `dev`).
// WALI-ARGS: --dir .::/ --ro-dir {src}::/src
#include "escape.h"
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

int main(void) {
    struct stat st;
    EXPECT_OK("stat /dev/null under a grant at /", stat("/dev/null", &st));
    EXPECT_TRUE("/dev/null under a grant at / is the character device", S_ISCHR(st.st_mode));
    int null = open("/dev/null", O_WRONLY);
    EXPECT_TRUE("open /dev/null for writing under a grant at /", null >= 0);
    EXPECT_OK("write to /dev/null", write(null, "x", 1) == 1 ? 0 : -1);
    close(null);
    EXPECT_ERRNO("a name in the missing /dev that is no device", stat("/dev/no-such-device", &st), ENOENT);
    EXPECT_OK("chdir to the guest root", chdir("/"));
    EXPECT_OK("stat dev/null relative to /", stat("dev/null", &st));
    EXPECT_TRUE("dev/null relative to / is the character device", S_ISCHR(st.st_mode));
    EXPECT_OK("stat src/escape.h relative to / (the nested grant)", stat("src/escape.h", &st));
    EXPECT_ERRNO("create in the nested read-only grant relative to /", open("src/new.txt", O_WRONLY | O_CREAT, 0644), EROFS);
    EXPECT_OK("mkdir a", mkdir("a", 0755));
    EXPECT_OK("chdir a", chdir("a"));
    EXPECT_OK("stat ../src/escape.h from /a", stat("../src/escape.h", &st));
    EXPECT_ERRNO("create ../src/new.txt from /a", open("../src/new.txt", O_WRONLY | O_CREAT, 0644), EROFS);
    EXPECT_OK("chdir /src", chdir("/src"));
    EXPECT_OK("stat escape.h in the cwd /src", stat("escape.h", &st));
    EXPECT_ERRNO("create in the cwd /src (read-only)", open("new.txt", O_WRONLY | O_CREAT, 0644), EROFS);
    EXPECT_OK("stat ../a from /src", stat("../a", &st));
    EXPECT_TRUE("../a from /src is the directory made in the root grant", S_ISDIR(st.st_mode));
    EXPECT_OK("mkdir -p /a/b/c", mkdir("/a/b", 0755) == 0 ? mkdir("/a/b/c", 0755) : -1);
    EXPECT_OK("chdir /a/b/c", chdir("/a/b/c"));
    int fd = open("f.txt", O_WRONLY | O_CREAT, 0644);
    EXPECT_TRUE("create f.txt in /a/b/c", fd >= 0);
    close(fd);
    EXPECT_OK("stat ../../b/c/f.txt", stat("../../b/c/f.txt", &st));
    EXPECT_OK("stat /a/b/c/f.txt", stat("/a/b/c/f.txt", &st));
    EXPECT_ERRNO("../../../../../../etc/passwd stays in the guest root", open("../../../../../../etc/passwd", O_RDONLY), ENOENT);
    escape_done();
}
