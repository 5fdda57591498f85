/*
 * kv_pingpong: a byte sent back and forth between parent and child over two
 * pipes, N times (default 10000): the cost of the kernel view on pipe
 * traffic, where every read and write is followed by a look at the pipe.
 * Usage: kv_pingpong [N]      Exit: 0
 */
#include "../progs/progs.h"

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 10000;
	int ping[2], pong[2];
	TRY(pipe(ping));
	TRY(pipe(pong));
	pid_t pid = TRY(fork());
	char c = 'x';
	if (pid == 0) {
		for (long i = 0; i < n; i++) {
			TRY(read(ping[0], &c, 1));
			TRY(write(pong[1], &c, 1));
		}
		_exit(0);
	}
	for (long i = 0; i < n; i++) {
		TRY(write(ping[1], &c, 1));
		TRY(read(pong[0], &c, 1));
	}
	expect_exit(pid, 0);
	return 0;
}
