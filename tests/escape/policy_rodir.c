// A read-only grant behaves as a read-only mount (EROFS for every change, by path or through
// a descriptor opened there); two grants behave as two mounts (EXDEV between them). The same
// scratch directory is granted twice: read-write at /rw, read-only at /ro; /usr/bin read-only
// at /usrbin (the descriptor checks make no-op changes there, so a failure changes nothing).
// WALI-ARGS: --dir .::/rw --ro-dir .::/ro --ro-dir /usr/bin::/usrbin
#include "escape.h"
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

int main(void) {
    char buf[64];
    struct stat st;
    int fd = open("/rw/f", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    EXPECT_TRUE("write a file in the read-write grant", fd >= 0 && write(fd, "data", 4) == 4);
    if (fd >= 0) close(fd);
    EXPECT_OK("mkdir in the read-write grant", mkdir("/rw/d", 0755));

    fd = open("/ro/f", O_RDONLY);
    EXPECT_TRUE("read it through the read-only grant", fd >= 0 && read(fd, buf, sizeof buf) == 4 && memcmp(buf, "data", 4) == 0);
    EXPECT_OK("stat in the read-only grant", stat("/ro/f", &st));
    EXPECT_OK("access R_OK in the read-only grant", access("/ro/f", R_OK));
    EXPECT_OK("open with O_CREAT of an existing file, read-only", open("/ro/f", O_RDONLY | O_CREAT, 0644));

    EXPECT_ERRNO("open for writing", open("/ro/f", O_WRONLY), EROFS);
    EXPECT_ERRNO("open read-write", open("/ro/f", O_RDWR), EROFS);
    EXPECT_ERRNO("open with O_TRUNC", open("/ro/f", O_RDONLY | O_TRUNC), EROFS);
    EXPECT_ERRNO("create a file", open("/ro/new", O_RDONLY | O_CREAT, 0644), EROFS);
    EXPECT_ERRNO("mkdir", mkdir("/ro/d2", 0755), EROFS);
    EXPECT_ERRNO("rmdir", rmdir("/ro/d"), EROFS);
    EXPECT_ERRNO("unlink", unlink("/ro/f"), EROFS);
    EXPECT_ERRNO("rename within", rename("/ro/f", "/ro/g"), EROFS);
    EXPECT_ERRNO("symlink", symlink("f", "/ro/l"), EROFS);
    EXPECT_ERRNO("chmod", chmod("/ro/f", 0600), EROFS);
    EXPECT_ERRNO("chown", chown("/ro/f", getuid(), getgid()), EROFS);
    EXPECT_ERRNO("truncate", truncate("/ro/f", 0), EROFS);
    EXPECT_ERRNO("utimes", utimes("/ro/f", NULL), EROFS);
    EXPECT_ERRNO("access W_OK", access("/ro/f", W_OK), EROFS);

    EXPECT_ERRNO("ftruncate of a read-only fd", ftruncate(fd, 0), EINVAL);
    if (fd >= 0) close(fd);

    // Changes through a descriptor of a file no writable grant reaches.
    fd = open("/usrbin/cat", O_RDONLY);
    EXPECT_TRUE("open a file of a read-only grant", fd >= 0 && fstat(fd, &st) == 0);
    struct timespec omit[2] = {{.tv_nsec = UTIME_OMIT}, {.tv_nsec = UTIME_OMIT}};
    EXPECT_ERRNO("fchmod of its fd", fchmod(fd, st.st_mode & 07777), EROFS);
    EXPECT_ERRNO("fchown of its fd", fchown(fd, st.st_uid, st.st_gid), EROFS);
    EXPECT_ERRNO("futimens of its fd", futimens(fd, omit), EROFS);
    EXPECT_ERRNO("write access to it", access("/usrbin/cat", W_OK), EROFS);
    if (fd >= 0) close(fd);
    fd = open("/rw/f", O_RDWR);
    EXPECT_OK("fchmod of a read-write grant's fd", fchmod(fd, 0640));
    EXPECT_OK("futimens of a read-write grant's fd", futimens(fd, NULL));
    if (fd >= 0) close(fd);

    // Between grants, as between mounts.
    EXPECT_ERRNO("rename from the read-write grant into the read-only one", rename("/rw/f", "/ro/g"), EXDEV);
    EXPECT_ERRNO("rename from the read-only grant into the read-write one", rename("/ro/f", "/rw/g"), EXDEV);
    EXPECT_ERRNO("hard link across grants", link("/ro/f", "/rw/h"), EXDEV);
    EXPECT_OK("rename within the read-write grant", rename("/rw/f", "/rw/g"));
    EXPECT_TRUE("the rename shows in the read-only view", stat("/ro/g", &st) == 0 && st.st_size == 4);
    return escape_done();
}
