// Network interfaces by name and index (CPython's socket.if_nametoindex/if_indextoname):
// if_nameindex, the SIOCGIFINDEX/SIOCGIFNAME ioctls behind if_nametoindex/if_indextoname, and
// the other interface queries on the loopback interface.
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

int main(void) {
    struct if_nameindex *list = if_nameindex();
    if (!list) { perror("if_nameindex"); return 1; }
    int count = 0, roundtrips = 0;
    for (struct if_nameindex *p = list; p->if_index; p++, count++) {
        char name[IF_NAMESIZE];
        if (if_nametoindex(p->if_name) == p->if_index && if_indextoname(p->if_index, name) && !strcmp(name, p->if_name))
            roundtrips++;
    }
    if_freenameindex(list);
    printf("interfaces with a name<->index round trip: %s\n", count > 0 && roundtrips == count ? "all" : "not all");

    unsigned lo = if_nametoindex("lo");
    char name[IF_NAMESIZE] = "";
    printf("lo index %u, index %u is %s\n", lo, lo, if_indextoname(lo, name) ? name : "?");
    // (each call before the printf that shows errno: argument evaluation order is unspecified)
    errno = 0;
    unsigned missing = if_nametoindex("nonexistent0");
    printf("missing name: %u (errno %d)\n", missing, errno);
    errno = 0;
    const char *found = if_indextoname(999999, name);
    printf("missing index: %s (errno %d)\n", found ? "found" : "none", errno);

    int s = socket(AF_INET, SOCK_DGRAM, 0);
    struct ifreq ifr;
    memset(&ifr, 0, sizeof ifr);
    strcpy(ifr.ifr_name, "lo");
    int r = ioctl(s, SIOCGIFINDEX, &ifr);
    printf("SIOCGIFINDEX %d index %d\n", r, ifr.ifr_ifindex);
    memset(&ifr, 0, sizeof ifr);
    strcpy(ifr.ifr_name, "lo");
    r = ioctl(s, SIOCGIFFLAGS, &ifr);
    printf("SIOCGIFFLAGS %d loopback %d up %d\n", r, !!(ifr.ifr_flags & IFF_LOOPBACK), !!(ifr.ifr_flags & IFF_UP));
    r = ioctl(s, SIOCGIFMTU, &ifr);
    printf("SIOCGIFMTU %d mtu>0 %d\n", r, ifr.ifr_mtu > 0);
    if (ioctl(s, SIOCGIFADDR, &ifr) == 0) {
        char text[INET_ADDRSTRLEN];
        printf("SIOCGIFADDR %s\n", inet_ntop(AF_INET, &((struct sockaddr_in *)&ifr.ifr_addr)->sin_addr, text, sizeof text));
    } else {
        printf("SIOCGIFADDR failed: errno %d\n", errno);
    }
    ifr.ifr_ifindex = (int)lo;
    memset(ifr.ifr_name, 'x', sizeof ifr.ifr_name);
    r = ioctl(s, SIOCGIFNAME, &ifr);
    printf("SIOCGIFNAME %d %s\n", r, ifr.ifr_name);
    strcpy(ifr.ifr_name, "nonexistent0");
    r = ioctl(s, SIOCGIFINDEX, &ifr);
    printf("SIOCGIFINDEX missing %d errno %d\n", r, errno);
    r = ioctl(s, SIOCGIFINDEX, (struct ifreq *)0);
    printf("SIOCGIFINDEX bad pointer %d errno %d\n", r, errno);
    int fds[2];
    pipe(fds);
    r = ioctl(fds[0], SIOCGIFINDEX, &ifr);
    printf("SIOCGIFINDEX on a pipe %d errno %d\n", r, errno);
    close(s);
    return 0;
}
