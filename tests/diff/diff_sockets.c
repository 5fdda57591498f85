/* Sockets: addresses bounded by the length the kernel was given, lengths
 * in and out, short options, netlink, control messages. */
#include "diff.h"
#include <linux/netlink.h>
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
    syscall(SYS_sendto, u, "x", 1, 0, &sin, sizeof sin);
    syscall(SYS_shutdown, sv[0], GARBAGE(SHUT_WR));
    syscall(SYS_listen, s, GARBAGE(5));
    END();
    return 0;
}
