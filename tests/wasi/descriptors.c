/* Raw WASI descriptor calls: preopens, fdstat, rights, renumber, bad descriptors, sockets on
 * non-sockets, unsupported flags — each errno as the WASI specification gives it. */
#include <stdio.h>
#include <string.h>
#include <wasi/api.h>

/* proc_raise is deprecated: wasi-libc's header no longer declares it, the import stays. */
__attribute__((import_module("wasi_snapshot_preview1"), import_name("proc_raise"))) uint16_t raw_proc_raise(uint32_t);

int main(void) {
    __wasi_prestat_t pre;
    for (__wasi_fd_t fd = 0; fd < 8; fd++) {
        __wasi_errno_t e = __wasi_fd_prestat_get(fd, &pre);
        if (e == 0) {
            char name[64] = {0};
            __wasi_errno_t n = __wasi_fd_prestat_dir_name(fd, (uint8_t *)name, pre.u.dir.pr_name_len);
            printf("fd %u: preopen '%s' (len %u, errno %d)\n", fd, name, (unsigned)pre.u.dir.pr_name_len, n);
            char small[1];
            if (pre.u.dir.pr_name_len > 1)
                printf("  dir_name into 1 byte: errno=%d\n", __wasi_fd_prestat_dir_name(fd, (uint8_t *)small, 1));
        } else {
            printf("fd %u: prestat errno=%d\n", fd, e);
        }
    }
    __wasi_fdstat_t st;
    printf("fdstat(3): errno=%d filetype=%d\n", __wasi_fd_fdstat_get(3, &st), st.fs_filetype);
    printf("fdstat(99): errno=%d\n", __wasi_fd_fdstat_get(99, &st));

    __wasi_fd_t file;
    __wasi_errno_t e = __wasi_path_open(3, 0, "desc.txt", __WASI_OFLAGS_CREAT | __WASI_OFLAGS_TRUNC,
                                        __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_WRITE | __WASI_RIGHTS_FD_SEEK | __WASI_RIGHTS_FD_TELL | __WASI_RIGHTS_FD_FDSTAT_SET_FLAGS,
                                        0, 0, &file);
    printf("path_open desc.txt: errno=%d\n", e);
    (void)__wasi_fd_fdstat_get(file, &st);
    printf("fdstat: filetype=%d flags=%d has FD_WRITE=%d\n", st.fs_filetype, st.fs_flags, (st.fs_rights_base & __WASI_RIGHTS_FD_WRITE) != 0);
    printf("set_flags APPEND: errno=%d\n", __wasi_fd_fdstat_set_flags(file, __WASI_FDFLAGS_APPEND));
    (void)__wasi_fd_fdstat_get(file, &st);
    printf("flags now=%d\n", st.fs_flags);
    printf("set_flags SYNC: errno=%d\n", __wasi_fd_fdstat_set_flags(file, __WASI_FDFLAGS_SYNC));
    printf("set_rights (grow): errno=%d\n", __wasi_fd_fdstat_set_rights(file, st.fs_rights_base | __WASI_RIGHTS_PATH_OPEN, 0));
    printf("set_rights (drop FD_WRITE): errno=%d\n", __wasi_fd_fdstat_set_rights(file, st.fs_rights_base & ~__WASI_RIGHTS_FD_WRITE, 0));
    __wasi_ciovec_t iov = {(const uint8_t *)"x", 1};
    __wasi_size_t n;
    printf("write without FD_WRITE: errno=%d\n", __wasi_fd_write(file, &iov, 1, &n));

    __wasi_fd_t other;
    (void)__wasi_path_open(3, 0, "desc2.txt", __WASI_OFLAGS_CREAT, __WASI_RIGHTS_FD_WRITE, 0, 0, &other);
    printf("renumber %u -> %u: errno=%d\n", (unsigned)other, (unsigned)file, __wasi_fd_renumber(other, file));
    printf("write to renumbered: errno=%d\n", __wasi_fd_write(file, &iov, 1, &n));
    printf("old number now: errno=%d\n", __wasi_fd_fdstat_get(other, &st));
    printf("renumber to closed fd: errno=%d\n", __wasi_fd_renumber(file, 77));
    printf("close: errno=%d, again: errno=%d\n", __wasi_fd_close(file), __wasi_fd_close(file));
    printf("seek on stdout pipe: errno=%d\n", __wasi_fd_seek(1, 0, __WASI_WHENCE_CUR, &(__wasi_filesize_t){0}));
    printf("readdir on a file: errno=%d\n", __wasi_fd_readdir(0, (uint8_t *)&st, sizeof st, 0, &n));
    printf("path_open absolute: errno=%d\n", __wasi_path_open(3, 0, "/etc/passwd", 0, __WASI_RIGHTS_FD_READ, 0, 0, &other));
    printf("path_open on non-directory fd: errno=%d\n", __wasi_path_open(1, 0, "x", 0, __WASI_RIGHTS_FD_READ, 0, 0, &other));
    printf("path_open O_DIRECTORY on file: errno=%d\n", __wasi_path_open(3, 0, "desc2.txt", __WASI_OFLAGS_DIRECTORY, 0, 0, 0, &other));
    printf("path_filestat_get '..': errno=%d\n", __wasi_path_filestat_get(3, 0, "..", &(__wasi_filestat_t){0}));
    printf("sock_shutdown on a file: errno=%d\n", __wasi_sock_shutdown(3, __WASI_SDFLAGS_WR));
    printf("sock_accept on a file: errno=%d\n", __wasi_sock_accept(3, 0, &other));
    printf("proc_raise(0): errno=%d\n", raw_proc_raise(0));
    printf("sched_yield: errno=%d\n", __wasi_sched_yield());
    (void)__wasi_path_unlink_file(3, "desc.txt");
    (void)__wasi_path_unlink_file(3, "desc2.txt");
    return 0;
}
