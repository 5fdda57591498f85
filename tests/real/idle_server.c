/*
 * idle_server: a server with no clients yet: its listening Unix socket
 * (autobound to an abstract name: no file is left) watched edge-triggered
 * by epoll, and the wait for the first connection, which never comes.
 *
 * Exercises: socket, bind (autobind), listen, epoll_create1, epoll_ctl
 * (EPOLLIN|EPOLLET), epoll_wait with no timeout. Prints "listening".
 * Usage: idle_server       Exit: never on its own (killed by --timeout)
 */
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/un.h>

#include "../progs/progs.h"

int main(void)
{
	int s = TRY(socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	TRY(bind(s, (struct sockaddr *)&addr, sizeof(sa_family_t)));
	TRY(listen(s, 8));
	int ep = TRY(epoll_create1(EPOLL_CLOEXEC));
	struct epoll_event ev = { .events = EPOLLIN | EPOLLET, .data.fd = s };
	TRY(epoll_ctl(ep, EPOLL_CTL_ADD, s, &ev));
	say("listening\n");
	struct epoll_event got;
	TRY(epoll_wait(ep, &got, 1, -1));
	return 0;
}
