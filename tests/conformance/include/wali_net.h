/* Socket and polling constants and structures for the sock_* and poll_* conformance tests
 * (x86_64 Linux values). Structures with pointers or size_t use C types, so they take the WALI
 * layout in the Wasm build; musl's msghdr pads its int fields to the kernel's size_t slots. */
#ifndef WALI_NET_H
#define WALI_NET_H
#include "wali_test.h"

#define K_AF_UNIX 1
#define K_AF_INET 2
#define K_AF_INET6 10
#define K_SOCK_STREAM 1
#define K_SOCK_DGRAM 2
#define K_SOCK_NONBLOCK 04000
#define K_SOCK_CLOEXEC 02000000
#define K_SOL_SOCKET 1
#define K_SO_REUSEADDR 2
#define K_SO_TYPE 3
#define K_SO_ERROR 4
#define K_SO_SNDBUF 7
#define K_SO_RCVBUF 8
#define K_SO_KEEPALIVE 9
#define K_SO_LINGER 13
#define K_SO_RCVTIMEO 20
#define K_SO_SNDTIMEO 21
#define K_SO_ATTACH_FILTER 26
#define K_SO_DETACH_FILTER 27
#define K_SO_GET_FILTER 26
#define K_SO_ACCEPTCONN 30
#define K_SO_PROTOCOL 38
#define K_SO_DOMAIN 39
#define K_IPPROTO_TCP 6
#define K_IPPROTO_UDP 17
#define K_IPPROTO_IPV6 41
#define K_TCP_NODELAY 1
#define K_IPV6_V6ONLY 26
#define K_SHUT_RD 0
#define K_SHUT_WR 1
#define K_SHUT_RDWR 2
#define K_MSG_PEEK 2
#define K_MSG_CTRUNC 8
#define K_MSG_TRUNC 0x20
#define K_MSG_DONTWAIT 0x40
#define K_MSG_WAITALL 0x100
#define K_MSG_NOSIGNAL 0x4000
#define K_SCM_RIGHTS 1

#define K_EDESTADDRREQ 89
#define K_EMSGSIZE 90
#define K_ENOPROTOOPT 92
#define K_EPROTONOSUPPORT 93
#define K_EAFNOSUPPORT 97
#define K_ENOTCONN 107
#define K_EINPROGRESS 115

#define K_POLLIN 1
#define K_POLLOUT 4
#define K_POLLERR 8
#define K_POLLHUP 0x10
#define K_POLLNVAL 0x20
#define K_EPOLLIN 1
#define K_EPOLLOUT 4
#define K_EPOLLHUP 0x10
#define K_EPOLLET (1u << 31)
#define K_EPOLLONESHOT (1u << 30)
#define K_EPOLL_CTL_ADD 1
#define K_EPOLL_CTL_DEL 2
#define K_EPOLL_CTL_MOD 3
#define K_EPOLL_CLOEXEC 02000000
#define K_EFD_SEMAPHORE 1
#define K_EFD_NONBLOCK 04000
#define K_EFD_CLOEXEC 02000000

struct k_sockaddr_in { uint16_t sin_family; uint16_t sin_port; uint32_t sin_addr; uint8_t sin_zero[8]; };
struct k_sockaddr_in6 { uint16_t sin6_family; uint16_t sin6_port; uint32_t sin6_flowinfo; uint8_t sin6_addr[16]; uint32_t sin6_scope_id; };
struct k_linger { int l_onoff; int l_linger; };
/* musl's layout in the Wasm build (36 bytes), the kernel's natively (56 bytes). */
struct k_msghdr {
    void *msg_name;
    unsigned msg_namelen;
    struct k_iovec *msg_iov;
#ifdef __wasm__
    int msg_iovlen, __pad1;
    void *msg_control;
    unsigned msg_controllen, __pad2;
#else
    size_t msg_iovlen;
    void *msg_control;
    size_t msg_controllen;
#endif
    int msg_flags;
};
/* 16 bytes on both sides: musl's {socklen_t len; int pad; ...} is the kernel's size_t len. */
struct k_cmsghdr { uint32_t cmsg_len; uint32_t __pad1; int cmsg_level; int cmsg_type; };
#define K_CMSG_DATA(c) ((unsigned char *)((struct k_cmsghdr *)(c) + 1))
struct k_pollfd { int fd; short events; short revents; };
struct k_fd_set { uint64_t bits[16]; };
struct __attribute__((packed)) k_epoll_event { uint32_t events; uint64_t data; };
struct k_sock_filter { uint16_t code; uint8_t jt, jf; uint32_t k; };
struct k_sock_fprog { unsigned short len; struct k_sock_filter *filter; };

/* 127.0.0.1 as stored in sin_addr (network byte order). */
#define K_LOOPBACK 0x0100007fu

static __attribute__((unused)) struct k_sockaddr_in k_loopback(uint16_t port_be) {
    struct k_sockaddr_in a;
    t_memset(&a, 0, sizeof a);
    a.sin_family = K_AF_INET;
    a.sin_port = port_be;
    a.sin_addr = K_LOOPBACK;
    return a;
}
static __attribute__((unused)) void k_fd_zero(struct k_fd_set *s) { t_memset(s, 0, sizeof *s); }
static __attribute__((unused)) void k_fd_set(int fd, struct k_fd_set *s) { s->bits[fd / 64] |= 1ull << (fd % 64); }
static __attribute__((unused)) int k_fd_isset(int fd, struct k_fd_set *s) { return (s->bits[fd / 64] >> (fd % 64)) & 1; }
#endif
