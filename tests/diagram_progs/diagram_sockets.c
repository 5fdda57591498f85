/*
 * diagram_sockets: the sockets a diagram must tell apart.
 *
 * A server bound to DIR/server.sock takes three clients (three connections,
 * each echoing one line); a listening socket with an abstract name and one
 * connection to it, whose reader is reset (the other end closed with bytes
 * unread: read fails with ECONNRESET); a datagram socket bound to DIR/dgram.sock
 * that a child sends one datagram to with sendto.
 * Usage: diagram_sockets DIR            Exit: 0
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

static void die(const char *what)
{
	perror(what);
	exit(1);
}

static socklen_t name(struct sockaddr_un *a, const char *path, int abstract)
{
	memset(a, 0, sizeof *a);
	a->sun_family = AF_UNIX;
	if (strlen(path) >= sizeof a->sun_path - 1) {
		fprintf(stderr, "%s: too long for a socket's name\n", path);
		exit(2);
	}
	if (!abstract) {
		memcpy(a->sun_path, path, strlen(path) + 1);
		return sizeof *a;
	}
	memcpy(a->sun_path + 1, path, strlen(path));
	return offsetof(struct sockaddr_un, sun_path) + 1 + strlen(path);
}

static int listener(struct sockaddr_un *a, socklen_t len)
{
	int l = socket(AF_UNIX, SOCK_STREAM, 0);
	if (l < 0 || bind(l, (struct sockaddr *)a, len) || listen(l, 8))
		die("listener");
	return l;
}

int main(int argc, char **argv)
{
	struct sockaddr_un a;
	char path[200], buf[64];
	socklen_t len;

	if (argc != 2)
		return 2;
	snprintf(path, sizeof path, "%s/server.sock", argv[1]);
	len = name(&a, path, 0);
	int l = listener(&a, len);
	for (int i = 0; i < 3; i++) {
		if (fork() == 0) {
			int c = socket(AF_UNIX, SOCK_STREAM, 0);
			char line[16];
			int n = snprintf(line, sizeof line, "client %d", i);
			if (c < 0 || connect(c, (struct sockaddr *)&a, len) || write(c, line, n) != n)
				_exit(1);
			_exit(read(c, buf, sizeof buf) == n ? 0 : 1);
		}
	}
	for (int i = 0; i < 3; i++) {
		int c = accept(l, NULL, NULL);
		ssize_t n = read(c, buf, sizeof buf);
		if (c < 0 || n <= 0 || write(c, buf, n) != n)
			die("echo");
		close(c);
	}
	while (wait(NULL) > 0) {
	}
	close(l);
	unlink(path);

	char abstract[64];
	snprintf(abstract, sizeof abstract, "ipclab-diagram-%d", (int)getpid());
	len = name(&a, abstract, 1);
	l = listener(&a, len);
	int c = socket(AF_UNIX, SOCK_STREAM, 0);
	if (c < 0 || connect(c, (struct sockaddr *)&a, len))
		die("connect");
	int s = accept(l, NULL, NULL);
	if (s < 0 || write(c, "abstract", 8) != 8 || read(s, buf, sizeof buf) != 8)
		die("abstract");
	/* Bytes s never reads: closing it resets the connection. */
	if (write(c, "unread", 6) != 6)
		die("write");
	close(s);
	if (read(c, buf, sizeof buf) != -1 || errno != ECONNRESET)
		die("no reset");
	close(c);
	close(l);

	snprintf(path, sizeof path, "%s/dgram.sock", argv[1]);
	len = name(&a, path, 0);
	int d = socket(AF_UNIX, SOCK_DGRAM, 0);
	if (d < 0 || bind(d, (struct sockaddr *)&a, len))
		die("dgram");
	if (fork() == 0) {
		int e = socket(AF_UNIX, SOCK_DGRAM, 0);
		_exit(sendto(e, "datagram", 8, 0, (struct sockaddr *)&a, len) == 8 ? 0 : 1);
	}
	if (recv(d, buf, sizeof buf, 0) != 8)
		die("recv");
	wait(NULL);
	close(d);
	unlink(path);
	return 0;
}
