/*
 * pipes_made: N pipes made and closed one after the other: the kernel
 * view's cost per object, and its memory, when a run makes a great many
 * objects that end (it keeps what the ledger needs of them in counts).
 * Usage: pipes_made N       Exit: 0
 */
#include "bench.h"

int main(int argc, char **argv)
{
	long n = rounds(argc, argv, "usage: pipes_made N\n");
	for (long i = 0; i < n; i++) {
		int fds[2];
		TRY(pipe(fds));
		TRY(close(fds[0]));
		TRY(close(fds[1]));
	}
	return 0;
}
