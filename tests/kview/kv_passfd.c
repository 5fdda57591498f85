/*
 * kv_passfd: a pipe's write end handed to a child over a socketpair
 * (SCM_RIGHTS), so that the kernel view can follow it in flight, into the
 * child's table under a new number, or into the kernel's hands when the
 * child has no room for it or never takes it.
 *
 * Exercises: socketpair, pipe, fork (the child closes both pipe ends it
 * inherited, says so on the socket, and waits for a byte on a second
 * pipe), sendmsg of the write
 * end with one byte of data, close of the parent's copy (the end is then in
 * flight only), the byte that lets the child go; then, by mode:
 *   take    recvmsg with room for the descriptor, a write of "x" through
 *           it, exit; the parent reads "x" and then EOF
 *   small   recvmsg with a control buffer too small (MSG_CTRUNC: the kernel
 *           closes the descriptor); the parent reads EOF
 *   unread  the child exits without receiving (its socket closes with the
 *           message in its queue); the parent reads EOF
 * Usage: kv_passfd take|small|unread      Exit: 0
 */
#include <sys/socket.h>

#include "../progs/progs.h"

static void child(int sock, int go, const char *mode)
{
	char byte;
	if (TRY(read(go, &byte, 1)) != 1)
		fail("child: no go\n");
	if (strcmp(mode, "unread") == 0)
		_exit(0);
	union {
		struct cmsghdr hdr;
		char buf[CMSG_SPACE(sizeof(int))];
	} control;
	struct iovec iov = { .iov_base = &byte, .iov_len = 1 };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.buf };
	/* "small": room for a header and no data: MSG_CTRUNC. */
	msg.msg_controllen = strcmp(mode, "small") == 0 ? sizeof(struct cmsghdr) : sizeof control.buf;
	TRY(recvmsg(sock, &msg, 0));
	if (strcmp(mode, "small") == 0) {
		if (!(msg.msg_flags & MSG_CTRUNC))
			fail("child: expected MSG_CTRUNC\n");
		_exit(0);
	}
	struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
	if (!c || c->cmsg_type != SCM_RIGHTS)
		fail("child: no SCM_RIGHTS\n");
	int fd;
	memcpy(&fd, CMSG_DATA(c), sizeof fd);
	TRY(write(fd, "x", 1));
	_exit(0);
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "take";
	int sv[2], p[2], go[2];
	TRY(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	TRY(pipe(go));
	TRY(pipe(p));
	pid_t pid = TRY(fork());
	if (pid == 0) {
		close(p[0]);
		close(p[1]);
		close(sv[0]);
		close(go[1]);
		/* Holding no pipe end now: tell the parent. */
		TRY(write(sv[1], "r", 1));
		child(sv[1], go[0], mode);
	}
	close(sv[1]);
	close(go[0]);
	char data = 'w';
	if (TRY(read(sv[0], &data, 1)) != 1)
		fail("parent: the child never said it was ready\n");
	struct iovec iov = { .iov_base = &data, .iov_len = 1 };
	union {
		struct cmsghdr hdr;
		char buf[CMSG_SPACE(sizeof(int))];
	} control;
	memset(&control, 0, sizeof control);
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.buf,
			      .msg_controllen = sizeof control.buf };
	struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &p[1], sizeof(int));
	TRY(sendmsg(sv[0], &msg, 0));
	TRY(close(p[1]));
	TRY(write(go[1], "!", 1));
	char buf[8];
	ssize_t n = TRY(read(p[0], buf, sizeof buf));
	if (strcmp(mode, "take") == 0 && n == 1)
		n = TRY(read(p[0], buf, sizeof buf));
	if (n != 0)
		fail("parent: expected EOF\n");
	expect_exit(pid, 0);
	close(p[0]);
	close(sv[0]);
	return 0;
}
