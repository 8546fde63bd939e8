/* The capability model: only preopens are reachable, and nothing beneath a preopen leads out
 * of it — not `..`, not absolute paths, not symlinks (relative or absolute, made by the guest
 * or found on the host). A read-only preopen refuses changes. Expects /sandbox (read-write,
 * holding a host-made symlink `hostlink` -> /etc and `hostrel` -> ../..) and /ro (read-only,
 * holding `file.txt`). */
#include "common.h"
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

int main(void) {
    struct stat st;
    SHOW("open /etc/passwd (no preopen)", open("/etc/passwd", O_RDONLY));
    SHOW("open /sandbox/../etc/passwd", open("/sandbox/../etc/passwd", O_RDONLY));
    SHOW("stat /sandbox/..", stat("/sandbox/..", &st));
    SHOW("mkdir /sandbox/d", mkdir("/sandbox/d", 0755));
    SHOW("open /sandbox/d/../../x", open("/sandbox/d/../../x", O_RDONLY));
    SHOW("open /sandbox/d/../ok (stays inside)", open("/sandbox/d/../ok", O_CREAT | O_WRONLY, 0644));
    SHOW("host symlink to /etc: stat", stat("/sandbox/hostlink/passwd", &st));
    SHOW("host symlink to /etc: open", open("/sandbox/hostlink/passwd", O_RDONLY));
    SHOW("host symlink ../..: opendir", opendir("/sandbox/hostrel") ? 0 : -1);
    SHOW("lstat host symlink itself", lstat("/sandbox/hostlink", &st));
    SHOW("guest symlink to ../..", symlink("../..", "/sandbox/up"));
    SHOW("open through it", open("/sandbox/up/etc/passwd", O_RDONLY));
    SHOW("create through it", open("/sandbox/up/created-outside", O_CREAT | O_WRONLY, 0644));
    SHOW("guest symlink absolute", symlink("/etc/passwd", "/sandbox/abs"));
    SHOW("rename out via ..", rename("/sandbox/ok", "/sandbox/../stolen"));
    SHOW("link out via ..", link("/sandbox/ok", "/sandbox/d/../../linked"));
    SHOW("unlink via ..", unlink("/sandbox/../x"));
    SHOW("mkdir via symlink", mkdir("/sandbox/up/newdir", 0755));
    /* Read-only preopen. */
    SHOW("ro: read file", open("/ro/file.txt", O_RDONLY));
    SHOW("ro: open for write", open("/ro/file.txt", O_WRONLY));
    SHOW("ro: create", open("/ro/new.txt", O_CREAT | O_WRONLY, 0644));
    SHOW("ro: mkdir", mkdir("/ro/dir", 0755));
    SHOW("ro: unlink", unlink("/ro/file.txt"));
    SHOW("ro: rename into rw", rename("/ro/file.txt", "/sandbox/moved"));
    SHOW("ro: hard link into rw", link("/ro/file.txt", "/sandbox/hard"));
    SHOW("ro: symlink", symlink("file.txt", "/ro/l"));
    struct timespec t[2] = {{1, 0}, {1, 0}};
    SHOW("ro: utimensat", utimensat(AT_FDCWD, "/ro/file.txt", t, 0));
    SHOW("ro: file still there", stat("/ro/file.txt", &st));
    return 0;
}
