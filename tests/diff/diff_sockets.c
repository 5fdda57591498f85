/* Sockets: addresses bounded by the length the kernel was given, lengths
 * in and out, short options, netlink, control messages, the address
 * families strace decodes (packet, X.25, Bluetooth). */
#include "diff.h"
#include <linux/if_packet.h>
#include <linux/netlink.h>
#include <linux/x25.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>

int main(void) {
    int sv[2];
    struct sockaddr_un sun;
    socklen_t len;
    BEGIN();
    int s = syscall(SYS_socket, AF_UNIX, SOCK_STREAM, 0);
    memset(&sun, 'a', sizeof sun);
    len = 2;
    syscall(SYS_getsockname, s, &sun, &len);
    len = sizeof sun;
    syscall(SYS_getsockname, s, &sun, &len);
    sun.sun_family = AF_UNIX;
    memset(sun.sun_path, 'x', sizeof sun.sun_path);
    syscall(SYS_connect, s, &sun, 112);
    syscall(SYS_connect, s, &sun, 1);
    syscall(SYS_socketpair, AF_UNIX, SOCK_STREAM, 0, sv);
    struct ucred cred;
    len = sizeof cred;
    syscall(SYS_getsockopt, sv[0], SOL_SOCKET, SO_PEERCRED, &cred, &len);
    len = 8;
    syscall(SYS_getsockopt, sv[0], SOL_SOCKET, SO_PEERCRED, &cred, &len);
    int one = 1;
    syscall(SYS_setsockopt, sv[0], SOL_SOCKET, SO_PASSCRED, &one, sizeof one);
    len = sizeof one;
    syscall(SYS_getsockopt, sv[0], SOL_SOCKET, SO_TYPE, &one, &len);
    syscall(SYS_sendto, sv[0], "hi", 2, MSG_DONTWAIT, NULL, 0);
    char buf[8];
    struct sockaddr_un from;
    len = sizeof from;
    syscall(SYS_recvfrom, sv[1], buf, sizeof buf, 0, &from, &len);
    int nl = syscall(SYS_socket, AF_NETLINK, SOCK_RAW, NETLINK_ROUTE);
    struct sockaddr_nl snl = { .nl_family = AF_NETLINK, .nl_pid = 0, .nl_groups = 0x11 };
    syscall(SYS_bind, nl, &snl, sizeof snl);
    struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons(9), .sin_addr = { htonl(0x7f000001) } };
    int u = syscall(SYS_socket, AF_INET, SOCK_DGRAM, 0);
    /* Protocols their families do not name: refused, shown as numbers with strace's comment. */
    syscall(SYS_socket, AF_INET, SOCK_DGRAM, 99);
    syscall(SYS_socket, AF_NETLINK, SOCK_RAW, 77);
    syscall(SYS_socket, AF_BLUETOOTH, SOCK_STREAM, 99);
    syscall(SYS_sendto, u, "x", 1, 0, &sin, sizeof sin);
    /* Control messages of the IP level and a timestamp, on loopback. */
    struct sockaddr_in self = { .sin_family = AF_INET, .sin_addr = { htonl(0x7f000001) } };
    syscall(SYS_bind, u, &self, sizeof self);
    len = sizeof self;
    syscall(SYS_getsockname, u, &self, &len);
    syscall(SYS_setsockopt, u, IPPROTO_IP, IP_RECVTTL, &one, sizeof one);
    syscall(SYS_setsockopt, u, SOL_SOCKET, SO_TIMESTAMP, &one, sizeof one);
    syscall(SYS_sendto, u, "ttl", 3, 0, &self, sizeof self);
    char control[256];
    struct iovec iov = { buf, sizeof buf };
    struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = control, .msg_controllen = sizeof control };
    syscall(SYS_recvmsg, u, &mh, 0);
    /* Addresses of other families, refused by an inet socket. */
    struct sockaddr_ll sll = { .sll_family = AF_PACKET, .sll_protocol = htons(0x0003), .sll_ifindex = 1,
                               .sll_hatype = 1, .sll_halen = 6, .sll_addr = { 2, 0, 0, 0, 0, 0x1f } };
    syscall(SYS_connect, u, &sll, sizeof sll);
    syscall(SYS_connect, u, &sll, 14);
    struct sockaddr_x25 sx = { .sx25_family = AF_X25 };
    memcpy(sx.sx25_addr.x25_addr, "12345", 6);
    syscall(SYS_connect, u, &sx, sizeof sx);
    /* Bluetooth addresses, told apart by length (no Bluetooth headers
     * needed: the bytes are laid out here, 16-bit fields little-endian):
     * HCI without and with its channel, SCO, RFCOMM, L2CAP without and
     * with the address type, then lengths of no struct. */
    unsigned char bt[16] = { AF_BLUETOOTH & 0xff, AF_BLUETOOTH >> 8, 0x39, 0x30, 2, 0 };
    syscall(SYS_connect, u, bt, 4);
    syscall(SYS_connect, u, bt, 6);
    memcpy(bt + 2, "abcdef\x2a", 7);
    syscall(SYS_connect, u, bt, 8);
    syscall(SYS_connect, u, bt, 10);
    /* The length is an int: garbage above it is ignored, a negative one
     * is refused and the address not read. */
    syscall(SYS_connect, u, bt, GARBAGE(10));
    syscall(SYS_connect, u, bt, -1);
    unsigned char l2[14] = { AF_BLUETOOTH & 0xff, AF_BLUETOOTH >> 8, 0x39, 0x30, 'a', 'b', 'c', 'd', 'e', 'f',
                             0x0b, 0x35, 0xce, 0 };
    syscall(SYS_connect, u, l2, 14);
    l2[2] = 0x85, l2[3] = 0, l2[10] = 1, l2[11] = 0, l2[12] = 2;
    syscall(SYS_bind, u, l2, 14);
    l2[2] = 0, l2[10] = 0x3f;
    syscall(SYS_connect, u, l2, 12);
    syscall(SYS_connect, u, l2, 3);
    syscall(SYS_connect, u, l2, 13);
    syscall(SYS_connect, u, l2, 2);
    syscall(SYS_shutdown, sv[0], GARBAGE(SHUT_WR));
    syscall(SYS_listen, s, GARBAGE(5));
    END();
    return 0;
}
