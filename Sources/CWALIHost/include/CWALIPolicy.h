#ifndef CWALIPOLICY_H
#define CWALIPOLICY_H
#include <stdint.h>

/// openat2(2) with RESOLVE_* flags: the kernel resolves `path` beneath `dirfd`.
/// Returns the new fd or -errno (the headers of older distributions lack the call).
long wali_openat2(int dirfd, const char *path, uint64_t flags, uint64_t mode, uint64_t resolve);

/// Host open(2) flags Swift's Glibc module does not export (_GNU_SOURCE ones), and every flag
/// openat2 accepts (it refuses unknown bits where openat ignores them).
extern const int wali_O_PATH;
extern const int wali_O_TMPFILE;
extern const int wali_O_NOFOLLOW;
extern const int wali_O_DIRECTORY;
extern const uint64_t wali_open_valid_flags;

/// What the memory sandbox looks at in a descriptor the guest just opened, from one statx.
struct wali_fd_identity {
    uint32_t mode;
    uint32_t rdev_major, rdev_minor;
    /// st_dev in glibc's dev_t encoding.
    uint64_t device;
    uint64_t inode;
    /// The mount's unique id (never reused while the kernel runs), or 0 when the kernel has none
    /// (before Linux 6.8).
    uint64_t mount;
};
/// Fills `out` for `fd`; 0 or -errno.
int wali_fd_identity(int fd, struct wali_fd_identity *out);

/// A small set of mount ids known not to be procfs (MemorySandbox.refusal), shared by threads.
int wali_other_mount_known(uint64_t mount);
void wali_other_mount_add(uint64_t mount);

/// An anonymous in-memory file (memfd_create, close-on-exec); returns its fd or -errno.
long wali_memfd(const char *name);

#define WALI_RESOLVE_NO_XDEV       0x01
#define WALI_RESOLVE_NO_MAGICLINKS 0x02
#define WALI_RESOLVE_NO_SYMLINKS   0x04
#define WALI_RESOLVE_BENEATH       0x08
#define WALI_RESOLVE_IN_ROOT       0x10

/// Landlock (raw system calls; the values are the kernel's uapi, up to ABI 7).
/// The ABI version the kernel supports, or -errno when Landlock is unavailable.
long wali_landlock_abi(void);
/// A ruleset handling these rights; returns its fd or -errno.
long wali_landlock_create(uint64_t handled_fs, uint64_t handled_net, uint64_t scoped);
/// Allows `access` beneath the file or directory open at `parent_fd` (O_PATH is fine).
long wali_landlock_allow_path(int ruleset_fd, int parent_fd, uint64_t access);
/// PR_SET_NO_NEW_PRIVS, then restricts the calling thread (and what it later creates).
long wali_landlock_restrict(int ruleset_fd);
/// PR_SET_NO_NEW_PRIVS alone.
long wali_no_new_privs(void);

#define WALI_LL_FS_EXECUTE      (1ULL << 0)
#define WALI_LL_FS_WRITE_FILE   (1ULL << 1)
#define WALI_LL_FS_READ_FILE    (1ULL << 2)
#define WALI_LL_FS_READ_DIR     (1ULL << 3)
#define WALI_LL_FS_REMOVE_DIR   (1ULL << 4)
#define WALI_LL_FS_REMOVE_FILE  (1ULL << 5)
#define WALI_LL_FS_MAKE_CHAR    (1ULL << 6)
#define WALI_LL_FS_MAKE_DIR     (1ULL << 7)
#define WALI_LL_FS_MAKE_REG     (1ULL << 8)
#define WALI_LL_FS_MAKE_SOCK    (1ULL << 9)
#define WALI_LL_FS_MAKE_FIFO    (1ULL << 10)
#define WALI_LL_FS_MAKE_BLOCK   (1ULL << 11)
#define WALI_LL_FS_MAKE_SYM     (1ULL << 12)
#define WALI_LL_FS_REFER        (1ULL << 13) /* ABI 2 */
#define WALI_LL_FS_TRUNCATE     (1ULL << 14) /* ABI 3 */
#define WALI_LL_FS_IOCTL_DEV    (1ULL << 15) /* ABI 5 */
#define WALI_LL_NET_BIND_TCP    (1ULL << 0)  /* ABI 4 */
#define WALI_LL_NET_CONNECT_TCP (1ULL << 1)  /* ABI 4 */
#define WALI_LL_SCOPE_ABSTRACT_UNIX_SOCKET (1ULL << 0) /* ABI 6 */
#define WALI_LL_SCOPE_SIGNAL    (1ULL << 1)  /* ABI 6 */

#endif
