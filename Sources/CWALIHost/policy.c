// The kernel interfaces the sandbox policy uses that Swift's Glibc module does not offer:
// openat2 and Landlock, as raw system calls (numbers shared by every architecture).
#define _GNU_SOURCE
#include "CWALIPolicy.h"
#include <fcntl.h>
#include <sys/mman.h>
#include "CWALIHost.h"
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <errno.h>

#define NR_openat2 437
#define NR_landlock_create_ruleset 444
#define NR_landlock_add_rule 445
#define NR_landlock_restrict_self 446
#define LANDLOCK_CREATE_RULESET_VERSION (1U << 0)
#define LANDLOCK_RULE_PATH_BENEATH 1

struct wali_open_how { uint64_t flags, mode, resolve; };
struct wali_ruleset_attr { uint64_t handled_access_fs, handled_access_net, scoped; };
struct wali_path_beneath_attr { uint64_t allowed_access; int32_t parent_fd; } __attribute__((packed));

long wali_openat2(int dirfd, const char *path, uint64_t flags, uint64_t mode, uint64_t resolve) {
    struct wali_open_how how = { flags, mode, resolve };
    return wali_host_syscall(NR_openat2, dirfd, (long)path, (long)&how, sizeof how, 0, 0);
}

long wali_landlock_abi(void) {
    return wali_host_syscall(NR_landlock_create_ruleset, 0, 0, LANDLOCK_CREATE_RULESET_VERSION, 0, 0, 0);
}

long wali_landlock_create(uint64_t handled_fs, uint64_t handled_net, uint64_t scoped) {
    struct wali_ruleset_attr attr = { handled_fs, handled_net, scoped };
    // Older ABIs know a shorter structure: pass only the fields in use.
    long size = scoped ? sizeof attr : handled_net ? 2 * sizeof(uint64_t) : sizeof(uint64_t);
    return wali_host_syscall(NR_landlock_create_ruleset, (long)&attr, size, 0, 0, 0, 0);
}

long wali_landlock_allow_path(int ruleset_fd, int parent_fd, uint64_t access) {
    struct wali_path_beneath_attr attr = { access, parent_fd };
    return wali_host_syscall(NR_landlock_add_rule, ruleset_fd, LANDLOCK_RULE_PATH_BENEATH, (long)&attr, 0, 0, 0);
}

long wali_no_new_privs(void) {
    return wali_host_syscall(SYS_prctl, PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0, 0);
}

long wali_landlock_restrict(int ruleset_fd) {
    long r = wali_no_new_privs();
    if (r < 0) return r;
    return wali_host_syscall(NR_landlock_restrict_self, ruleset_fd, 0, 0, 0, 0, 0);
}

const int wali_O_PATH = O_PATH;
const int wali_O_TMPFILE = O_TMPFILE;
const int wali_O_NOFOLLOW = O_NOFOLLOW;
const int wali_O_DIRECTORY = O_DIRECTORY;
const uint64_t wali_open_valid_flags = O_ACCMODE | O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_APPEND | O_NONBLOCK
    | O_DSYNC | FASYNC | O_DIRECT | O_LARGEFILE | O_DIRECTORY | O_NOFOLLOW | O_NOATIME | O_CLOEXEC | O_PATH
    | O_TMPFILE | O_SYNC;

long wali_memfd(const char *name) {
    return wali_host_syscall(SYS_memfd_create, (long)name, MFD_CLOEXEC, 0, 0, 0, 0);
}

#define WALI_STATX_TYPE 0x0001U
#define WALI_STATX_INO 0x0100U
#define WALI_STATX_MNT_ID_UNIQUE 0x4000U /* Linux 6.8 */

/// The kernel's struct statx (uapi; 256 bytes), with stx_mnt_id, which glibc 2.36's lacks.
struct wali_statx {
    uint32_t stx_mask, stx_blksize;
    uint64_t stx_attributes;
    uint32_t stx_nlink, stx_uid, stx_gid;
    uint16_t stx_mode, pad1;
    uint64_t stx_ino, stx_size, stx_blocks, stx_attributes_mask;
    struct { int64_t tv_sec; uint32_t tv_nsec; int32_t reserved; } stx_atime, stx_btime, stx_ctime, stx_mtime;
    uint32_t stx_rdev_major, stx_rdev_minor, stx_dev_major, stx_dev_minor;
    uint64_t stx_mnt_id;
    uint64_t spare[13];
};
_Static_assert(sizeof(struct wali_statx) == 256, "struct statx is 256 bytes");

int wali_fd_identity(int fd, struct wali_fd_identity *out) {
    struct wali_statx sx;
    long r = wali_host_syscall(SYS_statx, fd, (long)"", AT_EMPTY_PATH,
                               WALI_STATX_TYPE | WALI_STATX_INO | WALI_STATX_MNT_ID_UNIQUE, (long)&sx, 0);
    if (r != 0) return (int)r;
    if (!(sx.stx_mask & WALI_STATX_TYPE) || !(sx.stx_mask & WALI_STATX_INO)) return -ENOSYS;
    out->mode = sx.stx_mode;
    out->device = makedev(sx.stx_dev_major, sx.stx_dev_minor);
    out->inode = sx.stx_ino;
    out->rdev_major = sx.stx_rdev_major;
    out->rdev_minor = sx.stx_rdev_minor;
    out->mount = (sx.stx_mask & WALI_STATX_MNT_ID_UNIQUE) ? sx.stx_mnt_id : 0;
    return 0;
}

/* Mounts known not to be procfs (see MemorySandbox.refusal): relaxed atomics suffice, as every
   slot holds either 0 or a mount id that was proven not procfs. */
#define WALI_OTHER_MOUNT_SLOTS 16
static uint64_t other_mounts[WALI_OTHER_MOUNT_SLOTS];
static unsigned other_mounts_next;

int wali_other_mount_known(uint64_t mount) {
    for (int i = 0; i < WALI_OTHER_MOUNT_SLOTS; i++)
        if (__atomic_load_n(&other_mounts[i], __ATOMIC_RELAXED) == mount) return 1;
    return 0;
}

void wali_other_mount_add(uint64_t mount) {
    unsigned i = __atomic_fetch_add(&other_mounts_next, 1, __ATOMIC_RELAXED) % WALI_OTHER_MOUNT_SLOTS;
    __atomic_store_n(&other_mounts[i], mount, __ATOMIC_RELAXED);
}
