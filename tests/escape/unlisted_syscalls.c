/* Syscalls that would reach past linear memory or change the engine are not in the engine's
 * table: a module importing them directly gets -ENOSYS, whatever its arguments (here, host-looking
 * addresses and this very process). Neighbour: a listed syscall through the same kind of import. */
#include "escape.h"
#include <unistd.h>

#define WALI(name) __attribute__((import_module("wali"), import_name("SYS_" #name)))
WALI(process_vm_readv) long w_process_vm_readv(int, void *, unsigned long, void *, unsigned long, unsigned long);
WALI(process_vm_writev) long w_process_vm_writev(int, void *, unsigned long, void *, unsigned long, unsigned long);
WALI(ptrace) long w_ptrace(int, int, void *, void *);
WALI(personality) long w_personality(unsigned long);
WALI(memfd_create) long w_memfd_create(const char *, unsigned);
WALI(memfd_secret) long w_memfd_secret(unsigned);
WALI(userfaultfd) long w_userfaultfd(int);
WALI(io_uring_setup) long w_io_uring_setup(unsigned, void *);
WALI(bpf) long w_bpf(int, void *, unsigned);
WALI(perf_event_open) long w_perf_event_open(void *, int, int, int, unsigned long);
WALI(mount) long w_mount(const char *, const char *, const char *, unsigned long, const void *);
WALI(unshare) long w_unshare(int);
WALI(setns) long w_setns(int, int);
WALI(clone3) long w_clone3(void *, unsigned);
WALI(clone) long w_clone(unsigned long, void *, void *, void *, unsigned long);
WALI(pidfd_open) long w_pidfd_open(int, unsigned);
WALI(pidfd_getfd) long w_pidfd_getfd(int, int, unsigned);
WALI(kcmp) long w_kcmp(int, int, int, unsigned long, unsigned long);
WALI(seccomp) long w_seccomp(unsigned, unsigned, void *);
WALI(mbind) long w_mbind(void *, unsigned long, int, void *, unsigned long, unsigned);
WALI(remap_file_pages) long w_remap_file_pages(void *, unsigned long, unsigned long, unsigned long, unsigned long);
WALI(process_madvise) long w_process_madvise(int, void *, unsigned long, int, unsigned);
WALI(pkey_mprotect) long w_pkey_mprotect(void *, unsigned long, int, int);
WALI(arch_prctl) long w_arch_prctl(int, unsigned long);
WALI(modify_ldt) long w_modify_ldt(int, void *, unsigned long);
WALI(open_by_handle_at) long w_open_by_handle_at(int, void *, int);
WALI(vmsplice) long w_vmsplice(int, void *, unsigned long, unsigned);
WALI(shmget) long w_shmget(int, unsigned long, int);
WALI(shmat) long w_shmat(int, const void *, int);
WALI(map_shadow_stack) long w_map_shadow_stack(unsigned long, unsigned long, unsigned);
WALI(mseal) long w_mseal(void *, unsigned long, unsigned long);
WALI(getpid) long w_getpid(void);

int main(void) {
    int self = getpid();
    void *host = (void *)0xfffff000; /* any value: a wasm32 pointer cannot name host memory */
    EXPECT_RAW("process_vm_readv on self", w_process_vm_readv(self, host, 1, host, 1, 0), 38);
    EXPECT_RAW("process_vm_writev on self", w_process_vm_writev(self, host, 1, host, 1, 0), 38);
    EXPECT_RAW("ptrace(PTRACE_ATTACH, parent)", w_ptrace(16, getppid(), 0, 0), 38);
    EXPECT_RAW("ptrace(PTRACE_TRACEME)", w_ptrace(0, 0, 0, 0), 38);
    EXPECT_RAW("personality(READ_IMPLIES_EXEC)", w_personality(0x0400000), 38);
    EXPECT_RAW("memfd_create", w_memfd_create("x", 0), 38);
    EXPECT_RAW("memfd_secret", w_memfd_secret(0), 38);
    EXPECT_RAW("userfaultfd", w_userfaultfd(0), 38);
    EXPECT_RAW("io_uring_setup", w_io_uring_setup(8, host), 38);
    EXPECT_RAW("bpf", w_bpf(0, host, 64), 38);
    EXPECT_RAW("perf_event_open", w_perf_event_open(host, self, -1, -1, 0), 38);
    EXPECT_RAW("mount", w_mount("none", "/", "tmpfs", 0, 0), 38);
    EXPECT_RAW("unshare(CLONE_NEWUSER)", w_unshare(0x10000000), 38);
    EXPECT_RAW("setns", w_setns(0, 0), 38);
    EXPECT_RAW("clone3", w_clone3(host, 88), 38);
    EXPECT_RAW("clone(CLONE_VM)", w_clone(0x100, 0, 0, 0, 0), 38);
    EXPECT_RAW("pidfd_open on self", w_pidfd_open(self, 0), 38);
    EXPECT_RAW("pidfd_getfd", w_pidfd_getfd(3, 0, 0), 38);
    EXPECT_RAW("kcmp", w_kcmp(self, self, 0, 0, 0), 38);
    EXPECT_RAW("seccomp(SET_MODE_STRICT)", w_seccomp(0, 0, 0), 38);
    EXPECT_RAW("mbind", w_mbind(host, 4096, 0, 0, 0, 0), 38);
    EXPECT_RAW("remap_file_pages", w_remap_file_pages(host, 4096, 0, 0, 0), 38);
    EXPECT_RAW("process_madvise", w_process_madvise(0, host, 1, 4, 0), 38);
    EXPECT_RAW("pkey_mprotect", w_pkey_mprotect(host, 4096, 7, 0), 38);
    EXPECT_RAW("arch_prctl(ARCH_SET_FS)", w_arch_prctl(0x1002, 0), 38);
    EXPECT_RAW("modify_ldt", w_modify_ldt(1, host, 16), 38);
    EXPECT_RAW("open_by_handle_at", w_open_by_handle_at(-100, host, 0), 38);
    EXPECT_RAW("vmsplice", w_vmsplice(1, host, 1, 0), 38);
    EXPECT_RAW("shmget", w_shmget(0, 4096, 01000), 38);
    EXPECT_RAW("shmat at a host-looking address", w_shmat(0, host, 0), 38);
    EXPECT_RAW("map_shadow_stack", w_map_shadow_stack(0, 4096, 0), 38);
    EXPECT_RAW("mseal", w_mseal(host, 4096, 0), 38);
    EXPECT_TRUE("getpid through a direct import", w_getpid() == self);
    return escape_done();
}
