/*
 * pipe_pingpong: a parent and a child bounce a 64-byte message through two
 * pipes, N round trips: the cost of a tracer on blocking read/write pairs.
 *
 * Calls per round trip: parent write + read, child read + write.
 * Usage: pipe_pingpong N       Exit: 0
 */
#include "bench.h"

#define MSG 64

/* Read exactly len bytes (a pipe may return less than asked). */
static void read_full(int fd, char *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = TRY(read(fd, buf, len));
		if (n == 0) {
			errno = EPIPE;
			die("read: end of file");
		}
		buf += n;
		len -= n;
	}
}

int main(int argc, char **argv)
{
	long n = rounds(argc, argv, "usage: pipe_pingpong N\n");
	int down[2], up[2];
	char msg[MSG];
	memset(msg, 'x', sizeof msg);
	TRY(pipe(down));
	TRY(pipe(up));
	pid_t pid = TRY(fork());
	if (pid == 0) {
		close(down[1]);
		close(up[0]);
		for (long i = 0; i < n; i++) {
			read_full(down[0], msg, MSG);
			TRY(write(up[1], msg, MSG));
		}
		_exit(0);
	}
	close(down[0]);
	close(up[1]);
	for (long i = 0; i < n; i++) {
		TRY(write(down[1], msg, MSG));
		read_full(up[0], msg, MSG);
	}
	close(down[1]);
	close(up[0]);
	reap(pid);
	return 0;
}
