/*
 * fanout64: 64 children alive at once, each making N rounds of calls
 * (getppid, a write to /dev/null, a getpid), the parent reaping them all:
 * the tracer's cost and memory with many processes at the same time.
 *
 * The children first wait until all 64 exist (they block reading a pipe
 * whose write end the parent closes after the last fork), so they do run
 * concurrently.
 * Usage: fanout64 N       Exit: 0
 */
#include <fcntl.h>

#include "bench.h"

#define CHILDREN 64

int main(int argc, char **argv)
{
	long n = rounds(argc, argv, "usage: fanout64 N\n");
	int go[2];
	TRY(pipe(go));
	pid_t pids[CHILDREN];
	for (int c = 0; c < CHILDREN; c++) {
		pids[c] = TRY(fork());
		if (pids[c] == 0) {
			char byte;
			close(go[1]);
			/* End of file: every child exists. */
			TRY(read(go[0], &byte, 1));
			close(go[0]);
			int null = TRY(open("/dev/null", O_WRONLY));
			for (long i = 0; i < n; i++) {
				getppid();
				TRY(write(null, "x", 1));
				getpid();
			}
			close(null);
			_exit(0);
		}
	}
	close(go[0]);
	close(go[1]);
	for (int c = 0; c < CHILDREN; c++)
		reap(pids[c]);
	return 0;
}
