/*
 * sockets: Unix and TCP sockets, and passing a file descriptor between
 * processes.
 *
 * Exercises:
 *  - socketpair(AF_UNIX, SOCK_DGRAM): sendto and recvfrom within one process;
 *  - a Unix stream server bound to DIR/ipclab-sock-PID: socket, bind, listen,
 *    accept4(SOCK_CLOEXEC); a forked client: socket, connect; "ping" and
 *    "pong" by sendto/recvfrom; the server passes the read end of a pipe with
 *    sendmsg(SCM_RIGHTS), the client takes it with recvmsg and reads the pipe
 *    through it; the client's shutdown(SHUT_WR) gives the server EOF;
 *  - TCP on 127.0.0.1: bind to port 0, getsockname, listen, connect from a
 *    second socket, accept, one byte each way;
 *  - unlink of the socket path once the client is accepted.
 * A tracer must show: socket addresses ({sa_family=AF_UNIX, sun_path=...},
 * {sa_family=AF_INET, sin_port=..., sin_addr=127.0.0.1}), the data sent and
 * received, the SCM_RIGHTS control message with the fd, shutdown(SHUT_WR).
 * Usage: sockets [DIR]        (DIR defaults to /tmp)   Exit: 0
 */
#include "progs.h"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>

static void expect_data(int fd, const char *want)
{
	/* A stream has no message boundaries: ask for exactly the bytes wanted,
	 * or "pong" and the "fd" sent after it could come in one read. */
	char buf[64];
	ssize_t n = TRY(recvfrom(fd, buf, strlen(want), MSG_WAITALL, NULL, NULL));
	if (n != (ssize_t)strlen(want) || memcmp(buf, want, n) != 0)
		fail("expected \"%s\", got \"%.*s\"\n", want, (int)n, buf);
}

static void send_fd(int sock, int fd)
{
	union { /* aligned room for one control message carrying one fd */
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} ctl;
	struct iovec iov = { "fd", 2 };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1,
			      .msg_control = ctl.buf, .msg_controllen = sizeof ctl.buf };
	struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &fd, sizeof fd);
	TRY(sendmsg(sock, &msg, 0));
}

static int recv_fd(int sock)
{
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} ctl;
	char data[2];
	struct iovec iov = { data, sizeof data };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1,
			      .msg_control = ctl.buf, .msg_controllen = sizeof ctl.buf };
	TRY(recvmsg(sock, &msg, MSG_CMSG_CLOEXEC));
	struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
	if (!c || c->cmsg_type != SCM_RIGHTS)
		fail("recvmsg: no SCM_RIGHTS\n");
	int fd;
	memcpy(&fd, CMSG_DATA(c), sizeof fd);
	return fd;
}

static void unix_pair(void)
{
	int sv[2];
	TRY(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv));
	TRY(sendto(sv[0], "pair", 4, 0, NULL, 0));
	expect_data(sv[1], "pair");
	close(sv[0]);
	close(sv[1]);
}

static void unix_server(int argc, char **argv)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	run_path(addr.sun_path, sizeof addr.sun_path, argc, argv, "sock");
	int srv = TRY(socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
	TRY(bind(srv, (struct sockaddr *)&addr, sizeof addr));
	TRY(listen(srv, 1));

	pid_t pid = TRY(fork());
	if (pid == 0) {
		int s = TRY(socket(AF_UNIX, SOCK_STREAM, 0));
		TRY(connect(s, (struct sockaddr *)&addr, sizeof addr));
		TRY(sendto(s, "ping", 4, 0, NULL, 0));
		expect_data(s, "pong");
		int pipe_rd = recv_fd(s);
		char buf[32] = "";
		TRY(read(pipe_rd, buf, sizeof buf - 1));
		say("client: via the passed fd: \"%s\"\n", buf);
		close(pipe_rd);
		TRY(shutdown(s, SHUT_WR));
		close(s);
		_exit(strcmp(buf, "through a passed fd") == 0 ? 0 : 1);
	}

	int conn = TRY(accept4(srv, NULL, NULL, SOCK_CLOEXEC));
	TRY(unlink(addr.sun_path)); /* the name was needed only to connect */
	expect_data(conn, "ping");
	TRY(sendto(conn, "pong", 4, 0, NULL, 0));
	int p[2];
	TRY(pipe(p));
	TRY(write(p[1], "through a passed fd", 19));
	close(p[1]);
	send_fd(conn, p[0]);
	close(p[0]);
	char c;
	if (TRY(read(conn, &c, 1)) != 0) /* 0: the client shut down its side */
		fail("expected EOF after shutdown\n");
	close(conn);
	close(srv);
	expect_exit(pid, 0);
}

static void tcp_loopback(void)
{
	struct sockaddr_in addr = { .sin_family = AF_INET,
				    .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof addr;
	int srv = TRY(socket(AF_INET, SOCK_STREAM, 0));
	TRY(bind(srv, (struct sockaddr *)&addr, sizeof addr)); /* port 0: any free */
	TRY(getsockname(srv, (struct sockaddr *)&addr, &len));
	TRY(listen(srv, 1));
	int cli = TRY(socket(AF_INET, SOCK_STREAM, 0));
	TRY(connect(cli, (struct sockaddr *)&addr, sizeof addr)); /* the backlog accepts it */
	int conn = TRY(accept(srv, NULL, NULL));
	char c = 0;
	TRY(write(cli, "?", 1));
	TRY(read(conn, &c, 1));
	TRY(write(conn, "!", 1));
	TRY(read(cli, &c, 1));
	if (c != '!')
		fail("tcp: got '%c'\n", c);
	close(conn);
	close(cli);
	close(srv);
}

int main(int argc, char **argv)
{
	unix_pair();
	unix_server(argc, argv);
	tcp_loopback();
	say("sockets: pair, unix server, tcp loopback done\n");
	return 0;
}
